// The global search: a few active records of each kind whose indexed search text holds every word typed
// (the same trigram-indexed match the record lists use), in one round trip.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { SearchResult, searchQuerySchema } from "../../../shared/search.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { escapeLike } from "../../lib/records.js";

export async function searchRecords(
  db: Db,
  caller: Caller,
  query: z.output<typeof searchQuerySchema>,
): Promise<{ items: SearchResult[] }> {
  const ws = caller.workspaceId;
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const matches = (alias: string) =>
    sql.join(
      words.map((w) => sql`${sql.raw(alias)}.search_text like ${`%${escapeLike(w)}%`}`),
      sql` and `,
    );
  const limit = query.limit;
  const items = await queryRows<SearchResult>(
    db,
    sql`(select 'contact' as kind, c.id, coalesce(nullif(c.name, ''), c.email, 'Unnamed contact') as title,
           concat_ws(' · ', c.email, a.name) as detail
         from contacts c left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
         where c.workspace_id = ${ws} and c.archived_at is null and ${matches("c")}
         order by c.name, c.id limit ${limit})
        union all
        (select 'account', a.id, a.name, a.domain
         from accounts a where a.workspace_id = ${ws} and a.archived_at is null and ${matches("a")}
         order by a.name, a.id limit ${limit})
        union all
        (select 'opportunity', o.id, o.name, a.name
         from opportunities o left join accounts a on a.workspace_id = o.workspace_id and a.id = o.account_id
         where o.workspace_id = ${ws} and o.archived_at is null and ${matches("o")}
         order by o.name, o.id limit ${limit})
        union all
        (select 'campaign', m.id, m.name, m.channel
         from campaigns m where m.workspace_id = ${ws} and m.archived_at is null and ${matches("m")}
         order by m.name, m.id limit ${limit})`,
  );
  return { items };
}
