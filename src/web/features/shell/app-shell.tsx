// The signed-in frame: sidebar grouped as PRODUCT.md's navigation, the mission on every page, who is signed in.
import {
  Alert,
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Center,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  useComputedColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAddressBook,
  IconArmchair,
  IconBell,
  IconBook2,
  IconBooks,
  IconBroadcast,
  IconBuilding,
  IconCalendarEvent,
  IconChartFunnel,
  IconChartPie,
  IconChevronDown,
  IconCoin,
  IconFileCertificate,
  IconFileDescription,
  IconFileImport,
  IconFlag,
  IconForms,
  IconGauge,
  IconHeartbeat,
  IconHeartHandshake,
  IconHistory,
  IconInbox,
  IconKey,
  IconLogout,
  IconMail,
  IconMessageCheck,
  IconMessageReport,
  IconMessages,
  IconRoute,
  IconSchool,
  IconSettings,
  IconSpeakerphone,
  IconSwitchHorizontal,
  IconTarget,
  IconTargetArrow,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { isApiError } from "../../lib/api";
import { label, ROLE_LABELS, TEAM_LABELS } from "../../lib/format";
import { ErrorAlert, PageLoader } from "../common/query-states";
import { InboxBell } from "../notifications/inbox-bell";
import { SessionContext, useMe, useSession, useSignOut, useSwitchWorkspace } from "../session/session";
import { ColorSchemeToggle, useUserColorScheme } from "./color-scheme";
import { GlobalSearch, SearchButton } from "./global-search";

interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  /** Shown only to these roles (everyone when absent). */
  roles?: readonly string[];
  /** Also active under these paths (by default: `to` and the paths under it). */
  activeUnder?: readonly string[];
}

const NAV: { group: string; items: NavItem[] }[] = [
  {
    group: "Cockpit",
    items: [{ label: "Cockpit", to: "/", icon: <IconGauge size={18} /> }],
  },
  {
    group: "My queue",
    items: [
      { label: "My MQL queue", to: "/queue", icon: <IconInbox size={18} /> },
      { label: "Inbox", to: "/inbox", icon: <IconBell size={18} /> },
      { label: "Content requests", to: "/content-requests", icon: <IconFileDescription size={18} /> },
    ],
  },
  {
    group: "Agreements",
    items: [
      { label: "Scoring", to: "/scoring", icon: <IconTargetArrow size={18} /> },
      { label: "SLA", to: "/sla", icon: <IconFileCertificate size={18} /> },
    ],
  },
  {
    group: "Records",
    items: [
      { label: "Contacts", to: "/contacts", icon: <IconAddressBook size={18} /> },
      { label: "Accounts", to: "/accounts", icon: <IconBuilding size={18} /> },
      { label: "Opportunities", to: "/opportunities", icon: <IconCoin size={18} /> },
      { label: "Campaigns", to: "/campaigns", icon: <IconSpeakerphone size={18} /> },
    ],
  },
  {
    group: "Reports",
    items: [
      {
        label: "Reports",
        to: "/reports",
        icon: <IconChartFunnel size={18} />,
        activeUnder: ["/reports/funnel", "/reports/velocity", "/reports/attribution"],
      },
      { label: "Lead feedback", to: "/reports/lead-feedback", icon: <IconMessageCheck size={18} /> },
      { label: "Objections", to: "/reports/objections", icon: <IconMessageReport size={18} /> },
    ],
  },
  {
    group: "ABM",
    items: [
      { label: "Target accounts", to: "/target-accounts", icon: <IconTarget size={18} /> },
      { label: "Plays", to: "/plays", icon: <IconRoute size={18} /> },
      { label: "Segments", to: "/segments", icon: <IconChartPie size={18} /> },
      { label: "Personas", to: "/personas", icon: <IconUserCircle size={18} /> },
    ],
  },
  {
    group: "Library",
    items: [
      { label: "Insights library", to: "/library", icon: <IconBooks size={18} /> },
      { label: "Messaging guide", to: "/library/messaging", icon: <IconMessages size={18} /> },
      { label: "Glossary", to: "/library/glossary", icon: <IconBook2 size={18} /> },
    ],
  },
  {
    group: "Team",
    items: [
      { label: "Pods", to: "/pods", icon: <IconUsersGroup size={18} /> },
      { label: "Members", to: "/members", icon: <IconUsers size={18} /> },
      { label: "Goals", to: "/goals", icon: <IconFlag size={18} /> },
      { label: "Meetings", to: "/meetings", icon: <IconCalendarEvent size={18} /> },
      { label: "Enablement", to: "/enablement", icon: <IconSchool size={18} /> },
      { label: "Seating", to: "/seating", icon: <IconArmchair size={18} /> },
      { label: "Recognition wall", to: "/wall", icon: <IconHeartHandshake size={18} /> },
      { label: "Alignment health", to: "/alignment", icon: <IconHeartbeat size={18} /> },
    ],
  },
  {
    group: "Settings",
    items: [
      { label: "Workspace & mission", to: "/settings/workspace", icon: <IconSettings size={18} /> },
      { label: "Invitations", to: "/settings/invitations", icon: <IconMail size={18} />, roles: ["admin"] },
      {
        label: "Import",
        to: "/settings/import",
        icon: <IconFileImport size={18} />,
        roles: ["lead", "admin"],
      },
      { label: "Properties", to: "/settings/properties", icon: <IconForms size={18} /> },
      { label: "Tracking", to: "/settings/tracking", icon: <IconBroadcast size={18} /> },
      { label: "Webhooks", to: "/settings/webhooks", icon: <IconWebhook size={18} />, roles: ["admin"] },
      { label: "API keys", to: "/settings/api-keys", icon: <IconKey size={18} />, roles: ["admin"] },
      { label: "Audit log", to: "/settings/audit", icon: <IconHistory size={18} />, roles: ["admin"] },
    ],
  },
];

/** Renders the shell only for a signed-in member of a workspace; sends everyone else where they belong. */
export function ProtectedShell() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader label="Opening Lockstep…" />;
  if (me.isError) {
    if (isApiError(me.error, 401)) {
      const next = `${location.pathname}${location.search}`;
      return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
    }
    return (
      <Center p="xl">
        <Box maw={480} w="100%">
          <ErrorAlert error={me.error} onRetry={() => me.refetch()} title="Lockstep could not start" />
        </Box>
      </Center>
    );
  }
  const { workspace, member } = me.data;
  if (!workspace || !member) return <Navigate to="/welcome" replace />;
  return (
    <SessionContext.Provider value={{ me: me.data, workspace, member }}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { member } = useSession();
  const { pathname } = useLocation();
  useUserColorScheme(member.userId);
  const scheme = useComputedColorScheme("light");
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main-content" className="skip-link">
        Skip to content
      </a>
      <GlobalSearch />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text component={Link} to="/" fw={800} size="lg" c="indigo.7" style={{ textDecoration: "none" }}>
              Lockstep
            </Text>
            <WorkspaceName />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SearchButton />
            <ColorSchemeToggle userId={member.userId} />
            <InboxBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md" py="xs">
            {NAV.map((section) => (
              <Box key={section.group}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                  {section.group}
                </Text>
                {section.items
                  .filter((item) => !item.roles || item.roles.includes(member.role))
                  .map((item) => (
                    <NavLink
                      key={item.to}
                      component={Link}
                      to={item.to}
                      label={item.label}
                      leftSection={item.icon}
                      active={
                        pathname === item.to ||
                        (item.activeUnder ?? (item.to === "/" ? [] : [item.to])).some(
                          (p) => pathname === p || pathname.startsWith(`${p}/`),
                        )
                      }
                      onClick={close}
                    />
                  ))}
              </Box>
            ))}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg={scheme === "dark" ? "dark.8" : "gray.0"} id="main-content" tabIndex={-1}>
        <MissionBanner />
        <Box maw={1280} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function WorkspaceName() {
  const { me, workspace } = useSession();
  const switchWorkspace = useSwitchWorkspace();
  if (me.workspaces.length <= 1) {
    return (
      <Text size="sm" c="dimmed" visibleFrom="xs" truncate>
        {workspace.name}
      </Text>
    );
  }
  return (
    <Menu position="bottom-start">
      <Menu.Target>
        <Button variant="subtle" color="gray" size="compact-sm" rightSection={<IconChevronDown size={14} />}>
          {workspace.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch workspace</Menu.Label>
        {me.workspaces.map((w) => (
          <Menu.Item
            key={w.id}
            leftSection={<IconSwitchHorizontal size={14} />}
            disabled={w.id === workspace.id}
            onClick={() => switchWorkspace(w.id)}
          >
            {w.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join("");
}

function UserMenu() {
  const { me, member } = useSession();
  const signOut = useSignOut();
  const who = `${label(TEAM_LABELS, member.team)} · ${label(ROLE_LABELS, member.role)}`;
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size="sm">
              {initials(me.user.name)}
            </Avatar>
            <Box visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2}>
                {me.user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {who}
              </Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.user.email}
          <br />
          {who}
        </Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function MissionBanner() {
  const { workspace, member } = useSession();
  const mission = workspace.mission.trim();
  return (
    <Alert
      variant="light"
      color="indigo"
      icon={<IconTarget size={20} />}
      mb="md"
      maw={1280}
      mx="auto"
      aria-label="Our mission"
      data-testid="mission-banner"
      py="xs"
    >
      {mission ? (
        <Text size="sm">
          <Text span fw={700}>
            Our mission:{" "}
          </Text>
          {mission}
        </Text>
      ) : (
        <Text size="sm">
          No shared mission yet.{" "}
          {member.role === "admin" ? (
            <Text span component={Link} to="/settings/workspace" c="indigo" td="underline">
              Write one both teams can rally behind
            </Text>
          ) : (
            "Ask an admin to write one both teams can rally behind."
          )}
        </Text>
      )}
    </Alert>
  );
}
