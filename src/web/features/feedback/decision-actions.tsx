// Accept or reject an MQL: the buttons (disabled with the reason for members who may not decide) and the two
// dialogs. Accepting makes the lead a SAL; rejecting needs a reason and sends it back to nurture or out.
import { Group, Radio, Select, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { Contact } from "../../../shared/contacts";
import { errorMessage, isApiError } from "../../lib/api";
import { applyApiError } from "../../lib/forms";
import { FormModal, GuardedButton } from "../common/record-actions";
import { useSession } from "../session/session";
import {
  canDecide,
  DECIDE_HINT,
  REASON_OPTIONS,
  type RejectOutcome,
  type RejectReason,
  useAcceptLead,
  useRejectLead,
} from "./feedback-api";

type DecidableContact = Pick<Contact, "id" | "name" | "email" | "ownerMemberId" | "lifecycleStage">;

const displayName = (c: DecidableContact) => c.name || c.email || "this lead";

/** Accept and Reject, side by side. `compact` for table rows. */
export function DecisionButtons({
  contact,
  compact = false,
}: {
  contact: DecidableContact;
  compact?: boolean;
}) {
  const { member } = useSession();
  const [open, setOpen] = useState<"accept" | "reject" | null>(null);
  const allowed = canDecide(member, contact);
  const name = displayName(contact);
  const size = compact ? "compact-sm" : "sm";
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <GuardedButton
          allowed={allowed}
          hint={DECIDE_HINT}
          size={size}
          color="teal"
          leftSection={<IconCheck size={14} />}
          onClick={() => setOpen("accept")}
          aria-label={compact ? `Accept ${name}` : undefined}
        >
          Accept
        </GuardedButton>
        <GuardedButton
          allowed={allowed}
          hint={DECIDE_HINT}
          size={size}
          variant="light"
          color="red"
          leftSection={<IconX size={14} />}
          onClick={() => setOpen("reject")}
          aria-label={compact ? `Reject ${name}` : undefined}
        >
          Reject
        </GuardedButton>
      </Group>
      {open === "accept" && <AcceptModal contact={contact} onClose={() => setOpen(null)} />}
      {open === "reject" && <RejectModal contact={contact} onClose={() => setOpen(null)} />}
    </>
  );
}

function AcceptModal({ contact, onClose }: { contact: DecidableContact; onClose: () => void }) {
  const accept = useAcceptLead(contact.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { comment: "" } });
  const name = displayName(contact);
  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Accept ${name}?`}
      form={form}
      onSubmit={() => {
        setFormError(null);
        accept.mutate(form.getValues().comment, {
          onSuccess: () => {
            notifications.show({
              color: "teal",
              message: `${name} accepted: now a sales-accepted lead (SAL). Marketing sees it counted for the campaign.`,
            });
            onClose();
          },
          onError: (error) => {
            if (alreadyDecided(error, onClose)) return;
            setFormError(applyApiError(form, error));
          },
        });
      }}
      submitting={accept.isPending}
      formError={formError}
      submitLabel="Accept as SAL"
      size="md"
    >
      <Text size="sm">
        Accepting says this lead is ready for sales: it becomes a <b>SAL</b> (sales-accepted lead) and you
        work it. The campaign that brought it gets the credit.
      </Text>
      <Textarea
        label="Comment (optional)"
        description="For example the next step you agreed on. Marketing can read it."
        autosize
        minRows={2}
        maxLength={2000}
        data-autofocus
        {...form.getInputProps("comment")}
      />
    </FormModal>
  );
}

const OUTCOMES: { value: RejectOutcome; label: string; description: string }[] = [
  {
    value: "recycled",
    label: "Back to nurture",
    description:
      "Not ready yet: marketing keeps nurturing it (stage Recycled) and it can become an MQL again.",
  },
  {
    value: "disqualified",
    label: "Disqualify",
    description: "Never a customer (competitor, student, wrong company): it leaves the funnel for good.",
  },
];

function RejectModal({ contact, onClose }: { contact: DecidableContact; onClose: () => void }) {
  const reject = useRejectLead(contact.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: "", comment: "", outcome: "recycled" as RejectOutcome },
    validate: {
      reason: (v) => (v ? null : "Choose why this lead is not ready for sales"),
    },
  });
  const name = displayName(contact);
  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Reject ${name}?`}
      form={form}
      onSubmit={() => {
        setFormError(null);
        const values = form.getValues();
        // The reason select offers only the reason codes, and validation has ruled out none chosen.
        reject.mutate(
          { ...values, reason: values.reason as RejectReason },
          {
            onSuccess: (decision) => {
              notifications.show({
                color: "orange",
                message: `${name} rejected (${decision.reasonLabel}): ${
                  decision.outcome === "disqualified" ? "disqualified" : "back to marketing's nurture"
                }. Marketing sees the reason for the campaign.`,
              });
              onClose();
            },
            onError: (error) => {
              if (alreadyDecided(error, onClose)) return;
              setFormError(applyApiError(form, error));
            },
          },
        );
      }}
      submitting={reject.isPending}
      formError={formError}
      submitLabel="Reject MQL"
      size="md"
    >
      <Text size="sm">
        Tell marketing why this lead is not ready for sales. The reason is counted for the campaign and source
        that brought it, so the next leads get better.
      </Text>
      <Select
        label="Reason"
        placeholder="Choose a reason"
        withAsterisk
        data={REASON_OPTIONS}
        allowDeselect={false}
        data-autofocus
        {...form.getInputProps("reason")}
      />
      <Radio.Group label="What happens to the lead" withAsterisk {...form.getInputProps("outcome")}>
        <Stack gap="xs" mt={6}>
          {OUTCOMES.map((o) => (
            <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label="Comment (optional)"
        description="What would have made it a good lead? Marketing reads this."
        autosize
        minRows={2}
        maxLength={2000}
        {...form.getInputProps("comment")}
      />
    </FormModal>
  );
}

/** A 409: someone decided first or the stage moved. Say so and close; the page refreshes to the new stage. */
function alreadyDecided(error: unknown, onClose: () => void): boolean {
  if (!isApiError(error, 409)) return false;
  notifications.show({ color: "yellow", title: "No longer an MQL", message: errorMessage(error) });
  onClose();
  return true;
}

export function DecideButtonsHint({ contact }: { contact: DecidableContact }) {
  const { member } = useSession();
  if (canDecide(member, contact)) return null;
  return (
    <Text size="xs" c="dimmed">
      {DECIDE_HINT}.
    </Text>
  );
}
