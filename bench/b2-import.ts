// B2: CSV import of N contacts into an empty workspace, then N other contacts into the populated
// one, against a hand-written COPY + set-based upsert of the same files. The measuring runs in a
// child process (`--b2-worker`) so the peak RSS sampled there is the import's own.
import { createReadStream, openAsBlob, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../src/server/db/client.js";
import { workspaces } from "../src/server/db/schema/index.js";
import { newId } from "../src/server/lib/ids.js";
import { importCsv } from "../src/server/modules/imports/imports.service.js";
import { CONTACT_HEADERS, type ContactsCsvStats, writeContactsCsv } from "./contacts-csv.js";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  copyFromStdin,
  createDatabase,
  type Engine,
  fmt,
  log,
  runNode,
  SCALE_CONTACTS,
  sampleRss,
  tempDir,
} from "./support.js";

const SEED = 42;
const RESULT_PREFIX = "@@b2-result ";

interface WorkerConfig {
  engine: Engine;
  rows: number;
  dir: string;
  /** Each repetition measures both sides again on fresh databases; the best time of each phase counts. */
  repeat: number;
  oursUrls?: string[];
  baselineUrls?: string[];
}

interface Phase {
  ms: number;
  rows: number;
  peakRssMb: number;
}

interface SideResult {
  a: Phase;
  b: Phase;
  startRssMb: number;
  contactsAfterA: number;
  contacts: number;
  stageChanges: number;
  accounts: number;
  checksum: string;
}

type OursResult = SideResult & { rejected: number; updated: number };

interface WorkerResult {
  files: ContactsCsvStats[];
  /** One entry per repetition, in the order measured (ours, baseline, ours, baseline...). */
  ours: OursResult[];
  baseline: SideResult[];
}

// ---------------------------------------------------------------- parent side

export async function runB2(ctx: BenchContext): Promise<ResultRow[]> {
  const rows = SCALE_CONTACTS[ctx.scale];
  log(`B2 import: ${fmt.int(rows)} rows per file on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b2");
  const config: WorkerConfig = { engine: ctx.engine, rows, dir, repeat: ctx.repeat };
  const dbs = [];
  if (ctx.engine === "postgres") {
    config.oursUrls = [];
    config.baselineUrls = [];
    for (let i = 0; i < ctx.repeat; i++) {
      const ours = await createDatabase(ctx, `b2_ours${i}`);
      const baseline = await createDatabase(ctx, `b2_base${i}`);
      dbs.push(ours, baseline);
      config.oursUrls.push(ours.url);
      config.baselineUrls.push(baseline.url);
    }
  }
  try {
    const output = await runNode(
      ctx,
      "b2",
      ["--import", "tsx", fileURLToPath(import.meta.url), "--b2-worker", JSON.stringify(config)],
      { DATABASE_URL: undefined, LOCKSTEP_DATA_DIR: dir },
    );
    const line = output.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
    if (!line) throw new Error("B2 worker printed no result");
    return toRows(ctx, JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerResult);
  } finally {
    for (const db of dbs) await db.drop();
    await remove();
  }
}

/** The best time of each phase over the repetitions; counts and checksums from the last one. */
function best<T extends SideResult>(runs: T[]): T {
  const fastest = (phase: "a" | "b") => runs.map((r) => r[phase]).reduce((x, y) => (y.ms < x.ms ? y : x));
  // Peak RSS of the first repetition: later ones run in a process that already held other instances.
  return {
    ...runs[runs.length - 1],
    a: { ...fastest("a"), peakRssMb: runs[0].a.peakRssMb },
    b: { ...fastest("b"), peakRssMb: runs[0].b.peakRssMb },
    startRssMb: runs[0].startRssMb,
  };
}

function toRows(ctx: BenchContext, result: WorkerResult): ResultRow[] {
  const r = { files: result.files, ours: best(result.ours), baseline: best(result.baseline) };
  const times = (runs: SideResult[], phase: "a" | "b") =>
    runs.map((x) => (x[phase].ms / 1000).toFixed(2)).join("/");
  const spread =
    result.ours.length > 1
      ? ` Best of ${result.ours.length} (s): ours ${times(result.ours, "a")} and ${times(result.ours, "b")}, baseline ${times(result.baseline, "a")} and ${times(result.baseline, "b")}.`
      : "";
  const base = { engine: ctx.engine, scale: ctx.scale };
  const rate = (p: Phase) => p.rows / (p.ms / 1000);
  const figure = (p: Phase) => `${fmt.int(rate(p))} rows/s (${fmt.s(p.ms)})`;
  const checks: string[] = [];
  if (r.ours.contacts !== r.baseline.contacts || r.ours.contactsAfterA !== r.baseline.contactsAfterA)
    checks.push(
      `contact counts differ: ours ${r.ours.contactsAfterA} then ${r.ours.contacts}, baseline ${r.baseline.contactsAfterA} then ${r.baseline.contacts}`,
    );
  if (r.ours.checksum !== r.baseline.checksum)
    checks.push("stored contacts differ between ours and the baseline (checksum of every imported field)");
  if (r.ours.rejected > 0) checks.push(`ours rejected ${r.ours.rejected} rows`);
  const expected = r.files[0].uniqueEmails + r.files[1].uniqueEmails;
  if (r.ours.contacts !== expected) checks.push(`expected ${expected} contacts, ours has ${r.ours.contacts}`);
  const check = checks.length > 0 ? ` CHECK FAILED: ${checks.join("; ")}.` : "";

  const rowsFor = (phase: "a" | "b", label: string): ResultRow => {
    const ours = r.ours[phase];
    const baseline = r.baseline[phase];
    const ratio = ours.ms / baseline.ms;
    const met = ratio <= 2;
    return {
      ...base,
      workload: `B2 import, ${label}`,
      ours: figure(ours),
      baseline: figure(baseline),
      ratio: `${fmt.ratio(ratio)} time`,
      target: "<= 2x baseline time",
      met: met && !check ? "yes" : "no",
      note:
        (met
          ? ""
          : `our import took ${fmt.ratio(ratio)} the baseline's time (${fmt.s(ours.ms)} vs ${fmt.s(baseline.ms)}).`) +
          check || undefined,
    };
  };
  const oursFlat = rate(r.ours.b) / rate(r.ours.a);
  const baseFlat = rate(r.baseline.b) / rate(r.baseline.a);
  const peak = Math.max(r.ours.a.peakRssMb, r.ours.b.peakRssMb);
  return [
    rowsFor("a", "empty workspace"),
    rowsFor("b", "populated workspace"),
    {
      ...base,
      workload: "B2 import flatness (b)/(a)",
      ours: `${oursFlat.toFixed(2)} (rate into populated / into empty)`,
      baseline: baseFlat.toFixed(2),
      ratio: fmt.ratio(oursFlat),
      target: ">= 0.8",
      met: oursFlat >= 0.8 ? "yes" : "no",
      note:
        oursFlat >= 0.8
          ? undefined
          : `the rate into the populated workspace fell to ${oursFlat.toFixed(2)} of the rate into the empty one (baseline: ${baseFlat.toFixed(2)}).`,
    },
    {
      ...base,
      workload: "B2 import peak RSS",
      ours: `${fmt.mb(peak)} (${fmt.mb(r.ours.startRssMb)} before)`,
      baseline: fmt.mb(Math.max(r.baseline.a.peakRssMb, r.baseline.b.peakRssMb)),
      ratio: "-",
      target: "bounded (reported)",
      met: "n/a",
      note:
        `${ctx.engine === "pglite" ? "includes the embedded database; the PGlite baseline holds the whole file as a blob" : "Node process only (PostgreSQL runs apart)"}; ` +
        `files of ${fmt.int(r.files[0].rows)} rows (${(r.files[0].bytes / 1e6).toFixed(1)} MB), ${fmt.int(r.files[0].duplicates)} duplicate e-mails in the first; ` +
        `stage changes written: ours ${fmt.int(r.ours.stageChanges)}, baseline ${fmt.int(r.baseline.stageChanges)} (ours records a contact listed twice in different batches twice, as the file says).${spread}`,
    },
  ];
}

// ---------------------------------------------------------------- worker side

async function worker(config: WorkerConfig) {
  const files = [path.join(config.dir, "contacts-1.csv"), path.join(config.dir, "contacts-2.csv")];
  const companies = Math.max(50, Math.round(config.rows / 5));
  const stats: ContactsCsvStats[] = [];
  for (const [i, file] of files.entries()) {
    const started = performance.now();
    stats.push(
      await writeContactsCsv(file, { rows: config.rows, seed: SEED, file: i + 1, companies }, (n) => {
        if (n % 200_000 === 0) log(`  generating ${path.basename(file)}: ${fmt.int(n)} rows`);
      }),
    );
    log(
      `  wrote ${path.basename(file)}: ${fmt.int(config.rows)} rows, ${(stats[i].bytes / 1e6).toFixed(1)} MB in ${fmt.s(performance.now() - started)}`,
    );
  }
  const ours: OursResult[] = [];
  const baseline: SideResult[] = [];
  for (let rep = 0; rep < config.repeat; rep++) {
    if (config.repeat > 1) log(`  repetition ${rep + 1} of ${config.repeat}`);
    ours.push(await measureOurs(config, files, rep));
    baseline.push(await measureBaseline(config, files, rep));
  }
  console.log(`${RESULT_PREFIX}${JSON.stringify({ files: stats, ours, baseline } satisfies WorkerResult)}`);
}

/** Sums the contacts of a workspace field by field, so ours and the baseline can be compared. */
const CHECKSUM_SQL = `
  select md5(string_agg(concat_ws('|', c.email, c.first_name, c.last_name, c.title, c.phone, c.country,
    c.region, c.lifecycle_stage, c.lead_status, c.source, c.external_id, a.domain, a.name), E'\\n' order by c.email)) as sum,
    count(*)::int as contacts
  from contacts c left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
  where c.workspace_id = $1`;

const COUNTS_SQL = `select
  (select count(*)::int from lifecycle_stage_changes where workspace_id = $1) as changes,
  (select count(*)::int from accounts where workspace_id = $1) as accounts`;

function progressPrinter(label: string, total: number) {
  let last = 0;
  return (rows: number) => {
    const now = performance.now();
    if (now - last > 3_000 || rows === total) {
      last = now;
      log(`  ${label}: ${fmt.int(rows)} / ${fmt.int(total)} rows`);
    }
  };
}

async function measureOurs(config: WorkerConfig, files: string[], rep: number): Promise<OursResult> {
  const dataDir = path.join(config.dir, `ours-${rep}`);
  const database = await openDatabase(
    config.engine === "pglite" ? { dataDir } : { url: config.oursUrls![rep] },
  );
  try {
    await database.migrate();
    const workspaceId = newId();
    await database.db.insert(workspaces).values({ id: workspaceId, name: "B2 import (ours)" });
    const startRssMb = process.memoryUsage().rss / 1024 / 1024;
    const phases: Phase[] = [];
    let rejected = 0;
    let updated = 0;
    let contactsAfterA = 0;
    for (const [i, file] of files.entries()) {
      const label = `ours ${i === 0 ? "(a) into empty" : "(b) into populated"}`;
      const progress = progressPrinter(label, config.rows);
      const rss = sampleRss();
      const started = performance.now();
      const report = await importCsv(database.db, createReadStream(file), {
        entity: "contacts",
        workspaceId,
        memberId: null,
        dryRun: false,
        fileName: path.basename(file),
        onProgress: (p) => progress(p.rows),
      });
      const ms = performance.now() - started;
      phases.push({ ms, rows: report.rows, peakRssMb: rss.stop() });
      rejected += report.rejected;
      updated += report.updated;
      log(
        `  ${label}: ${fmt.int(report.rows)} rows in ${fmt.s(ms)} (new ${fmt.int(report.inserted)}, updated ${fmt.int(report.updated)}, rejected ${report.rejected}), peak RSS ${fmt.mb(phases[i].peakRssMb)}`,
      );
      if (i === 0) {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from contacts where workspace_id = ${workspaceId}`,
        );
        contactsAfterA = row.n;
      }
    }
    const [sum] = await queryRows<{ sum: string; contacts: number }>(
      database.db,
      sql.raw(CHECKSUM_SQL.replace("$1", `'${workspaceId}'`)),
    );
    const [counts] = await queryRows<{ changes: number; accounts: number }>(
      database.db,
      sql.raw(COUNTS_SQL.replaceAll("$1", `'${workspaceId}'`)),
    );
    return {
      a: phases[0],
      b: phases[1],
      startRssMb,
      contactsAfterA,
      contacts: sum.contacts,
      stageChanges: counts.changes,
      accounts: counts.accounts,
      checksum: sum.sum,
      rejected,
      updated,
    };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// The hand-written load. Staging columns follow the file's header order.
const STAGING_COLUMNS = [
  "record_id",
  "first_name",
  "last_name",
  "email",
  "phone",
  "title",
  "company_name",
  "company_domain",
  "country",
  "region",
  "lifecycle_stage",
  "lead_status",
  "source",
  "create_date",
];
if (STAGING_COLUMNS.length !== CONTACT_HEADERS.length)
  throw new Error("staging columns out of step with CSV");

const SETUP_SQL = [
  `create unlogged table bench_staging (line bigserial, ${STAGING_COLUMNS.map((c) => `${c} text`).join(", ")})`,
  // Time-ordered ids like the app's UUIDv7, so both sides append to the same primary-key order.
  `create function bench_uuidv7() returns uuid language sql volatile as $$
     select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
       substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
       52, 1), 53, 1), 'hex')::uuid $$`,
  `create table bench_stage_map (spelling text primary key, stage lifecycle_stage not null)`,
  `insert into bench_stage_map values ('subscriber','subscriber'), ('lead','lead'), ('other','lead'),
     ('mql','mql'), ('marketingqualifiedlead','mql'), ('sal','sal'), ('salesacceptedlead','sal'),
     ('sql','sql'), ('salesqualifiedlead','sql'), ('opportunity','opportunity'), ('customer','customer'),
     ('evangelist','customer'), ('recycled','recycled'), ('nurture','recycled'),
     ('disqualified','disqualified'), ('unqualified','disqualified')`,
];

const COPY_SQL = (source: string) =>
  `copy bench_staging (${STAGING_COLUMNS.join(", ")}) from ${source} with (format csv, header true)`;

const ACCOUNTS_SQL = `
  insert into accounts (workspace_id, id, domain, name)
  select $1, bench_uuidv7(), domain, name from (
    select distinct on (company_domain) company_domain as domain, coalesce(company_name, company_domain) as name
    from bench_staging where company_domain is not null
    order by company_domain, company_name is null, line) d
  on conflict (workspace_id, domain) do nothing`;

const CONTACTS_SQL = `
  with src as (
    select distinct on (lower(s.email)) lower(s.email) as email, coalesce(s.first_name, '') as first_name,
      coalesce(s.last_name, '') as last_name, s.title, s.phone, s.country, s.region, m.stage, s.lead_status,
      s.source, s.record_id, s.company_domain
    from bench_staging s
    left join bench_stage_map m on m.spelling = lower(regexp_replace(s.lifecycle_stage, '[^a-zA-Z0-9]', '', 'g'))
    order by lower(s.email), s.line desc
  ), prev as (
    select src.*, c.id as old_id, c.lifecycle_stage as old_stage, a.id as account_id
    from src
    left join contacts c on c.workspace_id = $1 and c.email = src.email
    left join accounts a on a.workspace_id = $1 and a.domain = src.company_domain
  ), up as (
    insert into contacts (workspace_id, id, email, first_name, last_name, title, phone, country, region,
      account_id, lifecycle_stage, lifecycle_stage_changed_at, lead_status, source, external_id)
    select $1, coalesce(old_id, bench_uuidv7()), email, first_name, last_name, title, phone, country, region,
      account_id, coalesce(stage, old_stage, 'lead'), now(), lead_status, source, record_id
    from prev
    on conflict (workspace_id, email) do update set
      first_name = case when excluded.first_name = '' then contacts.first_name else excluded.first_name end,
      last_name = case when excluded.last_name = '' then contacts.last_name else excluded.last_name end,
      title = coalesce(excluded.title, contacts.title),
      phone = coalesce(excluded.phone, contacts.phone),
      country = coalesce(excluded.country, contacts.country),
      region = coalesce(excluded.region, contacts.region),
      account_id = coalesce(excluded.account_id, contacts.account_id),
      lead_status = coalesce(excluded.lead_status, contacts.lead_status),
      source = coalesce(excluded.source, contacts.source),
      external_id = coalesce(excluded.external_id, contacts.external_id),
      lifecycle_stage = excluded.lifecycle_stage,
      lifecycle_stage_changed_at = case when excluded.lifecycle_stage <> contacts.lifecycle_stage
        then excluded.lifecycle_stage_changed_at else contacts.lifecycle_stage_changed_at end,
      updated_at = now()
    returning id, email, lifecycle_stage
  )
  insert into lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, cause, cause_detail)
  select $1, bench_uuidv7(), up.id, prev.old_stage, up.lifecycle_stage, now(), 'import', $2
  from up join prev on prev.email = up.email
  where prev.old_stage is distinct from up.lifecycle_stage`;

interface BaselineSession {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  copy(file: string): Promise<void>;
  close(): Promise<void>;
}

async function measureBaseline(config: WorkerConfig, files: string[], rep: number): Promise<SideResult> {
  // The same migrations as ours, on a database of its own.
  const dataDir = path.join(config.dir, `baseline-${rep}`);
  const database = await openDatabase(
    config.engine === "pglite" ? { dataDir } : { url: config.baselineUrls![rep] },
  );
  await database.migrate();
  const session =
    config.engine === "pglite"
      ? pgliteSession(database.pglite!)
      : await postgresSession(config.baselineUrls![rep]);
  try {
    for (const statement of SETUP_SQL) await session.query(statement);
    const workspaceId = newId();
    await session.query(`insert into workspaces (id, name) values ($1, 'B2 import (baseline)')`, [
      workspaceId,
    ]);
    const startRssMb = process.memoryUsage().rss / 1024 / 1024;
    const phases: Phase[] = [];
    let contactsAfterA = 0;
    for (const [i, file] of files.entries()) {
      const rss = sampleRss();
      const started = performance.now();
      await session.query("begin");
      await session.query("truncate bench_staging");
      await session.copy(file);
      await session.query(ACCOUNTS_SQL, [workspaceId]);
      await session.query(CONTACTS_SQL, [workspaceId, `Imported from ${path.basename(file)}`]);
      await session.query("commit");
      const ms = performance.now() - started;
      phases.push({ ms, rows: config.rows, peakRssMb: rss.stop() });
      log(
        `  baseline ${i === 0 ? "(a) into empty" : "(b) into populated"}: ${fmt.int(config.rows)} rows in ${fmt.s(ms)}`,
      );
      if (i === 0) {
        const { rows } = await session.query(
          "select count(*)::int as n from contacts where workspace_id = $1",
          [workspaceId],
        );
        contactsAfterA = rows[0].n as number;
      }
    }
    const sum = (await session.query(CHECKSUM_SQL, [workspaceId])).rows[0];
    const counts = (await session.query(COUNTS_SQL, [workspaceId])).rows[0];
    return {
      a: phases[0],
      b: phases[1],
      startRssMb,
      contactsAfterA,
      contacts: sum.contacts as number,
      stageChanges: counts.changes as number,
      accounts: counts.accounts as number,
      checksum: sum.sum as string,
    };
  } finally {
    await session.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pgliteSession(db: PGlite): BaselineSession {
  return {
    query: (text, params) => db.query<Record<string, unknown>>(text, params),
    async copy(file) {
      // PGlite reads COPY input from a blob mounted at /dev/blob.
      await db.query(COPY_SQL("'/dev/blob'"), [], { blob: await openAsBlob(file) });
    },
    close: async () => {},
  };
}

async function postgresSession(url: string): Promise<BaselineSession> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: (text, params) => client.query(text, params as unknown[]),
    copy: (file) =>
      copyFromStdin(client, COPY_SQL("stdin"), createReadStream(file, { highWaterMark: 256 * 1024 })),
    close: () => client.end(),
  };
}

if (process.argv[2] === "--b2-worker") {
  worker(JSON.parse(process.argv[3]) as WorkerConfig).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
