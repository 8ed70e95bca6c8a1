// The global search: Ctrl+K (Cmd+K on a Mac) or the header's search button opens it from any page; it finds
// contacts, accounts, opportunities and campaigns as you type and opens the one you pick.
import { Group, Kbd, Text, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { Spotlight, spotlight } from "@mantine/spotlight";
import { IconBuilding, IconCoin, IconSearch, IconSpeakerphone, IconUser } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useNavigate } from "react-router";
import type { SearchKind } from "../../../shared/search";
import { client, ok } from "../../lib/api";

const KINDS: Record<SearchKind, { path: string; label: string; icon: ReactNode }> = {
  contact: { path: "/contacts", label: "Contact", icon: <IconUser size={18} /> },
  account: { path: "/accounts", label: "Account", icon: <IconBuilding size={18} /> },
  opportunity: { path: "/opportunities", label: "Opportunity", icon: <IconCoin size={18} /> },
  campaign: { path: "/campaigns", label: "Campaign", icon: <IconSpeakerphone size={18} /> },
};

export function GlobalSearch() {
  const [query, setQuery] = useState("");
  const [typed] = useDebouncedValue(query.trim(), 200);
  const navigate = useNavigate();
  const results = useQuery({
    queryKey: ["search", typed],
    queryFn: ({ signal }) => ok(client.GET("/api/search", { params: { query: { q: typed } }, signal })),
    enabled: typed.length >= 2,
    placeholderData: (previous) => previous,
  });
  const items = typed.length >= 2 ? (results.data?.items ?? []) : [];
  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={["mod + K"]} scrollable maxHeight={420}>
      <Spotlight.Search
        placeholder="Search contacts, accounts, opportunities, campaigns…"
        aria-label="Search records"
        leftSection={<IconSearch size={18} />}
      />
      <Spotlight.ActionsList>
        {items.map((item) => (
          <Spotlight.Action
            key={`${item.kind}-${item.id}`}
            leftSection={KINDS[item.kind].icon}
            label={item.title}
            description={[KINDS[item.kind].label, item.detail].filter(Boolean).join(" · ")}
            onClick={() => navigate(`${KINDS[item.kind].path}/${item.id}`)}
          />
        ))}
        {items.length === 0 && (
          <Spotlight.Empty>
            {typed.length < 2
              ? "Type at least 2 letters of a name, an email or a domain."
              : results.isFetching
                ? "Searching…"
                : `Nothing matches “${typed}”.`}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

/** The header's search button, with the shortcut it stands for. */
export function SearchButton() {
  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <UnstyledButton
      onClick={() => spotlight.open()}
      aria-label="Search (Ctrl+K)"
      px="sm"
      py={6}
      style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
      visibleFrom="sm"
    >
      <Group gap="xs" wrap="nowrap">
        <IconSearch size={16} />
        <Text size="sm" c="dimmed">
          Search
        </Text>
        <Kbd size="xs">{mac ? "⌘ K" : "Ctrl K"}</Kbd>
      </Group>
    </UnstyledButton>
  );
}
