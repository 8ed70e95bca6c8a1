import { Grid, NumberInput, Select, TextInput } from "@mantine/core";
import { type Campaign, createCampaignSchema } from "../../../shared/campaigns";
import { CAMPAIGN_STATUSES, CHANNELS, TEAMS } from "../../../shared/domain";
import { CAMPAIGN_STATUS_LABELS, CHANNEL_LABELS, options, TEAM_LABELS } from "../../lib/format";
import { numberOrNull, textOrNull } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
import { MemberSelect } from "../common/records";

interface Values {
  name: string;
  channel: string | null;
  status: string;
  ownerTeam: string;
  ownerMemberId: string | null;
  startsOn: string;
  endsOn: string;
  budget: number | string;
  cost: number | string;
  utmCampaign: string;
}

function toValues(c?: Campaign): Values {
  return {
    name: c?.name ?? "",
    channel: c?.channel ?? null,
    status: c?.status ?? "planned",
    ownerTeam: c?.ownerTeam ?? "marketing",
    ownerMemberId: c?.ownerMemberId ?? null,
    startsOn: c?.startsOn ?? "",
    endsOn: c?.endsOn ?? "",
    budget: c?.budget ?? 0,
    cost: c?.cost ?? 0,
    utmCampaign: c?.utmCampaign ?? "",
  };
}

function toPayload(v: Values) {
  return {
    name: v.name.trim(),
    channel: v.channel ?? undefined,
    status: v.status,
    ownerTeam: v.ownerTeam,
    ownerMemberId: v.ownerMemberId,
    startsOn: v.startsOn || null,
    endsOn: v.endsOn || null,
    budget: numberOrNull(v.budget) ?? 0,
    cost: numberOrNull(v.cost) ?? 0,
    utmCampaign: textOrNull(v.utmCampaign),
  };
}

export function CampaignFormModal({
  onClose,
  campaign,
  onSaved,
}: {
  onClose: () => void;
  campaign?: Campaign;
  onSaved?: (c: Campaign) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "campaigns",
    noun: "campaign",
    record: campaign,
    initialValues: toValues(campaign),
    toPayload,
    schema: createCampaignSchema,
    validate: (values): Record<string, string> => (values.channel ? {} : { channel: "Pick the channel" }),
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <Grid>
        <Grid.Col span={12}>
          <TextInput label="Campaign name" required data-autofocus {...form.getInputProps("name")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            label="Channel"
            required
            searchable
            data={options(CHANNELS, CHANNEL_LABELS)}
            {...form.getInputProps("channel")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <Select
            label="Status"
            allowDeselect={false}
            data={options(CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS)}
            {...form.getInputProps("status")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <Select
            label="Owning team"
            allowDeselect={false}
            data={options(TEAMS, TEAM_LABELS)}
            {...form.getInputProps("ownerTeam")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Starts on" type="date" {...form.getInputProps("startsOn")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Ends on" type="date" {...form.getInputProps("endsOn")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <NumberInput
            label="Budget"
            min={0}
            prefix="$"
            thousandSeparator=","
            {...form.getInputProps("budget")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <NumberInput
            label="Cost so far"
            min={0}
            prefix="$"
            thousandSeparator=","
            {...form.getInputProps("cost")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <MemberSelect label="Owner" placeholder="Pick a member" {...idField(form, "ownerMemberId")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label="UTM campaign"
            description="The utm_campaign value that links web visits to this campaign"
            {...form.getInputProps("utmCampaign")}
          />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
