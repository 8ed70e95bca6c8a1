// Reports → Funnel (/reports/funnel): the funnel of the contacts who entered it in the period.
import { FunnelReportView } from "../features/reports/funnel";

export function ReportsFunnelPage() {
  return <FunnelReportView />;
}
