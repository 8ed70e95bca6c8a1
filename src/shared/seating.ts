// The seating-plan mixer: floors (tables and rows with their seats), fixed seats, and the plans generated
// from them (members seated so pods stay together and neighbours come from the other team).
//
// Neighbours: at a round table of n seats, seat i sits between seats i-1 and i+1, and the last seat sits
// beside the first (n pairs; a table of 2 has one pair, a table of 1 none). In a row of n seats, seat i sits
// between seats i-1 and i+1, the ends have one neighbour each (n-1 pairs). Two members are neighbours when
// they sit in two such seats; an empty seat between two people means they are not neighbours.
import { z } from "zod";
import { idSchema, listQuerySchema, pageSchema, timestamp } from "./common.js";
import { TEAMS } from "./domain.js";

export const SEATING_AREA_KINDS = ["table", "row"] as const;
export type SeatingAreaKind = (typeof SEATING_AREA_KINDS)[number];
export const MAX_AREA_SEATS = 40;
export const MAX_FLOOR_AREAS = 60;
export const MAX_FLOOR_SEATS = 600;

export const seatingAreaSchema = z.object({
  label: z
    .string()
    .trim()
    .min(1, "is required")
    .max(40)
    .describe('What the floor calls it: "Table 1", "Window row"'),
  kind: z
    .enum(SEATING_AREA_KINDS)
    .describe("table: round (the last seat sits beside the first); row: a line"),
  seats: z.number().int().min(1, "must be at least 1").max(MAX_AREA_SEATS),
});
export type SeatingArea = z.infer<typeof seatingAreaSchema>;

export const fixedSeatSchema = z.object({
  memberId: idSchema,
  area: z.string().trim().min(1, "is required").max(40).describe("The label of the table or row"),
  seat: z.number().int().min(1, "must be at least 1").max(MAX_AREA_SEATS).describe("Seat number, from 1"),
});
export type FixedSeat = z.infer<typeof fixedSeatSchema>;

const areasSchema = z
  .array(seatingAreaSchema)
  .min(1, "needs at least one table or row")
  .max(MAX_FLOOR_AREAS)
  .refine((areas) => areas.reduce((n, a) => n + a.seats, 0) <= MAX_FLOOR_SEATS, {
    message: `may hold at most ${MAX_FLOOR_SEATS} seats in all`,
  });
const fixedSeatsSchema = z.array(fixedSeatSchema).max(MAX_FLOOR_SEATS);

export const createFloorSchema = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  areas: areasSchema,
  fixedSeats: fixedSeatsSchema.default([]).describe("Members who always sit in one seat"),
});
export const updateFloorSchema = z
  .object({ name: createFloorSchema.shape.name, areas: areasSchema, fixedSeats: fixedSeatsSchema })
  .partial();

export const floorSchema = z.object({
  id: z.string(),
  name: z.string(),
  areas: z.array(seatingAreaSchema),
  fixedSeats: z.array(fixedSeatSchema.extend({ name: z.string().describe("The member's name") })),
  seatCount: z.number(),
  planCount: z.number(),
  lastPlanAt: timestamp.nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Floor = z.infer<typeof floorSchema>;
export const FLOOR_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const floorListQuerySchema = listQuerySchema(FLOOR_SORTS, "name");
export const floorPageSchema = pageSchema(floorSchema);

/** A member who may be seated: their team and the pod they sit with (the first of their pods by name). */
export const seatableMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  team: z.enum(TEAMS),
  podId: z.string().nullable(),
  podName: z.string().nullable(),
});
export type SeatableMember = z.infer<typeof seatableMemberSchema>;
export const seatableMembersSchema = z.object({ items: z.array(seatableMemberSchema) });

export const generatePlanSchema = z.object({
  memberIds: z
    .array(idSchema)
    .max(MAX_FLOOR_SEATS)
    .optional()
    .describe(
      "Who to seat; by default every sales and marketing member. Members with a fixed seat are always seated.",
    ),
  fixedSeats: fixedSeatsSchema.optional().describe("Fixed seats for this plan; by default the floor's"),
});

const planSeatSchema = z.object({
  seat: z.number(),
  memberId: z.string().nullable(),
  name: z.string().nullable(),
  team: z.enum(TEAMS).nullable(),
  podId: z.string().nullable(),
  podName: z.string().nullable(),
  fixed: z.boolean(),
});
export type PlanSeat = z.infer<typeof planSeatSchema>;

const planAreaSchema = seatingAreaSchema.extend({
  places: z.array(planSeatSchema),
  neighbourPairs: z.number(),
  crossTeamPairs: z.number(),
});
export type PlanArea = z.infer<typeof planAreaSchema>;

export const planSummarySchema = z.object({
  id: z.string(),
  floorId: z.string(),
  floorName: z.string(),
  createdAt: timestamp,
  createdByName: z.string().nullable(),
  memberCount: z.number(),
  seatCount: z.number(),
  neighbourPairs: z.number(),
  crossTeamPairs: z.number(),
  crossTeamShare: z.number().nullable().describe("crossTeamPairs / neighbourPairs, null without pairs"),
  podCohesion: z.number().nullable().describe("Share of pod members at their pod's main table or row"),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const planSchema = planSummarySchema.extend({
  areas: z.array(planAreaSchema),
  teams: z.object({ sales: z.number(), marketing: z.number(), revenue: z.number() }),
  crossTeamBound: z
    .number()
    .describe("The most cross-team pairs any plan could have with these team sizes and this many pairs"),
  pods: z.array(
    z.object({
      podId: z.string(),
      name: z.string(),
      members: z.number(),
      atMainArea: z.number(),
      mainArea: z.string(),
      areas: z.array(z.string()),
    }),
  ),
  podMembers: z.number(),
  podMembersAtMainArea: z.number(),
  fixedSeats: z.array(fixedSeatSchema.extend({ name: z.string() })),
});
export type Plan = z.infer<typeof planSchema>;
export const planListQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const planPageSchema = pageSchema(planSummarySchema);
