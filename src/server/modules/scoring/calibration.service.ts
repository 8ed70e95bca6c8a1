// Calibration: learns from past outcomes what each attribute and behaviour is worth, and saves the result as
// a new draft version of the model, which then goes through the same joint approval as any edit.
//
// 1. Outcome (the user's choice): won deal or customer, a stage reached, or a contact property's value.
//    Every labelled contact has a cut-off: the moment of its outcome (its first deal, the stage reached)
//    or now; touches after it never count (no hindsight).
// 2. Candidate rules from every field and property: category levels with enough support, numbers and dates
//    in quantile bands, touch counts per type and custom event (30 days and all time) at quantile
//    thresholds. Each candidate is a Lockstep rule, so the values are read with the scoring SQL itself.
// 3. L2-regularised logistic regression on the training split; points = coefficient x 20 / ln 2 (20 points
//    double the odds), rounded. A contact's calibrated score is then its fitted log-odds in points.
// 4. The holdout (a seeded share or contacts created from a date) is scored by Lockstep under the new
//    draft, the live version and the starter model, each as of the contacts' cut-offs: AUC, lift by decile
//    and a calibration curve, and a check that Lockstep's scores equal the fitted points.
// It runs as a job, in chunks of contacts with a checkpoint between them: the server keeps answering, and
// every query is an index lookup by contact id, so plans stay good without table statistics.
import { type SQL, sql } from "drizzle-orm";
import { DEFAULT_REJECTION_REASONS } from "../../../shared/feedback.js";
import {
  type CalibrationOutcome,
  type CalibrationReport,
  type CalibrationRequest,
  type EngagementRule,
  FIT_FIELD_LABELS,
  type FitCondition,
  type FitField,
  type FitRule,
  type ScoringDefinition,
  STARTER_DEFINITION,
  scoringDefinitionSchema,
  type TouchCondition,
} from "../../../shared/scoring.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import { type JobContext, yieldToEventLoop } from "../jobs/jobs.service.js";
import {
  areaUnderCurve,
  fitLogisticRegression,
  type LabelledExample,
  liftByDecile,
  splitHoldout,
} from "./calibration.js";
import { createDraftVersion, findLiveVersion, getScoringModel } from "./scoring-models.service.js";
import { fitFieldSql, fitJoins, scoreQuery } from "./scoring-sql.js";

/** Rejections that say the lead was never a fit (not "bad timing" or "unreachable") count as bad outcomes. */
const FIT_REASONS = DEFAULT_REJECTION_REASONS.filter((r) => r.fitRelated).map((r) => r.code);

export const POINTS_TO_DOUBLE_ODDS = 20;
const POINTS_PER_LOG_ODDS = POINTS_TO_DOUBLE_ODDS / Math.LN2;
/** No AUC verdict with fewer positives or negatives than this in the holdout. */
export const CALIBRATION_MINIMUM_SAMPLE = 10;
const MAX_RULES_PER_KIND = 100;
const MAX_LEVELS_PER_FIELD = 30;
const TOUCH_WINDOWS: (number | null)[] = [30, null];

/** Contacts per chunk: each chunk is a few index lookups, then a checkpoint. Tests make it small. */
export const calibrationSettings = { chunkSize: 2_000 };

/**
 * Built-in fields read as categories and as numbers. Left out on purpose: the lead status (sales' verdict on
 * the lead, written after the fact: it is the outcome, not a signal of it) and the contact's created date
 * (how long a lead has had, not how good it is).
 */
const CATEGORY_FIELDS: FitField[] = [
  "contact.title",
  "contact.seniority",
  "contact.department",
  "contact.persona",
  "contact.country",
  "contact.region",
  "contact.source",
  "contact.source_campaign",
  "contact.free_mail",
  "account.industry",
  "account.country",
  "account.region",
  "account.segment",
];
const NUMBER_FIELDS: FitField[] = ["account.employees", "account.annual_revenue"];

interface FieldSpec {
  field: string;
  label: string;
  kind: "category" | "number" | "date" | "many";
}

interface Labelled {
  id: string;
  label: 0 | 1;
  cutoff: Date;
  createdAt: Date;
}

interface RawExample extends Labelled {
  /** Field -> value text as the scoring SQL sees it (null when empty). */
  values: (string | null)[];
  /** "type:page_view" / "event:trial started" -> touch counts per window (TOUCH_WINDOWS order). */
  touches: Map<string, number[]>;
}

interface LabelRow {
  id: string;
  created_at: string;
  label: number | null;
  cutoff: string;
}

interface Candidate {
  name: string;
  kind: "fit" | "engagement";
  rule: Omit<FitRule, "points"> | Omit<EngagementRule, "points">;
  matches: (example: RawExample) => boolean;
  support: number;
}

const NUMBER_TEXT = /^\s*-?[0-9]+(\.[0-9]+)?\s*$/;
const DAY_TEXT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;

function describeOutcome(outcome: CalibrationOutcome) {
  if (outcome.kind === "won_opportunity")
    return "won a deal or became a customer (against lost deals, disqualified and rejected for fit)";
  if (outcome.kind === "stage") return `reached the stage ${outcome.stage} (against every other contact)`;
  return `property ${outcome.property} is ${outcome.positiveValues.join(" or ")} (against any other value)`;
}

/** Labels, cut-offs and creation dates of one chunk of contacts (ids ascending after `after`). */
function labelQuery(
  workspaceId: string,
  outcome: CalibrationOutcome,
  after: string | null,
  limit: number,
): SQL {
  const page = sql`c.workspace_id = ${workspaceId} and c.archived_at is null ${after ? sql`and c.id > ${after}` : sql``}`;
  if (outcome.kind === "won_opportunity")
    return sql`
      select c.id, c.created_at,
        case when coalesce(d.won, false) or c.lifecycle_stage = 'customer' then 1
             when coalesce(d.lost, false) or c.lifecycle_stage = 'disqualified' or exists (
               select 1 from lead_decisions ld where ld.workspace_id = c.workspace_id and ld.contact_id = c.id
                 and ld.decision = 'rejected' and ld.reason in ${FIT_REASONS}) then 0 end as label,
        coalesce(d.first_deal, cust.at, now()) as cutoff
      from contacts c
      left join lateral (
        select bool_or(o.stage = 'closed_won') as won, bool_or(o.stage = 'closed_lost') as lost, min(o.created_at) as first_deal
        from opportunity_contacts oc
        join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
        where oc.workspace_id = c.workspace_id and oc.contact_id = c.id and o.stage in ('closed_won', 'closed_lost')
      ) d on true
      left join lateral (
        select min(l.changed_at) as at from lifecycle_stage_changes l
        where l.workspace_id = c.workspace_id and l.contact_id = c.id and l.to_stage = 'customer'
      ) cust on true
      where ${page}
      order by c.id limit ${limit}`;
  if (outcome.kind === "stage")
    return sql`
      select c.id, c.created_at,
        case when reached.at is not null or c.lifecycle_stage = ${outcome.stage} then 1 else 0 end as label,
        coalesce(reached.at, case when c.lifecycle_stage = ${outcome.stage} then c.lifecycle_stage_changed_at end, now()) as cutoff
      from contacts c
      left join lateral (
        select min(l.changed_at) as at from lifecycle_stage_changes l
        where l.workspace_id = c.workspace_id and l.contact_id = c.id and l.to_stage = ${outcome.stage}
      ) reached on true
      where ${page}
      order by c.id limit ${limit}`;
  const value = sql`lower(c.properties ->> ${outcome.property})`;
  return sql`
    select c.id, c.created_at,
      case when ${value} in ${outcome.positiveValues.map((v) => v.toLowerCase())} then 1
           when ${value} is not null and ${value} <> '' then 0 end as label,
      now() as cutoff
    from contacts c
    where ${page}
    order by c.id limit ${limit}`;
}

/** The value of every field for the chunk's contacts, through the scoring SQL's own expressions. */
async function readValues(db: Db, workspaceId: string, fields: FieldSpec[], ids: string[]) {
  const columns = fields.map((f, i) => sql`(${fitFieldSql(f.field)})::text as ${sql.raw(`v_${i}`)}`);
  const joinRules = [
    {
      id: "x",
      label: "x",
      points: 0,
      conditions: fields.map((f) => ({ field: f.field, operator: "is_set" as const })),
    },
  ];
  const rows = await queryRows<Record<string, string | null>>(
    db,
    sql`select c.id${columns.length ? sql`, ${sql.join(columns, sql`, `)}` : sql``}
        from contacts c
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        ${fitJoins(joinRules)}
        where c.workspace_id = ${workspaceId} and c.id = any(${uuidArray(ids)})`,
  );
  return new Map(rows.map((r) => [r.id as string, fields.map((_f, i) => r[`v_${i}`] ?? null)]));
}

/** Marketing touch counts per type (and custom event name) and window, each contact as of its cut-off. */
async function readTouchCounts(db: Db, workspaceId: string, chunk: Labelled[]) {
  const windows = TOUCH_WINDOWS.map((days, i) =>
    days == null
      ? sql`count(*)::int as ${sql.raw(`w_${i}`)}`
      : sql`(count(*) filter (where t.occurred_at > cut.at - make_interval(days => ${days})))::int as ${sql.raw(`w_${i}`)}`,
  );
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select t.contact_id, t.type, (case when t.type = 'custom' then lower(t.properties ->> 'event') end) as event,
          ${sql.join(windows, sql`, `)}
        from touches t
        join unnest(${uuidArray(chunk.map((c) => c.id))}, ${`{${chunk.map((c) => c.cutoff.toISOString()).join(",")}}`}::timestamptz[]) as cut(contact_id, at)
          on cut.contact_id = t.contact_id
        where t.workspace_id = ${workspaceId} and t.contact_id = any(${uuidArray(chunk.map((c) => c.id))})
          and t.team = 'marketing' and t.occurred_at <= cut.at
        group by t.contact_id, t.type, 3`,
  );
  const counts = new Map<string, Map<string, number[]>>();
  for (const row of rows) {
    const id = String(row.contact_id);
    const perContact = counts.get(id) ?? new Map<string, number[]>();
    counts.set(id, perContact);
    const key = row.type === "custom" ? (row.event ? `event:${row.event}` : null) : `type:${row.type}`;
    if (!key) continue;
    const values = TOUCH_WINDOWS.map((_w, i) => Number(row[`w_${i}`] ?? 0));
    const existing = perContact.get(key);
    perContact.set(key, existing ? existing.map((v, i) => v + values[i]) : values);
  }
  return counts;
}

/** The value at quantile q of sorted values (nearest rank). */
function quantile<T>(sorted: T[], q: number): T {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
}

function slug(text: string) {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 24) || "x"
  );
}

/**
 * Bands of ordered values (numbers or ISO days) at the quintiles: each band is a candidate rule. The lowest
 * band is open below and the highest open above, so a later value outside the seen range still lands.
 */
function bands<T extends number | string>(
  values: T[],
): { min: T | null; max: T | null; test: (v: T) => boolean }[] {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const cuts = [...new Set([0.2, 0.4, 0.6, 0.8].map((q) => quantile(sorted, q)))].filter(
    (c) => c > sorted[0],
  );
  const edges: T[] = [sorted[0], ...cuts];
  return edges.map((low, k) => {
    const next = edges[k + 1];
    // The band holds the seen values from its edge up to (not including) the next edge.
    const inside = sorted.filter((v) => v >= low && (next === undefined || v < next));
    const high = inside[inside.length - 1];
    const min = k === 0 ? null : low;
    const max = next === undefined ? null : high;
    return { min, max, test: (v: T) => (min === null || v >= min) && (max === null || v <= max) };
  });
}

/** Candidate rules from the training split: what is common enough to learn from. */
async function candidateRules(
  fields: FieldSpec[],
  train: RawExample[],
  minSupport: number,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const support = (matches: (e: RawExample) => boolean) =>
    train.reduce((n, e) => n + (matches(e) ? 1 : 0), 0);
  const add = (c: Omit<Candidate, "support">) => {
    const n = support(c.matches);
    if (n >= minSupport && n < train.length) candidates.push({ ...c, support: n });
  };
  for (const [i, spec] of fields.entries()) {
    // Each field's levels are counted over every training contact: let the server answer in between.
    await yieldToEventLoop();
    const present = train.map((e) => e.values[i]).filter((v): v is string => v != null && v !== "");
    if (spec.kind === "category" || spec.kind === "many") {
      const counts = new Map<string, { text: string; n: number }>();
      const levelsOf = (v: string) => (spec.kind === "many" ? manyValues(v) : [v]);
      for (const v of present)
        for (const level of levelsOf(v)) {
          const key = level.toLowerCase();
          const entry = counts.get(key) ?? { text: level, n: 0 };
          entry.n++;
          counts.set(key, entry);
        }
      const levels = [...counts.entries()]
        .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_LEVELS_PER_FIELD);
      for (const [key, { text, n }] of levels) {
        // A rule's value is trimmed and at most 200 characters: other levels could not be written as one.
        if (n < minSupport || text !== text.trim() || text.length > 190) continue;
        const condition: FitCondition =
          spec.field === "contact.free_mail"
            ? { field: spec.field, operator: "is_set" }
            : spec.kind === "many"
              ? { field: spec.field, operator: "contains", values: [JSON.stringify(text)] }
              : { field: spec.field, operator: "in", values: [text] };
        add({
          name: `fit|${spec.field}|${key}`,
          kind: "fit",
          rule: {
            id: "",
            label: (spec.field === "contact.free_mail"
              ? "Free-mail address"
              : `${spec.label}: ${text}`
            ).slice(0, 120),
            conditions: [condition],
          },
          matches: (e) => {
            const v = e.values[i];
            if (v == null || v === "") return false;
            if (spec.kind === "many") return v.toLowerCase().includes(JSON.stringify(text).toLowerCase());
            return v.toLowerCase() === key;
          },
        });
      }
    } else {
      // Numbers and dates in quantile bands; both read the value as the scoring SQL does.
      const number = spec.kind === "number";
      const read = (v: string | null) =>
        v == null
          ? null
          : number
            ? NUMBER_TEXT.test(v)
              ? Number(v)
              : null
            : DAY_TEXT.test(v)
              ? v.slice(0, 10)
              : null;
      const values = present.map(read).filter((v): v is number | string => v != null);
      if (new Set(values).size < 2) continue;
      for (const band of bands(values)) {
        if (band.min == null && band.max == null) continue;
        const label =
          band.min == null
            ? `${spec.label} up to ${band.max}`
            : band.max == null
              ? `${spec.label} ${number ? `${band.min} or more` : `from ${band.min}`}`
              : `${spec.label} ${band.min}${number ? "-" : " to "}${band.max}`;
        const condition: FitCondition = number
          ? {
              field: spec.field,
              operator: "between",
              min: band.min as number | null,
              max: band.max as number | null,
            }
          : {
              field: spec.field,
              operator: "date_between",
              from: band.min as string | null,
              to: band.max as string | null,
            };
        add({
          name: `fit|${spec.field}|${band.min}..${band.max}`,
          kind: "fit",
          rule: { id: "", label, conditions: [condition] },
          matches: (e) => {
            const v = read(e.values[i]);
            return v != null && band.test(v);
          },
        });
      }
    }
  }

  // Touch counts: per type or event and window, thresholds at 1 and the median and 80th percentile of those with any.
  const keys = new Set<string>();
  for (const e of train) for (const key of e.touches.keys()) keys.add(key);
  for (const key of [...keys].sort()) {
    await yieldToEventLoop();
    TOUCH_WINDOWS.forEach((days, w) => {
      const counts = train
        .map((e) => e.touches.get(key)?.[w] ?? 0)
        .filter((n) => n > 0)
        .sort((a, b) => a - b);
      if (counts.length < minSupport) return;
      const thresholds = [...new Set([1, quantile(counts, 0.5), quantile(counts, 0.8)])];
      for (const minCount of thresholds) {
        const [kind, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
        const condition: TouchCondition =
          kind === "type"
            ? { field: "type", operator: "in", values: [name] }
            : { field: "event", operator: "in", values: [name] };
        const what = kind === "type" ? name.replace(/_/g, " ") : `"${name}"`;
        add({
          name: `touch|${key}|${days ?? "all"}|${minCount}`,
          kind: "engagement",
          rule: {
            id: "",
            label: `${minCount}+ ${what}${days ? ` in ${days} days` : ""}`,
            // What the contact did (marketing touches), not what sales did to it: calls and meetings follow
            // the outcome's own process.
            conditions: [condition, { field: "team", operator: "in", values: ["marketing"] }],
            withinDays: days,
            minCount,
            group: "default",
          },
          matches: (e) => (e.touches.get(key)?.[w] ?? 0) >= minCount,
        });
      }
    });
  }
  // The schema allows 100 rules of each kind: keep the best supported.
  const keep = (kind: Candidate["kind"]) =>
    candidates
      .filter((c) => c.kind === kind)
      .sort((a, b) => b.support - a.support || (a.name < b.name ? -1 : 1))
      .slice(0, MAX_RULES_PER_KIND);
  return [...keep("fit"), ...keep("engagement")];
}

function manyValues(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map(String) : [text];
  } catch {
    return [text];
  }
}

/** Lockstep's combined score of each contact as of its cut-off, chunk by chunk. */
async function scoreAsOfCutoffs(
  db: Db,
  ctx: JobContext,
  workspaceId: string,
  definition: ScoringDefinition,
  contacts: Labelled[],
  progress: [number, number],
  step: string,
) {
  const scores = new Map<string, number>();
  const size = calibrationSettings.chunkSize;
  for (let i = 0; i < contacts.length; i += size) {
    const chunk = contacts.slice(i, i + size);
    const rows = await queryRows<{ contact_id: string; combined: string }>(
      db,
      scoreQuery(definition, {
        workspaceId,
        at: new Date(),
        cutoffs: { contactIds: chunk.map((c) => c.id), at: chunk.map((c) => c.cutoff) },
      }),
    );
    for (const row of rows) scores.set(row.contact_id, Number(row.combined));
    await ctx.checkpoint(
      progress[0] + ((progress[1] - progress[0]) * (i + chunk.length)) / contacts.length,
      step,
    );
  }
  return contacts.map((c) => scores.get(c.id) ?? 0);
}

/** Checks the request against the workspace (the outcome property exists) before a job is started. */
export async function checkCalibrationRequest(
  db: Db,
  caller: Caller,
  modelId: string,
  request: CalibrationRequest,
) {
  await getScoringModel(db, caller, modelId);
  if (request.outcome.kind === "property") {
    const [found] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from property_definitions
          where workspace_id = ${caller.workspaceId} and object_type = 'contacts' and api_name = ${request.outcome.property}
            and archived_at is null`,
    );
    if (!found?.n)
      throw badRequest(
        `no contact property with the API name "${request.outcome.property}"`,
        "outcome.property",
      );
  }
}

/** The calibration job's work: returns the report and leaves the calibrated rules as a new draft. */
export async function calibrateScoringModel(
  db: Db,
  caller: Caller,
  modelId: string,
  request: CalibrationRequest,
  ctx: JobContext,
  /** Sees the holdout (the benchmark compares the generator's planted signal on the same contacts). */
  observe?: { holdout(contactIds: string[], labels: (0 | 1)[]): void },
): Promise<CalibrationReport> {
  const ws = caller.workspaceId;
  const live = await findLiveVersion(db, ws, modelId);
  const properties = await queryRows<{ object_type: string; api_name: string; label: string; type: string }>(
    db,
    sql`select object_type, api_name, label, type from property_definitions
        where workspace_id = ${ws} and object_type in ('contacts', 'accounts') and archived_at is null
        order by object_type, api_name`,
  );
  const outcomeProperty = request.outcome.kind === "property" ? request.outcome.property : null;
  const fields: FieldSpec[] = [
    ...CATEGORY_FIELDS.map((field) => ({ field, label: FIT_FIELD_LABELS[field], kind: "category" as const })),
    ...NUMBER_FIELDS.map((field) => ({ field, label: FIT_FIELD_LABELS[field], kind: "number" as const })),
    ...properties
      .filter((p) => !(p.object_type === "contacts" && p.api_name === outcomeProperty))
      .map((p) => ({
        field: `${p.object_type === "contacts" ? "contact" : "account"}.properties.${p.api_name}`,
        label: p.label,
        kind: (p.type === "number"
          ? "number"
          : p.type === "date"
            ? "date"
            : p.type === "many_of"
              ? "many"
              : "category") as FieldSpec["kind"],
      })),
  ];

  const [{ total }] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from contacts where workspace_id = ${ws} and archived_at is null`,
  );
  const examples: RawExample[] = [];
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const page: LabelRow[] = await queryRows<LabelRow>(
      db,
      labelQuery(ws, request.outcome, after, calibrationSettings.chunkSize),
    );
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    seen += page.length;
    const labelled: Labelled[] = page
      .filter((r) => r.label != null)
      .map((r) => ({
        id: r.id,
        label: Number(r.label) === 1 ? 1 : 0,
        cutoff: new Date(r.cutoff),
        createdAt: new Date(r.created_at),
      }));
    if (labelled.length > 0) {
      const values = await readValues(
        db,
        ws,
        fields,
        labelled.map((l) => l.id),
      );
      const touches = await readTouchCounts(db, ws, labelled);
      for (const l of labelled)
        examples.push({
          ...l,
          values: values.get(l.id) ?? fields.map(() => null),
          touches: touches.get(l.id) ?? new Map(),
        });
    }
    await ctx.checkpoint(
      (0.5 * seen) / Math.max(total, 1),
      `Reading contacts: ${seen.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`,
    );
  }

  const positives = examples.filter((e) => e.label === 1).length;
  if (positives < CALIBRATION_MINIMUM_SAMPLE || examples.length - positives < CALIBRATION_MINIMUM_SAMPLE)
    throw badRequest(
      `Calibration needs at least ${CALIBRATION_MINIMUM_SAMPLE} contacts with each outcome; this workspace has ${positives} that ${describeOutcome(request.outcome).split(" (")[0]} and ${examples.length - positives} against`,
    );

  const holdout = request.holdout;
  const split =
    holdout.kind === "random"
      ? splitHoldout(examples, holdout.share, holdout.seed)
      : {
          train: examples.filter((e) => e.createdAt.toISOString().slice(0, 10) < holdout.createdFrom),
          holdout: examples.filter((e) => e.createdAt.toISOString().slice(0, 10) >= holdout.createdFrom),
        };
  const trainPositives = split.train.filter((e) => e.label === 1).length;
  if (
    trainPositives < CALIBRATION_MINIMUM_SAMPLE ||
    split.train.length - trainPositives < CALIBRATION_MINIMUM_SAMPLE
  )
    throw badRequest(
      `The training split has ${trainPositives} positive and ${split.train.length - trainPositives} negative contacts; it needs at least ${CALIBRATION_MINIMUM_SAMPLE} of each: choose a smaller holdout or a later date`,
      "holdout",
    );

  await ctx.checkpoint(0.55, "Choosing candidate rules");
  const candidates = await candidateRules(fields, split.train, request.minSupport);
  if (candidates.length === 0)
    throw badRequest(
      `No field, property or touch count is common enough to learn from (min support ${request.minSupport})`,
      "minSupport",
    );
  // Which candidates each contact matches, worked out once.
  const matched = new Map<string, number[]>();
  for (const [n, e] of examples.entries()) {
    if (n % 2_000 === 0) await yieldToEventLoop();
    matched.set(
      e.id,
      candidates.flatMap((c, k) => (c.matches(e) ? [k] : [])),
    );
  }
  const toLabelled = (e: RawExample): LabelledExample => {
    const features: Record<string, number> = {};
    for (const k of matched.get(e.id) ?? []) features[candidates[k].name] = 1;
    return { id: e.id, label: e.label, features };
  };
  const fit = await fitLogisticRegression(
    split.train.map(toLabelled),
    candidates.map((c) => c.name),
    { l2: 1 },
    (iteration) =>
      ctx.checkpoint(0.6 + Math.min(0.15, iteration * 0.01), `Fitting the model: iteration ${iteration + 1}`),
  );

  // Coefficients become points; rules with 0 points are left out (they would add nothing).
  const fitRules: FitRule[] = [];
  const engagementRules: EngagementRule[] = [];
  const pointsOf = new Map<string, number>();
  const kept: { id: string; label: string; kind: Candidate["kind"]; points: number; support: number }[] = [];
  for (const c of candidates) {
    const points =
      Math.max(-1000, Math.min(1000, Math.round((fit.coefficients.get(c.name) ?? 0) * POINTS_PER_LOG_ODDS))) +
      0;
    if (points === 0) continue;
    pointsOf.set(c.name, points);
    const id =
      `${c.kind === "fit" ? "f" : "e"}${(c.kind === "fit" ? fitRules : engagementRules).length + 1}-${slug(c.rule.label)}`.slice(
        0,
        40,
      );
    if (c.kind === "fit") fitRules.push({ ...(c.rule as Omit<FitRule, "points">), id, points });
    else engagementRules.push({ ...(c.rule as Omit<EngagementRule, "points">), id, points });
    kept.push({ id, label: c.rule.label, kind: c.kind, points, support: c.support });
  }
  const fitted = (e: RawExample, kind?: Candidate["kind"]) =>
    (matched.get(e.id) ?? []).reduce(
      (sum, k) =>
        !kind || candidates[k].kind === kind ? sum + (pointsOf.get(candidates[k].name) ?? 0) : sum,
      0,
    );

  // Grades by the quartiles of the labelled contacts' points; MQL from the top fifth of combined points.
  const sortedOf = (kind: Candidate["kind"] | undefined) =>
    examples.map((e) => fitted(e, kind)).sort((a, b) => a - b);
  // A threshold at the lowest value would grade the contacts with no points up: the lowest stays the bottom
  // grade (with no engagement rules at all, every contact is engagement 4, not 1).
  const descending = (values: number[]): [number, number, number] => {
    const floor = (values[0] ?? 0) + 1;
    const [a, b, c] = [quantile(values, 0.75), quantile(values, 0.5), quantile(values, 0.25)];
    return [Math.max(a, floor), Math.max(Math.min(a, b), floor), Math.max(Math.min(a, b, c), floor)];
  };
  const definition = scoringDefinitionSchema.parse({
    fitRules,
    engagementRules,
    decayGroups: [{ id: "default", halfLifeDays: null }],
    grades: { fit: descending(sortedOf("fit")), engagement: descending(sortedOf("engagement")) },
    mql: {
      anyOf: [{ combined: quantile(sortedOf(undefined), 0.8) }],
      handoffTouchTypes: live?.definition.mql.handoffTouchTypes ?? STARTER_DEFINITION.mql.handoffTouchTypes,
    },
  } satisfies ScoringDefinition);

  // The same holdout scored by Lockstep under the draft, the live version and the starter model.
  const labels = split.holdout.map((e) => e.label);
  observe?.holdout(
    split.holdout.map((e) => e.id),
    labels,
  );
  const holdoutPositives = labels.filter((l) => l === 1).length;
  const judged =
    holdoutPositives >= CALIBRATION_MINIMUM_SAMPLE &&
    labels.length - holdoutPositives >= CALIBRATION_MINIMUM_SAMPLE;
  const draftScores = await scoreAsOfCutoffs(
    db,
    ctx,
    ws,
    definition,
    split.holdout,
    [0.78, 0.86],
    "Scoring the holdout with the calibrated rules",
  );
  const liveScores = live
    ? await scoreAsOfCutoffs(
        db,
        ctx,
        ws,
        live.definition,
        split.holdout,
        [0.86, 0.93],
        `Scoring the holdout with live version ${live.version}`,
      )
    : null;
  const starterScores = await scoreAsOfCutoffs(
    db,
    ctx,
    ws,
    STARTER_DEFINITION,
    split.holdout,
    [0.93, 0.99],
    "Scoring the holdout with the starter model",
  );
  const judge = (name: string, version: number | null, scores: number[] | null) => ({
    name,
    version,
    auc: scores && judged ? areaUnderCurve(scores, labels) : null,
    topDecileLift: scores && judged ? (liftByDecile(scores, labels)[0]?.lift ?? null) : null,
  });

  const reproduction = split.holdout.reduce(
    (max, e, i) => Math.max(max, Math.abs(draftScores[i] - fitted(e))),
    0,
  );
  const created = await createDraftVersion(db, caller, modelId, {
    definition,
    note: `Calibrated on ${examples.length} contacts (${positives} positive) for: ${describeOutcome(request.outcome)}`,
  });
  const draftAuc = judged ? areaUnderCurve(draftScores, labels) : null;
  await ctx.checkpoint(1, "Writing the report");
  return {
    modelId,
    version: created.version,
    outcome: describeOutcome(request.outcome),
    holdout:
      holdout.kind === "random"
        ? `${Math.round(holdout.share * 100)}% of labelled contacts, chosen by seed "${holdout.seed}"`
        : `labelled contacts created on or after ${holdout.createdFrom}`,
    labelled: examples.length,
    positives,
    trainCount: split.train.length,
    trainPositives,
    holdoutCount: split.holdout.length,
    holdoutPositives,
    minimumSample: CALIBRATION_MINIMUM_SAMPLE,
    candidates: candidates.length,
    fitRules: fitRules.length,
    engagementRules: engagementRules.length,
    pointsToDoubleOdds: POINTS_TO_DOUBLE_ODDS,
    comparison: [
      { ...judge(`Calibrated (version ${created.version})`, created.version, draftScores), auc: draftAuc },
      judge(live ? `Live (version ${live.version})` : "Live (none)", live?.version ?? null, liveScores),
      judge("Starter model", null, starterScores),
    ],
    liftByDecile: judged
      ? liftByDecile(draftScores, labels).map(({ decile, contacts, positives, lift }) => ({
          decile,
          contacts,
          positives,
          lift,
        }))
      : [],
    calibrationCurve: judged ? calibrationCurve(draftScores, labels, fit.intercept) : [],
    reproduction: { contacts: split.holdout.length, maxDifference: Math.round(reproduction * 100) / 100 },
    topRules: kept
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : 1))
      .slice(0, 15),
  };
}

/** Per decile of the calibrated score (top first): the mean predicted probability and the observed rate. */
function calibrationCurve(scores: number[], labels: (0 | 1)[], intercept: number) {
  const order = scores.map((_s, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const rows: CalibrationReport["calibrationCurve"] = [];
  let position = 0;
  for (let decile = 1; decile <= 10; decile++) {
    const contacts = Math.floor(order.length / 10) + (decile <= order.length % 10 ? 1 : 0);
    const slice = order.slice(position, position + contacts);
    position += contacts;
    if (slice.length === 0) continue;
    const predicted =
      slice.reduce((sum, i) => sum + 1 / (1 + Math.exp(-(intercept + scores[i] / POINTS_PER_LOG_ODDS))), 0) /
      slice.length;
    const observed = slice.reduce((sum, i) => sum + labels[i], 0) / slice.length;
    rows.push({ decile, contacts: slice.length, predicted, observed });
  }
  return rows;
}
