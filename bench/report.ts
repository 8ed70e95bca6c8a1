// The results table in docs/benchmarks.md: printed to the terminal, merged into the file (rows of
// other engine/scale combinations are kept, re-measured rows replaced) and written back. The rows
// round-trip through a JSON comment inside the generated block; everything outside that block is
// hand-written and preserved.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface ResultRow {
  /** e.g. "B2 import, empty workspace"; (workload, engine, scale) identifies a row. */
  workload: string;
  engine: string;
  scale: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: "yes" | "no" | "n/a";
  /** Why a target was missed, or what the figure depends on; listed under the table. */
  note?: string;
  /** When and under what conditions the run was made (load average, commit). */
  run?: string;
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";
const DATA = /<!-- bench:data\n([\s\S]*?)\n-->/;
const COLUMNS = ["workload", "engine", "scale", "ours", "baseline", "ratio", "target", "met?"] as const;

const TEMPLATE = `# Benchmarks

Results of \`npm run bench\` (workloads and targets: BENCHMARKS.md). Every target is a ratio
against a baseline measured in the same run, on the same engine and the same (shared, noisy,
2-core) machine; absolute figures are reported, never asserted.

\`\`\`bash
npm run bench -- --engine pglite   --scale small
npm run bench -- --engine postgres --scale small            # postgres://postgres@127.0.0.1:5432
npm run bench -- --engine postgres --scale medium --only B2 # --database-url to point elsewhere
npm run bench -- --engine postgres --scale large --only B1 --max-load 2.5
\`\`\`

${START}
${END}

## How measured

- **Machine.** Two shared cores; other work (tests, builds) runs at the same time. With
  \`--max-load 2.5\` the run waits (up to 10 min) before each workload until the 1-min load
  average drops below 2.5; the load before and after each workload is listed under "Runs".
- **Databases.** Each workload starts from nothing: a new PGlite data directory in a temp
  directory, or a new database on the PostgreSQL server (\`--database-url\`, default
  \`postgres://postgres@127.0.0.1:5432\`), migrated with the app's migrations and removed or
  dropped afterwards, also when the run fails or is interrupted.
- **B1 ingest.** \`bench/b1-ingest.ts\` plans a deterministic event stream (seed 42) of N touches
  (N = 100k / 300k / 1M for small / medium / large; BENCHMARKS.md asks for 1M, the smaller scales
  keep a run short) in \`POST /v1/batch\` requests of 100 events, split over 4 connections (HTTP
  keep-alive, each connection sends its requests in order and waits for each answer). About 55% of
  the touches come from known users (\`userId\`, half also with an \`anonymousId\`), 10% from visitors
  identified before the run who come back with only their \`anonymousId\`, the rest from new
  anonymous visitors (2-16 touches each) of whom 30% send an \`identify\` with an e-mail part-way
  (half a known contact's, half a new one; half also with a new \`userId\`), so earlier anonymous
  touches must be stitched. 45% are page views (a quarter with \`utm_campaign\`/\`utm_medium\` in the
  URL, some for campaigns that do not exist yet), the rest tracks (mapped and custom events, some
  with utm properties). One visitor's events stay on one connection, as from one Segment client;
  1% of the requests are sent twice (a client retry), and a 5xx answer is retried as Segment
  clients do. Both sides start from the same workspace: N/40 known contacts with user ids, 40
  accounts, 5 campaigns, and a tracking history of N/4 touches and their visitors' identities
  (loaded with COPY and analyzed before timing; the server's autovacuum is off). *Ours*: the real
  server (\`lockstep serve\`) in a child process with a workspace write key; the request bodies are
  built before timing; time from the first request to the last answer. *Baseline*, on a second
  database: one \`COPY\` of the touch rows the API must end with (ids, contact, account, campaign,
  type, channel, properties, precomputed by the planner) into the same \`touches\` table, with all
  its indexes and foreign keys, in one transaction (PostgreSQL: \`COPY ... FROM STDIN\`; PGlite:
  \`COPY ... FROM '/dev/blob'\`); the baseline also gets, before timing, the contacts and campaigns
  the API creates on the way. Rate = touches / wall time; ratio = our rate / COPY's rate. Nothing
  lost: on both sides the run's touches are counted and summed (md5 over \`messageId|type|occurred_at\`
  in messageId order) and compared with what was sent, and an md5 over every stored field by value
  (contact e-mail, account domain, campaign utm, channel, anonymous id, properties) must be equal on
  both sides, which also checks identity resolution and stitching. At small scale both sides are
  measured twice and the best counts. CPU seconds of the server process and of the PostgreSQL
  backends serving the run's database are listed with the result. Live scoring of touched contacts
  is not part of the ingest yet, so B1 runs without it.
- **B2 import.** \`bench/contacts-csv.ts\` writes two deterministic HubSpot-style contact exports
  of N rows each (N = 10k / 100k / 1M for small / medium / large; ~5% of the rows repeat an
  earlier contact of the same file, some with the e-mail in other case), with different contacts
  in each file but shared companies. In a child process (so its RSS is the import's own):
  *ours* is \`importCsv\` (the code behind \`lockstep import\` and \`POST /api/imports\`) of file 1
  into an empty workspace (a), then of file 2 into the same, now populated, workspace (b).
  The *baseline*, on a second fresh database, loads the same files by hand: \`COPY\` into an
  unlogged staging table (PGlite: \`COPY ... FROM '/dev/blob'\`; PostgreSQL: \`COPY ... FROM
  STDIN\` over the pg protocol), then set-based SQL doing the same work as the importer:
  accounts for new company domains (\`ON CONFLICT DO NOTHING\`), one
  \`INSERT INTO contacts ... SELECT DISTINCT ON (lower(email)) ... ON CONFLICT (workspace_id, email)
  DO UPDATE\` keeping stored values where a cell is blank, and the lifecycle stage changes, all
  in one transaction. Both sides write into the same schema with all its indexes (including
  the trigram search index), and the run checks that both end with the same contacts (count
  and an md5 over every imported field; a failed check marks the row "no"). Stage-change counts
  may differ: ours records a contact listed twice in different batches twice. Rate = file
  rows / wall time; ratio = our time / baseline time.
  At small scale both sides are measured twice (alternating, each time on fresh databases) and
  the best time of each phase counts (\`--repeat\`).
  Peak RSS is sampled every 100 ms during our two imports (on PGlite it includes the embedded
  database; on PostgreSQL only the Node process).
- **B6 read under load.** \`lockstep seed --scale <scale>\` fills a fresh database; the real
  server (\`lockstep serve\`, i.e. \`buildApp\` + listen) runs in a child process, the bench
  signs in as the demo user and collects up to 1000 contact ids through \`GET /api/contacts\`;
  autocannon (10 connections, 10 s after a 3 s warm-up, in the parent process) requests
  \`GET /api/contacts/:id\` rotating through them with the session cookie. Baseline: a Fastify
  hello-world (\`{"hello":"world"}\`) in its own child process, same autocannon settings.
  As a diagnostic the run also loads \`GET /api/health\` (one \`select 1\`, no session) on our
  server for 5 s, which bounds what any route making one database round trip can reach.
- **B7 start.** \`node bin/lockstep.js start\` (what \`npm start\` runs, one node process) with a
  fresh \`LOCKSTEP_DATA_DIR\` (or a fresh PostgreSQL database), timed from spawn until \`GET /\`
  answers 200 (polled every 50 ms): the first start migrates and seeds the small demo
  workspace; then SIGTERM and three restarts on the same data, of which the median is reported
  (\`--restarts\`). RSS is \`VmRSS\` of that process one second after it answered. The web
  app is built (\`vite build\`) before timing when \`dist/web\` is missing or stale, so B7
  measures the app, not the bundler, and a start that rebuilt it anyway (someone edited
  \`src/web\` meanwhile) is measured again. B7 always runs at small scale (what \`start\`
  seeds), whatever \`--scale\` says.
`;

export function printTable(rows: ResultRow[]) {
  const cells = rows.map((r) => [
    r.workload,
    r.engine,
    r.scale,
    r.ours,
    r.baseline,
    r.ratio,
    r.target,
    r.met,
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ");
  console.log(line(COLUMNS));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of cells) console.log(line(row));
  for (const r of rows.filter((r) => r.note))
    console.log(`  * ${r.workload} (${r.engine}/${r.scale}): ${r.note}`);
}

const keyOf = (r: ResultRow) => `${r.workload}\u0000${r.engine}\u0000${r.scale}`;
const SCALE_ORDER = ["small", "medium", "large"];

function sortRows(rows: ResultRow[]) {
  const id = (w: string) => w.split(" ")[0];
  return [...rows].sort(
    (a, b) =>
      id(a.workload).localeCompare(id(b.workload), "en", { numeric: true }) ||
      a.engine.localeCompare(b.engine) ||
      SCALE_ORDER.indexOf(a.scale) - SCALE_ORDER.indexOf(b.scale) ||
      0,
  );
}

/** Rows stored in the file: from the JSON block, else parsed back from the markdown table. */
export function readRows(markdown: string): ResultRow[] {
  const data = DATA.exec(markdown);
  if (data) return JSON.parse(data[1]) as ResultRow[];
  const rows: ResultRow[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== COLUMNS.length || cells[0] === "workload" || /^-+$/.test(cells[0])) continue;
    const [workload, engine, scale, ours, baseline, ratio, target, met] = cells;
    rows.push({ workload, engine, scale, ours, baseline, ratio, target, met: met as ResultRow["met"] });
  }
  return rows;
}

export function mergeRows(existing: ResultRow[], fresh: ResultRow[]) {
  const merged = new Map(existing.map((r) => [keyOf(r), r]));
  for (const r of fresh) merged.set(keyOf(r), r);
  return sortRows([...merged.values()]);
}

const escapeCell = (v: string) => v.replace(/\|/g, "\\|");

function renderBlock(rows: ResultRow[]) {
  const out = [START, "## Results", ""];
  out.push(`| ${COLUMNS.join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
  for (const r of rows) {
    out.push(
      `| ${[r.workload, r.engine, r.scale, r.ours, r.baseline, r.ratio, r.target, r.met].map(escapeCell).join(" | ")} |`,
    );
  }
  const noted = rows.filter((r) => r.note);
  if (noted.length > 0) {
    out.push("", "Measured notes (misses and caveats, written by the run):", "");
    for (const r of noted) out.push(`- **${r.workload}** (${r.engine}, ${r.scale}): ${r.note}`);
  }
  const runs = [
    ...new Set(rows.map((r) => (r.run ? `${r.engine}/${r.scale}: ${r.run}` : "")).filter(Boolean)),
  ];
  if (runs.length > 0) {
    out.push("", "Runs:", "");
    for (const run of runs.sort()) out.push(`- ${run}`);
  }
  out.push("", "<!-- bench:data", `[\n${rows.map((r) => JSON.stringify(r)).join(",\n")}\n]`, "-->", END);
  return out.join("\n");
}

/** Merges the fresh rows into the file (creating it from the template) and returns all rows. */
export function writeReport(file: string, fresh: ResultRow[]) {
  let markdown = existsSync(file) ? readFileSync(file, "utf8") : TEMPLATE;
  if (!markdown.includes(START) || !markdown.includes(END)) {
    // A file without our block: keep its text below the template's block.
    markdown = `${TEMPLATE}\n${markdown}`;
  }
  const startAt = markdown.indexOf(START);
  const endAt = markdown.indexOf(END) + END.length;
  const rows = mergeRows(readRows(markdown.slice(startAt, endAt)), fresh);
  writeFileSync(file, markdown.slice(0, startAt) + renderBlock(rows) + markdown.slice(endAt));
  return rows;
}
