// Personal data of one contact (admins): everything Lockstep holds about the person as one JSON document
// (an access request), and erasure: personal fields removed, identities deleted, touches anonymised and the
// person's identifiers redacted from free text, while every count, stage, decision and score stays, so the
// reports read the same before and after. The audit log records the erasure without the erased values.
import { type AnyColumn, and, asc, eq, or, type SQL, sql } from "drizzle-orm";
import type { ErasedContact } from "../../../shared/audit.js";
import { type Db, queryRows } from "../../db/client.js";
import {
  accounts,
  contactIdentities,
  contactScores,
  contacts,
  imports,
  leadAssignments,
  leadDecisions,
  lifecycleStageChanges,
  notifications,
  objections,
  opportunities,
  opportunityContacts,
  scoreEvents,
  scoringModels,
  slaClocks,
  touches,
  workspaces,
} from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { AppError, badRequest } from "../../lib/errors.js";
import { findRecord } from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";

/** What an erased contact is called, and what replaces the person's identifiers in free text. */
export const ERASED_NAME = "Erased contact";

type ContactRow = typeof contacts.$inferSelect;

const isErased = (contact: ContactRow) => typeof contact.properties?.erasedAt === "string";

/** The person's identifiers: each is redacted wherever it appears in text about them. */
function identifiersOf(contact: ContactRow) {
  const clean = (values: (string | null | undefined)[]) =>
    [...new Set(values.map((v) => v?.trim() ?? "").filter((v) => v.length >= 2))].sort(
      (a, b) => b.length - a.length,
    );
  /**
   * Safe to look for anywhere in the workspace (digests, other contacts' notifications, webhook payloads,
   * import previews): the email and phone only. A name is not: another "Info" or "Jordan" is someone else.
   */
  const distinct = clean([contact.email, contact.phone]);
  /** The full name and the first and last name alone too, in rows that belong to this contact. */
  const own = clean([...distinct, contact.name, contact.firstName, contact.lastName]);
  return { distinct, own };
}

/**
 * Titles of the contact's own notifications that name them ("New MQL for you: Jane Doe"): a digest
 * (which has no contact) lists its events by these titles, so a digest line about this contact is one of
 * them, exactly - unlike a bare name, which may be anyone's.
 */
async function namingTitles(db: Db, workspaceId: string, contactId: string, own: string[]) {
  if (own.length === 0) return [];
  const rows = await db
    .selectDistinct({ title: notifications.title })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.contactId, contactId)));
  const names = jsPattern(own);
  return rows
    .map((r) => r.title)
    .filter((title) => {
      names.lastIndex = 0;
      return names.test(title);
    });
}

/** Replaces the needles in every string value of a JSON value, never in its keys. */
function redactValues(value: unknown, needles: RegExp): unknown {
  if (typeof value === "string") return redactString(value, needles);
  if (Array.isArray(value)) return value.map((v) => redactValues(v, needles));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v, needles)]));
  return value;
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * The needles replaced in a string; a string that still holds one once percent-decoded (a URL with
 * "?email=jane%40acme.com", even encoded twice) is replaced by its decoded, redacted form.
 */
function redactString(text: string, needles: RegExp) {
  let decoded = text;
  for (let round = 0; round < 3 && (decoded.includes("%") || decoded.includes("+")); round++) {
    const next = safeDecode(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  needles.lastIndex = 0;
  const base = decoded !== text && needles.test(decoded) ? decoded : text;
  needles.lastIndex = 0;
  return base.replace(needles, ERASED_NAME);
}

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
/** Not part of a longer word: "Jo" is not redacted inside "Join". PostgreSQL ARE and JS alike. */
const pgPattern = (needles: string[]) =>
  `(?<![[:alnum:]])(${needles.map(escapeRegex).join("|")})(?![[:alnum:]])`;
const jsPattern = (needles: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(${needles.map(escapeRegex).join("|")})(?![\\p{L}\\p{N}])`, "giu");
/** The same needles as they appear inside JSON text (quotes and backslashes escaped). */
const jsonNeedles = (needles: string[]) => needles.map((n) => JSON.stringify(n).slice(1, -1));

/** SQL that redacts the needles in a text column. */
const redactText = (column: SQL, needles: string[]) =>
  sql`regexp_replace(${column}, ${pgPattern(needles)}, ${ERASED_NAME}, 'gi')`;
const mentions = (column: SQL, needles: string[]) => sql`${column} ~* ${pgPattern(needles)}`;
const mentionsJson = (column: SQL, needles: string[]) =>
  sql`${column}::text ~* ${pgPattern(jsonNeedles(needles))}`;

/** Touch properties that identify a person, whatever they hold (compared without case, _ or -). */
const PERSONAL_KEYS = new Set([
  "email",
  "emailaddress",
  "firstname",
  "lastname",
  "fullname",
  "givenname",
  "familyname",
  "middlename",
  "username",
  "phone",
  "phonenumber",
  "mobile",
  "mobilephone",
  "ip",
  "ipaddress",
  "useragent",
  "address",
  "streetaddress",
  "street",
  "postalcode",
  "zip",
  "zipcode",
  "birthday",
  "birthdate",
  "dateofbirth",
  "dob",
  "linkedin",
  "linkedinurl",
  "twitter",
  "note",
  "notes",
  "comment",
  "message",
]);

/** A touch's properties without personal values: personal keys dropped, identifiers redacted in the rest. */
export function anonymiseProperties(value: unknown, needles: RegExp | null): unknown {
  if (typeof value === "string") return needles ? redactString(value, needles) : value;
  if (Array.isArray(value)) return value.map((v) => anonymiseProperties(v, needles));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (PERSONAL_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, ""))) continue;
      out[key] = anonymiseProperties(inner, needles);
    }
    return out;
  }
  return value;
}

/** Everything Lockstep holds about one contact, as one JSON document (an access request). */
export async function exportPersonalData(db: Db, caller: Caller, contactId: string) {
  const ws = caller.workspaceId;
  const contact = await findRecord(db, contacts, ws, contactId, "Contact");
  const byContact = (table: { workspaceId: AnyColumn; contactId: AnyColumn }) =>
    and(eq(table.workspaceId, ws), eq(table.contactId, contactId));
  const titles = await namingTitles(db, ws, contactId, identifiersOf(contact).own);
  const [
    workspace,
    account,
    identities,
    touchRows,
    stageHistory,
    scores,
    scoreEventRows,
    decisions,
    assignments,
    clocks,
    notificationRows,
    roles,
    objectionRows,
  ] = await Promise.all([
    db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ws)),
    contact.accountId
      ? db
          .select({ id: accounts.id, name: accounts.name, domain: accounts.domain })
          .from(accounts)
          .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, contact.accountId)))
      : Promise.resolve([]),
    db
      .select({
        kind: contactIdentities.kind,
        value: contactIdentities.value,
        createdAt: contactIdentities.createdAt,
      })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, ws), eq(contactIdentities.contactId, contactId))),
    db.select().from(touches).where(byContact(touches)).orderBy(asc(touches.occurredAt), asc(touches.id)),
    db
      .select()
      .from(lifecycleStageChanges)
      .where(byContact(lifecycleStageChanges))
      .orderBy(asc(lifecycleStageChanges.changedAt)),
    db
      .select({
        modelId: contactScores.modelId,
        modelName: scoringModels.name,
        fit: contactScores.fit,
        engagement: contactScores.engagement,
        combined: contactScores.combined,
        grade: contactScores.grade,
        mql: contactScores.mql,
        scoredAt: contactScores.scoredAt,
      })
      .from(contactScores)
      .leftJoin(
        scoringModels,
        and(
          eq(scoringModels.workspaceId, contactScores.workspaceId),
          eq(scoringModels.id, contactScores.modelId),
        ),
      )
      .where(and(eq(contactScores.workspaceId, ws), eq(contactScores.contactId, contactId))),
    db.select().from(scoreEvents).where(byContact(scoreEvents)).orderBy(asc(scoreEvents.occurredAt)),
    db.select().from(leadDecisions).where(byContact(leadDecisions)).orderBy(asc(leadDecisions.decidedAt)),
    db
      .select()
      .from(leadAssignments)
      .where(byContact(leadAssignments))
      .orderBy(asc(leadAssignments.assignedAt)),
    db.select().from(slaClocks).where(byContact(slaClocks)).orderBy(asc(slaClocks.startedAt)),
    db
      .select({
        id: notifications.id,
        memberId: notifications.memberId,
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        contactId: notifications.contactId,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(
        // Notifications about this contact, and digests that list one of them; a bare mention of a
        // name elsewhere may be someone else's.
        and(
          eq(notifications.workspaceId, ws),
          or(
            eq(notifications.contactId, contactId),
            ...titles.map(
              (title) =>
                sql`(${notifications.contactId} is null and strpos(${notifications.body}, ${title}) > 0)`,
            ),
          ),
        ),
      )
      .orderBy(asc(notifications.createdAt)),
    db
      .select({
        opportunityId: opportunityContacts.opportunityId,
        opportunityName: opportunities.name,
        role: opportunityContacts.role,
      })
      .from(opportunityContacts)
      .innerJoin(
        opportunities,
        and(
          eq(opportunities.workspaceId, opportunityContacts.workspaceId),
          eq(opportunities.id, opportunityContacts.opportunityId),
        ),
      )
      .where(and(eq(opportunityContacts.workspaceId, ws), eq(opportunityContacts.contactId, contactId))),
    db.select().from(objections).where(byContact(objections)).orderBy(asc(objections.heardAt)),
  ]);
  const strip = <T extends object>(rows: T[]) =>
    rows.map((row) => {
      const { workspaceId: _w, ...rest } = row as T & { workspaceId?: string };
      return toJson(rest);
    });
  const { workspaceId: _w, searchText: _s, ...contactFields } = contact;
  await recordAudit(db, ws, caller, {
    action: "contact.personal_data.exported",
    entityType: "contact",
    entityId: contactId,
    summary: `${caller.name} exported a contact's personal data (access request)`,
    after: {
      touches: touchRows.length,
      identities: identities.length,
      notifications: notificationRows.length,
    },
  });
  return {
    exportedAt: new Date().toISOString(),
    exportedBy: caller.name,
    workspace: workspace[0] ?? null,
    erased: isErased(contact),
    contact: toJson(contactFields),
    account: account[0] ?? null,
    identities: strip(identities),
    touches: strip(touchRows),
    stageHistory: strip(stageHistory),
    scores: strip(scores),
    scoreEvents: strip(scoreEventRows),
    decisions: strip(decisions),
    assignments: strip(assignments),
    slaClocks: strip(clocks),
    notifications: strip(notificationRows),
    opportunityRoles: roles,
    objections: strip(objectionRows),
  };
}

/** The confirmation an erasure needs: the contact's email, or ERASE for a contact without one. */
function checkConfirmation(contact: ContactRow, confirm: string) {
  if (contact.email) {
    if (confirm.trim().toLowerCase() !== contact.email.toLowerCase())
      throw badRequest("must be the contact's email address, to confirm which person is erased", "confirm");
  } else if (confirm.trim() !== "ERASE") {
    throw badRequest("must be ERASE (this contact has no email address)", "confirm");
  }
}

const PERSONAL_FIELDS = ["email", "firstName", "lastName", "title", "phone", "externalId"] as const;

/** Erases one contact's personal data; counts, stages, decisions and scores stay as they were. */
export async function eraseContact(
  db: Db,
  caller: Caller,
  contactId: string,
  confirm: string,
): Promise<ErasedContact> {
  const ws = caller.workspaceId;
  return db.transaction(async (tx) => {
    const t = tx;
    const contact = await findRecord(t, contacts, ws, contactId, "Contact");
    if (isErased(contact))
      throw new AppError(409, "conflict", "This contact's personal data has already been erased");
    checkConfirmation(contact, confirm);
    const now = new Date();
    const { distinct, own } = identifiersOf(contact);
    const erasedFields: string[] = PERSONAL_FIELDS.filter((f) => {
      const v = contact[f];
      return v !== null && v !== undefined && v !== "";
    });
    if (Object.keys(contact.properties ?? {}).length > 0) erasedFields.push("properties");

    // The contact: identifiers gone; stage, owner, account, persona, source and coarse attributes
    // (seniority, department, country, region) stay, so funnel counts and fit stay as they were.
    await t
      .update(contacts)
      .set({
        email: null,
        firstName: ERASED_NAME,
        lastName: "",
        title: null,
        phone: null,
        externalId: null,
        properties: { erasedAt: now.toISOString() },
        updatedAt: now,
      })
      .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, contactId)));

    const identities = await t
      .delete(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, ws), eq(contactIdentities.contactId, contactId)))
      .returning({ value: contactIdentities.value });

    // Touches keep their type, time, team, channel and campaign (every count and attribution); their
    // properties lose personal keys and the person's identifiers, and the browser id is dropped.
    const ownRegex = own.length > 0 ? jsPattern(own) : null;
    const touchRows = await t
      .select({ id: touches.id, properties: touches.properties })
      .from(touches)
      .where(and(eq(touches.workspaceId, ws), eq(touches.contactId, contactId)));
    if (touchRows.length > 0) {
      const cleaned = touchRows.map((r) => ({
        id: r.id,
        properties: anonymiseProperties(r.properties, ownRegex),
      }));
      await t.execute(sql`
        update touches set properties = x.properties, anonymous_id = null
        from json_to_recordset(${JSON.stringify(cleaned)}::json) as x(id uuid, properties jsonb)
        where touches.workspace_id = ${ws} and touches.id = x.id`);
    }

    // Free text about the person: decision comments are cleared (the decision and its reason stay);
    // elsewhere the identifiers are redacted.
    await t
      .update(leadDecisions)
      .set({ comment: "" })
      .where(and(eq(leadDecisions.workspaceId, ws), eq(leadDecisions.contactId, contactId)));
    await t.execute(sql`
      update lifecycle_stage_changes set cause_detail = regexp_replace(regexp_replace(cause_detail,
          '^(Accepted by sales):.*$', '\\1'), '^(Rejected by sales: [^(]*) \\(.*\\)$', '\\1')
      where workspace_id = ${ws} and contact_id = ${contactId} and cause_detail ~ '^(Accepted|Rejected) by sales'`);
    if (own.length > 0) {
      const byContact = sql`workspace_id = ${ws} and contact_id = ${contactId}`;
      await t.execute(sql`update lifecycle_stage_changes set cause_detail = ${redactText(sql`cause_detail`, own)}
        where ${byContact} and ${mentions(sql`cause_detail`, own)}`);
      await t.execute(sql`update lead_assignments set reason = ${redactText(sql`reason`, own)}
        where ${byContact} and ${mentions(sql`reason`, own)}`);
      await t.execute(sql`update sla_clocks set closed_reason = ${redactText(sql`closed_reason`, own)}
        where ${byContact} and ${mentions(sql`closed_reason`, own)}`);
      await t.execute(sql`update objections set text = ${redactText(sql`text`, own)}
        where ${byContact} and ${mentions(sql`text`, own)}`);
      // JSON is redacted value by value in JS (never as text: a contact named "null" or "true" would
      // rewrite JSON literals and break it).
      const events = await t
        .select({ id: scoreEvents.id, detail: scoreEvents.detail })
        .from(scoreEvents)
        .where(and(eq(scoreEvents.workspaceId, ws), eq(scoreEvents.contactId, contactId)));
      const ownValues = jsPattern(own);
      for (const event of events) {
        const detail = redactValues(event.detail, ownValues);
        if (JSON.stringify(detail) === JSON.stringify(event.detail)) continue;
        await t
          .update(scoreEvents)
          .set({ detail: detail as typeof event.detail })
          .where(and(eq(scoreEvents.workspaceId, ws), eq(scoreEvents.id, event.id)));
      }
    }

    // Notifications about the person (and digests that list them), what was sent out for them, and
    // import previews: the identifiers are redacted; the notifications themselves stay (counts, SLA history).
    // Rows about this contact (contact_id) lose every identifier, names included; rows about anything
    // else (digests, other contacts) lose only the email and phone.
    let notificationsRedacted = 0;
    const withSlack = (list: string[]) => [...new Set([...list, ...list.map(slackEscape)])];
    const ownNeedles = withSlack(own);
    const distinctNeedles = withSlack(distinct);
    const tied = new Set<string>();
    // Digest lines that are this contact's notifications, read before those are redacted.
    const titles = await namingTitles(t, ws, contactId, own);
    const ownPattern = own.length > 0 ? jsPattern(own) : null;
    const lines = titles.flatMap((title) => {
      const redacted = ownPattern ? title.replace(ownPattern, ERASED_NAME) : title;
      return [
        [title, redacted],
        [slackEscape(title), slackEscape(redacted)],
      ] as [string, string][];
    });
    for (const [title, redacted] of lines) {
      const changed = await queryRows<{ id: string }>(
        t,
        sql`update notifications set body = replace(body, ${title}, ${redacted})
          where workspace_id = ${ws} and contact_id is null and strpos(body, ${title}) > 0
          returning id`,
      );
      for (const row of changed) tied.add(row.id);
    }
    if (ownNeedles.length > 0) {
      const changed = await queryRows<{ id: string }>(
        t,
        sql`update notifications
          set title = ${redactText(sql`title`, ownNeedles)}, body = ${redactText(sql`body`, ownNeedles)}
          where workspace_id = ${ws} and contact_id = ${contactId}
            and (${mentions(sql`title`, ownNeedles)} or ${mentions(sql`body`, ownNeedles)})
          returning id`,
      );
      for (const row of changed) tied.add(row.id);
    }
    if (distinctNeedles.length > 0) {
      const changed = await queryRows<{ id: string }>(
        t,
        sql`update notifications
          set title = ${redactText(sql`title`, distinctNeedles)}, body = ${redactText(sql`body`, distinctNeedles)}
          where workspace_id = ${ws} and contact_id is distinct from ${contactId}
            and (${mentions(sql`title`, distinctNeedles)} or ${mentions(sql`body`, distinctNeedles)})
          returning id`,
      );
      notificationsRedacted = changed.length;
    }
    notificationsRedacted += tied.size;
    if (ownNeedles.length > 0) await redactDeliveries(t, ws, contactId, ownNeedles, distinctNeedles, lines);
    if (distinctNeedles.length > 0) await redactImports(t, ws, distinctNeedles);

    await recordAudit(
      t,
      ws,
      caller,
      {
        action: "contact.personal_data.erased",
        entityType: "contact",
        entityId: contactId,
        summary: `${caller.name} erased a contact's personal data (erasure request); counts, stages and scores are kept`,
        // Which fields were erased, never their values.
        before: { erasedFields, identities: identities.length, touches: touchRows.length },
        after: { name: ERASED_NAME, erasedAt: now.toISOString() },
      },
      now,
    );
    return {
      id: contactId,
      erasedAt: now.toISOString(),
      erasedFields,
      identitiesDeleted: identities.length,
      touchesAnonymised: touchRows.length,
      notificationsRedacted,
    };
  });
}

/**
 * Import previews keep whole rows of a file: a row that names the person is replaced by its line number
 * alone (it holds their other fields too); rejection reasons are redacted.
 */
async function redactImports(db: Db, workspaceId: string, needles: string[]) {
  const rows = await db
    .select({ id: imports.id, preview: imports.preview, rejectedRows: imports.rejectedRows })
    .from(imports)
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        or(
          mentionsJson(sql`${imports.preview}`, needles),
          mentionsJson(sql`${imports.rejectedRows}`, needles),
        ),
      ),
    );
  const names = jsPattern(needles);
  const mentioned = new RegExp(names.source, "iu");
  for (const row of rows) {
    await db
      .update(imports)
      .set({
        preview: row.preview.map((p) =>
          mentioned.test(JSON.stringify(p)) ? { line: p.line ?? null, erased: true } : p,
        ),
        rejectedRows: row.rejectedRows.map((r) => ({ ...r, reason: r.reason.replace(names, ERASED_NAME) })),
      })
      .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, row.id)));
  }
}

/**
 * What was sent out (webhook bodies, emails): a delivery of a notification about this contact loses
 * every identifier, any other only the email and phone. Candidates are found by text, redacted in JS.
 */
async function redactDeliveries(
  db: Db,
  workspaceId: string,
  contactId: string,
  ownNeedles: string[],
  distinctNeedles: string[],
  lines: [string, string][],
) {
  const rows = await queryRows<{ id: string; payload: unknown; about: boolean }>(
    db,
    sql`select d.id, d.payload, coalesce(n.contact_id = ${contactId}, false) as about
      from notification_deliveries d
      left join notifications n on n.workspace_id = d.workspace_id and n.id = d.notification_id
      where d.workspace_id = ${workspaceId} and ${mentionsJson(sql`d.payload`, ownNeedles)}`,
  );
  const ownValues = jsPattern(ownNeedles);
  const distinctValues = distinctNeedles.length > 0 ? jsPattern(distinctNeedles) : null;
  // Any other delivery (a digest) loses the lines that are this contact's notifications.
  const replaceLines = (value: unknown): unknown => {
    if (typeof value === "string")
      return lines.reduce((text, [line, redacted]) => text.split(line).join(redacted), value);
    if (Array.isArray(value)) return value.map(replaceLines);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceLines(v)]));
    return value;
  };
  for (const row of rows) {
    const needles = row.about ? ownValues : distinctValues;
    const lined = row.about ? row.payload : replaceLines(row.payload);
    const payload = needles ? redactValues(lined, needles) : lined;
    if (JSON.stringify(payload) === JSON.stringify(row.payload)) continue;
    await db.execute(sql`update notification_deliveries set payload = ${JSON.stringify(payload)}::jsonb
      where workspace_id = ${workspaceId} and id = ${row.id}`);
  }
}

/** Slack payloads escape &, < and > (see notifications/payloads.ts). */
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
