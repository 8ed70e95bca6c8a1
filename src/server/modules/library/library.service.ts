// The insights library: assets (linked or uploaded), search and filters, sharing an asset with a contact
// (a `content_shared` touch written through the contact's own touch path, so scoring, SLA clocks and the
// timeline see it like any other), each asset's use, its influence on won deals (the attribution report's
// won deals and journeys, reused: an asset influenced a deal when one of its shares is a touch of the deal's
// journey) and the gap grid of persona x funnel stage.
import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { DEFAULT_LOOKBACK_DAYS } from "../../../shared/attribution.js";
import {
  ASSET_FILE_TYPES,
  type Asset,
  type AssetFileType,
  type assetListQuerySchema,
  type assetSharesQuerySchema,
  type assetUsageQuerySchema,
  type createAssetSchema,
  LIBRARY_STAGE_LABELS,
  LIBRARY_STAGES,
  type shareAssetSchema,
  type updateAssetSchema,
} from "../../../shared/library.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { AppError, badRequest, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { cursorTime, decodeCursor, encodeCursor, escapeLike } from "../../lib/records.js";
import { loadJourneys } from "../attribution/attribution-journeys.js";
import { logTouch } from "../contacts/contacts.service.js";
import { reportScope } from "../reports/report-filters.js";

interface AssetRow {
  id: string;
  kind: Asset["kind"];
  title: string;
  summary: string;
  persona_id: string | null;
  persona_name: string | null;
  funnel_stage: Asset["funnelStage"];
  industry: string | null;
  tags: string[];
  owner_member_id: string;
  owner_name: string | null;
  url: string | null;
  source: string | null;
  source_date: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  shares: number;
  last_shared_at: string | Date | null;
  archived_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const day = (v: string | Date | null) =>
  v === null ? null : typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10);

function present(r: AssetRow): Asset {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    personaId: r.persona_id,
    personaName: r.persona_name,
    funnelStage: r.funnel_stage,
    industry: r.industry,
    tags: r.tags ?? [],
    ownerMemberId: r.owner_member_id,
    ownerName: r.owner_name ?? "former member",
    url: r.url,
    source: r.source,
    sourceDate: day(r.source_date),
    file:
      r.file_name && r.file_type && r.file_size !== null
        ? { name: r.file_name, type: r.file_type, size: r.file_size }
        : null,
    shares: Number(r.shares),
    lastSharedAt: iso(r.last_shared_at),
    archivedAt: iso(r.archived_at),
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

/** Assets with persona, owner and their share count (read through the shares' asset index). */
function selectAssets(ws: string, where: SQL, order: SQL = sql`a.created_at desc, a.id desc`, limit = 1) {
  return sql`select a.id, a.kind, a.title, a.summary, a.persona_id, p.name as persona_name, a.funnel_stage,
      a.industry, a.tags, a.owner_member_id, u.name as owner_name, a.url, a.source, a.source_date,
      a.file_name, a.file_type, a.file_size, coalesce(s.shares, 0)::int as shares, s.last_shared_at,
      a.archived_at, a.created_at, a.updated_at
    from insight_assets a
    left join personas p on p.workspace_id = a.workspace_id and p.id = a.persona_id
    left join members m on m.workspace_id = a.workspace_id and m.id = a.owner_member_id
    left join users u on u.id = m.user_id
    left join lateral (select count(*) as shares, max(shared_at) as last_shared_at from asset_shares x
      where x.workspace_id = a.workspace_id and x.asset_id = a.id) s on true
    where a.workspace_id = ${ws} and ${where}
    order by ${order}
    limit ${limit}`;
}

export async function getAsset(db: Db, caller: Caller, id: string): Promise<Asset> {
  const [row] = await queryRows<AssetRow>(db, selectAssets(caller.workspaceId, sql`a.id = ${id}::uuid`));
  if (!row) throw notFound("Asset");
  return present(row);
}

export async function listAssets(db: Db, caller: Caller, query: z.output<typeof assetListQuerySchema>) {
  const ws = caller.workspaceId;
  const conditions: SQL[] = [query.archived ? sql`a.archived_at is not null` : sql`a.archived_at is null`];
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const w of words) conditions.push(sql`a.search_text like ${`%${escapeLike(w)}%`}`);
  if (query.kind) conditions.push(sql`a.kind = ${query.kind}`);
  if (query.personaId) conditions.push(sql`a.persona_id = ${query.personaId}::uuid`);
  if (query.funnelStage) conditions.push(sql`a.funnel_stage = ${query.funnelStage}`);
  if (query.industry) conditions.push(sql`lower(a.industry) = ${query.industry.toLowerCase()}`);
  if (query.tag) conditions.push(sql`${query.tag} = any(a.tags)`);
  if (query.ownerMemberId) conditions.push(sql`a.owner_member_id = ${query.ownerMemberId}::uuid`);
  const filters = sql.join(conditions, sql` and `);
  const page: SQL[] = [filters];
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    page.push(sql`(a.created_at, a.id) < (${cursorTime(value)}::timestamptz, ${id}::uuid)`);
  }
  const rows = await queryRows<AssetRow>(
    db,
    selectAssets(ws, sql.join(page, sql` and `), undefined, query.limit + 1),
  );
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map(present);
  const last = items.at(-1);
  const total = query.cursor
    ? undefined
    : (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from insight_assets a where a.workspace_id = ${ws} and ${filters}`,
        )
      )[0]?.n;
  return { items, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null, total };
}

async function checkReferences(
  db: Db,
  ws: string,
  input: { personaId?: string | null; ownerMemberId?: string | null },
) {
  if (input.personaId) {
    const [persona] = await queryRows(
      db,
      sql`select 1 from personas where workspace_id = ${ws} and id = ${input.personaId}::uuid`,
    );
    if (!persona) throw badRequest("is not a persona of this workspace", "personaId");
  }
  if (input.ownerMemberId) {
    const [member] = await queryRows(
      db,
      sql`select 1 from members where workspace_id = ${ws} and id = ${input.ownerMemberId}::uuid`,
    );
    if (!member) throw badRequest("is not a member of this workspace", "ownerMemberId");
  }
}

/** A third-party statistic says who published it and when. */
function checkStatistic(
  kind: string,
  source: string | null | undefined,
  sourceDate: string | null | undefined,
) {
  if (kind !== "statistic") return;
  if (!source) throw badRequest("is required for a third-party statistic (who published it)", "source");
  if (!sourceDate)
    throw badRequest("is required for a third-party statistic (when it was published)", "sourceDate");
}

const searchTextSql = sql`lower(concat_ws(' ', title, summary, industry, source, array_to_string(tags, ' ')))`;

export async function createAsset(db: Db, caller: Caller, input: z.output<typeof createAssetSchema>) {
  const ws = caller.workspaceId;
  const owner = input.ownerMemberId ?? caller.memberId;
  await checkReferences(db, ws, { personaId: input.personaId, ownerMemberId: owner });
  checkStatistic(input.kind, input.source, input.sourceDate);
  const id = newId();
  await db.transaction(async (t) => {
    await t.execute(sql`insert into insight_assets (workspace_id, id, kind, title, summary, persona_id, funnel_stage,
        industry, tags, owner_member_id, url, source, source_date)
      values (${ws}, ${id}, ${input.kind}, ${input.title}, ${input.summary}, ${input.personaId ?? null},
        ${input.funnelStage ?? null}, ${input.industry}, ${sql`${`{${input.tags.map((tag) => JSON.stringify(tag)).join(",")}}`}::text[]`},
        ${owner}, ${input.url ?? null}, ${input.source}, ${input.sourceDate ?? null})`);
    await t.execute(
      sql`update insight_assets set search_text = ${searchTextSql} where workspace_id = ${ws} and id = ${id}`,
    );
    await recordAudit(t, ws, caller, {
      action: "asset.created",
      entityType: "asset",
      entityId: id,
      summary: `${caller.name} added "${input.title}" to the insights library`,
    });
  });
  return getAsset(db, caller, id);
}

export async function updateAsset(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateAssetSchema>,
) {
  const ws = caller.workspaceId;
  const current = await getAsset(db, caller, id);
  await checkReferences(db, ws, { personaId: input.personaId, ownerMemberId: input.ownerMemberId });
  const kind = input.kind ?? current.kind;
  checkStatistic(
    kind,
    input.source !== undefined ? input.source : current.source,
    input.sourceDate !== undefined ? input.sourceDate : current.sourceDate,
  );
  const sets: SQL[] = [sql`updated_at = now()`];
  const put = (column: string, value: unknown) => {
    if (value !== undefined) sets.push(sql`${sql.raw(column)} = ${value}`);
  };
  put("kind", input.kind);
  put("title", input.title);
  put("summary", input.summary);
  put("persona_id", input.personaId);
  put("funnel_stage", input.funnelStage);
  put("industry", input.industry);
  if (input.tags !== undefined)
    sets.push(sql`tags = ${`{${input.tags.map((tag) => JSON.stringify(tag)).join(",")}}`}::text[]`);
  put("owner_member_id", input.ownerMemberId);
  put("url", input.url);
  put("source", input.source);
  put("source_date", input.sourceDate);
  await db.transaction(async (t) => {
    await t.execute(sql`update insight_assets set ${sql.join(sets, sql`, `)}
      where workspace_id = ${ws} and id = ${id}`);
    await t.execute(
      sql`update insight_assets set search_text = ${searchTextSql} where workspace_id = ${ws} and id = ${id}`,
    );
  });
  return getAsset(db, caller, id);
}

/** Archived assets leave the library's lists and the gap grid; their shares and influence stay. */
export async function setAssetArchived(db: Db, caller: Caller, id: string, archived: boolean) {
  const asset = await getAsset(db, caller, id);
  await db.transaction(async (t) => {
    await t.execute(sql`update insight_assets set archived_at = ${archived ? sql`now()` : sql`null`}, updated_at = now()
      where workspace_id = ${caller.workspaceId} and id = ${id}`);
    await recordAudit(t, caller.workspaceId, caller, {
      action: archived ? "asset.archived" : "asset.restored",
      entityType: "asset",
      entityId: id,
      summary: `${caller.name} ${archived ? "archived" : "restored"} "${asset.title}" in the insights library`,
    });
  });
  return getAsset(db, caller, id);
}

/** Whether the file's first bytes are what its declared type says (a renamed .exe is not a PDF). */
export function contentMatches(type: AssetFileType, bytes: Buffer): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (at: number, text: string) =>
    bytes.subarray(at, at + text.length).toString("latin1") === text;
  switch (type) {
    case "application/pdf":
      return ascii(0, "%PDF-");
    case "image/png":
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case "image/jpeg":
      return starts(0xff, 0xd8, 0xff);
    case "image/gif":
      return ascii(0, "GIF87a") || ascii(0, "GIF89a");
    case "image/webp":
      return ascii(0, "RIFF") && ascii(8, "WEBP");
    case "video/mp4":
      return ascii(4, "ftyp");
    case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
    case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
    case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
      return starts(0x50, 0x4b, 0x03, 0x04);
    default: {
      // Text: valid UTF-8 without NUL bytes.
      if (bytes.includes(0)) return false;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    }
  }
}

const unsupported = (message: string) =>
  new AppError(415, "unsupported_media_type", message, [{ path: "file", message }]);

/** Stores an uploaded file for the asset (replacing any earlier one), after checking its type and content. */
export async function uploadAssetFile(
  db: Db,
  caller: Caller,
  id: string,
  upload: { contentType: string | undefined; name: string; bytes: Buffer },
) {
  const asset = await getAsset(db, caller, id);
  const type = (upload.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (!(type in ASSET_FILE_TYPES))
    throw unsupported(
      `A file of type "${type || "unknown"}" cannot be uploaded: send a PDF, an image, an MP4 video, an Office document or text`,
    );
  const fileType = type as AssetFileType;
  if (upload.bytes.length === 0) throw badRequest("is empty", "file");
  if (!contentMatches(fileType, upload.bytes))
    throw unsupported(`The file's content is not a ${ASSET_FILE_TYPES[fileType]}, as its type says`);
  const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
  await db.transaction(async (t) => {
    await t.execute(sql`insert into insight_asset_files (workspace_id, asset_id, content, sha256, uploaded_by)
      values (${caller.workspaceId}, ${id}, ${upload.bytes}, ${sha256}, ${caller.memberId})
      on conflict (workspace_id, asset_id) do update set content = excluded.content, sha256 = excluded.sha256,
        uploaded_by = excluded.uploaded_by, uploaded_at = now()`);
    await t.execute(sql`update insight_assets set file_name = ${upload.name}, file_type = ${fileType},
        file_size = ${upload.bytes.length}, updated_at = now()
      where workspace_id = ${caller.workspaceId} and id = ${id}`);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "asset.file.uploaded",
      entityType: "asset",
      entityId: id,
      summary: `${caller.name} uploaded ${upload.name} to "${asset.title}"`,
    });
  });
  return getAsset(db, caller, id);
}

export async function readAssetFile(db: Db, caller: Caller, id: string) {
  const [row] = await queryRows<{ content: Buffer | Uint8Array; file_name: string; file_type: string }>(
    db,
    sql`select f.content, a.file_name, a.file_type from insight_asset_files f
      join insight_assets a on a.workspace_id = f.workspace_id and a.id = f.asset_id
      where f.workspace_id = ${caller.workspaceId} and f.asset_id = ${id}::uuid`,
  );
  if (!row) throw notFound("Asset file");
  return {
    bytes: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content),
    name: row.file_name,
    type: row.file_type,
  };
}

/**
 * Sales shared the asset with a contact: a `content_shared` touch on the contact's timeline (through the
 * contact's touch path: scores, SLA clocks and the hand-off follow) and the share that names it.
 */
export async function shareAsset(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof shareAssetSchema>,
) {
  const asset = await getAsset(db, caller, id);
  if (asset.archivedAt) throw badRequest("is archived: restore it before sharing it", "assetId");
  const [contact] = await queryRows(
    db,
    sql`select 1 from contacts where workspace_id = ${caller.workspaceId} and id = ${input.contactId}::uuid`,
  );
  if (!contact) throw badRequest("is not a contact of this workspace", "contactId");
  const shareId = newId();
  await db.transaction(async (t) => {
    const touch = await logTouch(t, caller, input.contactId, {
      type: "content_shared",
      channel: null,
      campaignId: null,
      occurredAt: input.occurredAt,
      note: input.note || undefined,
      properties: { assetId: asset.id, asset: asset.title, assetKind: asset.kind },
    });
    await t.execute(sql`insert into asset_shares (workspace_id, id, asset_id, touch_id, contact_id, member_id, shared_at)
      values (${caller.workspaceId}, ${shareId}, ${id}, ${touch.id}, ${input.contactId}, ${caller.memberId},
        ${touch.occurredAt}::timestamptz)`);
  });
  const [share] = await queryRows<ShareRow>(
    db,
    selectShares(caller.workspaceId, sql`s.id = ${shareId}::uuid`, 1),
  );
  return presentShare(share);
}

interface ShareRow {
  id: string;
  asset_id: string;
  touch_id: string;
  contact_id: string;
  contact_name: string | null;
  member_id: string;
  member_name: string | null;
  shared_at: string | Date;
}

function selectShares(ws: string, where: SQL, limit: number) {
  return sql`select s.id, s.asset_id, s.touch_id, s.contact_id,
      coalesce(nullif(c.name, ''), c.email) as contact_name,
      s.member_id, u.name as member_name, s.shared_at
    from asset_shares s
    join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
    left join members m on m.workspace_id = s.workspace_id and m.id = s.member_id
    left join users u on u.id = m.user_id
    where s.workspace_id = ${ws} and ${where}
    order by s.shared_at desc, s.id desc
    limit ${limit}`;
}

const presentShare = (r: ShareRow) => ({
  id: r.id,
  assetId: r.asset_id,
  touchId: r.touch_id,
  contactId: r.contact_id,
  contactName: r.contact_name ?? "(no name)",
  memberId: r.member_id,
  memberName: r.member_name ?? "former member",
  sharedAt: new Date(r.shared_at).toISOString(),
});

/** Who the asset was shared with, newest first, in pages. */
export async function listShares(
  db: Db,
  caller: Caller,
  id: string,
  query: z.output<typeof assetSharesQuerySchema>,
) {
  await getAsset(db, caller, id);
  const where: SQL[] = [sql`s.asset_id = ${id}::uuid`];
  if (query.cursor) {
    const [value, after] = decodeCursor(query.cursor);
    where.push(sql`(s.shared_at, s.id) < (${cursorTime(value)}::timestamptz, ${after}::uuid)`);
  }
  const rows = await queryRows<ShareRow>(
    db,
    selectShares(caller.workspaceId, sql.join(where, sql` and `), query.limit + 1),
  );
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map(presentShare);
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.sharedAt, last.id) : null };
}

/**
 * The asset's use in a period and its influence on won deals: the won deals of the period (the attribution
 * report's, with its lookback window) whose journey holds a touch that is a share of this asset.
 */
export async function assetUsage(
  db: Db,
  caller: Caller,
  id: string,
  query: z.output<typeof assetUsageQuerySchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  await getAsset(db, caller, id);
  const scope = await reportScope(db, ws, { from: query.from, to: query.to }, now);
  const lookbackDays = DEFAULT_LOOKBACK_DAYS;
  const [journeys, [counts], shares] = await Promise.all([
    loadJourneys(db, ws, scope, "closed_won", lookbackDays),
    queryRows<{ shares: number; contacts: number; members: number }>(
      db,
      sql`select count(*)::int as shares, count(distinct contact_id)::int as contacts,
          count(distinct member_id)::int as members
        from asset_shares where workspace_id = ${ws} and asset_id = ${id}::uuid
          and shared_at >= ${scope.start.toISOString()}::timestamptz and shared_at < ${scope.end.toISOString()}::timestamptz`,
    ),
    // Shares that can fall in a journey of the period: up to its end, from the window before its start.
    queryRows<{ touch_id: string; shared_at: string | Date }>(
      db,
      sql`select touch_id, shared_at from asset_shares where workspace_id = ${ws} and asset_id = ${id}::uuid
        and shared_at < ${scope.end.toISOString()}::timestamptz
        and shared_at >= ${scope.start.toISOString()}::timestamptz - make_interval(secs => ${lookbackDays * 86_400})`,
    ),
  ]);
  const shareTouches = new Map(shares.map((s) => [s.touch_id, new Date(s.shared_at).getTime()]));
  const influenced: { id: string; amount: number; at: number; sharedAt: number }[] = [];
  for (const journey of journeys) {
    let sharedAt = -1;
    for (const touch of journey.touches) {
      const at = shareTouches.get(touch.id);
      if (at !== undefined && at > sharedAt) sharedAt = at;
    }
    if (sharedAt >= 0) influenced.push({ id: journey.id, amount: journey.amount, at: journey.at, sharedAt });
  }
  const names = influenced.length
    ? await queryRows<{ id: string; name: string }>(
        db,
        sql`select id, name from opportunities where workspace_id = ${ws}
          and id in (${sql.join(
            influenced.map((d) => sql`${d.id}::uuid`),
            sql`, `,
          )})`,
      )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    period: scope.period,
    lookbackDays,
    shares: counts?.shares ?? 0,
    contacts: counts?.contacts ?? 0,
    members: counts?.members ?? 0,
    influence: {
      wonDeals: influenced.length,
      revenue: sum(influenced.map((d) => d.amount)),
      allWonDeals: journeys.length,
      allRevenue: sum(journeys.map((j) => j.amount)),
      deals: influenced
        .sort((a, b) => b.at - a.at)
        .map((d) => ({
          opportunityId: d.id,
          name: nameOf.get(d.id) ?? "(deal)",
          amount: d.amount,
          closedAt: new Date(d.at).toISOString(),
          sharedAt: new Date(d.sharedAt).toISOString(),
        })),
    },
  };
}

/** Live assets per persona and funnel stage; a persona's empty cell is a gap. */
export async function assetGaps(db: Db, caller: Caller) {
  const ws = caller.workspaceId;
  const [personas, counts] = await Promise.all([
    queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from personas where workspace_id = ${ws} and archived_at is null order by name, id`,
    ),
    queryRows<{ persona_id: string | null; funnel_stage: string | null; n: number }>(
      db,
      sql`select persona_id, funnel_stage, count(*)::int as n from insight_assets
        where workspace_id = ${ws} and archived_at is null group by persona_id, funnel_stage`,
    ),
  ]);
  const countOf = (personaId: string | null) =>
    LIBRARY_STAGES.map(
      (stage) => counts.find((c) => c.persona_id === personaId && c.funnel_stage === stage)?.n ?? 0,
    );
  const rows: { personaId: string | null; personaName: string; counts: number[] }[] = personas.map((p) => ({
    personaId: p.id,
    personaName: p.name,
    counts: countOf(p.id),
  }));
  const gaps = rows.reduce((n, r) => n + r.counts.filter((c) => c === 0).length, 0);
  // Assets for every persona (none named) help each column but fill no persona's gap.
  const general = countOf(null);
  if (general.some((c) => c > 0)) rows.push({ personaId: null, personaName: "Any persona", counts: general });
  return {
    stages: LIBRARY_STAGES.map((stage) => ({ stage, label: LIBRARY_STAGE_LABELS[stage] })),
    rows,
    gaps,
  };
}
