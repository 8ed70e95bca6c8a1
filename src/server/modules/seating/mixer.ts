// The seating-plan mixer: a pure function from a floor (tables and rows in floor order), the members to seat
// (team, pod) and fixed seats to a plan. Deterministic: members are taken in id order, ties are broken by
// floor order and team order, and nothing is random, so the same input always gives the same plan.
//
// 1. Tables for pods: members with a fixed seat sit there. A pod with fixed members is anchored at the table
//    (or row) holding most of them; its other members join it, spilling to the nearest tables when it is full.
//    Other pods, largest first, take the smallest table they fit at whole; a pod larger than any free table
//    spans the shortest run of consecutive tables with room, its teams dealt alternately so each part mixes.
//    Members of no pod go last, each where their team is least represented.
// 2. Seats within each table: free seats are filled in order, each with the team most unlike its neighbours
//    (the one with most members left on ties), so teams alternate.
// 3. Swaps: any swap of two people (or of a person and an empty seat) at one table, of two members of the same
//    pod at different tables, or moving a member of no pod to another table's empty seat, is made when it
//    adds cross-team pairs (or, for as many, removes same-team pairs), until none does. Fixed seats never
//    move, and no swap changes how many members of a pod sit at each table, so pods stay together.
//
// Neighbours (see src/shared/seating.ts): seat i sits beside seats i-1 and i+1; at a round table the last
// seat also beside the first. A pair counts when both seats are taken; an empty seat between two people
// parts them.
import { TEAMS, type Team } from "../../../shared/domain.js";

export interface MixerArea {
  label: string;
  kind: "table" | "row";
  seats: number;
}
export interface MixerMember {
  id: string;
  team: Team;
  podId: string | null;
}
export interface MixerFixedSeat {
  memberId: string;
  area: string;
  seat: number;
}
export interface MixerInput {
  areas: MixerArea[];
  members: MixerMember[];
  fixedSeats: MixerFixedSeat[];
}

export interface SeatingMetrics {
  /** Per area: neighbour pairs with both seats taken, and how many of them sit across teams. */
  areaPairs: { neighbourPairs: number; crossTeamPairs: number }[];
  neighbourPairs: number;
  crossTeamPairs: number;
  /** The most cross-team pairs possible among this many pairs with these team sizes (see crossTeamBound). */
  crossTeamBound: number;
  teams: Record<Team, number>;
  /** Pods by id: the area holding most of their members (ties: the first in floor order) and where they sit. */
  pods: { podId: string; members: number; atMainArea: number; mainArea: number; areas: number[] }[];
  podMembers: number;
  podMembersAtMainArea: number;
}

export interface MixerResult extends SeatingMetrics {
  /** seats[area][seat - 1]: the member sitting there, or null. */
  seats: (string | null)[][];
  /** fixed[area][seat - 1]: a fixed seat. */
  fixed: boolean[][];
}

/** A problem with the input, naming the field it is about (the API answers 400 with it). */
export class SeatingInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The neighbour pairs of an area's seats, as 0-based seat indexes. */
export function neighbourPairs(area: Pick<MixerArea, "kind" | "seats">): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < area.seats; i++) pairs.push([i, i + 1]);
  if (area.kind === "table" && area.seats >= 3) pairs.push([area.seats - 1, 0]);
  return pairs;
}

/**
 * The most cross-team pairs `pairs` neighbour pairs can hold with these team sizes: every cross-team pair has
 * someone outside the largest team in it, and each person has at most two neighbours.
 */
export function crossTeamBound(pairs: number, teams: Record<Team, number>): number {
  const counts = TEAMS.map((t) => teams[t]);
  const everyone = counts.reduce((a, b) => a + b, 0);
  return Math.min(pairs, 2 * (everyone - Math.max(...counts)));
}

const key = (label: string) => label.trim().toLowerCase();
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Throws a SeatingInputError naming the first problem: labels, members, fixed seats, then room. */
export function checkSeatingInput(input: MixerInput): void {
  const areaAt = new Map<string, number>();
  input.areas.forEach((area, i) => {
    if (areaAt.has(key(area.label)))
      throw new SeatingInputError(`"${area.label}" names two tables or rows`, `areas.${i}.label`);
    areaAt.set(key(area.label), i);
  });
  const seen = new Set<string>();
  for (const m of input.members) {
    if (seen.has(m.id)) throw new SeatingInputError("lists the same member twice", "memberIds");
    seen.add(m.id);
  }
  const fixedMembers = new Set<string>();
  const taken = new Set<string>();
  input.fixedSeats.forEach((f, i) => {
    const a = areaAt.get(key(f.area));
    if (a === undefined)
      throw new SeatingInputError(
        `names no table or row of this floor ("${f.area}")`,
        `fixedSeats.${i}.area`,
      );
    const area = input.areas[a];
    if (f.seat < 1 || f.seat > area.seats || !Number.isInteger(f.seat))
      throw new SeatingInputError(
        `${area.label} has ${area.seats} seat${area.seats === 1 ? "" : "s"}: seat ${f.seat} does not exist`,
        `fixedSeats.${i}.seat`,
      );
    if (fixedMembers.has(f.memberId))
      throw new SeatingInputError("gives the same member two fixed seats", `fixedSeats.${i}.memberId`);
    fixedMembers.add(f.memberId);
    if (taken.has(`${a}:${f.seat}`))
      throw new SeatingInputError(`${area.label} seat ${f.seat} is fixed for two members`, `fixedSeats.${i}`);
    taken.add(`${a}:${f.seat}`);
    if (!seen.has(f.memberId))
      throw new SeatingInputError("is not among the members to seat", `fixedSeats.${i}.memberId`);
  });
  const seats = input.areas.reduce((n, a) => n + a.seats, 0);
  const people = input.members.length;
  if (people > seats) {
    const missing = people - seats;
    throw new SeatingInputError(
      `${people} members to seat and the floor has ${seats} seats: ${missing} seat${missing === 1 ? "" : "s"} missing`,
      "memberIds",
    );
  }
}

/** A plan's numbers: neighbour pairs across teams, the bound, and how whole each pod sits. */
export function evaluateSeating(
  areas: Pick<MixerArea, "kind" | "seats">[],
  seats: (string | null)[][],
  members: Map<string, Pick<MixerMember, "team" | "podId">>,
): SeatingMetrics {
  const teams: Record<Team, number> = { marketing: 0, sales: 0, revenue: 0 };
  const podAreas = new Map<string, number[]>();
  const areaPairs = areas.map((area, a) => {
    let pairs = 0;
    let cross = 0;
    for (const [i, j] of neighbourPairs(area)) {
      const x = seats[a][i];
      const y = seats[a][j];
      if (x === null || y === null) continue;
      pairs++;
      if (members.get(x)?.team !== members.get(y)?.team) cross++;
    }
    for (const id of seats[a]) {
      const m = id === null ? undefined : members.get(id);
      if (!m) continue;
      teams[m.team]++;
      if (m.podId === null) continue;
      const counts = podAreas.get(m.podId) ?? areas.map(() => 0);
      counts[a]++;
      podAreas.set(m.podId, counts);
    }
    return { neighbourPairs: pairs, crossTeamPairs: cross };
  });
  const pods = [...podAreas.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([podId, counts]) => {
      const mainArea = counts.indexOf(Math.max(...counts));
      return {
        podId,
        members: counts.reduce((n, c) => n + c, 0),
        atMainArea: counts[mainArea],
        mainArea,
        areas: counts.flatMap((c, a) => (c > 0 ? [a] : [])),
      };
    });
  const neighbourPairCount = areaPairs.reduce((n, p) => n + p.neighbourPairs, 0);
  return {
    areaPairs,
    neighbourPairs: neighbourPairCount,
    crossTeamPairs: areaPairs.reduce((n, p) => n + p.crossTeamPairs, 0),
    crossTeamBound: crossTeamBound(neighbourPairCount, teams),
    teams,
    pods,
    podMembers: pods.reduce((n, p) => n + p.members, 0),
    podMembersAtMainArea: pods.reduce((n, p) => n + p.atMainArea, 0),
  };
}

/** Members in turn from each team, the team with most left first (ties: team order), never twice running. */
function interleaveTeams(list: MixerMember[]): MixerMember[] {
  const queues = TEAMS.map((team) => list.filter((m) => m.team === team));
  const out: MixerMember[] = [];
  let last: Team | null = null;
  while (out.length < list.length) {
    const open = queues.filter((q) => q.length > 0);
    const pick =
      [...open].filter((q) => q[0].team !== last).sort((x, y) => y.length - x.length)[0] ??
      [...open].sort((x, y) => y.length - x.length)[0];
    const next = pick.shift() as MixerMember;
    out.push(next);
    last = next.team;
  }
  return out;
}

export function mixSeating(input: MixerInput): MixerResult {
  checkSeatingInput(input);
  const { areas } = input;
  const members = [...input.members].sort(byId);
  const byMember = new Map(members.map((m) => [m.id, m]));
  const areaAt = new Map(areas.map((a, i) => [key(a.label), i]));
  const seats: (string | null)[][] = areas.map((a) => Array<string | null>(a.seats).fill(null));
  const fixed: boolean[][] = areas.map((a) => Array<boolean>(a.seats).fill(false));
  const free = areas.map((a) => a.seats);
  const areaOf = new Map<string, number>();

  // 1. Fixed seats, then tables for pods, then members of no pod.
  const fixedSeats = [...input.fixedSeats].sort((x, y) => (x.memberId < y.memberId ? -1 : 1));
  for (const f of fixedSeats) {
    const a = areaAt.get(key(f.area)) as number;
    seats[a][f.seat - 1] = f.memberId;
    fixed[a][f.seat - 1] = true;
    areaOf.set(f.memberId, a);
    free[a]--;
  }
  const fixedIds = new Set(fixedSeats.map((f) => f.memberId));
  const place = (m: MixerMember, a: number) => {
    areaOf.set(m.id, a);
    free[a]--;
  };
  const podIds = [...new Set(members.flatMap((m) => (m.podId === null ? [] : [m.podId])))].sort();
  const pods = podIds.map((podId) => {
    const all = members.filter((m) => m.podId === podId);
    const fixedAreas = all.flatMap((m) => (areaOf.has(m.id) ? [areaOf.get(m.id) as number] : []));
    const counts = areas.map((_, a) => fixedAreas.filter((x) => x === a).length);
    const anchor = fixedAreas.length > 0 ? counts.indexOf(Math.max(...counts)) : null;
    return { podId, anchor, rest: interleaveTeams(all.filter((m) => !areaOf.has(m.id))) };
  });
  pods.sort(
    (x, y) =>
      (x.anchor === null ? 1 : 0) - (y.anchor === null ? 1 : 0) ||
      y.rest.length - x.rest.length ||
      (x.podId < y.podId ? -1 : 1),
  );
  for (const pod of pods) {
    const rest = [...pod.rest];
    if (rest.length === 0) continue;
    let order: number[];
    if (pod.anchor !== null) {
      // The anchor first, then the nearest tables (the next one before the previous one).
      const anchor = pod.anchor;
      order = areas.map((_, a) => a).sort((x, y) => Math.abs(x - anchor) - Math.abs(y - anchor) || y - x);
    } else {
      const fits = free.flatMap((f, a) => (f >= rest.length ? [a] : []));
      if (fits.length > 0) {
        order = [fits.reduce((best, a) => (free[a] < free[best] ? a : best))];
      } else {
        // The shortest run of consecutive tables with room for the pod, the first on the floor; the roomiest
        // of them takes the most members.
        order = [];
        for (let length = 2; length <= areas.length && order.length === 0; length++)
          for (let start = 0; start + length <= areas.length; start++) {
            const run = areas.slice(start, start + length).map((_, i) => start + i);
            if (run.reduce((n, a) => n + free[a], 0) >= rest.length) {
              order = run.sort((x, y) => free[y] - free[x] || x - y);
              break;
            }
          }
      }
    }
    for (const a of order) while (free[a] > 0 && rest.length > 0) place(rest.shift() as MixerMember, a);
  }
  const sitting = (a: number) => members.filter((m) => areaOf.get(m.id) === a);
  for (const m of members) {
    if (m.podId !== null || areaOf.has(m.id)) continue;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    areas.forEach((_, a) => {
      if (free[a] <= 0) return;
      const here = sitting(a);
      const score =
        here.filter((x) => x.team !== m.team).length - here.filter((x) => x.team === m.team).length;
      if (score > bestScore || (score === bestScore && free[a] > free[best])) {
        best = a;
        bestScore = score;
      }
    });
    place(m, best);
  }

  // 2. Seats: each free seat gets the team most unlike its neighbours.
  const teamAt = (a: number, s: number): Team | null => {
    const id = seats[a][s];
    return id === null ? null : (byMember.get(id) as MixerMember).team;
  };
  areas.forEach((area, a) => {
    const pod = (m: MixerMember) => m.podId ?? "";
    const group = sitting(a).filter((m) => !fixedIds.has(m.id));
    group.sort((x, y) => (pod(x) < pod(y) ? -1 : pod(x) > pod(y) ? 1 : 0));
    const queues = new Map(TEAMS.map((team) => [team, group.filter((m) => m.team === team)]));
    for (let s = 0; s < area.seats && group.length > 0; s++) {
      if (seats[a][s] !== null) continue;
      const previous = s > 0 ? teamAt(a, s - 1) : null;
      const after = s + 1 < area.seats ? s + 1 : area.kind === "table" && area.seats >= 3 ? 0 : -1;
      const next = after >= 0 && fixed[a][after] ? teamAt(a, after) : null;
      const team = TEAMS.filter((t) => (queues.get(t) as MixerMember[]).length > 0)
        .map((t, order) => ({
          t,
          order,
          unlike: (t !== previous ? 2 : 0) + (t !== next ? 1 : 0),
          left: (queues.get(t) as MixerMember[]).length,
        }))
        .sort((x, y) => y.unlike - x.unlike || y.left - x.left || x.order - y.order)[0];
      if (!team) break;
      const m = (queues.get(team.t) as MixerMember[]).shift() as MixerMember;
      seats[a][s] = m.id;
      group.splice(group.indexOf(m), 1);
    }
  });

  // 3. Swaps that add cross-team pairs (or remove same-team ones) without moving fixed seats or pods.
  const neighbours = areas.map((area) => {
    const list: number[][] = Array.from({ length: area.seats }, () => []);
    for (const [i, j] of neighbourPairs(area)) {
      list[i].push(j);
      list[j].push(i);
    }
    return list;
  });
  const weight = areas.reduce((n, a) => n + a.seats, 0) + 1;
  const positions = areas.flatMap((area, a) =>
    Array.from({ length: area.seats }, (_, s) => [a, s] as const).filter(([, s]) => !fixed[a][s]),
  );
  /** Cross-team pairs (weighted) minus same-team pairs on the edges touching two seats. */
  const localScore = (p: readonly [number, number], q: readonly [number, number]) => {
    let score = 0;
    const edges = new Set<string>();
    for (const [a, s] of [p, q])
      for (const n of neighbours[a][s]) {
        const edge = `${a}:${Math.min(s, n)}:${Math.max(s, n)}`;
        if (edges.has(edge)) continue;
        edges.add(edge);
        const x = teamAt(a, s);
        const y = teamAt(a, n);
        if (x === null || y === null) continue;
        score += x === y ? -1 : weight;
      }
    return score;
  };
  const swap = (p: readonly [number, number], q: readonly [number, number]) => {
    const held = seats[p[0]][p[1]];
    seats[p[0]][p[1]] = seats[q[0]][q[1]];
    seats[q[0]][q[1]] = held;
  };
  const allowed = (p: readonly [number, number], q: readonly [number, number]) => {
    const x = seats[p[0]][p[1]];
    const y = seats[q[0]][q[1]];
    if (x === null && y === null) return false;
    const mx = x === null ? null : (byMember.get(x) as MixerMember);
    const my = y === null ? null : (byMember.get(y) as MixerMember);
    if (mx && my && mx.team === my.team) return false;
    if (p[0] === q[0]) return true;
    if (mx && my) return mx.podId === my.podId;
    return (mx ?? my)?.podId === null;
  };
  for (let pass = 0, improved = true; improved && pass < 200; pass++) {
    improved = false;
    for (let i = 0; i < positions.length; i++)
      for (let j = i + 1; j < positions.length; j++) {
        const p = positions[i];
        const q = positions[j];
        if (!allowed(p, q)) continue;
        const before = localScore(p, q);
        swap(p, q);
        if (localScore(p, q) > before) improved = true;
        else swap(p, q);
      }
  }

  return { seats, fixed, ...evaluateSeating(areas, seats, byMember) };
}
