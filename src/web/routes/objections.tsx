// Objections: sales logs what prospects push back with; marketing sees the most frequent ones per persona and
// answers them in content and messaging.
import { Stack } from "@mantine/core";
import { ObjectionForm } from "../features/asks/objection-form";
import { ObjectionSummary, RecentObjections } from "../features/asks/objection-summary";
import { PageHeader } from "../features/common/page-header";

export function ObjectionsPage() {
  return (
    <>
      <PageHeader
        title="Objections"
        description="What prospects push back with, as sales hears it on calls. Marketing sees which objections come up most for each persona and answers them in content, battle cards and messaging."
      />
      <Stack gap="lg">
        <ObjectionForm />
        <ObjectionSummary />
        <RecentObjections />
      </Stack>
    </>
  );
}
