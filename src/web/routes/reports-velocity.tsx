// Reports → Velocity (/reports/velocity): time in each stage and where leads stall.
import { VelocityReportView } from "../features/reports/velocity";

export function ReportsVelocityPage() {
  return <VelocityReportView />;
}
