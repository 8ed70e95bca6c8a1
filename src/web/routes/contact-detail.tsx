import { Anchor, Grid, Group, Stack, Text } from "@mantine/core";
import type { Contact } from "../../shared/contacts";
import { LIFECYCLE_STAGES } from "../../shared/domain";
import { StageBadge } from "../features/common/badges";
import { Field, FieldGrid, Section } from "../features/common/detail";
import { RecordPage } from "../features/common/record-page";
import { MemberName, RecordLink } from "../features/common/records";
import { StageMenu } from "../features/common/stage-menu";
import { ContactFormModal } from "../features/contacts/contact-form";
import { PersonalDataMenu } from "../features/contacts/personal-data-menu";
import { StageHistory } from "../features/contacts/stage-history";
import { ContactTimeline, LogTouchForm } from "../features/contacts/timeline";
import { DecisionHistory, MqlDecisionPrompt } from "../features/feedback/decision-history";
import { PropertyValues } from "../features/properties/properties";
import { ContactScorePanel } from "../features/scoring/contact-score-panel";
import { ContactSlaPanel } from "../features/sla-clocks/contact-sla-panel";
import { formatDate, fromNow, label, SENIORITY_LABELS, sourceLabel, stageLabel } from "../lib/format";

export function ContactDetailPage() {
  return (
    <RecordPage<Contact>
      resource="contacts"
      noun="contact"
      form={ContactFormModal}
      title={(c) => c.name || c.email || "(no name)"}
      badges={(c) => <StageBadge value={c.lifecycleStage} size="lg" data-testid="contact-stage" />}
      description={(c) => (
        <Group gap={6} component="span" wrap="wrap">
          <span>{c.title ?? "No title"}</span>
          <span>at</span>
          <RecordLink resource="accounts" id={c.accountId} fallback="no account" />
          <span>·</span>
          <span>Owner:</span>
          <MemberName id={c.ownerMemberId} />
        </Group>
      )}
      actions={(c) => (
        <StageMenu
          resource="contacts"
          record={c}
          field="lifecycleStage"
          stages={LIFECYCLE_STAGES}
          stageLabel={stageLabel}
          label="Change stage"
          heading="Move to lifecycle stage"
        />
      )}
      trailingActions={(c) => <PersonalDataMenu contact={c} />}
    >
      {(c) => <ContactBody c={c} />}
    </RecordPage>
  );
}

function ContactBody({ c }: { c: Contact }) {
  return (
    <>
      <MqlDecisionPrompt contact={c} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title="Log a touch" description="Record what sales did, so marketing sees it too.">
              <LogTouchForm contactId={c.id} />
            </Section>
            <Section title="Timeline" description="Every touch of both teams, newest first.">
              <ContactTimeline contactId={c.id} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section
              title="Lead score"
              description="The score both teams agreed on, and exactly where its points come from."
            >
              <ContactScorePanel contactId={c.id} />
            </Section>
            <Section title="Details">
              <FieldGrid cols={2}>
                <Field label="Email">
                  {c.email ? (
                    <Anchor href={`mailto:${c.email}`} size="sm">
                      {c.email}
                    </Anchor>
                  ) : null}
                </Field>
                <Field label="Phone">{c.phone}</Field>
                <Field label="Seniority">{c.seniority ? label(SENIORITY_LABELS, c.seniority) : null}</Field>
                <Field label="Department">{c.department}</Field>
                <Field label="Persona">
                  <RecordLink resource="personas" id={c.personaId} fallback="Not matched" />
                </Field>
                <Field label="Country / region">{[c.country, c.region].filter(Boolean).join(", ")}</Field>
                <Field label="Source">{sourceLabel(c.source)}</Field>
                <Field label="Source campaign">
                  <RecordLink resource="campaigns" id={c.sourceCampaignId} />
                </Field>
                <Field label="Lead status">{c.leadStatus}</Field>
                <Field label="In stage since">
                  <Text size="sm" title={formatDate(c.lifecycleStageChangedAt)}>
                    {fromNow(c.lifecycleStageChangedAt)}
                  </Text>
                </Field>
                <Field label="Added">{formatDate(c.createdAt)}</Field>
              </FieldGrid>
            </Section>
            <PropertyValues objectType="contacts" values={c.properties} />
            <Section
              title="Sales decisions"
              description="Sales' answer to this lead as an MQL: accepted or rejected, and why."
            >
              <DecisionHistory contactId={c.id} />
            </Section>
            <Section
              title="SLA and routing"
              description="Who got this lead and why, and the clock of each sales commitment in business hours."
            >
              <ContactSlaPanel contactId={c.id} />
            </Section>
            <Section title="Stage history" description="Every lifecycle change, when and why.">
              <StageHistory contactId={c.id} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
