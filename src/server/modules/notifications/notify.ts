// The one way other modules tell people something happened: inbox rows for the recipients, and queued
// deliveries (an email per recipient when SMTP is configured, a call per matching webhook) that the
// delivery worker sends after the caller's transaction commits. Set-based: three statements whether one
// event or ten thousand, so routing can notify a whole queue at once.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { webhooks } from "../../db/schema/index.js";
import { derivedId } from "../../lib/ids.js";
import { queueWebhookCalls, type WebhookCall } from "./deliveries.js";
import { mailEnabled } from "./mail.js";
import { emailText, eventDocument, webhookPayload } from "./payloads.js";

export interface NotificationEvent {
  /** e.g. "mql.assigned", "sla.warning", "sla.breached", "sla.escalated", "lead.reassigned", "lead.queued" */
  kind: string;
  title: string;
  body: string;
  contactId?: string | null;
  /** Path in the web app, e.g. /contacts/<id> */
  link?: string | null;
  /** Member ids that get it in their in-app inbox (and by email when SMTP is configured). May be empty (webhooks only). */
  recipients: string[];
  /** Extra event data included in webhook payloads. */
  data?: Record<string, unknown>;
}

/** More events of one kind than this for one member in one call become a single summary in their inbox. */
export const DIGEST_AFTER = 5;

const DIGESTS: Record<string, { title: (n: number) => string; link: string }> = {
  "mql.assigned": { title: (n) => `${n} new MQLs for you`, link: "/queue" },
  "lead.reassigned": { title: (n) => `${n} leads reassigned to you`, link: "/queue" },
  "lead.queued": { title: (n) => `${n} MQLs wait for an owner`, link: "/queue" },
  "sla.warning": { title: (n) => `${n} SLA deadlines coming up`, link: "/queue" },
  "sla.breached": { title: (n) => `${n} SLA deadlines missed`, link: "/queue" },
  "sla.escalated": { title: (n) => `${n} SLA breaches in your team`, link: "/sla" },
};

function digest(kind: string, events: NotificationEvent[]): Omit<NotificationEvent, "recipients"> {
  const shown = events.slice(0, DIGEST_AFTER).map((e) => `- ${e.title}`);
  const more = events.length - shown.length;
  return {
    kind,
    title: DIGESTS[kind]?.title(events.length) ?? `${events.length} notifications (${kind})`,
    body: [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join("\n"),
    contactId: null,
    link: DIGESTS[kind]?.link ?? null,
  };
}

/** Each recipient's events, by kind, in order (a recipient listed twice on one event counts once). */
function perRecipient(events: NotificationEvent[]) {
  const result = new Map<string, Map<string, { event: NotificationEvent; i: number }[]>>();
  for (const [i, event] of events.entries())
    for (const memberId of new Set(event.recipients)) {
      const byKind = result.get(memberId) ?? new Map<string, { event: NotificationEvent; i: number }[]>();
      result.set(memberId, byKind);
      const list = byKind.get(event.kind) ?? [];
      byKind.set(event.kind, list);
      list.push({ event, i });
    }
  return result;
}

interface InboxInput {
  id: string;
  delivery_id: string | null;
  member_id: string;
  kind: string;
  title: string;
  body: string;
  contact_id: string | null;
  link: string | null;
  email_text: string | null;
}

/** Writes inbox rows and queues deliveries (email per recipient when SMTP is configured; one per matching active webhook per event), set-based (a few statements however many events), inside the caller's transaction. */
export async function notify(
  db: Db,
  workspaceId: string,
  events: NotificationEvent[],
  at?: Date,
): Promise<void> {
  if (events.length === 0) return;
  const when = at ?? new Date();
  const occurredAt = when.toISOString();
  const withEmail = mailEnabled();

  const inbox: InboxInput[] = [];
  // Ids derive from what is recorded (replaying a change, e.g. a seed, writes identical rows); a repeat of
  // the very same event for the same member at the same moment is recorded once.
  const eventKey = (event: NotificationEvent, i: number) =>
    [workspaceId, occurredAt, event.kind, event.contactId ?? "", String(i)] as const;
  const add = (id: string, memberId: string, event: Omit<NotificationEvent, "recipients">) =>
    inbox.push({
      id,
      delivery_id: withEmail ? derivedId(id, "email") : null,
      member_id: memberId,
      kind: event.kind,
      title: event.title,
      body: event.body,
      contact_id: event.contactId ?? null,
      link: event.link ?? null,
      email_text: withEmail ? emailText(event.body, event.link) : null,
    });
  for (const [memberId, byKind] of perRecipient(events)) {
    for (const [kind, mine] of byKind) {
      if (mine.length <= DIGEST_AFTER) {
        for (const { event, i } of mine) add(derivedId(...eventKey(event, i), memberId), memberId, event);
        continue;
      }
      // Many of one kind at once (a model going live, a busy sweep): one message that sums them up.
      add(
        // From what it sums up: two summaries for one member at the same moment stay two.
        derivedId(
          workspaceId,
          occurredAt,
          kind,
          memberId,
          "digest",
          ...mine.map((m) => `${m.event.contactId ?? ""}|${m.event.title}`),
        ),
        memberId,
        digest(
          kind,
          mine.map((m) => m.event),
        ),
      );
    }
  }
  if (inbox.length > 0) {
    // Removed members (and ids of other workspaces) fall out at the join; their email comes from users.
    await db.execute(sql`
      with input as (
        select * from json_to_recordset(${JSON.stringify(inbox)}::json) as r(
          id uuid, delivery_id uuid, member_id uuid, kind text, title text, body text, contact_id uuid,
          link text, email_text text)
      ), inserted as (
        insert into notifications (workspace_id, id, member_id, kind, title, body, contact_id, link, created_at)
        select ${workspaceId}::uuid, i.id, i.member_id, i.kind, i.title, i.body, i.contact_id, i.link,
          ${occurredAt}::timestamptz
        from input i
        join members m on m.workspace_id = ${workspaceId}::uuid and m.id = i.member_id and m.removed_at is null
        on conflict do nothing
        returning id
      )
      insert into notification_deliveries
        (workspace_id, id, channel, kind, notification_id, target, payload, status, attempts, next_attempt_at,
         created_at)
      select ${workspaceId}::uuid, i.delivery_id, 'email', i.kind, i.id, u.email,
        jsonb_build_object('to', u.email, 'subject', i.title, 'text', i.email_text), 'pending', 0,
        ${occurredAt}::timestamptz, ${occurredAt}::timestamptz
      from inserted n
      join input i on i.id = n.id
      join members m on m.workspace_id = ${workspaceId}::uuid and m.id = i.member_id
      join users u on u.id = m.user_id
      where i.delivery_id is not null`);
  }

  const hooks = await db
    .select({ id: webhooks.id, url: webhooks.url, format: webhooks.format, events: webhooks.events })
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.active, true)));
  if (hooks.length === 0) return;
  const calls: WebhookCall[] = [];
  for (const [i, event] of events.entries()) {
    const matching = hooks.filter(
      (h) => h.events.length === 0 || h.events.some((kind) => kind === event.kind),
    );
    if (matching.length === 0) continue;
    const documentId = derivedId(...eventKey(event, i), "event");
    const document = eventDocument({
      id: documentId,
      kind: event.kind,
      occurredAt,
      workspaceId,
      title: event.title,
      body: event.body,
      contactId: event.contactId ?? null,
      link: event.link ?? null,
      data: event.data ?? {},
    });
    for (const hook of matching) {
      calls.push({
        id: derivedId(documentId, hook.id),
        webhook_id: hook.id,
        kind: event.kind,
        target: hook.url,
        payload: webhookPayload(hook.format, document),
      });
    }
  }
  if (calls.length > 0) await queueWebhookCalls(db, workspaceId, calls, when);
}
