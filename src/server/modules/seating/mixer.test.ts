// The seating mixer on fixtures computed by hand: pod cohesion, the cross-team share and its bound, fixed
// seats, empty seats parting neighbours, determinism, and the errors naming the seat or the missing seats.
import { describe, expect, it } from "vitest";
import type { Team } from "../../../shared/domain.js";
import {
  checkSeatingInput,
  crossTeamBound,
  type MixerArea,
  type MixerInput,
  type MixerMember,
  mixSeating,
  neighbourPairs,
  SeatingInputError,
} from "./mixer.js";

const member = (id: string, team: Team, podId: string | null = null): MixerMember => ({ id, team, podId });
const table = (label: string, seats: number): MixerArea => ({ label, kind: "table", seats });
const row = (label: string, seats: number): MixerArea => ({ label, kind: "row", seats });

/** The teams around each area, one letter a seat (S, M, R, _ for empty). */
function teamsOf(input: MixerInput, seats: (string | null)[][]) {
  const team = new Map(input.members.map((m) => [m.id, m.team]));
  const letter = { sales: "S", marketing: "M", revenue: "R" };
  return seats.map((area) => area.map((id) => (id === null ? "_" : letter[team.get(id) as Team])).join(""));
}

function problem(input: MixerInput) {
  try {
    checkSeatingInput(input);
  } catch (error) {
    if (error instanceof SeatingInputError) return { field: error.field, message: error.message };
    throw error;
  }
  return null;
}

describe("neighbours", () => {
  it("are cyclic at a round table and a line in a row", () => {
    expect(neighbourPairs(table("T", 4))).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
    ]);
    expect(neighbourPairs(row("R", 4))).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    // Two people at a table of two are one pair; one alone has none.
    expect(neighbourPairs(table("T", 2))).toEqual([[0, 1]]);
    expect(neighbourPairs(table("T", 1))).toEqual([]);
  });

  it("bound cross-team pairs by who is outside the largest team", () => {
    // 4 sales, 1 marketing: the marketer has two neighbours, so at most 2 cross-team pairs.
    expect(crossTeamBound(4, { sales: 4, marketing: 1, revenue: 0 })).toBe(2);
    // Even teams: every pair can cross.
    expect(crossTeamBound(4, { sales: 2, marketing: 2, revenue: 0 })).toBe(4);
    // 3 sales, 2 marketing, 1 revenue: 2 x 3 = 6 is more than the 5 pairs there are.
    expect(crossTeamBound(5, { sales: 3, marketing: 2, revenue: 1 })).toBe(5);
  });
});

describe("the mixer", () => {
  it("alternates a pod of two sellers and two marketers around a table of four: 4 of 4 pairs cross-team", () => {
    const input: MixerInput = {
      areas: [table("Table 1", 4)],
      members: [
        member("s1", "sales", "P"),
        member("s2", "sales", "P"),
        member("m1", "marketing", "P"),
        member("m2", "marketing", "P"),
      ],
      fixedSeats: [],
    };
    const plan = mixSeating(input);
    // Seat 1 takes the first team in team order (marketing), then the teams alternate, members in id order.
    expect(plan.seats).toEqual([["m1", "s1", "m2", "s2"]]);
    expect(plan).toMatchObject({
      neighbourPairs: 4,
      crossTeamPairs: 4,
      crossTeamBound: 4,
      teams: { sales: 2, marketing: 2, revenue: 0 },
      podMembers: 4,
      podMembersAtMainArea: 4,
      pods: [{ podId: "P", members: 4, atMainArea: 4, mainArea: 0, areas: [0] }],
    });
  });

  it("reaches the bound when one team is larger: 4 sellers and 1 marketer in a row of 5 make 2 of 4", () => {
    const input: MixerInput = {
      areas: [row("Window row", 5)],
      members: ["s1", "s2", "s3", "s4"].map((id) => member(id, "sales")).concat(member("m1", "marketing")),
      fixedSeats: [],
    };
    const plan = mixSeating(input);
    expect(teamsOf(input, plan.seats)).toEqual(["SMSSS"]);
    expect(plan).toMatchObject({ neighbourPairs: 4, crossTeamPairs: 2, crossTeamBound: 2 });
  });

  it("leaves an empty seat between two sellers rather than seat them side by side", () => {
    // Row of 6, 3 sellers and 1 marketer: filled in order S M S S _ _ (2 cross, 1 same); moving the last seller
    // one seat on parts the two sellers: S M S _ S _ has 2 pairs, both cross-team.
    const input: MixerInput = {
      areas: [row("Row A", 6)],
      members: [
        member("s1", "sales"),
        member("s2", "sales"),
        member("s3", "sales"),
        member("m1", "marketing"),
      ],
      fixedSeats: [],
    };
    const plan = mixSeating(input);
    expect(plan.seats).toEqual([["s1", "m1", "s2", null, "s3", null]]);
    expect(plan).toMatchObject({ neighbourPairs: 2, crossTeamPairs: 2, crossTeamBound: 2, podMembers: 0 });
  });

  it("honours fixed seats exactly and mixes the others around them", () => {
    // Table of 6: s1 fixed at seat 1, m1 at seat 4. Seat 2 (after a seller) gets a marketer, seat 3 (between a
    // marketer and m1) a seller, seat 5 a seller, seat 6 (between a seller and s1) a marketer: 6 of 6 cross.
    const input: MixerInput = {
      areas: [table("Table 1", 6)],
      members: [
        member("m1", "marketing"),
        member("m2", "marketing"),
        member("m3", "marketing"),
        member("s1", "sales"),
        member("s2", "sales"),
        member("s3", "sales"),
      ],
      fixedSeats: [
        { memberId: "s1", area: "Table 1", seat: 1 },
        { memberId: "m1", area: "table 1", seat: 4 },
      ],
    };
    const plan = mixSeating(input);
    expect(plan.seats).toEqual([["s1", "m2", "s2", "m1", "s3", "m3"]]);
    expect(plan.fixed).toEqual([[true, false, false, true, false, false]]);
    expect(plan).toMatchObject({ neighbourPairs: 6, crossTeamPairs: 6, crossTeamBound: 6 });
  });

  it("keeps fixed seats even when they cost cross-team pairs", () => {
    // Two sellers fixed side by side at a table of 4: the marketers take seats 3 and 4, so S-S and M-M are
    // same-team pairs: 2 of 4 cross-team, below the bound of 4 that the team sizes alone would allow.
    const input: MixerInput = {
      areas: [table("T", 4)],
      members: [
        member("s1", "sales"),
        member("s2", "sales"),
        member("m1", "marketing"),
        member("m2", "marketing"),
      ],
      fixedSeats: [
        { memberId: "s1", area: "T", seat: 1 },
        { memberId: "s2", area: "T", seat: 2 },
      ],
    };
    const plan = mixSeating(input);
    expect(plan.seats).toEqual([["s1", "s2", "m1", "m2"]]);
    expect(plan).toMatchObject({ neighbourPairs: 4, crossTeamPairs: 2, crossTeamBound: 4 });
  });

  it("seats three pods: each at its own table where it fits, the one larger than any table across two", () => {
    // Four tables of 4. Pods: P1 2S+2M, P2 2S+1M, P3 3S+3M (6, larger than any table).
    // P3 first (largest): no table holds 6, so the shortest run with room is tables A+B; its teams are dealt
    // alternately (M S M S | M S): A gets 2M+2S, B gets 1M+1S. P1 (4) takes the smallest table it fits whole: C.
    // P2 (3): D. Pairs: A 4/4, B 1/1 (two people side by side), C 4/4, D 2/2 (S M S and an empty seat) = 11/11.
    // Bound: 13 people, 7 sellers: 2 x 6 = 12, capped by the 11 pairs. Cohesion: P3 has 4 of 6 at A: 11/13.
    const input: MixerInput = {
      areas: [table("A", 4), table("B", 4), table("C", 4), table("D", 4)],
      members: [
        member("p1m1", "marketing", "P1"),
        member("p1m2", "marketing", "P1"),
        member("p1s1", "sales", "P1"),
        member("p1s2", "sales", "P1"),
        member("p2m1", "marketing", "P2"),
        member("p2s1", "sales", "P2"),
        member("p2s2", "sales", "P2"),
        member("p3m1", "marketing", "P3"),
        member("p3m2", "marketing", "P3"),
        member("p3m3", "marketing", "P3"),
        member("p3s1", "sales", "P3"),
        member("p3s2", "sales", "P3"),
        member("p3s3", "sales", "P3"),
      ],
      fixedSeats: [],
    };
    const plan = mixSeating(input);
    expect(plan.seats).toEqual([
      ["p3m1", "p3s1", "p3m2", "p3s2"],
      ["p3m3", "p3s3", null, null],
      ["p1m1", "p1s1", "p1m2", "p1s2"],
      ["p2s1", "p2m1", "p2s2", null],
    ]);
    expect(plan.areaPairs).toEqual([
      { neighbourPairs: 4, crossTeamPairs: 4 },
      { neighbourPairs: 1, crossTeamPairs: 1 },
      { neighbourPairs: 4, crossTeamPairs: 4 },
      { neighbourPairs: 2, crossTeamPairs: 2 },
    ]);
    expect(plan).toMatchObject({
      neighbourPairs: 11,
      crossTeamPairs: 11,
      crossTeamBound: 11,
      teams: { sales: 7, marketing: 6, revenue: 0 },
      podMembers: 13,
      podMembersAtMainArea: 11,
    });
    expect(plan.pods).toEqual([
      { podId: "P1", members: 4, atMainArea: 4, mainArea: 2, areas: [2] },
      { podId: "P2", members: 3, atMainArea: 3, mainArea: 3, areas: [3] },
      { podId: "P3", members: 6, atMainArea: 4, mainArea: 0, areas: [0, 1] },
    ]);
  });

  it("anchors a pod at its fixed member's table", () => {
    // Tables A (4) and B (4); P1 (1S+1M) would take A (smallest fit, first on the floor), but its seller is fixed
    // at B seat 3, so the pod sits at B; P2 (2S+2M) then takes A whole.
    const input: MixerInput = {
      areas: [table("A", 4), table("B", 4)],
      members: [
        member("a-m", "marketing", "P1"),
        member("a-s", "sales", "P1"),
        member("b-m1", "marketing", "P2"),
        member("b-m2", "marketing", "P2"),
        member("b-s1", "sales", "P2"),
        member("b-s2", "sales", "P2"),
      ],
      fixedSeats: [{ memberId: "a-s", area: "B", seat: 3 }],
    };
    const plan = mixSeating(input);
    expect(plan.seats[1][2]).toBe("a-s");
    expect(plan.seats[1].filter((id) => id !== null).sort()).toEqual(["a-m", "a-s"]);
    expect(plan.seats[0]).toEqual(["b-m1", "b-s1", "b-m2", "b-s2"]);
    expect(plan).toMatchObject({ podMembersAtMainArea: 6, crossTeamPairs: 5, neighbourPairs: 5 });
  });

  it("is deterministic: the same members in another order give the same plan", () => {
    const teams: Team[] = ["sales", "marketing", "revenue"];
    const members = Array.from({ length: 26 }, (_, i) =>
      member(
        `m${String(i).padStart(2, "0")}`,
        teams[(i * 7) % 5 < 2 ? 0 : (i * 7) % 5 < 4 ? 1 : 2],
        i % 6 === 5 ? null : `pod${i % 4}`,
      ),
    );
    const input: MixerInput = {
      areas: [table("A", 6), table("B", 8), row("C", 5), table("D", 6), row("E", 4)],
      members,
      fixedSeats: [
        { memberId: "m03", area: "B", seat: 2 },
        { memberId: "m10", area: "C", seat: 5 },
        { memberId: "m17", area: "A", seat: 1 },
      ],
    };
    const first = mixSeating(input);
    const shuffled = mixSeating({
      ...input,
      members: [...members].reverse(),
      fixedSeats: [...input.fixedSeats].reverse(),
    });
    expect(shuffled).toEqual(first);
    // Every member sits exactly once, the fixed ones where fixed.
    const seated = first.seats.flat().filter((id): id is string => id !== null);
    expect(seated.sort()).toEqual(members.map((m) => m.id).sort());
    expect(first.seats[1][1]).toBe("m03");
    expect(first.seats[2][4]).toBe("m10");
    expect(first.seats[0][0]).toBe("m17");
    expect(first.crossTeamPairs).toBeLessThanOrEqual(first.crossTeamBound);
  });
});

describe("bad input", () => {
  const base: MixerInput = {
    areas: [table("Table 1", 2), row("Row 1", 2)],
    members: [member("a", "sales"), member("b", "marketing"), member("c", "sales")],
    fixedSeats: [],
  };

  it("says how many seats are missing", () => {
    expect(
      problem({
        ...base,
        members: [...base.members, member("d", "sales"), member("e", "sales"), member("f", "sales")],
      }),
    ).toEqual({
      field: "memberIds",
      message: "6 members to seat and the floor has 4 seats: 2 seats missing",
    });
    expect(() => mixSeating({ ...base, areas: [table("Table 1", 2)] })).toThrow(
      "3 members to seat and the floor has 2 seats: 1 seat missing",
    );
  });

  it("names a fixed seat that does not exist", () => {
    expect(problem({ ...base, fixedSeats: [{ memberId: "a", area: "Table 9", seat: 1 }] })).toEqual({
      field: "fixedSeats.0.area",
      message: 'names no table or row of this floor ("Table 9")',
    });
    expect(problem({ ...base, fixedSeats: [{ memberId: "a", area: "Row 1", seat: 3 }] })).toEqual({
      field: "fixedSeats.0.seat",
      message: "Row 1 has 2 seats: seat 3 does not exist",
    });
  });

  it("names the seat two members are fixed to", () => {
    expect(
      problem({
        ...base,
        fixedSeats: [
          { memberId: "a", area: "Row 1", seat: 2 },
          { memberId: "b", area: "row 1", seat: 2 },
        ],
      }),
    ).toEqual({ field: "fixedSeats.1", message: "Row 1 seat 2 is fixed for two members" });
    expect(
      problem({
        ...base,
        fixedSeats: [
          { memberId: "a", area: "Row 1", seat: 2 },
          { memberId: "a", area: "Row 1", seat: 1 },
        ],
      }),
    ).toEqual({ field: "fixedSeats.1.memberId", message: "gives the same member two fixed seats" });
  });

  it("names two tables with one label and a fixed member not being seated", () => {
    expect(problem({ ...base, areas: [table("T", 2), row("t", 3)] })).toEqual({
      field: "areas.1.label",
      message: '"t" names two tables or rows',
    });
    expect(problem({ ...base, fixedSeats: [{ memberId: "z", area: "Row 1", seat: 1 }] })).toEqual({
      field: "fixedSeats.0.memberId",
      message: "is not among the members to seat",
    });
  });
});
