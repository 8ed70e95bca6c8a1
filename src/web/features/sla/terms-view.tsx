// The terms of one SLA version read as sentences, and the pieces the compliance section shows them with too:
// a column per team (sales in teal, marketing in grape) and the business hours the clocks run in.
import {
  Group,
  type GroupProps,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCalendarTime, IconSpeakerphone, IconTargetArrow } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { BusinessCalendar } from "../../../shared/business-hours";
import type { SlaTerms } from "../../../shared/sla";
import { describeCalendar, marketingSentences, salesSentences } from "./calendar-text";

type Team = "sales" | "marketing";

export const TEAM_SIDES: Record<Team, { title: string; color: string; icon: ReactNode }> = {
  sales: { title: "Sales commits to", color: "teal", icon: <IconTargetArrow size={16} /> },
  marketing: { title: "Marketing commits to", color: "grape", icon: <IconSpeakerphone size={16} /> },
};

/** The team's colour along the top edge of its column or fieldset. */
export const teamBorder = (team: Team) => ({
  borderTop: `3px solid var(--mantine-color-${TEAM_SIDES[team].color}-5)`,
});

export function TeamColumn({ team, testId, children }: { team: Team; testId?: string; children: ReactNode }) {
  const { title, color, icon } = TEAM_SIDES[team];
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId} style={teamBorder(team)}>
      <Group gap="xs" mb="sm">
        <ThemeIcon variant="light" color={color} radius="xl" aria-hidden>
          {icon}
        </ThemeIcon>
        <Title order={4} size="h5">
          {title}
        </Title>
      </Group>
      <Stack gap="lg">{children}</Stack>
    </Paper>
  );
}

/** "Business hours: Monday to Friday, 09:00–17:00 … " and what that means for the clocks (`children`). */
export function BusinessHours({
  calendar,
  children,
  ...props
}: { calendar: BusinessCalendar; children: ReactNode } & GroupProps) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" {...props}>
      <IconCalendarTime size={18} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
      <Text size="sm">
        <Text span fw={600}>
          Business hours:{" "}
        </Text>
        {describeCalendar(calendar)} {children}
      </Text>
    </Group>
  );
}

function Sentences({ items }: { items: string[] }) {
  return (
    <List size="sm" spacing={4}>
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}

/** The terms of a version as sentences: both teams side by side, the calendar under them. */
export function TermsView({ terms }: { terms: SlaTerms }) {
  const sales = salesSentences(terms);
  const marketing = marketingSentences(terms);
  return (
    <Stack gap="sm" data-testid="sla-terms">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TeamColumn team="sales">
          <Sentences
            items={[
              sales.accept,
              sales.first_touch,
              sales.attempts,
              `The owner is warned when ${terms.sales.warnAtPercent}% of the allowed time is used`,
              terms.sales.reassignOnBreach
                ? "A missed accept-or-reject deadline hands the lead to another rep of the pod"
                : "A missed deadline is recorded; the lead stays with its owner",
              ...(terms.sales.acceptedPerMonth !== undefined
                ? [`Accept ${terms.sales.acceptedPerMonth.toLocaleString("en-US")} MQLs per month`]
                : []),
              ...(terms.sales.opportunitiesPerMonth !== undefined
                ? [
                    `Open ${terms.sales.opportunitiesPerMonth.toLocaleString("en-US")} opportunities per month`,
                  ]
                : []),
            ]}
          />
        </TeamColumn>
        <TeamColumn team="marketing">
          <Sentences items={[marketing.mqls, marketing.pipeline, marketing.rejection]} />
        </TeamColumn>
      </SimpleGrid>
      <BusinessHours calendar={terms.calendar}>SLA clocks run only in these hours.</BusinessHours>
    </Stack>
  );
}
