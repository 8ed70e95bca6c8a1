// Hostile-input fuzzing of every route that takes a JSON body or a query string, generated from the
// OpenAPI document: a valid-looking input built from the route's schema, then one hostile change
// (a wrong type, a missing field, a 100k-character string, 200+ levels of nesting, NUL bytes, lone
// surrogates, RTL and emoji, SQL and HTML injection, numbers out of range, extra properties, broken
// JSON). Every answer must be below 500; every 4xx must have the API's error shape and leave every
// table's row count as it was; every 2xx must store text exactly as sent (read back from the API).
//
// FUZZ_RUNS (default 25) sets the cases per route, FUZZ_SEED the seed (fixed, so a failure repeats),
// FUZZ_ROUTE a substring of "METHOD /path" to fuzz only matching routes, FUZZ_STATS=1 prints the
// answers per route, FUZZ_DEBUG=1 prints valid-looking inputs that were refused (to improve the
// generators: a route that refuses everything is fuzzed only at its door).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { normalizeDomain } from "../shared/accounts.js";
import { STARTER_DEFINITION } from "../shared/scoring.js";
import { STARTER_SLA_TERMS } from "../shared/sla.js";
import { buildApp } from "./app.js";
import { queryRows } from "./db/client.js";
import {
  createWorkspaceRow,
  joinWorkspace,
  openTestDatabase,
  signUp,
  type TestMember,
  type TestUser,
  wipeWorkspaces,
} from "./testing/harness.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const ONLY = process.env.FUZZ_ROUTE;
const STATS = process.env.FUZZ_STATS === "1";

// ---------------------------------------------------------------------------------------------------
// The app under test and its OpenAPI document (read at collection time: one test per route).

const database = await openTestDatabase();
const app = await buildApp({
  db: database.db,
  auth: { secret: "test-secret-test-secret-test-secret", rateLimit: false },
  webRoot: null,
  // No background workers: every row count change comes from the request being checked.
  scoreWorker: false,
  slaWorker: false,
  deliveryWorker: false,
  goalsWorker: false,
});
const openapi = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json() as OpenApi;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  $ref?: string;
}
interface Parameter {
  in: "query" | "path" | "header";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop()!;
    return resolve(openapi.components?.schemas?.[name]);
  }
  if (schema.allOf?.length) {
    const merged: JsonSchema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf.map(resolve)) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return merged;
  }
  return schema;
}

interface Route {
  method: string;
  path: string;
  label: string;
  body?: JsonSchema;
  query: Parameter[];
  pathParams: Parameter[];
}

const routes: Route[] = [];
for (const [path, operations] of Object.entries(openapi.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    const body = operation.requestBody?.content["application/json"]?.schema;
    const query = (operation.parameters ?? []).filter((p) => p.in === "query");
    if (!body && query.length === 0) continue;
    const label = `${method.toUpperCase()} ${path}`;
    if (ONLY && !label.includes(ONLY)) continue;
    routes.push({
      method: method.toUpperCase(),
      path,
      label,
      body: body ? resolve(body) : undefined,
      query,
      pathParams: (operation.parameters ?? []).filter((p) => p.in === "path"),
    });
  }
}

const hasGet = (path: string) => Boolean(openapi.paths[path]?.get);

// ---------------------------------------------------------------------------------------------------
// Users, workspaces and one record of each kind (fresh for every route).

interface Cast {
  admin: TestMember;
  marketingLead: TestMember;
  salesLead: TestMember;
  rep: TestMember;
  outsider: TestMember;
}
let users: Record<keyof Cast, TestUser>;
let cast: Cast;
/** Ids of the current workspace's records, by kind ("accounts", "contacts", "members"...). */
let ids: Record<string, string> = {};
let writeKey = "";
let countQuery: ReturnType<typeof sql.raw>;

beforeAll(async () => {
  const names: Record<keyof Cast, string> = {
    admin: "Ada Admin",
    marketingLead: "Mia Marketing",
    salesLead: "Sam Sales",
    rep: "Rey Rep",
    outsider: "Otto Outsider",
  };
  const entries = [];
  for (const [key, name] of Object.entries(names)) entries.push([key, await signUp(app, name)] as const);
  users = Object.fromEntries(entries) as Record<keyof Cast, TestUser>;
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  countQuery = sql.raw(
    tables.map((t) => `select '${t.name}' as name, count(*)::int as n from "${t.name}"`).join(" union all "),
  );
});

afterAll(async () => {
  await app.close();
  await database.close();
});

async function api(member: TestMember, method: string, url: string, payload?: unknown) {
  const response = await app.inject({
    method: method as "POST",
    url,
    headers: member.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (response.statusCode >= 300) {
    throw new Error(
      `fixture ${method} ${url} answered ${response.statusCode}: ${response.body.slice(0, 500)}`,
    );
  }
  return response.json();
}

beforeEach(async () => {
  await wipeWorkspaces(database);
  const a = await createWorkspaceRow(database, "Acme");
  const b = await createWorkspaceRow(database, "Globex");
  cast = {
    admin: await joinWorkspace(database, users.admin, a, "revenue", "admin"),
    marketingLead: await joinWorkspace(database, users.marketingLead, a, "marketing", "lead"),
    salesLead: await joinWorkspace(database, users.salesLead, a, "sales", "lead"),
    rep: await joinWorkspace(database, users.rep, a, "sales", "member"),
    outsider: await joinWorkspace(database, users.outsider, b, "revenue", "admin"),
  };
  const { admin, marketingLead, rep } = cast;
  const account = await api(admin, "POST", "/api/accounts", { name: "Fixture Co", domain: "fixture-co.com" });
  const persona = await api(admin, "POST", "/api/personas", { name: "Head of Ops" });
  const segment = await api(admin, "POST", "/api/segments", { name: "EMEA mid-market" });
  const pod = await api(admin, "POST", "/api/pods", { name: "EMEA", memberIds: [rep.memberId] });
  const campaign = await api(admin, "POST", "/api/campaigns", {
    name: "Fixture launch",
    channel: "event",
    utmCampaign: "fixture-launch",
  });
  const contact = await api(admin, "POST", "/api/contacts", {
    email: "fixture@fixture-co.com",
    firstName: "Fix",
    // An MQL, so accepting and rejecting it get past the stage check.
    lifecycleStage: "mql",
    accountId: account.id,
    personaId: persona.id,
  });
  const opportunity = await api(admin, "POST", "/api/opportunities", {
    name: "Fixture deal",
    accountId: account.id,
    amount: 1000,
    closeDate: "2027-06-30",
  });
  const model = await api(marketingLead, "POST", "/api/scoring-models", { name: "Core" });
  await api(marketingLead, "POST", "/api/sla/versions", { note: "First" });
  const key = await api(admin, "POST", "/api/write-keys", { name: "Website" });
  const webhook = await api(admin, "POST", "/api/webhooks", {
    name: "Alerts",
    url: "https://hooks.example.com/lockstep",
  });
  const ask = await api(rep, "POST", "/api/content-requests", { title: "ROI calculator", need: "Payback" });
  const asset = await api(marketingLead, "POST", "/api/assets", {
    kind: "case_study",
    title: "Fixture story",
    url: "https://example.com/story",
  });
  const invitation = await api(admin, "POST", "/api/invitations", {
    email: "invitee@example.com",
    team: "sales",
  });
  const imported = await app.inject({
    method: "POST",
    url: "/api/imports/contacts?dryRun=true",
    headers: { ...admin.headers, "content-type": "text/csv" },
    payload: "email\nimported@fixture-co.com\n",
  });
  const meeting = await api(marketingLead, "POST", "/api/meetings", {
    title: "Fixture sync",
    cadence: "weekly",
    weekday: 1,
    startTime: "10:00",
    durationMinutes: 30,
    attendeeIds: [marketingLead.memberId, rep.memberId],
  });
  const enablement = await api(rep, "POST", "/api/enablement", {
    kind: "shadowing",
    title: "Fixture shadowing",
    hostTeam: "marketing",
    scheduledOn: "2026-11-10",
    participantIds: [rep.memberId],
  });
  const floor = await api(marketingLead, "POST", "/api/seating/floors", {
    name: "Fixture floor",
    areas: [{ label: "Table 1", kind: "table", seats: 6 }],
  });
  const plan = await api(marketingLead, "POST", `/api/seating/floors/${floor.id}/plans`, {});
  writeKey = key.key ?? key.secret ?? key.writeKey ?? "";
  ids = {
    accounts: account.id,
    contacts: contact.id,
    campaigns: campaign.id,
    opportunities: opportunity.id,
    personas: persona.id,
    segments: segment.id,
    pods: pod.id,
    "scoring-models": model.id,
    "write-keys": key.id,
    "api-keys": key.id,
    webhooks: webhook.id,
    "content-requests": ask.id,
    assets: asset.id,
    invitations: invitation.id,
    imports: imported.json().id,
    members: rep.memberId,
    notifications: randomUUID(),
    meetings: meeting.id,
    "meeting-occurrences": meeting.next.id,
    enablement: enablement.id,
    floors: floor.id,
    plans: plan.id,
  };
});

/** The id a field or path segment most likely refers to: accountId -> the account, and so on. */
function idForName(name: string): string | undefined {
  const base = name
    .replace(/Ids?$/, "")
    .replace(/^(source|owner|target|from|to|assignee|against)(?=[A-Z])/, "")
    .toLowerCase();
  const table: Record<string, string> = {
    account: "accounts",
    contact: "contacts",
    campaign: "campaigns",
    opportunity: "opportunities",
    persona: "personas",
    segment: "segments",
    pod: "pods",
    model: "scoring-models",
    member: "members",
    webhook: "webhooks",
    invitation: "invitations",
  };
  const kind = table[base];
  return kind ? ids[kind] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Valid-looking values from a schema.

const GOOD_TEXT = [
  "Ada Lovelace",
  "O'Brien & Söhne GmbH",
  "<b>bold</b> & <i>brave</i>",
  "<script>alert(1)</script>",
  "' or 1=1 --",
  "'; drop table contacts; --",
  "Robert'); DROP TABLE students;--",
  "😀 launch 🚀",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "\u202eevil\u202c",
  "مرحبا بالعالم",
  "עברית",
  "日本語のテキスト",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "zero\u200bwidth\u200d\ufeff",
  "line\nbreak\r\ttab",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent literally
  "%s%n{{7*7}}${7*7}",
  "\\x00 \\u0000 \\",
];

function samplesFor(name: string): string[] | undefined {
  const lower = name.toLowerCase();
  if (lower === "confirm") return ["fixture@fixture-co.com"];
  if (lower.includes("timezone")) return ["Europe/Berlin", "America/New_York", "UTC"];
  if (lower.includes("domain")) return ["fuzz-co.com", "example.org"];
  if (lower.includes("email")) return ["fuzz@fuzz-co.com", "someone@example.org"];
  if (lower === "url" || lower.endsWith("url")) return ["https://hooks.example.com/fuzz"];
  if (lower.includes("currency")) return ["USD", "EUR"];
  if (lower === "country") return ["US", "DE", "Deutschland"];
  return undefined;
}

function stringArb(schema: JsonSchema, name: string): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, 60);
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  if (schema.format === "uuid") {
    const id = idForName(name);
    return id ? fc.constant(id) : fc.uuid();
  }
  if (schema.format === "email") return fc.constantFrom("fuzz@fuzz-co.com", "o'brien+tag@example.org");
  if (schema.format === "date") {
    if (name === "from" || name === "since") return fc.constantFrom("2026-01-01", "2026-03-31");
    if (name === "to") return fc.constantFrom("2026-06-30", "2026-12-31");
    return fc.constantFrom("2026-03-31", "2027-01-01", "2026-12-15");
  }
  if (schema.format === "date-time")
    return fc.constantFrom("2026-03-31T09:30:00.000Z", new Date().toISOString());
  if (schema.format === "uri" || schema.format === "url")
    return fc.constant("https://hooks.example.com/fuzz");
  const samples = samplesFor(name)?.filter(fits);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const matching = samples?.filter((s) => pattern.test(s));
    if (matching?.length) return fc.constantFrom(...matching);
    return fc.stringMatching(pattern).filter(fits);
  }
  if (samples?.length) return fc.constantFrom(...samples);
  const text = GOOD_TEXT.filter(fits);
  const generated = fc.string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, max) });
  return text.length ? fc.oneof(fc.constantFrom(...text), generated) : generated;
}

function numberArb(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  let min = schema.minimum ?? -1000;
  let max = schema.maximum ?? 1_000_000;
  if (typeof schema.exclusiveMinimum === "number") min = schema.exclusiveMinimum;
  if (typeof schema.exclusiveMaximum === "number") max = schema.exclusiveMaximum;
  const step = integer ? 1 : 0.5;
  if (schema.exclusiveMinimum !== undefined && schema.exclusiveMinimum !== false) min += step;
  if (schema.exclusiveMaximum !== undefined && schema.exclusiveMaximum !== false) max -= step;
  min = Math.max(min, -1_000_000);
  max = Math.min(max, 1_000_000_000);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
  return fc.integer({ min: Math.ceil(min * 2), max: Math.floor(max * 2) }).map((n) => n / 2);
}

const jsonLeaf = fc.oneof(
  fc.constantFrom(...GOOD_TEXT),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);
const smallJson = fc.oneof(
  { arbitrary: jsonLeaf, weight: 3 },
  fc.array(jsonLeaf, { maxLength: 3 }),
  fc.dictionary(fc.string({ unit: "grapheme", maxLength: 10 }), jsonLeaf, { maxKeys: 3 }),
);

function typeOf(schema: JsonSchema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== "null") : [schema.type];
  if (types[0]) return types[0];
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return undefined;
}

/** Fields whose valid values are too intricate to generate: start from a known good one. */
const NAMED_EXAMPLES: Record<string, unknown> = {
  definition: STARTER_DEFINITION,
  terms: STARTER_SLA_TERMS,
};

function valueArb(input: JsonSchema | undefined, name = "", depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (name in NAMED_EXAMPLES && depth === 1) {
    return fc.oneof(
      { arbitrary: fc.constant(structuredClone(NAMED_EXAMPLES[name])), weight: 4 },
      { arbitrary: valueArb({ ...schema }, `${name} `, depth), weight: 1 },
    );
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) {
    const real = variants.map(resolve).filter((v) => typeOf(v) !== "null");
    return fc.oneof(...real.map((v) => valueArb(v, name, depth)));
  }
  let arb: fc.Arbitrary<unknown>;
  if (schema.const !== undefined) arb = fc.constant(schema.const);
  else if (schema.enum?.length) arb = fc.constantFrom(...schema.enum);
  else {
    switch (typeOf(schema)) {
      case "string":
        arb = stringArb(schema, name);
        break;
      case "integer":
        arb = name === "version" ? fc.constant(1) : numberArb(schema, true);
        break;
      case "number":
        arb = numberArb(schema, false);
        break;
      case "boolean":
        arb = fc.boolean();
        break;
      case "array": {
        const itemName = name.replace(/s$/, "");
        const items = resolve(schema.items);
        const sizes = {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        };
        // Lists of ids or names: without repeats (a list naming one member twice is refused, rightly).
        arb =
          typeOf(items) === "string" || typeOf(items) === "integer"
            ? fc.uniqueArray(valueArb(items, itemName, depth + 1), sizes)
            : fc.array(valueArb(items, itemName, depth + 1), sizes);
        break;
      }
      case "object": {
        const properties = schema.properties ?? {};
        const required = schema.required ?? [];
        if (Object.keys(properties).length === 0) {
          arb =
            depth > 3
              ? fc.constant({})
              : fc.dictionary(
                  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
                  typeof schema.additionalProperties === "object" &&
                    Object.keys(schema.additionalProperties).length > 0
                    ? valueArb(schema.additionalProperties, "", depth + 1)
                    : smallJson,
                  { maxKeys: 3 },
                );
          break;
        }
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, sub] of Object.entries(properties)) shape[key] = valueArb(sub, key, depth + 1);
        arb = fc.record(shape, { requiredKeys: required.filter((k) => k in shape) });
        break;
      }
      default:
        arb = depth > 3 ? jsonLeaf : smallJson;
    }
  }
  return schema.nullable ? fc.option(arb, { nil: null, freq: 6 }) : arb;
}

// ---------------------------------------------------------------------------------------------------
// Hostile values.

/**
 * Arrays or objects nested `depth` levels deep. Kept as a marker and written out as JSON text only
 * when sent: recursive code (fast-check printing a counterexample) would overflow the stack on it.
 */
class Deep {
  constructor(
    readonly depth: number,
    readonly kind: "array" | "object",
  ) {}
  toJsonText() {
    return this.kind === "array"
      ? `${"[".repeat(this.depth)}"bottom"${"]".repeat(this.depth)}`
      : `${'{"a":'.repeat(this.depth)}"bottom"${"}".repeat(this.depth)}`;
  }
  [fc.toStringMethod]() {
    return `<${this.depth} nested ${this.kind}s>`;
  }
}

/** JSON.stringify that writes Deep markers out (values here are shallow apart from those). */
function toJsonText(value: unknown): string | undefined {
  if (value instanceof Deep) return value.toJsonText();
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v) ?? "null").join(",")}]`;
  if (value && typeof value === "object") {
    const parts: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      const text = toJsonText(v);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value);
}

const HOSTILE_STRINGS = [
  "' or 1=1 --",
  "'; drop table contacts; --",
  '"; drop table accounts; --',
  "1); select pg_sleep(10); --",
  "%' or '%'='",
  "\\",
  "$$; select 1; $$",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "{{constructor.constructor('alert(1)')()}}",
  "../../../../etc/passwd",
  "\u0000",
  "name\u0000with nul",
  "\ud800",
  "lone \udfff low",
  "x\ud83dy",
  "😀👩‍👩‍👧‍👦🏳️‍🌈",
  "\u202eevil\u202c",
  "مرحبا بالعالم",
  "\u200b\u200d\ufeff",
  "\r\nSet-Cookie: a=b",
  " \t\n ",
  "",
  "null",
  "NaN",
  "Infinity",
  "-1",
  "1e308",
  "2026-02-30",
  "00000000-0000-0000-0000-000000000000",
  "__proto__",
  "A".repeat(1000),
];
const HUGE_STRINGS = ["a".repeat(100_000), "😀".repeat(50_000), "'".repeat(100_000), "<".repeat(100_000)];
const ODD_NUMBERS: unknown[] = [
  "NaN",
  "Infinity",
  "-Infinity",
  1e308,
  -1e308,
  -1,
  0,
  1.5,
  -0.5,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e-320,
  "1e3",
  "0x10",
  " 7 ",
];
const WRONG_TYPES: unknown[] = [null, true, false, 0, 42.5, "", "text", [], [1, "a"], {}, { a: 1 }];
const DEEP_VALUES = [
  new Deep(200, "array"),
  new Deep(200, "object"),
  new Deep(3000, "array"),
  new Deep(3000, "object"),
];

type Path = (string | number)[];
interface Target {
  path: Path;
  schema: JsonSchema;
  required: boolean;
}

/** Every place in a body a change can aim at (properties to a few levels, first array items). */
function targetsOf(schema: JsonSchema, path: Path = [], depth = 0): Target[] {
  const s = resolve(schema);
  const targets: Target[] = [];
  if (depth > 4) return targets;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    for (const v of variants) targets.push(...targetsOf(v, path, depth));
    return targets;
  }
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    const required = s.required?.includes(key) ?? false;
    targets.push({ path: [...path, key], schema: resolve(sub), required });
    targets.push(...targetsOf(sub, [...path, key], depth + 1));
  }
  if (s.items) {
    targets.push({ path: [...path, 0], schema: resolve(s.items), required: false });
    targets.push(...targetsOf(s.items, [...path, 0], depth + 1));
  }
  return targets;
}

type Change =
  | { kind: "none" }
  | { kind: "set"; label: string; target: Target; value: unknown }
  | { kind: "remove"; target: Target }
  | { kind: "extra"; key: string; value: unknown }
  | { kind: "whole"; value: unknown }
  | { kind: "raw"; text: string | Buffer };

/** Text the database cannot store as sent (must be refused) or stores only with care. */
const UNICODE_EDGES = [
  "\u0000",
  "before\u0000after",
  "\ud800",
  "lone \udfff low",
  "x\ud83dy",
  "\ufeffbom",
  "\u202eevil\u202c",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "\u2028\u2029",
  "\uffff\ufffe",
  "\u{10ffff}",
];

const isFreeText = (schema: JsonSchema) =>
  typeOf(schema) === "string" && !schema.enum && !schema.format && !schema.pattern;

function valueChanges(target: Target): fc.Arbitrary<Change> {
  const set = (label: string, values: fc.Arbitrary<unknown>) =>
    values.map((value): Change => ({ kind: "set", label, target, value }));
  const type = typeOf(target.schema);
  const options: { arbitrary: fc.Arbitrary<Change>; weight: number }[] = [
    { arbitrary: set("wrong type", fc.constantFrom(...WRONG_TYPES)), weight: 2 },
    { arbitrary: set("hostile text", fc.constantFrom(...HOSTILE_STRINGS)), weight: 2 },
    {
      arbitrary: set("unicode edge", fc.constantFrom(...UNICODE_EDGES)),
      weight: isFreeText(target.schema) ? 4 : 1,
    },
    { arbitrary: set("any unicode", fc.string({ unit: "binary", maxLength: 40 })), weight: 1 },
    { arbitrary: set("huge text", fc.constantFrom(...HUGE_STRINGS)), weight: 1 },
    { arbitrary: set("deep nesting", fc.constantFrom(...DEEP_VALUES)), weight: 1 },
  ];
  if (type === "number" || type === "integer")
    options.push({ arbitrary: set("odd number", fc.constantFrom(...ODD_NUMBERS)), weight: 3 });
  if (type === "array")
    options.push({
      arbitrary: set("huge array", fc.constant(Array.from({ length: 20_000 }, () => "x"))),
      weight: 1,
    });
  return fc.oneof(...options);
}

const EXTRA_KEYS = [
  "workspaceId",
  "id",
  "createdAt",
  "role",
  "isAdmin",
  "deletedAt",
  "constructor",
  "<b>x</b>",
  "",
];

function bodyChanges(schema: JsonSchema, extraTargets: Target[] = []): fc.Arbitrary<Change> {
  const targets = [...targetsOf(schema), ...extraTargets];
  const requiredTargets = targets.filter((t) => t.required);
  const options: { arbitrary: fc.Arbitrary<Change>; weight: number }[] = [
    { arbitrary: fc.constant<Change>({ kind: "none" }), weight: 2 },
    {
      arbitrary: fc.record({
        kind: fc.constant("extra" as const),
        key: fc.constantFrom(...EXTRA_KEYS),
        value: fc.constantFrom<unknown>(randomUUID(), "admin", true, { prototype: { polluted: true } }, "x"),
      }),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom<unknown>(
          null,
          [],
          "text",
          42,
          true,
          new Deep(5000, "array"),
          new Deep(100_000, "array"),
        )
        .map((value): Change => ({ kind: "whole", value })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom<string | Buffer>(
          "{",
          '{"name": ',
          "not json",
          '{"__proto__": {"polluted": true}}',
          '{"constructor": {"prototype": {"polluted": true}}}',
          "\ufeff{}",
          '{"a": 1, "a": 2}',
          Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
          "",
        )
        .map((text): Change => ({ kind: "raw", text })),
      weight: 1,
    },
  ];
  if (targets.length > 0)
    options.push({ arbitrary: fc.constantFrom(...targets).chain(valueChanges), weight: 5 });
  // Free text is where hostile strings get past validation and into the database: aim there more.
  const textTargets = targets.filter((t) => isFreeText(t.schema));
  if (textTargets.length > 0)
    options.push({ arbitrary: fc.constantFrom(...textTargets).chain(valueChanges), weight: 4 });
  if (requiredTargets.length > 0)
    options.push({
      arbitrary: fc.constantFrom(...requiredTargets).map((target): Change => ({ kind: "remove", target })),
      weight: 2,
    });
  return fc.oneof(...options);
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (
    typeof head === "number"
      ? Array.isArray(root)
        ? [...root]
        : []
      : root && typeof root === "object" && !Array.isArray(root)
        ? { ...root }
        : {}
  ) as Record<string | number, unknown>;
  if (rest.length === 0 && remove) {
    if (Array.isArray(container)) container.splice(head as number, 1);
    else delete container[head];
  } else {
    container[head] = setAt(container[head], rest, value, remove);
  }
  return container;
}

function applyChange(base: unknown, change: Change): { json?: unknown; raw?: string | Buffer } {
  switch (change.kind) {
    case "none":
      return { json: base };
    case "set":
      return { json: setAt(base, change.target.path, change.value) };
    case "remove":
      return { json: setAt(base, change.target.path, undefined, true) };
    case "extra":
      return {
        json:
          base && typeof base === "object" && !Array.isArray(base)
            ? { ...base, [change.key]: change.value }
            : base,
      };
    case "whole":
      return { json: change.value };
    case "raw":
      return { raw: change.text };
  }
}

// ---------------------------------------------------------------------------------------------------
// Query strings.

/** Percent-encodes like encodeURIComponent, but lone surrogates become their (invalid) UTF-8 bytes. */
function encode(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(char);
  }
  return out;
}

type QueryPairs = [string, string][];

function queryArb(params: Parameter[]): fc.Arbitrary<{ pairs: QueryPairs; label: string }> {
  const base = fc.tuple(
    ...params.map((p) =>
      // A cursor is only valid as the API gave it out: left out of valid queries (fuzzed as a change).
      p.name === "cursor"
        ? fc.constant(undefined)
        : fc.option(
            valueArb(p.schema, p.name).map((v) => String(v)),
            { nil: undefined, freq: p.required ? 1_000_000 : 2 },
          ),
    ),
  );
  const change = fc.oneof(
    { arbitrary: fc.constant({ kind: "none" as const, param: "", value: "" }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom(
          "hostile" as const,
          "huge" as const,
          "odd" as const,
          "repeat" as const,
          "wrong" as const,
        ),
        param: fc.constantFrom(...params.map((p) => p.name)),
        value: fc.oneof(
          fc.constantFrom(...HOSTILE_STRINGS, ...ODD_NUMBERS.map(String)),
          fc.string({ unit: "binary", maxLength: 30 }),
        ),
      }),
      weight: 6,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("extra" as const),
        param: fc.constantFrom("__proto__", "constructor", "workspaceId", "q[]", "limit[$gt]", "\u0000"),
        value: fc.constantFrom(...HOSTILE_STRINGS),
      }),
      weight: 1,
    },
  );
  return fc.tuple(base, change, fc.constantFrom(...HUGE_STRINGS)).map(([values, c, huge]) => {
    const pairs: QueryPairs = [];
    params.forEach((p, i) => {
      if (values[i] !== undefined && p.name !== c.param) pairs.push([p.name, values[i]]);
    });
    const current = values[params.findIndex((p) => p.name === c.param)] ?? "1";
    switch (c.kind) {
      case "none":
        break;
      case "hostile":
      case "odd":
        pairs.push([c.param, c.value]);
        break;
      case "huge":
        pairs.push([c.param, huge]);
        break;
      case "repeat":
        pairs.push([c.param, current], [c.param, c.value]);
        break;
      case "wrong":
        pairs.push([c.param, JSON.stringify({ a: c.value })]);
        break;
      case "extra":
        if (current !== undefined && params.some((p) => p.name === c.param)) pairs.push([c.param, current]);
        pairs.push([c.param, c.value]);
        break;
    }
    return { pairs, label: c.kind === "none" ? "valid query" : `${c.kind} ${c.param}` };
  });
}

// ---------------------------------------------------------------------------------------------------
// The checks.

async function rowCounts(): Promise<Record<string, number>> {
  const rows = await queryRows<{ name: string; n: number }>(database.db, countQuery);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

function changedCounts(before: Record<string, number>, after: Record<string, number>) {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${before[k]} -> ${after[k]}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === "object" && !Array.isArray(v);

/** Stored text may be trimmed, lower-cased (emails, domains) or normalised (domains); nothing else. */
function sameText(sent: string, stored: string, key: string): boolean {
  if (stored === sent) return true;
  const trimmed = sent.trim();
  if (stored === trimmed || stored.toLowerCase() === trimmed.toLowerCase()) return true;
  if (/domain/i.test(key) && stored === normalizeDomain(sent)) return true;
  return false;
}

/**
 * Strings sent that came back different (what the API answers is what it stored). Only fields the
 * schema declares are compared (extra properties are dropped by validation, by design).
 */
function textMismatches(
  sent: unknown,
  stored: unknown,
  schema: JsonSchema | undefined,
  path: string,
  out: string[],
) {
  const key = path.split(".").pop() ?? "";
  if (typeof sent === "string" && typeof stored === "string") {
    if (!sameText(sent, stored, key))
      out.push(
        `${path}: sent ${JSON.stringify(sent.slice(0, 80))}, stored ${JSON.stringify(stored.slice(0, 80))}`,
      );
    return;
  }
  const s = resolve(schema);
  if (Array.isArray(sent) && Array.isArray(stored)) {
    sent.forEach((item, i) => {
      if (typeof item === "string") {
        // Lists of strings may come back sorted or without duplicates: each sent item must be there.
        if (
          stored.every((x) => typeof x === "string") &&
          !stored.some((x) => sameText(item, x as string, key))
        )
          out.push(
            `${path}.${i}: sent ${JSON.stringify(item.slice(0, 80))}, not among ${JSON.stringify(stored).slice(0, 200)}`,
          );
      } else if (i < stored.length) textMismatches(item, stored[i], s.items, `${path}.${i}`, out);
    });
    return;
  }
  if (isObject(sent) && isObject(stored) && !(sent instanceof Deep)) {
    const declared = s.properties;
    for (const [name, value] of Object.entries(sent)) {
      if (declared && !(name in declared)) continue;
      const sub = declared
        ? declared[name]
        : typeof s.additionalProperties === "object"
          ? s.additionalProperties
          : {};
      if (name in stored) textMismatches(value, stored[name], sub, path ? `${path}.${name}` : name, out);
    }
  }
}

function fillPath(route: Route, overrides: Record<string, string>) {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (overrides[name] !== undefined) return encode(overrides[name]);
    const param = route.pathParams.find((p) => p.name === name);
    if (param?.schema.enum?.length) return String(param.schema.enum[0]);
    if (name === "version") return "1";
    const segment = route.path.split(`/{${name}}`)[0].split("/").pop() ?? "";
    return ids[segment] ?? idForName(name) ?? randomUUID();
  });
}

const stats = new Map<string, Map<string, number>>();

interface Case {
  label: string;
  json?: unknown;
  raw?: string | Buffer;
  query: QueryPairs;
  pathOverrides: Record<string, string>;
}

// Tracking events are free-form JSON to the schema; these templates give them the shape the ingest
// reads ("$text" becomes text from GOOD_TEXT, "$id" a fresh uuid, so messageIds do not repeat).
const EVENT_TEMPLATES: Record<string, Record<string, unknown>> = {
  identify: { userId: "user-1", traits: { email: "fuzz@fuzz-co.com", name: "$text", title: "$text" } },
  track: { userId: "user-1", event: "$text", properties: { plan: "$text", amount: 42 } },
  page: {
    anonymousId: "anon-1",
    name: "$text",
    properties: { url: "https://www.fuzz-co.com/pricing", title: "$text" },
  },
  screen: { userId: "user-1", name: "$text" },
  group: { userId: "user-1", groupId: "fuzz-co", traits: { name: "$text", domain: "fuzz-co.com" } },
  alias: { previousId: "anon-1", userId: "user-1" },
};
const ROUTE_TEMPLATES: Record<string, unknown> = {
  ...Object.fromEntries(
    Object.entries(EVENT_TEMPLATES).map(([type, event]) => [`/v1/${type}`, { ...event, messageId: "$id" }]),
  ),
  "/v1/batch": {
    batch: [
      { type: "track", ...EVENT_TEMPLATES.track, messageId: "$id" },
      { type: "identify", ...EVENT_TEMPLATES.identify, messageId: "$id" },
      { type: "page", ...EVENT_TEMPLATES.page, messageId: "$id" },
    ],
    context: { library: { name: "$text" } },
  },
};

function templateArb(template: unknown): fc.Arbitrary<unknown> {
  if (template === "$text") return fc.constantFrom(...GOOD_TEXT);
  if (template === "$id") return fc.uuid();
  if (Array.isArray(template)) return fc.tuple(...template.map(templateArb));
  if (isObject(template))
    return fc.record(Object.fromEntries(Object.entries(template).map(([k, v]) => [k, templateArb(v)])));
  return fc.constant(template);
}

function templateTargets(template: unknown, path: Path = []): Target[] {
  const targets: Target[] = [];
  const entries: [string | number, unknown][] = Array.isArray(template)
    ? template.map((v, i) => [i, v])
    : isObject(template)
      ? Object.entries(template)
      : [];
  for (const [key, value] of entries) {
    const type = typeof value === "string" ? "string" : Array.isArray(value) ? "array" : typeof value;
    targets.push({ path: [...path, key], schema: { type }, required: false });
    targets.push(...templateTargets(value, [...path, key]));
  }
  return targets;
}

function caseArb(route: Route): fc.Arbitrary<Case> {
  const template = ROUTE_TEMPLATES[route.path];
  const base = template
    ? fc.oneof(
        { arbitrary: templateArb(template), weight: 4 },
        { arbitrary: valueArb(route.body), weight: 1 },
      )
    : valueArb(route.body);
  const body = route.body
    ? fc
        .tuple(base, bodyChanges(route.body, template ? templateTargets(template) : []))
        .map(([base, change]) => ({ ...applyChange(base, change), label: describeChange(change) }))
    : fc.constant({ label: "", json: undefined, raw: undefined });
  const query = route.query.length
    ? queryArb(route.query)
    : fc.constant({ pairs: [] as QueryPairs, label: "" });
  const hostilePath = route.pathParams.filter((p) => !p.schema.enum).map((p) => p.name);
  const pathOverrides = hostilePath.length
    ? fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 9 },
        {
          arbitrary: fc.record({
            name: fc.constantFrom(...hostilePath),
            value: fc.constantFrom(...HOSTILE_STRINGS.filter(Boolean)),
          }),
          weight: 1,
        },
      )
    : fc.constant(undefined);
  return fc.tuple(body, query, pathOverrides).map(([b, q, p]) => ({
    label: [b.label, q.label, p ? `hostile path ${p.name}` : ""].filter(Boolean).join(", "),
    json: b.json,
    raw: b.raw,
    query: q.pairs,
    pathOverrides: p ? { [p.name]: p.value } : {},
  }));
}

function describeChange(change: Change): string {
  switch (change.kind) {
    case "none":
      return "valid body";
    case "set":
      return `${change.label} at ${change.target.path.join(".")}`;
    case "remove":
      return `missing ${change.target.path.join(".")}`;
    case "extra":
      return `extra property ${JSON.stringify(change.key)}`;
    case "whole":
      return "body not an object";
    case "raw":
      return "malformed JSON";
  }
}

const snippet = (value: unknown) => {
  const text =
    typeof value === "string"
      ? value
      : Buffer.isBuffer(value)
        ? value.toString("latin1")
        : JSON.stringify(value);
  return text === undefined
    ? "(none)"
    : text.length > 300
      ? `${text.slice(0, 300)}... (${text.length} chars)`
      : text;
};

async function runCase(route: Route, c: Case) {
  const path = fillPath(route, c.pathOverrides);
  const url = c.query.length
    ? `${path}?${c.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`
    : path;
  const isTracking = route.path.startsWith("/v1/");
  const headers: Record<string, string> = isTracking
    ? { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}` }
    : { ...cast.admin.headers };
  let payload: string | Buffer | undefined;
  if (route.body) {
    headers["content-type"] = "application/json";
    payload = c.raw ?? (c.json === undefined ? "" : toJsonText(c.json));
  } else if (route.path.startsWith("/api/imports/")) {
    headers["content-type"] = "text/csv";
    payload = `email,first name,company\nfuzz@fuzz-co.com,${JSON.stringify(c.label)},"<script>x</script>"\n`;
  }
  const before = await rowCounts();
  const response = await app.inject({ method: route.method as "POST", url, headers, payload });
  const status = response.statusCode;
  const what = `${route.label} [${c.label}]\n  url: ${snippet(url)}\n  body: ${snippet(payload)}\n  -> ${status} ${snippet(response.body)}`;
  if (STATS) {
    const byStatus = stats.get(route.label) ?? new Map<string, number>();
    const key = `${status} ${c.label.split(" at ")[0].split(",")[0]}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    stats.set(route.label, byStatus);
  }
  if (
    process.env.FUZZ_DEBUG === "1" &&
    status >= 400 &&
    /^valid body(, valid query)?$|^valid query$/.test(c.label)
  )
    console.log(`valid input refused: ${what}`);
  expect(status, `5xx: ${what}`).toBeLessThan(500);
  if (status >= 400) {
    let parsed: unknown;
    try {
      parsed = response.json();
    } catch {
      parsed = undefined;
    }
    const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
    expect(
      typeof error?.code === "string" && typeof error?.message === "string",
      `4xx without the { error: { code, message } } shape: ${what}`,
    ).toBe(true);
    const changed = changedCounts(before, await rowCounts());
    expect(changed, `a refused request changed rows: ${what}`).toEqual([]);
    return;
  }
  if (status >= 300 || !isObject(c.json) || route.path.startsWith("/api/imports/")) return;
  // 2xx: what the API answers (and reads back) must hold the text exactly as sent.
  let answered: unknown;
  try {
    answered = response.json();
  } catch {
    return;
  }
  const mismatches: string[] = [];
  textMismatches(c.json, answered, route.body, "", mismatches);
  let readBack: string | undefined;
  if (
    route.method === "POST" &&
    isObject(answered) &&
    typeof answered.id === "string" &&
    hasGet(`${route.path}/{id}`)
  )
    readBack = `${path}/${answered.id}`;
  else if (route.method !== "POST" && hasGet(route.path)) readBack = path;
  if (readBack) {
    const stored = await app.inject({ method: "GET", url: readBack, headers: cast.admin.headers });
    if (stored.statusCode === 200) textMismatches(c.json, stored.json(), route.body, "", mismatches);
  }
  expect(mismatches, `stored text differs from what was sent: ${what}`).toEqual([]);
}

describe("fuzzing every JSON and query route from the OpenAPI document", () => {
  it("finds the routes to fuzz", () => {
    expect(ONLY ? routes.length : routes.length, "no routes found in /api/openapi.json").toBeGreaterThan(
      ONLY ? 0 : 40,
    );
  });

  it("answers malformed URLs in the API's error shape (Fastify's frameworkErrors)", async () => {
    for (const url of [
      "/api/contacts/%ED%A0%80",
      "/api/contacts/%E0%A4%A",
      `/api/contacts/${"a".repeat(101)}`,
      "/api/accounts/%FF/restore",
    ]) {
      const response = await app.inject({ method: "GET", url, headers: cast.admin.headers });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
      // Fastify answers these before any route: app.ts passes handleFrameworkError (lib/errors.ts).
      expect(response.json(), `${url} -> ${response.body}`).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  });

  // Every paginated route, every order it offers, every cursor shape: a cursor the API did not give out
  // is a 400 naming cursor, a well-formed one of another sort's kind is at worst a 400, never a 500.
  const paginated = routes.filter(
    (r) => r.method.toLowerCase() === "get" && r.query.some((p) => p.name === "cursor"),
  );
  it(`refuses crafted cursors on every paginated route (${paginated.length})`, async () => {
    expect(paginated.length).toBeGreaterThan(8);
    const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const id = randomUUID();
    const neverGiven = [
      encodeCursor([{ a: 1 }, id]),
      encodeCursor([[1], id]),
      encodeCursor([false, id]),
      encodeCursor([1, "not-an-id"]),
      encodeCursor([1, 2]),
      encodeCursor([1]),
      encodeCursor([1, id, 3]),
      encodeCursor("text"),
      Buffer.from("[1e999,1]").toString("base64url"),
      "~~not base64~~",
      "a".repeat(600),
    ];
    const wellFormed = [
      encodeCursor([1e308, id]),
      encodeCursor([-1e308, id]),
      encodeCursor(["not a date", id]),
      encodeCursor(["2026-02-30", id]),
      encodeCursor(["+275760-09-13T00:00:00.000Z", id]),
      encodeCursor(["1", id]),
      encodeCursor([null, id]),
      encodeCursor(["'; drop table contacts; --", id]),
    ];
    for (const route of paginated) {
      const required = route.query.filter((p) => p.required && p.name !== "cursor");
      if (required.length > 0) continue; // none today; such a route would need valid values first
      const sorts = (route.query.find((p) => p.name === "sort")?.schema.enum ?? [undefined]) as (
        | string
        | undefined
      )[];
      for (const sort of sorts)
        for (const order of ["asc", "desc"]) {
          const base = `${fillPath(route, {})}?order=${order}${sort ? `&sort=${sort}` : ""}`;
          for (const cursor of [...neverGiven, ...wellFormed]) {
            const url = `${base}&cursor=${encodeURIComponent(cursor)}`;
            const response = await app.inject({ method: "GET", url, headers: cast.admin.headers });
            expect(response.statusCode, `${url} -> ${response.body}`).toBeLessThan(500);
            if (neverGiven.includes(cursor)) {
              expect(response.statusCode, `${url} -> ${response.body}`).toBe(400);
              expect(response.json().error.details?.[0]?.path, url).toBe("cursor");
            }
          }
        }
    }
  }, 120_000);

  for (const route of routes) {
    it(route.label, async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(route), (c) => runCase(route, c)),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }

  afterAll(() => {
    if (!STATS) return;
    for (const [label, byStatus] of stats)
      console.log(`${label}: ${[...byStatus].map(([k, n]) => `${k}=${n}`).join(", ")}`);
  });
});
