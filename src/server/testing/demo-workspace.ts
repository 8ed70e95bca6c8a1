// A reduced demo workspace for tests (1,500 contacts, 24,000 touches, 300 accounts: the story's shape in a
// few seconds), its sign-in users written straight into the users table.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { seedDemoWorkspace } from "../db/seed/seed-demo-workspace.js";

export const REDUCED_DEMO = { contacts: 1500, touches: 24000, accounts: 300 };

export function seedReducedDemo(db: Db, now: Date) {
  return seedDemoWorkspace(db, {
    scale: "small",
    seed: 42,
    now,
    override: REDUCED_DEMO,
    createUser: async (u) => {
      const id = `user-${u.email}`;
      await db.execute(sql`insert into users (id, name, email) values (${id}, ${u.name}, ${u.email})`);
      return id;
    },
  });
}
