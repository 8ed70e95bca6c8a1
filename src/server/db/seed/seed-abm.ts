// The demo's account-based marketing, from the year the generator wrote: every segment expects the same
// buying committee (the economic buyer, the revenue leader who champions it, the RevOps operator who
// evaluates it); a target-account list of the most engaged accounts without a won deal, agreed a month ago
// by a sales lead and a marketing lead, with one proposal waiting for marketing's approval; and a play started
// ten days ago on the list's 1:1 accounts, whose tasks are part done, one skipped, some overdue, the rest
// ahead. Ids derive from the workspace, so a seed stays reproducible.
import { sql } from "drizzle-orm";
import type { PlayStep } from "../../../shared/abm.js";
import { derivedId } from "../../lib/ids.js";
import { forgetJourneySettings, refreshJourneys } from "../../modules/scoring/account-journey.js";
import { type Db, queryRows } from "../client.js";
import type { SeedMember } from "./seed-history.js";

const DAY = 86_400_000;

/** A reproducible id from text, shaped as a version-8 UUID (what the API's id schema accepts). */
const idOf = (text: ReturnType<typeof sql>) =>
  sql`(select (substr(h, 1, 12) || '8' || substr(h, 14, 3) || '8' || substr(h, 18))::uuid from md5(${text}) as h)`;

const STEPS: PlayStep[] = [
  {
    id: "ads",
    title: "LinkedIn ads to the buying committee",
    channel: "ad",
    ownerTeam: "marketing",
    day: 0,
    asset: "ABM ad set: forecast accuracy",
  },
  {
    id: "email",
    title: "Personal email from the account executive",
    channel: "email",
    ownerTeam: "sales",
    day: 2,
    asset: "Email template: the forecast gap",
  },
  {
    id: "study",
    title: "Send the ROI study to the economic buyer",
    channel: "direct_mail",
    ownerTeam: "marketing",
    day: 5,
    asset: "ROI calculator results (print)",
  },
  {
    id: "call",
    title: "Call the champion",
    channel: "call",
    ownerTeam: "sales",
    day: 7,
    asset: "Discovery call guide",
  },
  {
    id: "video",
    title: "Personal video walkthrough",
    channel: "video",
    ownerTeam: "sales",
    day: 12,
    asset: "Forecast Studio demo (2 min)",
  },
  {
    id: "event",
    title: "Invite to the executive dinner",
    channel: "event",
    ownerTeam: "marketing",
    day: 20,
    asset: "Executive dinner invitation",
  },
];

export async function seedAbm(
  db: Db,
  workspaceId: string,
  members: SeedMember[],
  now: Date,
): Promise<Record<string, number>> {
  const ws = workspaceId;
  const id = (...parts: string[]) => derivedId(ws, "abm", ...parts);
  const salesLead = members.find((m) => m.team === "sales" && m.role === "lead");
  const marketingLead = members.find((m) => m.team === "marketing" && m.role === "lead");
  const admin = members.find((m) => m.role === "admin") ?? members[0];
  if (!salesLead || !marketingLead) return {};
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();

  // The buying committee every segment expects, by the personas' names.
  await db.execute(sql`update segments s set committee_persona_ids = coalesce((
      select array_agg(p.id order by array_position(array['Finance','Revenue','RevOps'], split_part(p.name, ' ', 1)))
      from personas p where p.workspace_id = s.workspace_id and split_part(p.name, ' ', 1) in ('Finance', 'Revenue', 'RevOps')
    ), '{}') where s.workspace_id = ${ws}`);

  // Journey thresholds from the year's scores: engaged from the median engagement, marketing-qualified from
  // the top fifth of engagement with at least the median fit; then every account's stage under them.
  await db.execute(sql`insert into abm_settings (workspace_id, aware_engagement, engaged_engagement, mqa_fit, mqa_engagement,
      spike_multiplier, spike_min_touches, committee_days, updated_by, updated_at)
    select ${ws}, 1, greatest(1, round(percentile_cont(0.5) within group (order by engagement))::float8),
      round(percentile_cont(0.5) within group (order by fit))::float8,
      greatest(1, round(percentile_cont(0.8) within group (order by engagement))::float8), 2, 10, 30, ${admin.id},
      ${now.toISOString()}::timestamptz
    from account_journeys where workspace_id = ${ws} and engagement > 0
    on conflict (workspace_id) do nothing`);
  forgetJourneySettings(ws);
  await refreshJourneys(db, ws, null, now);

  // The most engaged accounts in a segment without a won deal: the first four 1:1, the next eight 1:few; two more proposed.
  const ranked = await queryRows<{ id: string }>(
    db,
    sql`select j.account_id as id from account_journeys j
        join accounts a on a.workspace_id = j.workspace_id and a.id = j.account_id and a.segment_id is not null
        where j.workspace_id = ${ws} and j.stage <> 'customer'
        order by j.engagement desc, j.account_id limit 14`,
  );
  if (ranked.length < 6) return {};
  const agreed = ranked.slice(0, 12).map((r, i) => ({
    accountId: r.id,
    action: "add",
    tier: i < 4 ? "one_to_one" : "one_to_few",
    fromTier: null,
  }));
  const proposed = ranked
    .slice(12)
    .map((r) => ({ accountId: r.id, action: "add", tier: "one_to_many", fromTier: null }));
  const listId = id("list");
  const v1 = id("list", "v1");
  const v2 = id("list", "v2");
  await db.execute(sql`insert into target_lists (workspace_id, id, name, description, created_by, created_at, updated_at)
    values (${ws}, ${listId}, 'Strategic accounts', 'The accounts both teams go after together this year: the most engaged companies that are not customers yet.',
      ${marketingLead.id}, ${at(35)}, ${at(30)})`);
  await db.execute(sql`insert into target_list_changes (workspace_id, id, list_id, version, status, items, evidence, note,
      created_by, approved_at, activated_at, activated_by, created_at, updated_at)
    values (${ws}, ${v1}, ${listId}, 1, 'active', ${JSON.stringify(agreed)}::jsonb, '{}'::jsonb,
      'Agreed in the quarterly pipeline review: the most engaged accounts that fit, the top four worked one to one.',
      ${marketingLead.id}, ${at(30)}, ${at(30)}, ${salesLead.id}, ${at(34)}, ${at(30)})`);
  await db.execute(sql`insert into target_list_approvals (workspace_id, id, version_id, member_id, team, approved_at) values
    (${ws}, ${id("approval", "v1", "marketing")}, ${v1}, ${marketingLead.id}, 'marketing', ${at(33)}),
    (${ws}, ${id("approval", "v1", "sales")}, ${v1}, ${salesLead.id}, 'sales', ${at(30)})`);
  await db.execute(sql`insert into target_list_entries (workspace_id, id, list_id, account_id, tier, added_at, added_by_change)
    select ${ws}, ${idOf(sql`${listId}::text || x."accountId"::text`)}, ${listId}, x."accountId", x.tier, ${at(30)}::timestamptz, ${v1}
    from jsonb_to_recordset(${JSON.stringify(agreed)}::jsonb) as x("accountId" uuid, tier text)`);
  if (proposed.length > 0) {
    const evidence = await queryRows<{ id: string; fit: number; engagement: number; stage: string }>(
      db,
      sql`select account_id as id, fit, engagement, stage from account_journeys where workspace_id = ${ws}
          and account_id = any(${`{${proposed.map((p) => p.accountId).join(",")}}`}::uuid[])`,
    );
    const byAccount = Object.fromEntries(
      evidence.map((e) => [
        e.id,
        {
          fit: e.fit,
          engagement: e.engagement,
          stage: e.stage,
          pipeline: 0,
          revenue: 0,
          openOpportunities: 0,
        },
      ]),
    );
    await db.execute(sql`insert into target_list_changes (workspace_id, id, list_id, version, status, items, evidence, note, created_by, created_at, updated_at)
      values (${ws}, ${v2}, ${listId}, 2, 'draft', ${JSON.stringify(proposed)}::jsonb, ${JSON.stringify(byAccount)}::jsonb,
        'Both were at the last webinar with three people each; worth a programmatic push.', ${salesLead.id}, ${at(2)}, ${at(2)})`);
    await db.execute(sql`insert into target_list_approvals (workspace_id, id, version_id, member_id, team, approved_at) values
      (${ws}, ${id("approval", "v2", "sales")}, ${v2}, ${salesLead.id}, 'sales', ${at(1)})`);
  }

  // The play, started ten days ago on the 1:1 accounts.
  const playId = id("play");
  const runId = id("play", "run");
  const start = at(10).slice(0, 10);
  await db.execute(sql`insert into plays (workspace_id, id, name, description, steps, created_by, created_at, updated_at)
    values (${ws}, ${playId}, 'Land the buying committee',
      'Reach the economic buyer, the champion and the evaluator of each 1:1 account within three weeks: marketing warms them up, sales follows through.',
      ${JSON.stringify(STEPS)}::jsonb, ${marketingLead.id}, ${at(14)}, ${at(14)})`);
  await db.execute(sql`insert into play_runs (workspace_id, id, play_id, steps, start_date, end_date, started_by, started_at)
    values (${ws}, ${runId}, ${playId}, ${JSON.stringify(STEPS)}::jsonb, ${start}::date, ${start}::date + 20, ${admin.id}, ${at(10)})`);
  const oneToOne = agreed.slice(0, 4).map((a) => a.accountId);
  await db.execute(sql`insert into play_run_accounts (workspace_id, run_id, account_id)
    select ${ws}, ${runId}, x from unnest(${`{${oneToOne.join(",")}}`}::uuid[]) as x`);
  // Tasks as a run makes them (the account's owner for sales steps when in sales), then what the teams did:
  // everything due before the last three days done, but one skipped with a reason; the rest open.
  await db.execute(sql`insert into play_tasks (workspace_id, id, run_id, account_id, step_id, step_index, title, channel,
      asset, owner_team, owner_member_id, due_date, status, done_at, done_by, note)
    select ${ws}, ${idOf(sql`${runId}::text || a.id::text || (s.step ->> 'id')`)}, ${runId}, a.id, s.step ->> 'id', s.n - 1,
      s.step ->> 'title', s.step ->> 'channel', s.step ->> 'asset', (s.step ->> 'ownerTeam')::team,
      case when o.team::text = s.step ->> 'ownerTeam' then o.id
           when s.step ->> 'ownerTeam' = 'marketing' then ${marketingLead.id}::uuid end,
      due.day,
      case when due.day >= current_date - 3 then 'open'
           when s.step ->> 'id' = 'study' and a.id = ${oneToOne[1]}::uuid then 'skipped'
           when s.step ->> 'id' = 'study' and a.id = ${oneToOne[2]}::uuid then 'open'
           else 'done' end,
      case when due.day < current_date - 3 and not (s.step ->> 'id' = 'study' and a.id = ${oneToOne[2]}::uuid)
           then due.day + time '16:00' end,
      case when due.day < current_date - 3 and not (s.step ->> 'id' = 'study' and a.id = ${oneToOne[2]}::uuid)
           then coalesce(case when o.team::text = s.step ->> 'ownerTeam' then o.id end,
             case when s.step ->> 'ownerTeam' = 'marketing' then ${marketingLead.id}::uuid else ${salesLead.id}::uuid end) end,
      case when s.step ->> 'id' = 'study' and a.id = ${oneToOne[1]}::uuid and due.day < current_date - 3
           then 'Their CFO asked for the study by email instead; sent it with the AE''s note.' else '' end
    from accounts a
    left join members o on o.workspace_id = a.workspace_id and o.id = a.owner_member_id
    cross join jsonb_array_elements(${JSON.stringify(STEPS)}::jsonb) with ordinality as s(step, n)
    cross join lateral (select ${start}::date + (s.step ->> 'day')::int as day) due
    where a.workspace_id = ${ws} and a.id = any(${`{${oneToOne.join(",")}}`}::uuid[])`);
  return {
    target_lists: 1,
    target_list_changes: proposed.length > 0 ? 2 : 1,
    target_list_entries: agreed.length,
    plays: 1,
    play_tasks: oneToOne.length * STEPS.length,
  };
}
