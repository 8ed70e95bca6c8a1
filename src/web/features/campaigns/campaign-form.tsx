import { createCampaignSchema } from "../../../shared/campaigns";
import { CAMPAIGN_STATUSES, CHANNELS, TEAMS } from "../../../shared/domain";
import { CAMPAIGN_STATUS_LABELS, CHANNEL_LABELS, options, TEAM_LABELS } from "../../lib/format";
import { numberOrNull, textOrNull } from "../../lib/forms";
import { recordFormModal, unset } from "../common/record-form";

export const CampaignFormModal = recordFormModal("campaigns", "campaign", {
  toPayload: (v) => ({
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
  }),
  schema: createCampaignSchema,
  validate: (values): Record<string, string> => (values.channel ? {} : { channel: "Pick the channel" }),
  fields: [
    { name: "name", label: "Campaign name", kind: "text", required: true, span: 12 },
    {
      name: "channel",
      label: "Channel",
      kind: "choice",
      options: options(CHANNELS, CHANNEL_LABELS),
      required: true,
      searchable: true,
      span: 4,
    },
    {
      name: "status",
      label: "Status",
      kind: "choice",
      options: options(CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS),
      span: [6, 4],
    },
    {
      name: "ownerTeam",
      label: "Owning team",
      kind: "choice",
      options: options(TEAMS, TEAM_LABELS),
      span: [6, 4],
    },
    { name: "startsOn", label: "Starts on", kind: "text", type: "date", span: [6, 3] },
    { name: "endsOn", label: "Ends on", kind: "text", type: "date", span: [6, 3] },
    { name: "budget", label: "Budget", kind: "number", money: true, span: [6, 3] },
    { name: "cost", label: "Cost so far", kind: "number", money: true, span: [6, 3] },
    { name: "ownerMemberId", label: "Owner", kind: "member", placeholder: "Pick a member" },
    {
      name: "utmCampaign",
      label: "UTM campaign",
      kind: "text",
      description: "The utm_campaign value that links web visits to this campaign",
    },
  ],
  blank: () => ({
    name: "",
    channel: unset.pick,
    status: "planned",
    ownerTeam: "marketing",
    ownerMemberId: unset.pick,
    startsOn: "",
    endsOn: "",
    budget: unset.number(0),
    cost: unset.number(0),
    utmCampaign: "",
  }),
});
