// Opportunities: the deals in the pipeline, filtered by stage, outcome, account and owner.
import { Anchor } from "@mantine/core";
import { IconCoin } from "@tabler/icons-react";
import { Link } from "react-router";
import { OPPORTUNITY_STAGES } from "../../shared/domain";
import { OPPORTUNITY_OUTCOMES, type Opportunity } from "../../shared/opportunities";
import { OutcomeBadge } from "../features/common/badges";
import { choice, FILTERS, type ListColumn, nameColumn, RecordListPage } from "../features/common/record-list";
import { MemberName } from "../features/common/records";
import { OpportunityFormModal } from "../features/opportunities/opportunity-form";
import { usePropertyFilters, usePropertySorts } from "../features/properties/properties";
import { client, ok } from "../lib/api";
import {
  formatDate,
  formatMoney,
  label,
  OPPORTUNITY_STAGE_LABELS,
  OUTCOME_LABELS,
  options,
} from "../lib/format";

const COLUMNS: ListColumn<Opportunity>[] = [
  nameColumn("opportunities", "Deal"),
  {
    header: "Account",
    cell: (o) => (
      <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
        {o.accountName ?? "Account"}
      </Anchor>
    ),
  },
  { header: "Amount", sortKey: "amount", nowrap: true, cell: (o) => formatMoney(o.amount, o.currency) },
  { header: "Stage", nowrap: true, cell: (o) => label(OPPORTUNITY_STAGE_LABELS, o.stage) },
  { header: "Outcome", cell: (o) => <OutcomeBadge value={o.outcome} /> },
  { header: "Close date", sortKey: "closeDate", nowrap: true, cell: (o) => formatDate(o.closeDate) },
  { header: "Owner", cell: (o) => <MemberName id={o.ownerMemberId} /> },
];

export function OpportunitiesPage() {
  const propertyFilters = usePropertyFilters("opportunities");
  const propertySorts = usePropertySorts<Opportunity>("opportunities");
  return (
    <RecordListPage<Opportunity>
      resource="opportunities"
      fetchPage={(query, signal) => ok(client.GET("/api/opportunities", { params: { query }, signal }))}
      noun="opportunity"
      description="Deals in the pipeline: amount, stage and expected close, visible to both teams."
      search="Search deals"
      filters={[
        choice("stage", "Stage", "Any stage", 160, options(OPPORTUNITY_STAGES, OPPORTUNITY_STAGE_LABELS)),
        choice("outcome", "Outcome", "Any outcome", 140, options(OPPORTUNITY_OUTCOMES, OUTCOME_LABELS)),
        FILTERS.account,
        FILTERS.owner,
        ...propertyFilters,
      ]}
      defaultSort={{ sort: "closeDate", order: "desc" }}
      archivable
      sortProperties={propertySorts}
      columns={COLUMNS}
      minWidth={860}
      create={{ form: OpportunityFormModal }}
      empty={{
        icon: <IconCoin size={28} />,
        description: "Track deals with their amount, stage and close date; wins count for both teams.",
        importEntity: "opportunities",
      }}
    />
  );
}
