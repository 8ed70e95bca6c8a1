// Reports → Attribution: the attribution engineer's page (issue #16). Until it lands, the tab says what it
// will show rather than linking nowhere; this file is theirs to replace.
import { Paper } from "@mantine/core";
import { IconCoins } from "@tabler/icons-react";
import { EmptyBlock } from "../features/common/query-states";

export function ReportsAttributionPage() {
  return (
    <Paper withBorder p="md" radius="md">
      <EmptyBlock
        icon={<IconCoins size={28} />}
        title="Attribution is on its way"
        description="Which campaigns and channels bring pipeline and revenue, under every model side by side."
      />
    </Paper>
  );
}
