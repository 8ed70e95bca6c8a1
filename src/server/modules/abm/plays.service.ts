// Plays: templates of coordinated steps across channels (ad, email, content, video, call, social message,
// event, direct mail), each owned by marketing, sales or a named member, on a day offset from the start,
// with the asset to use. Running a play on target accounts creates one dated task per step and account, for
// both teams, in one statement; tasks are done, skipped with a reason, or overdue (open past their day).
// A run's results are computed from data: engagement lift against comparable target accounts not in the
// run, meetings, opportunities and pipeline created since the start.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  createPlaySchema,
  Play,
  PlayResults,
  PlayRun,
  PlayStep,
  PlayTask,
  playTaskQuerySchema,
  startPlaySchema,
  updatePlaySchema,
} from "../../../shared/abm.js";
import { type Db, queryRows } from "../../db/client.js";
import { plays } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId, uuidArray } from "../../lib/ids.js";
import { accountTouchesSql } from "../scoring/account-journey.js";

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Step ids kept where given, "step-N" (the first free N) where not. */
function withIds(steps: z.output<typeof createPlaySchema>["steps"]): PlayStep[] {
  const used = new Set(steps.map((s) => s.id).filter(Boolean));
  let n = 0;
  return steps.map((s) => {
    let id = s.id;
    while (!id) {
      n += 1;
      if (!used.has(`step-${n}`)) id = `step-${n}`;
    }
    used.add(id);
    return { ...s, id, ownerMemberId: s.ownerMemberId ?? null, asset: s.asset ?? "" };
  });
}

/** A named owner must be a member of the workspace in the step's team. */
async function checkOwners(db: Db, workspaceId: string, steps: PlayStep[]) {
  const ids = [...new Set(steps.flatMap((s) => (s.ownerMemberId ? [s.ownerMemberId] : [])))];
  if (ids.length === 0) return;
  const teams = new Map(
    (
      await queryRows<{ id: string; team: string }>(
        db,
        sql`select id, team from members where workspace_id = ${workspaceId} and id = any(${uuidArray(ids)})`,
      )
    ).map((m) => [m.id, m.team]),
  );
  steps.forEach((s, i) => {
    if (!s.ownerMemberId) return;
    const team = teams.get(s.ownerMemberId);
    if (!team) throw badRequest("is not a member of this workspace", `steps.${i}.ownerMemberId`);
    if (team !== s.ownerTeam)
      throw badRequest(`is not in the ${s.ownerTeam} team`, `steps.${i}.ownerMemberId`);
  });
}

async function playRows(db: Db, workspaceId: string, where: ReturnType<typeof sql>) {
  const rows = await queryRows<{
    id: string;
    name: string;
    description: string;
    steps: PlayStep[];
    archivedAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
    runs: number;
    accountsInPlay: number;
    openTasks: number;
  }>(
    db,
    sql`select p.id, p.name, p.description, p.steps, p.archived_at as "archivedAt", p.created_at as "createdAt",
          p.updated_at as "updatedAt",
          (select count(*)::int from play_runs r where r.workspace_id = p.workspace_id and r.play_id = p.id) as runs,
          (select count(distinct ra.account_id)::int from play_runs r join play_run_accounts ra
             on ra.workspace_id = r.workspace_id and ra.run_id = r.id
             where r.workspace_id = p.workspace_id and r.play_id = p.id and r.end_date >= current_date) as "accountsInPlay",
          (select count(*)::int from play_runs r join play_tasks k on k.workspace_id = r.workspace_id and k.run_id = r.id
             where r.workspace_id = p.workspace_id and r.play_id = p.id and k.status = 'open') as "openTasks"
        from plays p where p.workspace_id = ${workspaceId} ${where}
        order by p.name`,
  );
  return rows.map(
    (r): Play => ({
      ...r,
      steps: r.steps.map((s) => ({ ...s, ownerMemberId: s.ownerMemberId ?? null, asset: s.asset ?? "" })),
      archivedAt: iso(r.archivedAt),
      createdAt: iso(r.createdAt) as string,
      updatedAt: iso(r.updatedAt) as string,
    }),
  );
}

export const listPlays = async (db: Db, workspaceId: string, archived: boolean) => ({
  items: await playRows(db, workspaceId, sql`and (p.archived_at is not null) = ${archived}`),
});

export async function getPlay(db: Db, workspaceId: string, id: string) {
  const [play] = await playRows(db, workspaceId, sql`and p.id = ${id}`);
  if (!play) throw notFound("Play");
  return play;
}

const nameTaken = (e: unknown) =>
  e instanceof Error &&
  /plays_workspace_name_key/.test(`${e.message} ${(e as { cause?: Error }).cause?.message}`);

export async function createPlay(db: Db, caller: Caller, input: z.output<typeof createPlaySchema>) {
  const steps = withIds(input.steps);
  await checkOwners(db, caller.workspaceId, steps);
  const id = newId();
  try {
    await db.transaction(async (t) => {
      await t.insert(plays).values({
        workspaceId: caller.workspaceId,
        id,
        name: input.name,
        description: input.description,
        steps,
        createdBy: caller.memberId,
      });
      await recordAudit(t, caller.workspaceId, caller, {
        action: "play.created",
        entityType: "play",
        entityId: id,
        summary: `${caller.name} created the play ${input.name} (${steps.length} steps)`,
        after: { ...input, steps },
      });
    });
  } catch (e) {
    if (nameTaken(e)) throw conflict("A play with this name already exists", "name");
    throw e;
  }
  return getPlay(db, caller.workspaceId, id);
}

export async function updatePlay(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updatePlaySchema>,
) {
  const play = await getPlay(db, caller.workspaceId, id);
  const steps = input.steps ? withIds(input.steps) : null;
  if (steps) await checkOwners(db, caller.workspaceId, steps);
  try {
    await db.transaction(async (t) => {
      await t.execute(sql`update plays set name = coalesce(${input.name ?? null}, name),
          description = coalesce(${input.description ?? null}, description),
          steps = coalesce(${steps ? JSON.stringify(steps) : null}::jsonb, steps),
          archived_at = ${input.archived === undefined ? sql`archived_at` : input.archived ? sql`coalesce(archived_at, now())` : sql`null`},
          updated_at = now()
        where workspace_id = ${caller.workspaceId} and id = ${id}`);
      await recordAudit(t, caller.workspaceId, caller, {
        action: "play.updated",
        entityType: "play",
        entityId: id,
        summary: `${caller.name} edited the play ${input.name ?? play.name}`,
        before: play,
        after: { ...input, ...(steps ? { steps } : {}) },
      });
    });
  } catch (e) {
    if (nameTaken(e)) throw conflict("A play with this name already exists", "name");
    throw e;
  }
  return getPlay(db, caller.workspaceId, id);
}

/**
 * Starts a play on target accounts: one run (the steps as they are now) and, in one statement, a task per
 * step and account, due on the start day plus the step's offset. A step owned by a named member is theirs;
 * a team's step goes to the account's owner when the owner is in that team, else to the team.
 */
export async function startPlay(
  db: Db,
  caller: Caller,
  playId: string,
  input: z.output<typeof startPlaySchema>,
) {
  const ws = caller.workspaceId;
  const play = await getPlay(db, ws, playId);
  if (play.archivedAt) throw conflict("This play is archived; restore it to run it");
  const targets = new Map(
    (
      await queryRows<{ id: string; targeted: boolean }>(
        db,
        sql`select a.id, exists (select 1 from target_list_entries e join target_lists l on l.workspace_id = e.workspace_id
              and l.id = e.list_id and l.archived_at is null
              where e.workspace_id = a.workspace_id and e.account_id = a.id and e.removed_at is null) as targeted
            from accounts a where a.workspace_id = ${ws} and a.id = any(${uuidArray(input.accountIds)}) and a.archived_at is null`,
      )
    ).map((a) => [a.id, a.targeted]),
  );
  input.accountIds.forEach((id, i) => {
    const targeted = targets.get(id);
    if (targeted === undefined) throw badRequest("is not an account of this workspace", `accountIds.${i}`);
    if (!targeted)
      throw badRequest(
        "is not on a target-account list: propose it first, both teams approve",
        `accountIds.${i}`,
      );
  });
  const startDate = input.startDate ?? today();
  const endDate = addDays(startDate, Math.max(...play.steps.map((s) => s.day)));
  const runId = newId();
  await db.transaction(async (t) => {
    await t.execute(sql`insert into play_runs (workspace_id, id, play_id, steps, start_date, end_date, started_by, started_at)
      values (${ws}, ${runId}, ${playId}, ${JSON.stringify(play.steps)}::jsonb, ${startDate}::date, ${endDate}::date,
        ${caller.memberId}, now())`);
    await t.execute(sql`insert into play_run_accounts (workspace_id, run_id, account_id)
      select ${ws}, ${runId}, id from unnest(${uuidArray(input.accountIds)}) as id`);
    await t.execute(sql`insert into play_tasks (workspace_id, id, run_id, account_id, step_id, step_index, title, channel,
        asset, owner_team, owner_member_id, due_date)
      select ${ws}, gen_random_uuid(), ${runId}, a.id, s.step ->> 'id', s.n - 1, s.step ->> 'title', s.step ->> 'channel',
        coalesce(s.step ->> 'asset', ''), (s.step ->> 'ownerTeam')::team,
        coalesce((s.step ->> 'ownerMemberId')::uuid, case when o.team::text = s.step ->> 'ownerTeam' then o.id end),
        ${startDate}::date + (s.step ->> 'day')::int
      from accounts a
      left join members o on o.workspace_id = a.workspace_id and o.id = a.owner_member_id
      cross join jsonb_array_elements(${JSON.stringify(play.steps)}::jsonb) with ordinality as s(step, n)
      where a.workspace_id = ${ws} and a.id = any(${uuidArray(input.accountIds)})`);
    await recordAudit(t, ws, caller, {
      action: "play.started",
      entityType: "play",
      entityId: playId,
      summary: `${caller.name} started the play ${play.name} on ${input.accountIds.length} account${input.accountIds.length === 1 ? "" : "s"} from ${startDate}`,
      after: { runId, accountIds: input.accountIds, startDate },
    });
  });
  return getRun(db, ws, runId);
}

// --- Tasks ------------------------------------------------------------------------------------------------

const statusSql = sql`case when k.status = 'open' and k.due_date < current_date then 'overdue' else k.status end`;

export async function listTasks(
  db: Db,
  workspaceId: string,
  query: Partial<z.output<typeof playTaskQuerySchema>> & { id?: string; offset: number; limit: number },
) {
  const where = sql.join(
    [
      sql`k.workspace_id = ${workspaceId}`,
      query.id ? sql`k.id = ${query.id}` : undefined,
      query.runId ? sql`k.run_id = ${query.runId}` : undefined,
      query.playId ? sql`r.play_id = ${query.playId}` : undefined,
      query.accountId ? sql`k.account_id = ${query.accountId}` : undefined,
      query.ownerMemberId ? sql`k.owner_member_id = ${query.ownerMemberId}` : undefined,
      query.ownerTeam ? sql`k.owner_team = ${query.ownerTeam}` : undefined,
      query.status ? sql`${statusSql} = ${query.status}` : undefined,
    ].filter((x) => x !== undefined),
    sql` and `,
  );
  const rows = await queryRows<PlayTask & { total: number }>(
    db,
    sql`select k.id, k.run_id as "runId", r.play_id as "playId", p.name as "playName", k.account_id as "accountId",
          a.name as "accountName", k.step_id as "stepId", k.title, k.channel, k.asset, k.owner_team as "ownerTeam",
          k.owner_member_id as "ownerMemberId", ou.name as "ownerName", to_char(k.due_date, 'YYYY-MM-DD') as "dueDate",
          ${statusSql} as status, k.done_at as "doneAt", du.name as "doneByName", k.note, count(*) over ()::int as total
        from play_tasks k
        join play_runs r on r.workspace_id = k.workspace_id and r.id = k.run_id
        join plays p on p.workspace_id = r.workspace_id and p.id = r.play_id
        join accounts a on a.workspace_id = k.workspace_id and a.id = k.account_id
        left join members om on om.workspace_id = k.workspace_id and om.id = k.owner_member_id
        left join users ou on ou.id = om.user_id
        left join members dm on dm.workspace_id = k.workspace_id and dm.id = k.done_by
        left join users du on du.id = dm.user_id
        where ${where}
        order by k.due_date, a.name, k.step_index, k.id
        offset ${query.offset} limit ${query.limit}`,
  );
  return {
    items: rows.map(({ total: _, ...r }) => ({ ...r, doneAt: iso(r.doneAt) })),
    total: rows[0]?.total ?? 0,
  };
}

async function getTask(db: Db, workspaceId: string, id: string) {
  const { items } = await listTasks(db, workspaceId, { id, offset: 0, limit: 1 });
  if (!items[0]) throw notFound("Task");
  return items[0];
}

/** Done or skipped (with why): by the task's owner, anyone of the owning team when no one is named, or a lead. */
export async function finishTask(
  db: Db,
  caller: Caller,
  id: string,
  outcome: { status: "done" | "skipped"; note: string },
) {
  const ws = caller.workspaceId;
  const [task] = await queryRows<{
    status: string;
    owner_team: string;
    owner_member_id: string | null;
    title: string;
  }>(
    db,
    sql`select status, owner_team, owner_member_id, title from play_tasks where workspace_id = ${ws} and id = ${id}`,
  );
  if (!task) throw notFound("Task");
  const lead = caller.role === "lead" || caller.role === "admin";
  const mine = task.owner_member_id
    ? task.owner_member_id === caller.memberId
    : task.owner_team === caller.team;
  if (!lead && !mine)
    throw forbidden(
      task.owner_member_id
        ? "Only the task's owner or a team lead can complete or skip it"
        : `Only the ${task.owner_team} team or a team lead can complete or skip this task`,
    );
  if (task.status !== "open") throw conflict(`This task is already ${task.status}`, "status");
  await db.transaction(async (t) => {
    await t.execute(sql`update play_tasks set status = ${outcome.status}, done_at = now(), done_by = ${caller.memberId},
        note = ${outcome.note} where workspace_id = ${ws} and id = ${id} and status = 'open'`);
    await recordAudit(t, ws, caller, {
      action: outcome.status === "done" ? "play.task.completed" : "play.task.skipped",
      entityType: "play_task",
      entityId: id,
      summary: `${caller.name} ${outcome.status === "done" ? "completed" : "skipped"} the task ${task.title}${outcome.status === "skipped" ? `: ${outcome.note}` : ""}`,
    });
  });
  return getTask(db, ws, id);
}

// --- Runs and results -------------------------------------------------------------------------------------

export async function listRuns(db: Db, workspaceId: string, query: { playId?: string; accountId?: string }) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from play_runs r where r.workspace_id = ${workspaceId}
          ${query.playId ? sql`and r.play_id = ${query.playId}` : sql``}
          ${query.accountId ? sql`and exists (select 1 from play_run_accounts ra where ra.workspace_id = r.workspace_id and ra.run_id = r.id and ra.account_id = ${query.accountId})` : sql``}
        order by r.start_date desc, r.started_at desc limit 100`,
  );
  const items: PlayRun[] = [];
  for (const r of rows) items.push(await getRun(db, workspaceId, r.id));
  return { items };
}

export async function getRun(db: Db, workspaceId: string, id: string): Promise<PlayRun> {
  const [run] = await queryRows<{
    id: string;
    playId: string;
    playName: string;
    startDate: string;
    endDate: string;
    startedAt: Date;
    startedByName: string | null;
  }>(
    db,
    sql`select r.id, r.play_id as "playId", p.name as "playName", to_char(r.start_date, 'YYYY-MM-DD') as "startDate",
          to_char(r.end_date, 'YYYY-MM-DD') as "endDate", r.started_at as "startedAt", u.name as "startedByName"
        from play_runs r join plays p on p.workspace_id = r.workspace_id and p.id = r.play_id
        left join members m on m.workspace_id = r.workspace_id and m.id = r.started_by
        left join users u on u.id = m.user_id
        where r.workspace_id = ${workspaceId} and r.id = ${id}`,
  );
  if (!run) throw notFound("Play run");
  const accounts = await queryRows<{ id: string; name: string }>(
    db,
    sql`select a.id, a.name from play_run_accounts ra join accounts a on a.workspace_id = ra.workspace_id and a.id = ra.account_id
        where ra.workspace_id = ${workspaceId} and ra.run_id = ${id} order by a.name`,
  );
  return {
    ...run,
    startedAt: iso(run.startedAt) as string,
    accounts,
    results: await runResults(
      db,
      workspaceId,
      id,
      run.startDate,
      run.endDate,
      accounts.map((a) => a.id),
    ),
  };
}

/**
 * A run's results. Window: from the start day to the end of the play (or today, if sooner), `days` long,
 * against as many days before the start. Touches per account in both windows, for the run's accounts and for
 * comparable accounts (target accounts of the same tiers, not in this run; every other target account when
 * no account shares their tiers); lift is the difference of their changes. Meetings (meeting touches), opportunities created and their pipeline at the run's accounts since
 * the start.
 */
export async function runResults(
  db: Db,
  workspaceId: string,
  runId: string,
  startDate: string,
  endDate: string,
  accountIds: string[],
  now = new Date(),
): Promise<PlayResults> {
  const lastDay = [endDate, now.toISOString().slice(0, 10)].sort()[0];
  const days = Math.max(1, Math.round((Date.parse(lastDay) - Date.parse(startDate)) / DAY_MS) + 1);
  const start = sql`${startDate}::date::timestamptz`;
  const comparable = async (sameTiers: boolean) =>
    (
      await queryRows<{ account_id: string }>(
        db,
        sql`select distinct e.account_id from target_list_entries e
            join accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id and a.archived_at is null
            where e.workspace_id = ${workspaceId} and e.removed_at is null
              ${
                sameTiers
                  ? sql`and e.tier in (select tier from target_list_entries x where x.workspace_id = ${workspaceId}
                      and x.removed_at is null and x.account_id = any(${uuidArray(accountIds)}))`
                  : sql``
              }
              and not (e.account_id = any(${uuidArray(accountIds)}))`,
      )
    ).map((r) => r.account_id);
  // Target accounts of the same tiers not in the run; when there are none, every other target account.
  let comparison = await comparable(true);
  if (comparison.length === 0) comparison = await comparable(false);
  const everyone = [...accountIds, ...comparison];
  const counts = await queryRows<{ acct: string; before: number; after: number; meetings: number }>(
    db,
    sql`select acct, count(*) filter (where occurred_at < ${start})::int as before,
          count(*) filter (where occurred_at >= ${start})::int as after,
          count(*) filter (where occurred_at >= ${start} and type = 'meeting')::int as meetings
        from ${accountTouchesSql(workspaceId, uuidArray(everyone))} x
        where occurred_at >= ${start} - make_interval(days => ${days}) and occurred_at < ${start} + make_interval(days => ${days})
          and occurred_at <= ${now.toISOString()}::timestamptz
        group by acct`,
  );
  const byAccount = new Map(counts.map((c) => [c.acct, c]));
  const perAccount = (ids: string[], key: "before" | "after") =>
    ids.length === 0
      ? 0
      : round(ids.reduce((sum, id) => sum + (byAccount.get(id)?.[key] ?? 0), 0) / ids.length);
  const inPlay = { before: perAccount(accountIds, "before"), after: perAccount(accountIds, "after") };
  const comp = { before: perAccount(comparison, "before"), after: perAccount(comparison, "after") };
  const [deals] = await queryRows<{ opportunities: number; pipeline: number }>(
    db,
    sql`select count(*)::int as opportunities, coalesce(sum(amount), 0)::float8 as pipeline from opportunities
        where workspace_id = ${workspaceId} and archived_at is null and account_id = any(${uuidArray(accountIds)})
          and created_at >= ${start}`,
  );
  const [tasks] = await queryRows<PlayResults["tasks"]>(
    db,
    sql`select count(*) filter (where status = 'open' and due_date >= current_date)::int as open,
          count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'skipped')::int as skipped,
          count(*) filter (where status = 'open' and due_date < current_date)::int as overdue
        from play_tasks where workspace_id = ${workspaceId} and run_id = ${runId}`,
  );
  return {
    accounts: accountIds.length,
    comparisonAccounts: comparison.length,
    days,
    inPlay,
    comparison: comp,
    lift: comparison.length === 0 ? null : round(inPlay.after - inPlay.before - (comp.after - comp.before)),
    meetings: accountIds.reduce((sum, id) => sum + (byAccount.get(id)?.meetings ?? 0), 0),
    opportunities: deals.opportunities,
    pipeline: deals.pipeline,
    tasks,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
