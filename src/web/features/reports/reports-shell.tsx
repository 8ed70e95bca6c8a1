// The Reports area's shell: one header and a tab per report (Funnel, Velocity, Attribution), each its own
// address under /reports. Switching tabs keeps the shared filters (the query string), so the same contacts
// are counted on every tab.
import { Tabs } from "@mantine/core";
import { IconChartFunnel, IconClockHour4, IconCoins } from "@tabler/icons-react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { PageHeader } from "../common/page-header";

const TABS = [
  { value: "funnel", label: "Funnel", icon: <IconChartFunnel size={16} /> },
  { value: "velocity", label: "Velocity", icon: <IconClockHour4 size={16} /> },
  { value: "attribution", label: "Attribution", icon: <IconCoins size={16} /> },
] as const;

export function ReportsLayout() {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const tab = TABS.find((t) => pathname.startsWith(`/reports/${t.value}`))?.value ?? null;
  return (
    <>
      <PageHeader
        title="Reports"
        description="The closed loop, computed once for both teams from the one stage history: how contacts move through the funnel, how long each stage takes and where leads stall, and which campaigns bring revenue."
      />
      <Tabs
        value={tab}
        onChange={(value) => value && navigate({ pathname: `/reports/${value}`, search })}
        keepMounted={false}
        mb="md"
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab
              key={t.value}
              value={t.value}
              leftSection={t.icon}
              data-testid={`reports-tab-${t.value}`}
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}

/** /reports opens the funnel, with whatever filters the link carried. */
export function ReportsIndex() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: "/reports/funnel", search }} replace />;
}
