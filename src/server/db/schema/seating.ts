// The seating-plan mixer: a workspace's floors (tables and rows, members with fixed seats) and the plans
// generated for them, each kept with its inputs (the floor, the members with their team and pod as they were)
// so it prints the same later.
import { sql } from "drizzle-orm";
import {
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { FixedSeat, SeatingArea } from "../../../shared/seating.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const seatingFloors = pgTable(
  "seating_floors",
  {
    ...tenantKey,
    name: text("name").notNull(),
    /** Tables and rows in floor order (a pod too big for one spans neighbouring ones). */
    areas: jsonb("areas").$type<SeatingArea[]>().notNull(),
    /** Members who always sit in one seat (area label, seat number from 1). */
    fixedSeats: jsonb("fixed_seats").$type<FixedSeat[]>().notNull().default(sql`'[]'::jsonb`),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("seating_floors_name_idx").on(t.workspaceId, t.name, t.id),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

export const seatingPlans = pgTable(
  "seating_plans",
  {
    ...tenantKey,
    floorId: uuid("floor_id").notNull(),
    createdByMemberId: uuid("created_by_member_id"),
    /** What the plan was made from: the floor's areas, the members (team, pod) and fixed seats. */
    inputs: jsonb("inputs").notNull(),
    /** The plan: every area's seats with who sits there, the pods' tables, the bound. */
    result: jsonb("result").notNull(),
    memberCount: integer("member_count").notNull(),
    seatCount: integer("seat_count").notNull(),
    neighbourPairs: integer("neighbour_pairs").notNull(),
    crossTeamPairs: integer("cross_team_pairs").notNull(),
    podCohesion: doublePrecision("pod_cohesion"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("seating_plans_floor_idx").on(t.workspaceId, t.floorId, t.createdAt, t.id),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.floorId],
      foreignColumns: [seatingFloors.workspaceId, seatingFloors.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.createdByMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);
