// The demo seed: same (seed, now) gives byte-identical workspaces, every row belongs to the workspace,
// stage histories are consistent with current stages, and deals really depend on fit and engagement.
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOUCH_TYPES, teamOfTouch } from "../../../shared/domain.js";
import { countStageEntries } from "../../modules/lifecycle/lifecycle.service.js";
import { openTestDatabase } from "../../testing/harness.js";
import { type Database, queryRows } from "../client.js";
import { type SeedResult, seedDemoWorkspace } from "./seed-demo-workspace.js";

const NOW = new Date("2026-03-01T12:00:00Z");
// Three chunks of touches, so chunk boundaries are part of what must repeat exactly.
const SIZES = { contacts: 1500, touches: 24000, accounts: 300 };

async function seedFreshDatabase(seed: number): Promise<{ database: Database; result: SeedResult }> {
  // A fresh migrated database each time (a PGlite snapshot, or a new PostgreSQL database).
  const database = await openTestDatabase();
  const result = await seedDemoWorkspace(database.db, {
    scale: "small",
    seed,
    now: NOW,
    override: SIZES,
    createUser: async (u) => {
      const id = `user-${u.email}`;
      await database.db.execute(
        sql`insert into users (id, name, email) values (${id}, ${u.name}, ${u.email})`,
      );
      return id;
    },
  });
  return { database, result };
}

const rows = <T>(database: Database, query: SQL) => queryRows<T>(database.db, query);

async function tenantTables(database: Database): Promise<string[]> {
  const tables = await rows<{ table_name: string }>(
    database,
    sql`select table_name from information_schema.columns
        where table_schema = current_schema() and column_name = 'workspace_id' order by table_name`,
  );
  return tables.map((t) => t.table_name);
}

/** md5 of every row's full text in a stable order, per tenant table: equal only if the data is identical. */
async function checksums(database: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of [...(await tenantTables(database)), "workspaces"]) {
    const [row] = await rows<{ digest: string | null }>(
      database,
      sql.raw(`select md5(string_agg(t::text, '|' order by t::text)) as digest from "${table}" t`),
    );
    result[table] = row.digest ?? "";
  }
  return result;
}

describe("seedDemoWorkspace", () => {
  let first: { database: Database; result: SeedResult };
  let second: { database: Database; result: SeedResult };

  beforeAll(async () => {
    first = await seedFreshDatabase(42);
    second = await seedFreshDatabase(42);
  }, 60_000);

  afterAll(async () => {
    await first?.database.close();
    await second?.database.close();
  });

  it("creates the requested sizes and a signed-in admin", async () => {
    const { counts, signIn, workspaceId } = first.result;
    expect(counts.contacts).toBe(SIZES.contacts);
    expect(counts.touches).toBe(SIZES.touches);
    expect(counts.accounts).toBe(SIZES.accounts);
    expect(counts.members).toBeGreaterThanOrEqual(8);
    expect(counts.campaigns).toBeGreaterThanOrEqual(20);
    expect(signIn.password).toBe("lockstep-demo");
    const [admin] = await rows<{ team: string; role: string }>(
      first.database,
      sql`select m.team, m.role from members m join users u on u.id = m.user_id
          where m.workspace_id = ${workspaceId} and u.email = ${signIn.email}`,
    );
    expect(admin).toEqual({ team: "revenue", role: "admin" });
    const leads = await rows<{ team: string }>(
      first.database,
      sql`select distinct team from members where workspace_id = ${workspaceId} and role = 'lead' order by team`,
    );
    expect(leads.map((l) => l.team)).toEqual(["marketing", "sales"]);
  });

  it("is deterministic: same seed and now give identical rows, ids included", async () => {
    expect(second.result.counts).toEqual(first.result.counts);
    expect(second.result.workspaceId).toBe(first.result.workspaceId);
    const a = await checksums(first.database);
    const b = await checksums(second.database);
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(13);
    expect(b).toEqual(a);
    // The year under the agreements is part of what must repeat exactly, and it is not empty.
    for (const table of [
      "lead_decisions",
      "lead_assignments",
      "sla_clocks",
      "objections",
      "content_requests",
      "notifications",
      "audit_events",
      "sla_versions",
      "scoring_model_versions",
    ])
      expect(a[table], table).not.toBe("");
  });

  it("puts every tenant row in the workspace", async () => {
    const { workspaceId, counts } = first.result;
    for (const table of await tenantTables(first.database)) {
      const [row] = await rows<{ total: number; foreign: number }>(
        first.database,
        sql.raw(`select count(*)::int as total, count(*) filter (where workspace_id <> '${workspaceId}')::int as foreign
                 from "${table}"`),
      );
      expect(row.foreign, table).toBe(0);
      if (counts[table] !== undefined) expect(row.total, table).toBe(counts[table]);
    }
  });

  it("matches contacts to their account's domain, personas to titles, accounts to segments", async () => {
    const [check] = await rows<Record<string, number>>(
      first.database,
      sql`select
            (select count(*)::int from contacts c join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
              where split_part(c.email, '@', 2) <> a.domain or c.email <> lower(c.email)) as foreign_email,
            (select count(*)::int from contacts c where (c.persona_id is not null) <> exists (
               select 1 from personas p, unnest(p.title_patterns) as pattern
               where p.workspace_id = c.workspace_id and strpos(lower(c.title), pattern) > 0)) as persona_mismatch,
            (select count(*)::int from contacts c join personas p on p.workspace_id = c.workspace_id and p.id = c.persona_id
              where not exists (select 1 from unnest(p.title_patterns) as pattern
                                where strpos(lower(c.title), pattern) > 0)) as wrong_persona,
            (select count(*)::int from accounts a join segments s on s.workspace_id = a.workspace_id and s.id = a.segment_id
              where not (a.industry = any (s.industries) and a.region = any (s.regions)
                and a.employees >= coalesce(s.min_employees, 0)
                and a.employees <= coalesce(s.max_employees, 2147483647))) as wrong_segment,
            (select count(*)::int from accounts where segment_id is not null) as in_segment,
            (select count(*)::int from contacts where title in ('Student', 'Intern') and persona_id is null) as students`,
    );
    expect(check).toMatchObject({
      foreign_email: 0,
      persona_mismatch: 0,
      wrong_persona: 0,
      wrong_segment: 0,
    });
    expect(check.in_segment).toBeGreaterThan(SIZES.accounts / 10);
    expect(check.students).toBeGreaterThan(0);
  });

  it("keeps stage histories consistent with each contact's current stage", async () => {
    const [check] = await rows<Record<string, number>>(
      first.database,
      sql`with ordered as (
            select s.*, row_number() over (partition by contact_id order by changed_at desc) as from_end,
                   lag(to_stage) over (partition by contact_id order by changed_at) as previous,
                   lag(changed_at) over (partition by contact_id order by changed_at) as previous_at
            from lifecycle_stage_changes s)
          select
            (select count(*)::int from contacts c where not exists (
               select 1 from ordered o where o.contact_id = c.id and o.from_end = 1
                 and o.to_stage = c.lifecycle_stage and o.changed_at = c.lifecycle_stage_changed_at)) as wrong_last,
            (select count(*)::int from ordered where previous is null and from_stage is not null) as first_with_from,
            (select count(*)::int from ordered where previous is not null
               and (from_stage is distinct from previous or changed_at <= previous_at)) as broken_chain,
            (select count(*)::int from ordered where from_entered_at is distinct from previous_at) as wrong_stay_start,
            (select count(*)::int from ordered where cause <> 'seed'
               or changed_at < ${NOW.toISOString()}::timestamptz - interval '366 days'
               or changed_at > ${NOW.toISOString()}::timestamptz) as out_of_range`,
    );
    expect(check).toEqual({
      wrong_last: 0,
      first_with_from: 0,
      broken_chain: 0,
      wrong_stay_start: 0,
      out_of_range: 0,
    });
  });

  it("builds the stage history's roll-ups from it: each month's entries count as the history counts them", async () => {
    const db = first.database.db;
    const ws = first.result.workspaceId;
    const [funnel] = await rows<{ rolled: number; history: number }>(
      first.database,
      sql`select (select count(*)::int from contact_funnel) as rolled,
            (select count(distinct contact_id)::int from lifecycle_stage_changes
              where to_stage in ('lead', 'mql', 'sal', 'sql', 'opportunity', 'customer')) as history`,
    );
    expect(funnel.rolled).toBe(funnel.history);
    expect(funnel.rolled).toBeGreaterThan(0);
    for (let back = 1; back <= 12; back += 3) {
      const start = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back, 1));
      const end = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back + 1, 1));
      expect(await countStageEntries(db, ws, start, end)).toEqual(
        await countStageEntries(db, ws, start, end, sql`true`),
      );
    }
  });

  it("ends deal contacts in the stage their deal implies", async () => {
    const [check] = await rows<Record<string, number>>(
      first.database,
      sql`select
            count(*) filter (where o.stage = 'closed_won' and c.lifecycle_stage <> 'customer')::int as won_not_customer,
            count(*) filter (where o.closed_at is null and c.lifecycle_stage <> 'opportunity')::int as open_not_opportunity,
            count(*) filter (where o.stage = 'closed_won')::int as won,
            count(*) filter (where o.stage = 'closed_lost')::int as lost
          from opportunity_contacts oc
          join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
          join contacts c on c.workspace_id = oc.workspace_id and c.id = oc.contact_id`,
    );
    expect(check.won_not_customer).toBe(0);
    expect(check.open_not_opportunity).toBe(0);
    expect(check.won).toBeGreaterThan(0);
    expect(check.lost).toBeGreaterThan(0);
  });

  it("writes touches both teams can tell apart, within the last 12 months", async () => {
    const types = await rows<{ type: string; team: string; n: number; bad: number }>(
      first.database,
      sql`select type, team::text as team, count(*)::int as n,
            count(*) filter (where source <> 'seed' or contact_id is null
              or occurred_at < ${NOW.toISOString()}::timestamptz - interval '366 days'
              or occurred_at > ${NOW.toISOString()}::timestamptz
              or (team = 'sales' and member_id is null)
              or (type = 'page_view' and properties->>'path' is null)
              -- UUIDv7-shaped ids whose timestamp is the touch's own time
              or id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
              or ('x' || lpad(replace(left(id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint
                 <> floor(extract(epoch from occurred_at) * 1000))::int as bad
          from touches group by type, team`,
    );
    for (const t of types) {
      expect(TOUCH_TYPES as readonly string[]).toContain(t.type);
      expect(t.team, t.type).toBe(teamOfTouch(t.type));
      expect(t.bad, t.type).toBe(0);
    }
    expect(new Set(types.map((t) => t.team))).toEqual(new Set(["marketing", "sales"]));
  });

  it("makes wins depend on fit and engagement", async () => {
    // Fit: persona match, senior title, account in a segment. Engagement: touch count quartiles.
    const groups = await rows<{
      grp: string;
      contacts: number;
      customer_rate: number;
      won_of_closed: number;
    }>(
      first.database,
      sql`with per_contact as (
            select c.id, c.lifecycle_stage,
              (c.persona_id is not null)::int + (c.seniority in ('c_level', 'vp', 'director'))::int
                + (a.segment_id is not null)::int as fit,
              (select count(*) from touches t where t.workspace_id = c.workspace_id and t.contact_id = c.id) as touches
            from contacts c join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id),
          cut as (select percentile_cont(0.75) within group (order by touches) as p75,
                         percentile_cont(0.5) within group (order by touches) as p50 from per_contact),
          grouped as (
            select p.*, case when fit >= 2 and touches >= p75 then 'high'
                             when fit <= 1 and touches <= p50 then 'low' end as grp
            from per_contact p, cut),
          closed as (
            select oc.contact_id, o.stage from opportunity_contacts oc
            join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
            where o.stage in ('closed_won', 'closed_lost'))
          select grp, count(*)::int as contacts,
            avg((lifecycle_stage = 'customer')::int)::float8 as customer_rate,
            avg((closed.stage = 'closed_won')::int)::float8 as won_of_closed
          from grouped left join closed on closed.contact_id = grouped.id
          where grp is not null group by grp`,
    );
    const high = groups.find((g) => g.grp === "high")!;
    const low = groups.find((g) => g.grp === "low")!;
    expect(high.contacts).toBeGreaterThan(50);
    expect(low.contacts).toBeGreaterThan(50);
    expect(high.customer_rate).toBeGreaterThan(0.05);
    expect(high.customer_rate).toBeGreaterThan(4 * low.customer_rate);
    expect(high.won_of_closed).toBeGreaterThan(low.won_of_closed + 0.15);
  });
});
