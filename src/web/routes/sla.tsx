// Agreements → SLA: the service level agreement sales and marketing signed. Which version is in force and who
// signed it; both teams' commitments side by side with how well each kept them in a period; speed to lead;
// and every version, with the draft's editor, the signatures and "put in force".
import { Alert, Anchor, Badge, List, Paper, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconFileCertificate, IconInfoCircle, IconPencil } from "@tabler/icons-react";
import { useCallback } from "react";
import type { SlaVersion } from "../../shared/sla";
import { useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { GlossaryText } from "../features/glossary/glossary-term";
import { useSession } from "../features/session/session";
import { isIsoDate, type PeriodKey, resolvePeriod, todayIn } from "../features/sla/calendar-text";
import { ComplianceSection, PeriodPicker } from "../features/sla/compliance";
import { type GroupBy, type SlaOverview, useSlaOverview, useSlaPermissions } from "../features/sla/sla-api";
import { signedByText } from "../features/sla/sla-status";
import { defaultSlaVersion, SlaVersions, useStartDraft } from "../features/sla/sla-versions";
import { SpeedToLeadSection } from "../features/sla/speed-to-lead";
import { formatDate } from "../lib/format";

const KEYS = ["period", "from", "until", "by", "version"] as const;
const DEFAULTS = { period: "this_month", by: "rep" };
const PERIODS: PeriodKey[] = ["this_month", "last_month", "this_quarter", "custom"];
const GROUPS: GroupBy[] = ["rep", "pod", "team", "month"];

const WHAT_IT_IS =
  "The SLA (service level agreement) is what sales and marketing promise each other, in numbers: marketing commits to how many MQLs and how much pipeline it delivers, sales commits to how fast it accepts, touches and follows up every MQL. Sales' deadlines count in business hours, and Lockstep holds both teams to it with a clock on every lead.";

export function SlaPage() {
  const overview = useSlaOverview();
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);

  const openVersion = useCallback((version: number) => set({ version: String(version) }), [set]);

  if (overview.isPending)
    return (
      <>
        <Header />
        <DetailSkeleton />
      </>
    );
  if (overview.isError)
    return (
      <>
        <Header />
        <ErrorAlert error={overview.error} onRetry={() => overview.refetch()} />
      </>
    );

  const data = overview.data;
  const requested = Number(f.version);
  const selected = data.versions.some((v) => v.version === requested) ? requested : defaultSlaVersion(data);

  return (
    <>
      <Header active={data.active} />
      <Stack gap="md">
        {data.versions.length === 0 ? (
          <FirstSla onOpen={openVersion} />
        ) : (
          <>
            <AgreementStatus overview={data} onOpen={openVersion} />
            {data.active && <Reports active={data.active} filters={f} set={set} />}
          </>
        )}
        {data.versions.length > 0 && <SlaVersions overview={data} selected={selected} onOpen={openVersion} />}
      </Stack>
    </>
  );
}

function Header({ active }: { active?: SlaVersion | null }) {
  return (
    <PageHeader
      title={<GlossaryText text="Sales–marketing SLA" />}
      description={
        <GlossaryText text="What sales and marketing promise each other about every MQL, counted in business hours, and how well each team keeps its word." />
      }
      badges={
        active === undefined ? null : active ? (
          <Badge color="green" variant="light" size="lg" data-testid="sla-live-badge">
            Version {active.version} in force
          </Badge>
        ) : (
          <Badge color="gray" variant="light" size="lg" data-testid="sla-live-badge">
            No SLA in force
          </Badge>
        )
      }
    />
  );
}

/** No version at all: what an SLA is, and who can draft the first one. */
function FirstSla({ onOpen }: { onOpen: (version: number) => void }) {
  const { canEdit, editHint } = useSlaPermissions();
  const start = useStartDraft(onOpen);
  return (
    <Paper withBorder p="md" radius="md">
      <EmptyBlock
        icon={<IconFileCertificate size={28} />}
        title="No SLA yet"
        description={
          <Stack gap="xs" maw={600} mx="auto" ta="left">
            <Text size="sm">{WHAT_IT_IS}</Text>
            <List size="sm" spacing={2}>
              <List.Item>A team lead drafts it, starting from common terms you can change.</List.Item>
              <List.Item>A sales lead and a marketing lead both sign it.</List.Item>
              <List.Item>
                A lead puts it in force: from then on every new MQL gets clocks, and this page shows each
                team's compliance.
              </List.Item>
            </List>
          </Stack>
        }
        action={
          <GuardedButton
            allowed={canEdit}
            hint={editHint}
            leftSection={<IconPencil size={16} />}
            loading={start.isPending}
            onClick={() => start.run()}
          >
            Draft the first SLA
          </GuardedButton>
        }
      />
      {!canEdit && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />} maw={600} mx="auto">
          Only team leads and admins can draft the SLA, and only a sales lead and a marketing lead can sign
          it. Ask your team lead to start one; you will see both teams' commitments and how they are kept
          here.
        </Alert>
      )}
    </Paper>
  );
}

/** Which version is in force and who signed it; an open draft and what it waits for. */
function AgreementStatus({ overview, onOpen }: { overview: SlaOverview; onOpen: (version: number) => void }) {
  const { active } = overview;
  const draft = overview.versions.find((v) => v.status === "draft" || v.status === "approved");
  const waiting = draft
    ? draft.status === "approved"
      ? "signed by both teams and waiting to be put in force"
      : `a draft waiting for the signature of ${draft.missingApprovals.map((t) => `a ${t} lead`).join(" and ")}`
    : null;
  const openDraft = draft && (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => {
        onOpen(draft.version);
        document.getElementById("versions")?.scrollIntoView({ behavior: "smooth" });
      }}
    >
      Open version {draft.version}
    </Anchor>
  );
  return (
    <Stack gap="xs">
      {active ? (
        <Alert color="green" icon={<IconCircleCheck size={20} />} py="xs" data-testid="sla-in-force">
          <Text size="sm">
            <Text span fw={700}>
              Version {active.version} in force since {formatDate(active.activatedAt)}
            </Text>
            , {signedByText(active)}.
          </Text>
        </Alert>
      ) : (
        <Alert color="yellow" icon={<IconInfoCircle size={20} />} py="xs" data-testid="sla-in-force">
          <Text size="sm">
            <Text span fw={700}>
              No SLA in force yet.
            </Text>{" "}
            Both teams' commitments, and how well each keeps them, show here once a sales lead and a marketing
            lead have signed a version and a lead has put it in force.
          </Text>
        </Alert>
      )}
      {draft && (
        <Alert color="blue" icon={<IconPencil size={18} />} py="xs" data-testid="sla-open-draft">
          <Text size="sm">
            Version {draft.version} is {waiting}.{" "}
            {active ? `Version ${active.version} stays in force until then. ` : ""}
            {openDraft}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}

function Reports({
  active,
  filters: f,
  set,
}: {
  active: SlaVersion;
  filters: Record<(typeof KEYS)[number], string>;
  set: (patch: Partial<Record<(typeof KEYS)[number], string | null>>) => void;
}) {
  const { workspace } = useSession();
  const today = todayIn(workspace.timeZone);
  const key = (PERIODS as string[]).includes(f.period) ? (f.period as PeriodKey) : "this_month";
  const customFrom = isIsoDate(f.from) ? f.from : "";
  const customUntil = isIsoDate(f.until) ? f.until : "";
  const validCustom = customFrom && customUntil && customUntil >= customFrom;
  const period = resolvePeriod(
    key,
    today,
    validCustom ? { from: customFrom, until: customUntil } : undefined,
  );
  // An incomplete custom range keeps the picker open on "custom" while the reports show this month.
  const shown = key === "custom" && !validCustom ? { ...period, key: "custom" as const } : period;
  const by = (GROUPS as string[]).includes(f.by) ? (f.by as GroupBy) : "rep";

  const picker = (
    <PeriodPicker
      period={shown}
      today={today}
      customFrom={customFrom}
      customUntil={customUntil}
      onChange={(patch) => set(patch)}
    />
  );
  return (
    <>
      <ComplianceSection
        version={active}
        period={period}
        today={today}
        by={by}
        onByChange={(next) => set({ by: next })}
        picker={picker}
        inForceFrom={todayIn(workspace.timeZone, new Date(active.activatedAt ?? Date.now()))}
      />
      <SpeedToLeadSection period={period} firstTouchHours={active.terms.sales.firstTouchWithinHours} />
    </>
  );
}
