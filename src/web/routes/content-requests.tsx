// Content requests: sales asks marketing for the assets it needs to close; marketing moves each one from new
// to in progress, delivered and used, so both sides see where every ask stands.
import { Button, Paper, SimpleGrid, Skeleton, Stack } from "@mantine/core";
import { IconFileDescription, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useContentRequests } from "../features/asks/asks-api";
import { ContentBoard } from "../features/asks/content-board";
import { ContentRequestFormModal } from "../features/asks/content-request-form";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert } from "../features/common/query-states";

export function ContentRequestsPage() {
  const requests = useContentRequests();
  const [asking, setAsking] = useState(false);
  const items = requests.data?.items ?? [];
  const askButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setAsking(true)}>
      Request content
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Content requests"
        description="Sales asks marketing for the assets it needs to move deals: a case study, an ROI calculator, a battle card. Marketing picks each one up and moves it from new to in progress, delivered and used."
        actions={askButton}
      />
      {requests.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} aria-busy="true" aria-label="Loading">
          {[0, 1, 2, 3].map((i) => (
            <Stack key={i} gap="sm">
              <Skeleton height={40} />
              <Skeleton height={120} />
            </Stack>
          ))}
        </SimpleGrid>
      ) : requests.isError ? (
        <ErrorAlert
          error={requests.error}
          onRetry={() => requests.refetch()}
          title="Content requests could not be loaded"
        />
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <EmptyBlock
            icon={<IconFileDescription size={28} />}
            title="No content requests yet"
            description="When a prospect asks for something marketing could make (proof, numbers, a comparison), request it here so marketing can pick it up."
            action={askButton}
          />
        </Paper>
      ) : (
        <ContentBoard items={items} />
      )}
      {asking && <ContentRequestFormModal onClose={() => setAsking(false)} />}
    </>
  );
}
