// Accounts: the companies both teams sell and market to, filtered by industry, segment, pod and owner.
import { IconBuilding } from "@tabler/icons-react";
import type { Account } from "../../shared/accounts";
import { AccountFormModal } from "../features/accounts/account-form";
import { FILTERS, type ListColumn, nameColumn, RecordListPage } from "../features/common/record-list";
import { MemberName, RecordLink, useRecordNames } from "../features/common/records";
import { usePropertyFilters, usePropertySorts } from "../features/properties/properties";
import { client, ok } from "../lib/api";
import { formatDate, formatMoney, formatNumber } from "../lib/format";

export function AccountsPage() {
  const propertyFilters = usePropertyFilters("accounts");
  const propertySorts = usePropertySorts<Account>("accounts");
  const segmentName = useRecordNames("segments");
  const podName = useRecordNames("pods");
  const columns: ListColumn<Account>[] = [
    nameColumn("accounts", "Name", { detail: (a) => a.domain }),
    { header: "Industry", cell: (a) => a.industry ?? "—" },
    { header: "Employees", align: "right", cell: (a) => formatNumber(a.employees) },
    { header: "Annual revenue", align: "right", cell: (a) => formatMoney(a.annualRevenue) },
    { header: "Country", cell: (a) => [a.country, a.region].filter(Boolean).join(", ") || "—" },
    {
      header: "Segment",
      cell: (a) => <RecordLink resource="segments" id={a.segmentId} name={segmentName(a.segmentId)} />,
    },
    { header: "Pod", cell: (a) => <RecordLink resource="pods" id={a.podId} name={podName(a.podId)} /> },
    { header: "Owner", cell: (a) => <MemberName id={a.ownerMemberId} /> },
    { header: "Added", sortKey: "createdAt", cell: (a) => formatDate(a.createdAt) },
  ];
  return (
    <RecordListPage<Account>
      resource="accounts"
      fetchPage={(query, signal) => ok(client.GET("/api/accounts", { params: { query }, signal }))}
      noun="account"
      description="Companies both teams sell and market to."
      search="Search by name or domain"
      filters={[
        { key: "industry", kind: "text", label: "Industry", placeholder: "Industry", width: 150 },
        FILTERS.segment,
        FILTERS.pod,
        FILTERS.owner,
        ...propertyFilters,
      ]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      sortProperties={propertySorts}
      columns={columns}
      minWidth={900}
      create={{ form: AccountFormModal }}
      empty={{
        icon: <IconBuilding size={28} />,
        description: "Add the companies you sell to. Contacts, opportunities and touches hang off them.",
        importEntity: "accounts",
      }}
    />
  );
}
