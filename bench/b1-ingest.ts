// B1: touches ingested through the Segment-compatible `POST /v1/batch` (100 events per request,
// 4 connections, identity resolution and live scoring on) by the real server in a child process, against `COPY` of
// the same touch rows into the same `touches` table on a database of its own. Both sides start
// from the same workspace (known contacts with user ids, accounts, campaigns); afterwards both are
// counted and checksummed against what was sent.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, openAsBlob, openSync, rmSync, writeSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openDatabase, queryRows } from "../src/server/db/client.js";
import { createRng, type Rng } from "../src/server/db/seed/random.js";
import { newId } from "../src/server/lib/ids.js";
import { handOff } from "../src/server/modules/handoff/handoff.service.js";
import { moveMqlCrossings, rescoreVersion } from "../src/server/modules/scoring/scores.service.js";
import { UTM_MEDIUM_CHANNELS } from "../src/server/modules/tracking/ingest.service.js";
import { teamOfTouch } from "../src/shared/domain.js";
import { STARTER_DEFINITION } from "../src/shared/scoring.js";
import { DEFAULT_EVENT_MAPPING } from "../src/shared/tracking.js";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  cliEntry,
  copyFromStdin,
  cpuSecondsOfPid,
  cpuSecondsOfPostgres,
  createDatabase,
  fmt,
  freePort,
  log,
  spawnNode,
  tempDir,
  waitForHttp,
} from "./support.js";

const SEED = 42;
const EVENTS_PER_REQUEST = 100;
const CONNECTIONS = 4;
/** Touches sent per scale: 1M at large scale (BENCHMARKS.md), fewer at small and medium. */
export const B1_TOUCHES = { small: 100_000, medium: 300_000, large: 1_000_000 } as const;
/** One known contact (with a userId) per this many touches. */
const TOUCHES_PER_KNOWN_CONTACT = 40;
/** Share of touches from known users (userId). */
const KNOWN_SHARE = 0.55;
/** Share of touches from visitors identified before the run who come back (anonymousId only). */
const RETURNING_SHARE = 0.1;
/** The workspace's tracking history before the run, as a share of the touches sent. */
const HISTORY_SHARE = 0.25;
/** Share of visitors who identify (with an e-mail) after some anonymous touches. */
const IDENTIFY_SHARE = 0.3;
/** Share of requests sent twice, as a client retrying after a timeout would. */
const RETRY_SHARE = 0.01;
/** Visitors browsing at once per connection. */
const ACTIVE_VISITORS = 40;

const COMPANIES = ["initech", "globex", "umbrella", "hooli", "piedpiper", "vandelay", "wonka", "stark"];
const TLDS = ["com", "io", "co", "net", "dev"];
const FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com"];
const FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kira", "Lars"];
const LAST = ["Novak", "Okafor", "Park", "Quinn", "Reyes", "Sato", "Tan", "Ueda", "Vogel", "Weiss"];
const PAGES = ["/", "/pricing", "/product", "/blog/revops", "/blog/sla", "/customers", "/docs", "/demo"];
/** Campaigns both workspaces hold from the start, and utm values no campaign has yet. */
const KNOWN_UTMS = ["spring-launch", "revops-webinar", "q2-newsletter", "retargeting", "partner-week"];
const UNKNOWN_UTMS = ["linkedin-abm", "g2-reviews", "podcast-ep12"];
const MEDIA = ["cpc", "email", "social", "newsletter"];
const TRACKS: [string, number][] = [
  ["Email Opened", 25],
  ["Email Link Clicked", 10],
  ["Form Submitted", 5],
  ["Content Downloaded", 6],
  ["Webinar Registered", 3],
  ["Demo Requested", 1],
  ["Ad Clicked", 5],
  ["Feature Used", 30],
  ["Trial Extended", 15],
];
const CONTEXT = {
  library: { name: "analytics-node", version: "3.1.0" },
  userAgent:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
  locale: "en-US",
};

// ---------------------------------------------------------------- the workload

interface ContactRef {
  id: string;
  accountId: string | null;
}

interface KnownContact extends ContactRef {
  email: string;
  firstName: string;
  lastName: string;
}

interface Visitor {
  anonymousId: string;
  total: number;
  done: number;
  /** Anonymous touches before the identify; -1 for visitors who never identify. */
  identifyAfter: number;
  identified: boolean;
  userId: string | null;
  email: string | null;
  firstName: string;
  lastName: string;
  /** The contact the visitor's touches end on (after stitching), decided when the visitor appears. */
  contact: ContactRef | null;
}

interface Plan {
  workspaceId: string;
  accounts: { id: string; domain: string; name: string }[];
  known: KnownContact[];
  campaigns: { id: string; utm: string; name: string; channel: string; known: boolean }[];
  /** Contacts the identify calls create (the baseline creates them before its COPY). */
  newContacts: { id: string; email: string; firstName: string; lastName: string; accountId: string | null }[];
  /** Request bodies and their event counts per connection, in the order that connection sends them. */
  requests: { body: Buffer; events: number; resend: boolean }[][];
  touches: number;
  events: number;
  identifies: number;
  visitors: number;
  identifiedVisitors: number;
  attributedTouches: number;
  visitorTouches: number;
  returningTouches: number;
  bytes: number;
  /** md5 over "messageId|type|occurred_at" of every touch sent, ordered by messageId. */
  sentChecksum: string;
  /** The touch rows the API should end up storing, as CSV for the baseline's COPY. */
  csvFile: string;
  csvBytes: number;
  /** Touches (CSV) and visitor identities both workspaces hold before the run. */
  history: { csvFile: string; touches: number; identities: { value: string; contactId: string }[] };
  generateMs: number;
}

const TOUCH_COLUMNS = [
  "workspace_id",
  "id",
  "contact_id",
  "account_id",
  "anonymous_id",
  "type",
  "team",
  "channel",
  "campaign_id",
  "occurred_at",
  "properties",
  "source",
  "external_id",
];

const csvField = (value: string | null) =>
  value === null ? "" : /[",\n\r]/.test(value) || value === "" ? `"${value.replaceAll('"', '""')}"` : value;

function pickWeighted(rng: Rng, entries: [string, number][]) {
  const total = entries.reduce((n, [, w]) => n + w, 0);
  let x = rng.float() * total;
  for (const [name, weight] of entries) {
    x -= weight;
    if (x < 0) return name;
  }
  return entries[0][0];
}

/**
 * The deterministic event stream. Each connection has its own visitors (one browser's events arrive
 * in order on one connection, as from one Segment client) and shares the known users; identifies of
 * known contacts also stay on the connection that owns the contact. Known users' touches carry their
 * userId (half also an anonymousId); visitors send anonymous page views and tracks, 30% identify with
 * an e-mail (half a known contact's, half a new one; half also with a new userId), and their later
 * touches carry both ids. Requests hold 100 events; 1% of them are sent twice.
 */
export function planWorkload(touches: number, dir: string): Plan {
  const started = performance.now();
  const rng = createRng(SEED);
  const workspaceId = newId();
  const accounts = COMPANIES.flatMap((company, i) =>
    TLDS.map((tld) => ({ id: newId(), domain: `${company}-${i}.${tld}`, name: `${company} (${tld})` })),
  );
  const known: KnownContact[] = Array.from(
    { length: Math.max(100, Math.round(touches / TOUCHES_PER_KNOWN_CONTACT)) },
    (_, k) => {
      const account = accounts[k % accounts.length];
      const firstName = FIRST[k % FIRST.length];
      const lastName = LAST[Math.floor(k / FIRST.length) % LAST.length];
      return {
        id: newId(),
        email: `${firstName}.${lastName}.${k}@${account.domain}`.toLowerCase(),
        firstName,
        lastName,
        accountId: account.id,
      };
    },
  );
  const campaigns = [
    ...KNOWN_UTMS.map((utm) => ({ id: newId(), utm, name: utm, channel: "email", known: true })),
    // What the API creates for a utm value it has no campaign for.
    ...UNKNOWN_UTMS.map((utm) => ({
      id: newId(),
      utm,
      name: `${utm} (unmatched)`,
      channel: "direct",
      known: false,
    })),
  ];
  const campaignOf = new Map(campaigns.map((c) => [c.utm, c]));

  const csvFile = path.join(dir, "b1-touches.csv");
  const historyFile = path.join(dir, "b1-history.csv");
  const csv = openSync(csvFile, "w");
  const historyCsv = openSync(historyFile, "w");
  let csvBytes = 0;
  const sent = createHash("md5");
  let firstSent = true;
  const plan: Plan = {
    workspaceId,
    accounts,
    known,
    campaigns,
    newContacts: [],
    requests: [],
    touches,
    events: 0,
    identifies: 0,
    visitors: 0,
    identifiedVisitors: 0,
    attributedTouches: 0,
    visitorTouches: 0,
    returningTouches: 0,
    bytes: 0,
    sentChecksum: "",
    csvFile,
    csvBytes: 0,
    history: { csvFile: historyFile, touches: 0, identities: [] },
    generateMs: 0,
  };

  /** One page or track event, and the touch row it must become (in the history, or sent in the run). */
  const touch = (
    messageId: string,
    ms: number,
    who: { userId?: string; anonymousId?: string },
    contact: ContactRef | null,
    history = false,
  ) => {
    const timestamp = new Date(ms).toISOString();
    let event: Record<string, unknown>;
    let type: string;
    let properties: Record<string, unknown>;
    let utm: { campaign: string; medium: string } | null = null;
    if (rng.chance(0.45)) {
      const pagePath = rng.pick(PAGES);
      if (rng.chance(0.25))
        // The history only names campaigns that exist; the run also sends new utm values.
        utm = {
          campaign: rng.pick(history ? KNOWN_UTMS : [...KNOWN_UTMS, ...UNKNOWN_UTMS]),
          medium: rng.pick(MEDIA),
        };
      const url = `https://www.lockstep-demo.io${pagePath}${utm ? `?utm_campaign=${utm.campaign}&utm_medium=${utm.medium}` : ""}`;
      const referrer = rng.chance(0.3) ? "https://www.google.com/" : undefined;
      const title = `Lockstep ${pagePath}`;
      const name = pagePath === "/" ? "Home" : undefined;
      event = {
        type: "page",
        messageId,
        ...who,
        name,
        properties: { url, path: pagePath, title, referrer },
        timestamp,
        context: CONTEXT,
      };
      type = "page_view";
      properties = { url, path: pagePath, referrer: referrer ?? null, title, ...(name ? { name } : {}) };
    } else {
      const name = pickWeighted(rng, TRACKS);
      const props: Record<string, unknown> = { plan: rng.pick(["free", "team", "business"]) };
      if (name.startsWith("Email") && rng.chance(0.5)) {
        utm = { campaign: rng.pick(KNOWN_UTMS), medium: "email" };
        props.utm_campaign = utm.campaign;
        props.utm_medium = utm.medium;
      }
      if (name === "Feature Used") props.feature = rng.pick(["handoff", "sla", "attribution", "scoring"]);
      event = {
        type: "track",
        messageId,
        ...who,
        event: name,
        properties: props,
        timestamp,
        context: CONTEXT,
      };
      type = DEFAULT_EVENT_MAPPING[name] ?? "custom";
      properties = { ...props, ...(type === "custom" ? { event: name } : {}) };
    }
    const line = [
      workspaceId,
      newId(),
      contact?.id ?? null,
      contact?.accountId ?? null,
      who.anonymousId ?? null,
      type,
      teamOfTouch(type),
      utm ? (UTM_MEDIUM_CHANNELS[utm.medium] ?? null) : null,
      utm ? (campaignOf.get(utm.campaign)?.id ?? null) : null,
      timestamp,
      JSON.stringify(properties),
      "tracking",
      messageId,
    ]
      .map(csvField)
      .join(",");
    const text = `${line}\n`;
    if (history) {
      writeSync(historyCsv, text);
      plan.history.touches++;
      return event;
    }
    csvBytes += writeSync(csv, text);
    sent.update(firstSent ? `${messageId}|${type}|${timestamp}` : `\n${messageId}|${type}|${timestamp}`);
    firstSent = false;
    if (contact) plan.attributedTouches++;
    return event;
  };

  const identify = (messageId: string, ms: number, v: Visitor) => {
    plan.identifies++;
    v.identified = true;
    return {
      type: "identify",
      messageId,
      anonymousId: v.anonymousId,
      ...(v.userId ? { userId: v.userId } : {}),
      traits: { email: v.email, firstName: v.firstName, lastName: v.lastName },
      timestamp: new Date(ms).toISOString(),
      context: CONTEXT,
    };
  };

  // The history: known users' touches, and visitors of whom 30% identified as a known contact
  // (their anonymous id is a stored identity and their touches have the contact) and the rest did not.
  const returning: { anonymousId: string; contact: KnownContact }[] = [];
  let historyTime = Date.UTC(2025, 6, 1);
  for (let n = 0; plan.history.touches < touches * HISTORY_SHARE; n++) {
    historyTime += 1 + rng.int(60_000);
    if (rng.chance(KNOWN_SHARE)) {
      const k = rng.int(known.length);
      touch(`hist-${n}`, historyTime, { userId: `user-${k}` }, known[k], true);
      continue;
    }
    const anonymousId = `hist-anon-${n}`;
    const contact = rng.chance(IDENTIFY_SHARE) ? rng.pick(known) : null;
    if (contact) {
      plan.history.identities.push({ value: anonymousId, contactId: contact.id });
      returning.push({ anonymousId, contact });
    }
    for (let i = 2 + rng.int(15); i > 0; i--) {
      historyTime += 1 + rng.int(60_000);
      touch(`hist-${n}-${i}`, historyTime, { anonymousId }, contact, true);
    }
  }
  closeSync(historyCsv);

  for (let c = 0; c < CONNECTIONS; c++) {
    const quota = Math.floor(touches / CONNECTIONS) + (c < touches % CONNECTIONS ? 1 : 0);
    const own = known.filter((_, k) => k % CONNECTIONS === c);
    const active: Visitor[] = [];
    const out: Plan["requests"][number] = [];
    let seq = 0;
    let time = Date.UTC(2026, 0, 1) + c * 1000;
    let emitted = 0;
    const nextMessage = () => {
      time += 1 + rng.int(20_000);
      return `b1-${c}-${String(seq++).padStart(8, "0")}`;
    };
    const newVisitor = (): Visitor => {
      const n = plan.visitors++;
      const total = 2 + rng.int(15);
      const v: Visitor = {
        anonymousId: `anon-${c}-${n}`,
        total,
        done: 0,
        identifyAfter: rng.chance(IDENTIFY_SHARE) ? 1 + rng.int(total - 1) : -1,
        identified: false,
        userId: null,
        email: null,
        firstName: rng.pick(FIRST),
        lastName: rng.pick(LAST),
        contact: null,
      };
      if (v.identifyAfter < 0) return v;
      plan.identifiedVisitors++;
      if (rng.chance(0.5)) v.userId = `visitor-${c}-${n}`;
      if (rng.chance(0.5)) {
        // A known lead comes back on a new device and fills a form.
        const k = rng.pick(own);
        v.email = k.email;
        v.firstName = k.firstName;
        v.lastName = k.lastName;
        v.contact = k;
      } else {
        const account = rng.chance(0.2) ? null : rng.pick(accounts);
        const domain = account ? account.domain : rng.pick(FREE_MAIL);
        v.email = `${v.firstName}.${v.lastName}.${c}-${n}@${domain}`.toLowerCase();
        // An identify links the company email's domain to its account (a free-mail address, none).
        v.contact = { id: newId(), accountId: account?.id ?? null };
        plan.newContacts.push({
          id: v.contact.id,
          email: v.email,
          firstName: v.firstName,
          lastName: v.lastName,
          accountId: account?.id ?? null,
        });
      }
      return v;
    };
    const send = (batch: Record<string, unknown>[]) => {
      const body = Buffer.from(JSON.stringify({ batch, context: { ip: "203.0.113.7" } }));
      plan.bytes += body.length;
      plan.events += batch.length;
      out.push({ body, events: batch.length, resend: rng.chance(RETRY_SHARE) });
    };

    while (emitted < quota) {
      const batch: Record<string, unknown>[] = [];
      while (batch.length < EVENTS_PER_REQUEST && emitted < quota) {
        if (rng.chance(KNOWN_SHARE)) {
          const k = rng.int(known.length);
          const who = rng.chance(0.5)
            ? { userId: `user-${k}`, anonymousId: `anon-k${k}` }
            : { userId: `user-${k}` };
          batch.push(touch(nextMessage(), time, who, known[k]));
          emitted++;
          continue;
        }
        if (returning.length > 0 && rng.chance(RETURNING_SHARE / (1 - KNOWN_SHARE))) {
          const r = rng.pick(returning);
          batch.push(touch(nextMessage(), time, { anonymousId: r.anonymousId }, r.contact));
          emitted++;
          plan.returningTouches++;
          continue;
        }
        while (active.length < ACTIVE_VISITORS) active.push(newVisitor());
        const slot = rng.int(active.length);
        const v = active[slot];
        if (v.done === v.identifyAfter && !v.identified) {
          batch.push(identify(nextMessage(), time, v));
          continue;
        }
        const who =
          v.identified && v.userId
            ? { userId: v.userId, anonymousId: v.anonymousId }
            : { anonymousId: v.anonymousId };
        batch.push(touch(nextMessage(), time, who, v.contact));
        emitted++;
        plan.visitorTouches++;
        v.done++;
        if (v.done >= v.total) active.splice(slot, 1);
      }
      send(batch);
    }
    // Visitors still browsing who were going to identify do so now, so every planned stitch happens.
    const late = active.filter((v) => v.identifyAfter >= 0 && !v.identified);
    if (late.length > 0) send(late.map((v) => identify(nextMessage(), time, v)));
    plan.requests.push(out);
  }
  closeSync(csv);
  plan.sentChecksum = sent.digest("hex");
  plan.csvBytes = csvBytes;
  plan.generateMs = performance.now() - started;
  return plan;
}

// ---------------------------------------------------------------- both sides' starting point

/** Inserts rows through one statement per 5000 (jsonb_to_recordset), the same on both engines. */
async function insertJson(db: Database["db"], table: string, columns: string, rows: object[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    const names = columns
      .split(",")
      .map((c) => c.trim().split(" ")[0])
      .join(", ");
    await db.execute(
      sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${chunk}::jsonb) as x(${sql.raw(columns)})`,
    );
  }
}

/** COPY of a touches CSV: over the pg protocol, or on PGlite from a blob mounted at /dev/blob. */
async function copyTouches(database: Database, url: string | undefined, file: string) {
  const copy = `copy touches (${TOUCH_COLUMNS.join(", ")}) from %s with (format csv)`;
  if (database.pglite) {
    await database.pglite.query(copy.replace("%s", "'/dev/blob'"), [], { blob: await openAsBlob(file) });
    return;
  }
  if (!url) throw new Error("COPY on PostgreSQL needs the database URL");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await copyFromStdin(
      client,
      copy.replace("%s", "stdin"),
      createReadStream(file, { highWaterMark: 256 * 1024 }),
    );
  } finally {
    await client.end();
  }
}

/** Polls PostgreSQL until the scoring worker has rescored every queued contact. */
async function waitForEmptyScoreQueue(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query("select count(*)::int as n from score_queue");
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}

/**
 * The workspace both sides start from, with its tracking history; ours also gets a write key, the
 * baseline the contacts and campaigns the API will create. Analyzed, as autovacuum would have.
 */
export async function setUp(database: Database, plan: Plan, side: "ours" | "baseline", url?: string) {
  const db = database.db;
  const ws = plan.workspaceId;
  await db.execute(sql`insert into workspaces (id, name) values (${ws}, ${`B1 ingest (${side})`})`);
  await insertJson(
    db,
    "accounts",
    "workspace_id uuid, id uuid, domain text, name text",
    plan.accounts.map((a) => ({ workspace_id: ws, ...a })),
  );
  const contactColumns =
    "workspace_id uuid, id uuid, email text, first_name text, last_name text, account_id uuid, lifecycle_stage lifecycle_stage, source text";
  await insertJson(
    db,
    "contacts",
    contactColumns,
    plan.known.map((k) => ({
      workspace_id: ws,
      id: k.id,
      email: k.email,
      first_name: k.firstName,
      last_name: k.lastName,
      account_id: k.accountId,
      lifecycle_stage: "lead",
      source: "crm",
    })),
  );
  await insertJson(
    db,
    "contact_identities",
    "workspace_id uuid, kind text, value text, contact_id uuid",
    plan.known.map((k, i) => ({ workspace_id: ws, kind: "user", value: `user-${i}`, contact_id: k.id })),
  );
  await insertJson(
    db,
    "campaigns",
    "workspace_id uuid, id uuid, name text, channel text, status text, utm_campaign text",
    plan.campaigns
      .filter((c) => c.known || side === "baseline")
      .map((c) => ({
        workspace_id: ws,
        id: c.id,
        name: c.name,
        channel: c.channel,
        status: "active",
        utm_campaign: c.utm,
      })),
  );
  await insertJson(
    db,
    "contact_identities",
    "workspace_id uuid, kind text, value text, contact_id uuid",
    plan.history.identities.map((h) => ({
      workspace_id: ws,
      kind: "anonymous",
      value: h.value,
      contact_id: h.contactId,
    })),
  );
  await copyTouches(database, url, plan.history.csvFile);
  let key: string | undefined;
  if (side === "ours") {
    key = `lsk_${ws.replaceAll("-", "")}${randomBytes(18).toString("base64url")}`;
    await db.execute(sql`insert into api_keys (workspace_id, id, name, kind, secret_hash, prefix)
      values (${ws}, ${newId()}, 'B1 bench', 'ingest', ${createHash("sha256").update(key).digest("hex")}, ${key.slice(0, 10)})`);
    // Live scoring on: an active model (the starter definition), every known contact scored up front.
    const modelId = newId();
    const versionId = newId();
    await db.execute(
      sql`insert into scoring_models (workspace_id, id, name) values (${ws}, ${modelId}, 'B1 lead score')`,
    );
    await db.execute(sql`insert into scoring_model_versions (workspace_id, id, model_id, version, status, definition, activated_at)
      values (${ws}, ${versionId}, ${modelId}, 1, 'active', ${JSON.stringify(STARTER_DEFINITION)}::jsonb, now())`);
    // Activation as the app does it: rescore, move who crossed the MQL condition, hand them off.
    const activatedAt = new Date();
    const { crossing } = await rescoreVersion(
      db,
      ws,
      { id: versionId, modelId, modelName: "B1 lead score", version: 1, definition: STARTER_DEFINITION },
      activatedAt,
    );
    await handOff(db, ws, await moveMqlCrossings(db, ws, [crossing], activatedAt), activatedAt);
  } else {
    await insertJson(
      db,
      "contacts",
      contactColumns,
      plan.newContacts.map((c) => ({
        workspace_id: ws,
        id: c.id,
        email: c.email,
        first_name: c.firstName,
        last_name: c.lastName,
        account_id: c.accountId,
        lifecycle_stage: "lead",
        source: "tracking",
      })),
    );
  }
  await db.execute(sql`analyze`);
  return key;
}

// ---------------------------------------------------------------- checks

const AT = `to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Over the touches sent in the run (not the history): count, the checksum of what was sent, and
 * one over every stored field (by value, not by id).
 */
const VERIFY_SQL = (workspaceId: string) =>
  sql.raw(`
  select count(*)::int as touches,
    count(t.contact_id)::int as attributed,
    md5(string_agg(t.external_id || '|' || t.type || '|' || ${AT}, E'\\n' order by t.external_id collate "C")) as sent,
    md5(string_agg(md5(concat_ws('|', t.external_id, t.type, t.team, ${AT}, quote_nullable(t.channel),
      quote_nullable(t.anonymous_id), quote_nullable(c.email), quote_nullable(a.domain),
      quote_nullable(cp.utm_campaign), t.properties::text, t.source)), '' order by t.external_id collate "C")) as stored
  from touches t
  left join contacts c on c.workspace_id = t.workspace_id and c.id = t.contact_id
  left join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
  left join campaigns cp on cp.workspace_id = t.workspace_id and cp.id = t.campaign_id
  where t.workspace_id = '${workspaceId}' and t.external_id like 'b1-%'`);

interface Verified {
  touches: number;
  attributed: number;
  sent: string;
  stored: string;
}

async function verify(db: Database["db"], plan: Plan): Promise<Verified> {
  const [row] = await queryRows<Verified>(db, VERIFY_SQL(plan.workspaceId));
  return row;
}

// ---------------------------------------------------------------- ours: the API

interface OursRun {
  ms: number;
  requests: number;
  resent: number;
  failedAttempts: number;
  accepted: number;
  rejected: number;
  serverCpu: number;
  postgresCpu: number;
  clientCpu: number;
  verified: Verified;
  contacts: number;
  identities: number;
  campaigns: number;
}

function post(agent: http.Agent, port: number, auth: string, body: Buffer) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/v1/batch",
        headers: { authorization: auth, "content-type": "application/json", "content-length": body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends every connection's requests in order, 4 at a time; 5xx and network errors are retried as Segment clients do. */
async function sendAll(plan: Plan, port: number, key: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const auth = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
  const totals = { requests: 0, resent: 0, failedAttempts: 0, accepted: 0, rejected: 0 };
  const failures: string[] = [];
  const sendOne = async (body: Buffer) => {
    for (let attempt = 1; ; attempt++) {
      totals.requests++;
      let outcome: { status: number; text: string } | Error;
      try {
        outcome = await post(agent, port, auth, body);
      } catch (error) {
        outcome = error as Error;
      }
      if (!(outcome instanceof Error) && outcome.status === 200) {
        const result = JSON.parse(outcome.text) as { accepted: number; rejected: unknown[] };
        totals.accepted += result.accepted;
        totals.rejected += result.rejected.length;
        return;
      }
      totals.failedAttempts++;
      const what =
        outcome instanceof Error ? outcome.message : `${outcome.status} ${outcome.text.slice(0, 300)}`;
      if (failures.length < 5) failures.push(what);
      if ((!(outcome instanceof Error) && outcome.status < 500) || attempt >= 8)
        throw new Error(`POST /v1/batch failed: ${what}`);
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  };
  try {
    await Promise.all(
      plan.requests.map(async (requests) => {
        for (const request of requests) {
          await sendOne(request.body);
          if (request.resend) {
            totals.resent++;
            await sendOne(request.body);
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  if (failures.length > 0) log(`  retried after: ${failures.join("; ")}`);
  return totals;
}

async function measureOurs(ctx: BenchContext, plan: Plan, dir: string, rep: number): Promise<OursRun> {
  const dataDir = path.join(dir, `ours-${rep}`);
  const db = ctx.engine === "postgres" ? await createDatabase(ctx, `b1_ours${rep}`) : undefined;
  const open = () => openDatabase(db ? { url: db.url } : { dataDir: path.join(dataDir, "pglite") });
  try {
    let database = await open();
    await database.migrate();
    const key = (await setUp(database, plan, "ours", db?.url)) as string;
    await database.close();

    const port = await freePort();
    const server = spawnNode(ctx, "lockstep serve", [cliEntry, "serve"], {
      LOCKSTEP_DATA_DIR: dataDir,
      DATABASE_URL: db?.url,
      LOG_LEVEL: "warn",
      LOCKSTEP_SEED_DEMO: "false",
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    let sent: Awaited<ReturnType<typeof sendAll>>;
    let ms: number;
    let serverCpu: number;
    let postgresCpu: number;
    let clientCpu: number;
    try {
      await waitForHttp(`http://127.0.0.1:${port}/api/health`, server);
      log(
        `  ours: ${fmt.int(plan.touches)} touches in ${fmt.int(plan.requests.flat().length)} requests over ${CONNECTIONS} connections`,
      );
      const pgCpu = () => (db ? cpuSecondsOfPostgres(db.name) : 0);
      const cpu0 = { server: cpuSecondsOfPid(server.pid) ?? 0, pg: pgCpu(), client: process.cpuUsage() };
      const started = performance.now();
      sent = await sendAll(plan, port, key);
      // Live scoring is part of the work: the clock stops when the scoring worker has drained the queue.
      if (db) await waitForEmptyScoreQueue(db.url);
      ms = performance.now() - started;
      serverCpu = (cpuSecondsOfPid(server.pid) ?? 0) - cpu0.server;
      postgresCpu = pgCpu() - cpu0.pg;
      const client = process.cpuUsage(cpu0.client);
      clientCpu = (client.user + client.system) / 1e6;
    } finally {
      await server.stop();
    }
    log(
      `  ours: ${fmt.int(plan.touches / (ms / 1000))} touches/s (${fmt.s(ms)}), ${sent.failedAttempts} failed attempts retried`,
    );

    database = await open();
    try {
      const verified = await verify(database.db, plan);
      const [counts] = await queryRows<{ contacts: number; identities: number; campaigns: number }>(
        database.db,
        sql`select (select count(*)::int from contacts where workspace_id = ${plan.workspaceId}) as contacts,
          (select count(*)::int from contact_identities where workspace_id = ${plan.workspaceId}) as identities,
          (select count(*)::int from campaigns where workspace_id = ${plan.workspaceId}) as campaigns`,
      );
      return { ms, ...sent, serverCpu, postgresCpu, clientCpu, verified, ...counts };
    } finally {
      await database.close();
    }
  } finally {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- baseline: COPY

interface BaselineRun {
  ms: number;
  postgresCpu: number;
  verified: Verified;
}

async function measureBaseline(
  ctx: BenchContext,
  plan: Plan,
  dir: string,
  rep: number,
): Promise<BaselineRun> {
  const dataDir = path.join(dir, `baseline-${rep}`);
  const db = ctx.engine === "postgres" ? await createDatabase(ctx, `b1_base${rep}`) : undefined;
  const database = await openDatabase(db ? { url: db.url } : { dataDir });
  try {
    await database.migrate();
    await setUp(database, plan, "baseline", db?.url);
    const copy = `copy touches (${TOUCH_COLUMNS.join(", ")}) from %s with (format csv)`;
    let run: (statement: string) => Promise<unknown>;
    let load: () => Promise<unknown>;
    let client: pg.Client | undefined;
    if (db) {
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const c = client;
      run = (statement) => c.query(statement);
      load = () =>
        copyFromStdin(
          c,
          copy.replace("%s", "stdin"),
          createReadStream(plan.csvFile, { highWaterMark: 256 * 1024 }),
        );
    } else {
      const lite = database.pglite!;
      run = (statement) => lite.query(statement);
      // PGlite reads COPY input from a blob mounted at /dev/blob.
      const blob = await openAsBlob(plan.csvFile);
      load = () => lite.query(copy.replace("%s", "'/dev/blob'"), [], { blob });
    }
    try {
      const pgCpu = () => (db ? cpuSecondsOfPostgres(db.name) : 0);
      const pg0 = pgCpu();
      const started = performance.now();
      await run("begin");
      await load();
      await run("commit");
      const ms = performance.now() - started;
      const postgresCpu = pgCpu() - pg0;
      log(`  baseline COPY: ${fmt.int(plan.touches / (ms / 1000))} rows/s (${fmt.s(ms)})`);
      return { ms, postgresCpu, verified: await verify(database.db, plan) };
    } finally {
      await client?.end();
    }
  } finally {
    await database.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the run

export async function runB1(ctx: BenchContext): Promise<ResultRow[]> {
  const touches = B1_TOUCHES[ctx.scale];
  const { dir, remove } = tempDir(ctx, "b1");
  try {
    log(`B1 ingest: planning ${fmt.int(touches)} touches on ${ctx.engine}`);
    const plan = planWorkload(touches, dir);
    log(
      `  planned ${fmt.int(plan.events)} events (${fmt.int(plan.identifies)} identifies) in ${fmt.int(plan.requests.flat().length)} requests, ` +
        `${(plan.bytes / 1e6).toFixed(0)} MB of JSON, in ${fmt.s(plan.generateMs)}`,
    );
    const ours: OursRun[] = [];
    const baseline: BaselineRun[] = [];
    for (let rep = 0; rep < ctx.repeat; rep++) {
      if (ctx.repeat > 1) log(`  repetition ${rep + 1} of ${ctx.repeat}`);
      ours.push(await measureOurs(ctx, plan, dir, rep));
      baseline.push(await measureBaseline(ctx, plan, dir, rep));
    }
    return toRows(ctx, plan, ours, baseline);
  } finally {
    await remove();
  }
}

function toRows(
  ctx: BenchContext,
  plan: Plan,
  oursRuns: OursRun[],
  baselineRuns: BaselineRun[],
): ResultRow[] {
  const ours = oursRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
  const baseline = baselineRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
  const rate = (ms: number) => plan.touches / (ms / 1000);
  const ratio = rate(ours.ms) / rate(baseline.ms);
  const base = { engine: ctx.engine, scale: ctx.scale };

  const problems: string[] = [];
  for (const [i, run] of oursRuns.entries()) {
    const label = oursRuns.length > 1 ? ` (run ${i + 1})` : "";
    const b = baselineRuns[i].verified;
    if (run.verified.touches !== plan.touches)
      problems.push(`ours${label} stored ${run.verified.touches} touches, ${plan.touches} sent`);
    if (run.verified.sent !== plan.sentChecksum)
      problems.push(`ours${label}: checksum differs from what was sent`);
    if (run.verified.stored !== b.stored)
      problems.push(
        `ours${label}: stored touches differ from the baseline's (contact, account, campaign or properties)`,
      );
    if (run.rejected > 0) problems.push(`ours${label} rejected ${run.rejected} events`);
    if (b.touches !== plan.touches || b.sent !== plan.sentChecksum)
      problems.push(`baseline${label}: count or checksum differs from what was sent`);
  }
  const check = problems.length > 0 ? ` CHECK FAILED: ${problems.join("; ")}.` : "";
  const times = (runs: { ms: number }[]) => runs.map((r) => (r.ms / 1000).toFixed(1)).join("/");
  const spread =
    oursRuns.length > 1
      ? ` Best of ${oursRuns.length} (s): ours ${times(oursRuns)}, baseline ${times(baselineRuns)}.`
      : "";
  const cpu =
    ctx.engine === "postgres"
      ? `CPU during ours: server ${ours.serverCpu.toFixed(0)} s, PostgreSQL ${ours.postgresCpu.toFixed(0)} s, client ${ours.clientCpu.toFixed(0)} s over ${fmt.s(ours.ms)} on 2 cores; COPY: PostgreSQL ${baseline.postgresCpu.toFixed(0)} s`
      : `CPU during ours: server with PGlite ${ours.serverCpu.toFixed(0)} s, client ${ours.clientCpu.toFixed(0)} s over ${fmt.s(ours.ms)} on 2 cores`;
  const workload =
    `${fmt.int(plan.touches)} touches + ${fmt.int(plan.identifies)} identifies in ${fmt.int(plan.requests.flat().length)} requests ` +
    `(${fmt.int(ours.resent)} sent twice, ${ours.failedAttempts} failed attempts retried), ` +
    `${fmt.int(plan.visitorTouches)} from ${fmt.int(plan.visitors)} new visitors of whom ${fmt.int(plan.identifiedVisitors)} identify, ` +
    `${fmt.int(plan.returningTouches)} from returning identified visitors (anonymousId only), the rest from ${fmt.int(plan.known.length)} known users; ` +
    `the workspace starts with ${fmt.int(plan.history.touches)} touches and ${fmt.int(plan.history.identities.length)} visitor identities of history (both sides)`;
  const summary = (v: Verified) =>
    `${fmt.int(v.touches)} touches, md5 ${v.sent.slice(0, 8)}, ${fmt.int(v.attributed)} on a contact`;
  const lossless = problems.length === 0;
  return [
    {
      ...base,
      workload: "B1 ingest /v1/batch touches/s",
      ours: `${fmt.int(rate(ours.ms))} touches/s (${fmt.s(ours.ms)})`,
      baseline: `${fmt.int(rate(baseline.ms))} rows/s (${fmt.s(baseline.ms)}, COPY${ctx.engine === "pglite" ? " from /dev/blob" : " from stdin"})`,
      ratio: fmt.ratio(ratio),
      target: ">= 0.33",
      met: ratio >= 1 / 3 && lossless ? "yes" : "no",
      note: `${workload}. ${cpu}.${spread}${check}`,
    },
    {
      ...base,
      workload: "B1 ingest, nothing lost",
      ours: summary(ours.verified),
      baseline: summary(baseline.verified),
      ratio: "-",
      target: `count and md5 = sent (${fmt.int(plan.touches)}, ${plan.sentChecksum.slice(0, 8)})`,
      met: lossless ? "yes" : "no",
      note:
        `count and md5 over messageId|type|occurred_at match what was sent on both sides, and an md5 over every stored field ` +
        `(contact e-mail, account domain, campaign utm, channel, anonymous id, properties) matches between ours and the baseline` +
        `${lossless ? "" : " -- NOT"}; ours ended with ${fmt.int(ours.contacts)} contacts, ${fmt.int(ours.identities)} identities, ${ours.campaigns} campaigns.${check}`,
    },
  ];
}
