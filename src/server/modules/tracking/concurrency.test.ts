// Several senders at once, naming the same people by overlapping identities (anonymous ids, user ids,
// emails, aliases, groups) in every order: each request is answered 200 with every event accepted, and
// in the end each person is one contact holding every one of their events. On PostgreSQL the requests
// really run in parallel (a pool of 4 connections); on PGlite they interleave request by request.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

const PEOPLE = 8;
const SENDERS = 6;
const ROUNDS = 4;
const person = (p: number) => ({
  userId: `user-${p}`,
  anonymousId: `visitor-${p}`,
  // Two companies; each person's email domain is their group's website, so both link one account.
  email: `person${p}@${p % 2 === 0 ? "even" : "odd"}-corp.com`,
  groupId: p % 2 === 0 ? "org-even" : "org-odd",
  company: p % 2 === 0 ? "Even Corp" : "Odd Corp",
  website: p % 2 === 0 ? "https://even-corp.com" : "https://odd-corp.com",
});

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

type Event = Record<string, unknown> & { messageId: string; type: string };

/** What one sender says about one person in one round: a mix chosen at random. */
function eventsAbout(p: number, id: string, pick: () => number, last: boolean): Event[] {
  const who = person(p);
  const kinds = [
    () => ({ type: "page", anonymousId: who.anonymousId, properties: { path: "/pricing" } }),
    () => ({ type: "track", userId: who.userId, event: "Content Downloaded" }),
    () => ({ type: "track", userId: who.userId, anonymousId: who.anonymousId, event: "Email Opened" }),
    () => ({ type: "identify", userId: who.userId, traits: { email: who.email } }),
    () => ({ type: "identify", anonymousId: who.anonymousId, traits: { email: who.email } }),
    () => ({ type: "identify", anonymousId: who.anonymousId, traits: { plan: "trial" } }),
    () => ({ type: "identify", userId: who.userId }),
    () => ({ type: "alias", previousId: who.anonymousId, userId: who.userId }),
    () => ({
      type: "group",
      userId: who.userId,
      groupId: who.groupId,
      traits: { name: who.company, website: who.website, industry: "Software" },
    }),
  ];
  const events: Event[] = [];
  for (let i = 0; i < 3; i++)
    events.push({ ...kinds[Math.floor(pick() * kinds.length)](), messageId: `${id}-${i}` });
  // Every person is eventually identified with all their ids, so every event can find them.
  if (last)
    events.push({
      type: "identify",
      userId: who.userId,
      anonymousId: who.anonymousId,
      traits: { email: who.email },
      messageId: `${id}-final`,
    });
  return events;
}

describe("tracking under concurrent senders", () => {
  it("keeps one contact per person with every event on it, whatever the interleaving, without a 409 or 5xx", async () => {
    const { admin } = t.cast;
    const created = await t.as(admin).post("/api/write-keys", { name: "Senders" });
    const authorization = `Basic ${Buffer.from(`${created.json().key}:`).toString("base64")}`;
    const pick = random(13);
    const touchOwner = new Map<string, number>();
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const batches = Array.from({ length: SENDERS }, (_, s) => {
        // Each sender talks about three people; neighbours overlap.
        const batch = [s, s + 1, s + 3].flatMap((p) =>
          eventsAbout(p % PEOPLE, `r${round}-s${s}-p${p % PEOPLE}`, pick, round === ROUNDS - 1),
        );
        for (const event of batch)
          if (event.type === "page" || event.type === "track")
            touchOwner.set(event.messageId, Number(/-p(\d+)-/.exec(event.messageId)?.[1]));
        sent += batch.length;
        return batch;
      });
      const answers = await Promise.all(
        batches.map((batch) =>
          t.app.inject({
            method: "POST",
            url: "/v1/batch",
            headers: { authorization },
            payload: { batch },
          }),
        ),
      );
      for (const [s, answer] of answers.entries()) {
        expect(answer.statusCode, answer.body).toBe(200);
        expect(answer.json()).toEqual({ success: true, accepted: batches[s].length, rejected: [] });
      }
    }
    expect(sent).toBeGreaterThan(0);

    // One active contact per person, with their email; no contact of anyone else.
    const active = await queryRows<{ id: string; email: string | null; account_id: string | null }>(
      t.database.db,
      sql`select id, email, account_id from contacts
        where workspace_id = ${admin.workspaceId} and archived_at is null`,
    );
    const people = Array.from({ length: PEOPLE }, (_, p) => person(p));
    expect(active.map((c) => c.email).sort()).toEqual(people.map((w) => w.email).sort());
    const contactOf = new Map(active.map((c) => [c.email, c.id]));
    // Every contact merged away points at a surviving one.
    const archived = await queryRows<{ merged: string | null }>(
      t.database.db,
      sql`select properties->>'mergedInto' as merged from contacts
        where workspace_id = ${admin.workspaceId} and archived_at is not null`,
    );
    for (const { merged } of archived) expect(merged).toBeTruthy();

    // Every touch sent is stored once, on its person's contact.
    const touches = await queryRows<{ external_id: string; contact_id: string | null }>(
      t.database.db,
      sql`select external_id, contact_id from touches where workspace_id = ${admin.workspaceId}`,
    );
    expect(touches).toHaveLength(touchOwner.size);
    for (const touch of touches) {
      const p = touchOwner.get(touch.external_id) as number;
      expect(touch.contact_id, touch.external_id).toBe(contactOf.get(person(p).email));
    }
    // Each person's identities are theirs alone.
    const identities = await queryRows<{ kind: string; value: string; contact_id: string }>(
      t.database.db,
      sql`select kind, value, contact_id from contact_identities where workspace_id = ${admin.workspaceId}`,
    );
    for (const identity of identities) {
      const p = Number(/-(\d+)$/.exec(identity.value)?.[1]);
      expect(identity.contact_id, `${identity.kind} ${identity.value}`).toBe(contactOf.get(person(p).email));
    }
    // One account per company, named by the group.
    const accounts = await queryRows<{ name: string; domain: string }>(
      t.database.db,
      sql`select name, domain from accounts where workspace_id = ${admin.workspaceId} order by domain`,
    );
    expect(accounts).toEqual([
      { name: "Even Corp", domain: "even-corp.com" },
      { name: "Odd Corp", domain: "odd-corp.com" },
    ]);
  });
});
