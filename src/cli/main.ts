// The `lockstep` command line: start (migrate + demo seed + serve), serve, migrate, seed.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { eq, sql } from "drizzle-orm";
import {
  type Db,
  dataDirectory,
  openDatabase,
  queryRows,
  statementTimeoutFromEnv,
} from "../server/db/client.js";
import { users } from "../server/db/schema/index.js";
import { SCALES, type SeedScale, seedDemoWorkspace } from "../server/db/seed/seed-demo-workspace.js";
import { createAuth } from "../server/lib/auth.js";
import { serveOptionsFromEnv, startServer } from "../server/main.js";
import { importCsv } from "../server/modules/imports/imports.service.js";
import {
  IMPORT_ENTITIES,
  type ImportEntity,
  newPropertiesSchema,
  OUTCOME_EFFECTS,
  type OutcomeEffect,
} from "../shared/imports.js";
import { ensureWebBuilt } from "./web-build.js";

function describeEngine() {
  return process.env.DATABASE_URL
    ? "PostgreSQL (DATABASE_URL)"
    : `embedded PGlite in ${path.join(dataDirectory(), "pglite")}`;
}

function progressReporter() {
  let bar: SingleBar | undefined;
  let current = "";
  return {
    onProgress(step: string, done: number, total: number) {
      if (step !== current) {
        bar?.stop();
        current = step;
        bar = new SingleBar({ format: `  ${step.padEnd(22)} [{bar}] {value}/{total}`, hideCursor: true });
        bar.start(total, 0);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

async function seedWorkspace(scale: SeedScale, seed: number, now?: Date) {
  const database = await openDatabase();
  await database.migrate();
  const auth = createAuth(database.db, { rateLimit: false });
  const progress = progressReporter();
  try {
    const result = await seedDemoWorkspace(database.db, {
      scale,
      seed,
      now,
      createUser: userCreator(database.db, auth),
      onProgress: progress.onProgress,
    });
    return result;
  } finally {
    progress.stop();
    await database.close();
  }
}

/** Signs demo users up; a user who already exists (a second demo workspace) is reused. */
function userCreator(db: Db, auth: ReturnType<typeof createAuth>) {
  return async (u: { email: string; name: string; password: string }) => {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email));
    if (existing) return existing.id;
    return (await auth.api.signUpEmail({ body: u })).user.id;
  };
}

const program = new Command()
  .name("lockstep")
  .description("Lockstep: sales and marketing as one revenue team")
  .showHelpAfterError();

program
  .command("start")
  .description("Migrate, seed a demo workspace on first run, build the web app if needed, and serve")
  .action(async () => {
    const started = Date.now();
    await ensureWebBuilt();
    const database = await openDatabase();
    await database.migrate();
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from workspaces`);
    let signIn: { email: string; password: string } | undefined;
    if (Number(rows[0]?.n ?? 0) === 0 && process.env.LOCKSTEP_SEED_DEMO !== "false") {
      console.log("First run: seeding a demo workspace (small scale)...");
      const auth = createAuth(database.db, { rateLimit: false });
      const progress = progressReporter();
      const result = await seedDemoWorkspace(database.db, {
        scale: "small",
        seed: 42,
        createUser: userCreator(database.db, auth),
        onProgress: progress.onProgress,
      });
      progress.stop();
      signIn = result.signIn;
    }
    // Migrations and the demo may take their time; the server's statements may not.
    await database.close();
    const options = serveOptionsFromEnv();
    await startServer(await openDatabase({ statementTimeoutMs: statementTimeoutFromEnv() }), options);
    const shownHost = options.host === "0.0.0.0" ? "localhost" : options.host;
    console.log(
      `Lockstep is serving http://${shownHost}:${options.port} on ${describeEngine()} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (signIn) console.log(`Demo sign-in: ${signIn.email} / ${signIn.password}`);
    else if (process.env.LOCKSTEP_SEED_DEMO !== "false")
      console.log(
        "Demo sign-in (if the demo workspace was seeded): riley.revenue@demo.lockstep.dev / lockstep-demo",
      );
  });

program
  .command("serve")
  .description("Serve the API and web app (migrations must be applied)")
  .action(async () => {
    const database = await openDatabase({ statementTimeoutMs: statementTimeoutFromEnv() });
    const options = serveOptionsFromEnv();
    await startServer(database, options);
    console.log(`Lockstep is serving http://${options.host}:${options.port} on ${describeEngine()}`);
  });

program
  .command("migrate")
  .description("Apply pending database migrations")
  .action(async () => {
    const database = await openDatabase();
    await database.migrate();
    await database.close();
    console.log(`Migrations applied on ${describeEngine()}`);
  });

const parseScale = (value: string): SeedScale => {
  if (!(value in SCALES)) throw new InvalidArgumentError(`use one of ${Object.keys(SCALES).join(", ")}`);
  return value as SeedScale;
};
const parseSeed = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError("must be an integer");
  return n;
};
const parseNow = (value: string) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError("must be a date-time like 2026-12-01T12:00:00Z");
  return date;
};

program
  .command("seed")
  .description("Generate a deterministic demo workspace (accounts, contacts, campaigns, touches, deals)")
  .option(
    "--scale <scale>",
    "small (10k contacts), medium (100k) or large (1M)",
    parseScale,
    "small" as SeedScale,
  )
  .option("--seed <n>", "random seed; the same seed gives the same data", parseSeed, 42)
  .option("--now <date>", "the generated history ends here (ISO date-time); default now", parseNow)
  .action(async (options: { scale: SeedScale; seed: number; now?: Date }) => {
    const started = Date.now();
    const result = await seedWorkspace(options.scale, options.seed, options.now);
    console.log(`Seeded workspace ${result.workspaceId} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [table, count] of Object.entries(result.counts)) console.log(`  ${table}: ${count}`);
    console.log(`Sign in as ${result.signIn.email} / ${result.signIn.password}`);
  });

program
  .command("import")
  .description("Import a CSV file of accounts, contacts, opportunities, campaigns or touches")
  .argument("<entity>", IMPORT_ENTITIES.join(" | "))
  .argument("<file>", "CSV file (HubSpot and Salesforce export headers are recognised)")
  .option("--workspace <id>", "workspace to import into (default: the first one)")
  .option("--dry-run", "check and preview without writing anything", false)
  .option(
    "--mapping <json>",
    'override column mapping, e.g. \'{"E-Mail": "email", "Tier": "property.tier"}\'',
  )
  .option(
    "--new-properties <json>",
    'columns that create a custom property, e.g. \'{"Total Visits": {"type": "number"}}\' (a dry run guesses a missing type)',
  )
  .option("--match-by <field>", "contacts: email, externalId or property.<api_name>")
  .option("--outcome-sets <effect>", "contacts: what an outcome column sets: stage or deal", "stage")
  .action(
    async (
      entity: string,
      file: string,
      options: {
        workspace?: string;
        dryRun: boolean;
        mapping?: string;
        newProperties?: string;
        matchBy?: string;
        outcomeSets: string;
      },
    ) => {
      if (!(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
        throw new InvalidArgumentError(`entity must be one of ${IMPORT_ENTITIES.join(", ")}`);
      }
      if (!(OUTCOME_EFFECTS as readonly string[]).includes(options.outcomeSets)) {
        throw new InvalidArgumentError(`--outcome-sets must be one of ${OUTCOME_EFFECTS.join(", ")}`);
      }
      const newProperties = options.newProperties
        ? newPropertiesSchema.parse(JSON.parse(options.newProperties))
        : undefined;
      const size = statSync(file).size;
      const database = await openDatabase();
      await database.migrate();
      const [workspace] = await queryRows<{ id: string; name: string }>(
        database.db,
        options.workspace
          ? sql`select id, name from workspaces where id = ${options.workspace}`
          : sql`select id, name from workspaces order by created_at limit 1`,
      );
      if (!workspace)
        throw new Error(
          options.workspace
            ? `No workspace ${options.workspace}`
            : "No workspace yet: run lockstep start or seed first",
        );
      const bar = new SingleBar({
        format: `  ${entity.padEnd(14)} [{bar}] {percentage}% | {rows} rows`,
        hideCursor: true,
      });
      bar.start(size, 0, { rows: 0 });
      const input = createReadStream(file);
      let bytes = 0;
      input.on("data", (chunk) => {
        bytes += chunk.length;
        bar.update(bytes);
      });
      const started = Date.now();
      try {
        const report = await importCsv(database.db, input, {
          entity: entity as ImportEntity,
          workspaceId: workspace.id,
          memberId: null,
          dryRun: options.dryRun,
          fileName: path.basename(file),
          mapping: options.mapping ? JSON.parse(options.mapping) : undefined,
          newProperties,
          matchBy: options.matchBy,
          outcomeSets: options.outcomeSets as OutcomeEffect,
          onProgress: (p) => bar.update(bytes, { rows: p.rows }),
        });
        bar.update(size, { rows: report.rows });
        bar.stop();
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `${options.dryRun ? "Dry run of" : "Imported"} ${path.basename(file)} into ${workspace.name} in ${seconds.toFixed(1)} s`,
        );
        console.log(
          `  rows ${report.rows}, new ${report.inserted}, updated ${report.updated}, rejected ${report.rejected}`,
        );
        console.log("  columns:");
        for (const [header, field] of Object.entries(report.mapping))
          console.log(`    ${header} -> ${field ?? "(ignored)"}`);
        for (const p of report.details.newProperties ?? []) {
          const misfits = p.guess?.misfitsAs[p.type]?.count ?? 0;
          console.log(
            `  ${options.dryRun ? "would create" : "created"} property.${p.apiName} (${p.type}${p.guessed ? ", guessed" : ""}) from "${p.column}"${misfits ? `; ${misfits} cells do not fit` : ""}`,
          );
        }
        for (const r of report.rejectedRows.slice(0, 20)) console.log(`  line ${r.line}: ${r.reason}`);
        if (report.rejected > 20)
          console.log(`  ... ${report.rejected - 20} more rejected rows (report ${report.id})`);
      } finally {
        bar.stop();
        await database.close();
      }
    },
  );

await program.parseAsync(process.argv);
