// Library → Insights: the assets both teams use with buyers (customer stories, case studies, third-party
// statistics, battle cards...), searchable by persona, funnel stage and kind, with how often sales shared
// each; and the gap grid, persona x funnel stage, showing where no asset exists yet.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconBooks, IconFile, IconLink, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { ASSET_KIND_LABELS, type Asset, LIBRARY_STAGE_LABELS } from "../../shared/library";
import { usePersonas } from "../features/asks/asks-api";
import { DataTable, LoadMore, SearchBox, useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { AssetFormModal, KIND_OPTIONS, LIBRARY_STAGE_OPTIONS } from "../features/library/asset-form";
import { type AssetFilters, useAssetGaps, useAssets } from "../features/library/library-api";
import { formatDate, fromNow } from "../lib/format";

const FILTER_KEYS = ["view", "q", "kind", "personaId", "funnelStage", "archived"] as const;

export function LibraryPage() {
  const [filters, setFilters] = useUrlFilters(FILTER_KEYS, { view: "assets" });
  const [adding, setAdding] = useState(false);
  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
      Add asset
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Insights library"
        description="Customer stories, case studies, third-party numbers and battle cards, gathered by both teams so everyone tells buyers the same story. Find the right asset for a persona and a stage, mark it shared with a contact, and see which assets show up in won deals."
        actions={addButton}
      />
      <SegmentedControl
        mb="md"
        value={filters.view}
        onChange={(view) => setFilters({ view })}
        data={[
          { value: "assets", label: "Assets" },
          { value: "gaps", label: "Gap grid" },
        ]}
      />
      {filters.view === "gaps" ? (
        <GapGrid
          onPick={(personaId, funnelStage) => setFilters({ view: "assets", personaId, funnelStage })}
        />
      ) : (
        <AssetList filters={filters} setFilters={setFilters} addButton={addButton} />
      )}
      {adding && <AssetFormModal onClose={() => setAdding(false)} />}
    </>
  );
}

function AssetList({
  filters,
  setFilters,
  addButton,
}: {
  filters: Record<(typeof FILTER_KEYS)[number], string>;
  setFilters: (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | null>>) => void;
  addButton: React.ReactNode;
}) {
  const personas = usePersonas();
  const query: AssetFilters = {
    q: filters.q || undefined,
    kind: (filters.kind || undefined) as AssetFilters["kind"],
    personaId: filters.personaId || undefined,
    funnelStage: (filters.funnelStage || undefined) as AssetFilters["funnelStage"],
    archived: filters.archived === "true" ? "true" : undefined,
  };
  const list = useAssets(query);
  const filtered = Boolean(filters.q || filters.kind || filters.personaId || filters.funnelStage);
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SearchBox
          value={filters.q}
          onChange={(q) => setFilters({ q })}
          placeholder="Search title, summary, tags…"
        />
        <Select
          aria-label="Kind"
          placeholder="Any kind"
          data={KIND_OPTIONS}
          value={filters.kind || null}
          onChange={(kind) => setFilters({ kind })}
          clearable
          w={190}
        />
        <Select
          aria-label="Persona"
          placeholder="Any persona"
          data={personas.options}
          value={filters.personaId || null}
          onChange={(personaId) => setFilters({ personaId })}
          clearable
          searchable
          w={190}
        />
        <Select
          aria-label="Funnel stage"
          placeholder="Any stage"
          data={LIBRARY_STAGE_OPTIONS}
          value={filters.funnelStage || null}
          onChange={(funnelStage) => setFilters({ funnelStage })}
          clearable
          w={170}
        />
        <Select
          aria-label="Show"
          data={[
            { value: "", label: "Live assets" },
            { value: "true", label: "Archived assets" },
          ]}
          value={filters.archived}
          onChange={(archived) => setFilters({ archived })}
          allowDeselect={false}
          w={160}
        />
      </Group>
      {list.isPending ? (
        <TableSkeleton />
      ) : list.isError ? (
        <ErrorAlert
          error={list.error}
          onRetry={() => list.refetch()}
          title="The library could not be loaded"
        />
      ) : list.items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          {filtered ? (
            <EmptyBlock
              title="No assets match"
              description="Try other words or clear the filters. The gap grid shows where nothing exists yet."
              action={
                <Button
                  variant="default"
                  onClick={() => setFilters({ q: null, kind: null, personaId: null, funnelStage: null })}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyBlock
              icon={<IconBooks size={28} />}
              title="The library is empty"
              description="Add the customer stories, numbers and battle cards your teams already use, so everyone finds them in one place."
              action={addButton}
            />
          )}
        </Paper>
      ) : (
        <>
          <DataTable minWidth={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Asset</Table.Th>
                <Table.Th>Persona</Table.Th>
                <Table.Th>Funnel stage</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th ta="right">Shared</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((asset) => (
                <AssetRow key={asset.id} asset={asset} />
              ))}
            </Table.Tbody>
          </DataTable>
          <LoadMore
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
            count={list.items.length}
            total={list.total}
            noun="asset"
          />
        </>
      )}
    </Stack>
  );
}

function AssetRow({ asset }: { asset: Asset }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            {asset.file ? <IconFile size={14} /> : asset.url ? <IconLink size={14} /> : null}
            <Anchor component={Link} to={`/library/assets/${asset.id}`} fw={600} size="sm">
              {asset.title}
            </Anchor>
          </Group>
          <Group gap={4}>
            <Badge size="xs" variant="light">
              {ASSET_KIND_LABELS[asset.kind]}
            </Badge>
            {asset.kind === "statistic" && asset.source && (
              <Text size="xs" c="dimmed">
                {asset.source}, {formatDate(asset.sourceDate)}
              </Text>
            )}
            {asset.tags.map((tag) => (
              <Badge key={tag} size="xs" variant="outline" color="gray">
                {tag}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Table.Td>
      <Table.Td>
        {asset.personaName ?? (
          <Text c="dimmed" size="sm">
            Any
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {asset.funnelStage ? (
          LIBRARY_STAGE_LABELS[asset.funnelStage]
        ) : (
          <Text c="dimmed" size="sm">
            Any
          </Text>
        )}
      </Table.Td>
      <Table.Td>{asset.ownerName}</Table.Td>
      <Table.Td ta="right">
        <Tooltip
          label={asset.lastSharedAt ? `Last shared ${fromNow(asset.lastSharedAt)}` : "Never shared yet"}
        >
          <span data-testid="asset-shares">{asset.shares.toLocaleString()}</span>
        </Tooltip>
      </Table.Td>
      <Table.Td>{fromNow(asset.updatedAt)}</Table.Td>
    </Table.Tr>
  );
}

function GapGrid({ onPick }: { onPick: (personaId: string | null, funnelStage: string) => void }) {
  const grid = useAssetGaps();
  if (grid.isPending) return <TableSkeleton rows={4} />;
  if (grid.isError)
    return (
      <ErrorAlert
        error={grid.error}
        onRetry={() => grid.refetch()}
        title="The gap grid could not be loaded"
      />
    );
  const { stages, rows, gaps } = grid.data;
  if (rows.length === 0)
    return (
      <Paper withBorder radius="md" p="lg">
        <EmptyBlock
          icon={<IconBooks size={28} />}
          title="No personas yet"
          description="The grid shows, for each persona, the funnel stages with no asset. Add personas under ABM → Personas first."
          action={
            <Button component={Link} to="/personas" variant="default">
              Go to personas
            </Button>
          }
        />
      </Paper>
    );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {gaps === 0
          ? "Every persona has at least one asset at every stage."
          : `${gaps} ${gaps === 1 ? "cell has" : "cells have"} no asset: a red cell is a buyer at that stage with nothing to read. Click a cell to see its assets.`}
      </Text>
      <DataTable minWidth={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Persona</Table.Th>
            {stages.map((s) => (
              <Table.Th key={s.stage} ta="center">
                {s.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.personaId ?? "any"}>
              <Table.Td fw={600}>{row.personaName}</Table.Td>
              {row.counts.map((count, i) => {
                const stage = stages[i].stage;
                const gap = count === 0 && row.personaId !== null;
                return (
                  <Table.Td
                    key={stage}
                    ta="center"
                    bg={gap ? "var(--mantine-color-red-light)" : undefined}
                    data-testid={`gap-${row.personaName}-${stage}`}
                  >
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      c={gap ? "red" : undefined}
                      onClick={() => onPick(row.personaId, stage)}
                      aria-label={`${row.personaName}, ${stages[i].label}: ${count} ${count === 1 ? "asset" : "assets"}`}
                    >
                      {gap ? "Gap" : count}
                    </Anchor>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Stack>
  );
}
