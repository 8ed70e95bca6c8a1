// Reports → Attribution: every attribution model side by side for a milestone, the campaigns and channels
// behind the numbers, one deal's journey, and campaign and source performance (features/attribution).
import { AttributionReportView } from "../features/attribution/attribution-report";

export function ReportsAttributionPage() {
  return <AttributionReportView />;
}
