// The attribution engine: pure functions, no database. A journey is the ordered touches of the contacts
// behind one milestone (a contact created, an MQL, an SQL, an opportunity created, a deal won) ending at
// that milestone; a model says how much of the milestone (1 conversion, and its amount) each touch earns.
// docs/reports.md ("Attribution") states every definition and edge rule; the tests beside this file hold
// the published worked examples, hand-computed journeys and a reconciliation property test.
//
// The rules every model shares:
// - Order: touches are ordered by time, ties broken by touch id (ascending): the same data always gives
//   the same order, so the same credits.
// - Window: a touch counts when lookback start <= occurredAt <= milestone time. Touches after the milestone
//   never count; a touch at the milestone's very instant does (a form submit that creates the lead).
// - Reconciliation: for every milestone the credits sum to 1 (and to its amount). A milestone without any
//   touch in the window goes to NO_TOUCH under every model, so reports still add up to the milestones.
// - Keys: Markov and Shapley value keys (a campaign or a channel, `by`); a touch without one has the key
//   NO_KEY ("no campaign", "no channel"), which is a key like any other.
// - Limits: none on touches per journey (every function is linear in the touches); Markov solves a dense
//   system over its keys, exact up to MARKOV_MAX_STATES keys; Shapley uses the closed form (exact for
//   any number of keys; shapleyByEnumeration is the textbook sum, limited to SHAPLEY_ENUMERATION_LIMIT).
import { ATTRIBUTION_MODELS, type AttributionModel } from "../../../shared/attribution.js";

export { ATTRIBUTION_MODELS, type AttributionModel };

export const NO_KEY = "~none";
export const NO_TOUCH = "~no-touch";
export const OTHER_KEYS = "~other";
/** Markov inverts a dense (keys x keys) matrix: exact up to this many keys; beyond, the least-touched are grouped. */
export const MARKOV_MAX_STATES = 400;
/** The textbook Shapley sum walks 2^n coalitions: only used up to this many players (tests, checks). */
export const SHAPLEY_ENUMERATION_LIMIT = 16;

const DAY_MS = 86_400_000;

export interface JourneyTouch {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  campaignId: string | null;
  channel: string | null;
  /** The touch that created the lead: the last touch at or before the contact was created. */
  leadCreation?: boolean;
  /** The touch that created the opportunity: the last touch at or before it was created. */
  opportunityCreation?: boolean;
  /** The touch that closed the deal: the last touch at or before it was won. */
  close?: boolean;
}

export interface Journey {
  /** The milestone's id (a contact or an opportunity). */
  id: string;
  /** When the milestone was reached (epoch ms); for a null path, the end of its window. */
  at: number;
  /** The milestone's amount (pipeline or revenue); 0 for contact milestones. */
  amount: number;
  /** false: a null path (did not reach the milestone in the window), used by Markov only. */
  converted: boolean;
  touches: JourneyTouch[];
}

export interface ModelOptions {
  by: "campaign" | "channel";
  /** Time-decay half-life in days (default 7). */
  halfLifeDays: number;
  /** Only touches this many days before the milestone count; null: no window. */
  lookbackDays: number | null;
}

export const DEFAULT_OPTIONS: ModelOptions = { by: "campaign", halfLifeDays: 7, lookbackDays: 90 };

export const keyOf = (touch: JourneyTouch, by: ModelOptions["by"]) =>
  (by === "campaign" ? touch.campaignId : touch.channel) ?? NO_KEY;

const byTimeThenId = (a: JourneyTouch, b: JourneyTouch) =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The touches that count for a journey: inside the window, ordered by time then id. */
export function countedTouches(journey: Journey, lookbackDays: number | null): JourneyTouch[] {
  const from = lookbackDays === null ? Number.NEGATIVE_INFINITY : journey.at - lookbackDays * DAY_MS;
  const kept = journey.touches.filter((t) => t.at <= journey.at && t.at >= from);
  // Already ordered (the loader sorts in SQL): skip the sort, which matters for 10,000-touch journeys.
  for (let i = 1; i < kept.length; i++)
    if (byTimeThenId(kept[i - 1], kept[i]) > 0) return kept.sort(byTimeThenId);
  return kept;
}

// ---------------------------------------------------------------------------------------------------------
// Rule-based models: a weight per touch, summing to 1.

/** The index of the last touch carrying a flag, or -1. */
function lastFlagged(touches: JourneyTouch[], flag: "leadCreation" | "opportunityCreation" | "close") {
  for (let i = touches.length - 1; i >= 0; i--) if (touches[i][flag]) return i;
  return -1;
}

/**
 * Position-based weights: each special position (first touch, lead creation, ...) has a share; `rest` is
 * shared equally by the other touches up to the model's last position (or the journey's end when that
 * position is missing). Coinciding positions add up on their touch; a missing position or an empty rest
 * gives up its share, and the shares that remain are scaled up proportionally to sum to 1.
 */
function positionWeights(
  n: number,
  positions: { index: number; share: number }[],
  rest: number,
  lastIndex: number,
): number[] {
  const weights = new Array<number>(n).fill(0);
  const special = new Set<number>();
  let total = 0;
  for (const p of positions) {
    if (p.index < 0) continue;
    weights[p.index] += p.share;
    special.add(p.index);
    total += p.share;
  }
  const end = lastIndex >= 0 ? lastIndex : n - 1;
  const others: number[] = [];
  for (let i = 0; i <= end; i++) if (!special.has(i)) others.push(i);
  if (others.length > 0) {
    for (const i of others) weights[i] += rest / others.length;
    total += rest;
  }
  for (let i = 0; i < n; i++) weights[i] /= total;
  return weights;
}

export type RuleModel = Exclude<AttributionModel, "markov" | "shapley">;

/** Each counted touch's share of the milestone under a rule-based model (sums to 1; [] without touches). */
export function ruleWeights(
  model: RuleModel,
  touches: JourneyTouch[],
  halfLifeDays = DEFAULT_OPTIONS.halfLifeDays,
): number[] {
  const n = touches.length;
  if (n === 0) return [];
  const weights = new Array<number>(n).fill(0);
  switch (model) {
    case "first_touch":
      weights[0] = 1;
      return weights;
    case "last_touch":
      weights[n - 1] = 1;
      return weights;
    case "linear":
      return weights.fill(1 / n);
    case "time_decay": {
      // 2^(-age / half-life), age in days before the milestone, scaled to sum to 1. The factor
      // 2^(-(milestone - newest touch) / half-life) is common to every touch and cancels out, so ages are
      // taken from the newest touch: its weight is 1 and a sum of 10,000 old touches never underflows to 0.
      const newest = touches[n - 1].at;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        weights[i] = 2 ** (-(newest - touches[i].at) / (halfLifeDays * DAY_MS));
        sum += weights[i];
      }
      for (let i = 0; i < n; i++) weights[i] /= sum;
      return weights;
    }
    case "u_shaped": {
      const lead = lastFlagged(touches, "leadCreation");
      return positionWeights(
        n,
        [
          { index: 0, share: 0.4 },
          { index: lead, share: 0.4 },
        ],
        0.2,
        lead,
      );
    }
    case "w_shaped": {
      const lead = lastFlagged(touches, "leadCreation");
      const opportunity = lastFlagged(touches, "opportunityCreation");
      return positionWeights(
        n,
        [
          { index: 0, share: 0.3 },
          { index: lead, share: 0.3 },
          { index: opportunity, share: 0.3 },
        ],
        0.1,
        opportunity,
      );
    }
    case "full_path": {
      const lead = lastFlagged(touches, "leadCreation");
      const opportunity = lastFlagged(touches, "opportunityCreation");
      const close = lastFlagged(touches, "close");
      return positionWeights(
        n,
        [
          { index: 0, share: 0.225 },
          { index: lead, share: 0.225 },
          { index: opportunity, share: 0.225 },
          { index: close, share: 0.225 },
        ],
        0.1,
        close,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Markov: a first-order chain over keys, solved exactly.

export interface MarkovResult {
  /** P(convert) from the start state. */
  conversionProbability: number;
  /** 1 - P(convert with the key removed) / P(convert), per key. */
  removalEffects: Map<string, number>;
  /** removal effect / sum of removal effects: the share of every conversion each key earns. */
  shares: Map<string, number>;
  /** Keys grouped into OTHER_KEYS because there were more than MARKOV_MAX_STATES. */
  grouped: string[];
}

/**
 * Gauss-Jordan inversion with partial pivoting (in place on a copy). The matrices here are I - Q of an
 * absorbing chain: non-singular whenever every state can reach an absorbing one, as every observed path does.
 */
export function invert(matrix: Float64Array[], size: number): Float64Array[] {
  const a = matrix.map((row) => Float64Array.from(row));
  const inv = Array.from({ length: size }, (_, i) => {
    const row = new Float64Array(size);
    row[i] = 1;
    return row;
  });
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-300) throw new Error("singular matrix: a state never reaches an end");
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [inv[col], inv[pivot]] = [inv[pivot], inv[col]];
    const p = a[col][col];
    const rowA = a[col];
    const rowI = inv[col];
    for (let c = 0; c < size; c++) {
      rowA[c] /= p;
      rowI[c] /= p;
    }
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const f = a[r][col];
      if (f === 0) continue;
      const ra = a[r];
      const ri = inv[r];
      for (let c = 0; c < size; c++) {
        ra[c] -= f * rowA[c];
        ri[c] -= f * rowI[c];
      }
    }
  }
  return inv;
}

/**
 * Transition counts of null paths, counted where they are stored (SQL): from null is the start state, to null
 * the null state (the path ended without the milestone).
 */
export interface Transition {
  from: string | null;
  to: string | null;
  count: number;
}

/** The key sequence of each journey (its counted touches), for Markov; journeys without touches are left out. */
export interface KeyPath {
  keys: string[];
  converted: boolean;
}

/**
 * Removal effects of a first-order Markov chain over keys. States: start, one per key, conversion, null.
 * Each path adds start -> k1 -> ... -> kn -> conversion (or null); transition probabilities are counts over
 * the state's outgoing counts (repeats included: a self-loop changes no absorption probability).
 *
 * With Q the transitions among keys, r the one-step conversion probabilities and pi the start
 * distribution, x = (I - Q)^-1 r is the conversion probability from each key and P = pi . x. Removing key c
 * (every transition into it goes to null) removes exactly the conversions that pass through c, so
 * P(without c) = P - P(reach c) * x_c, where P(reach c) = (pi N)_c / N_cc with N = (I - Q)^-1 (expected
 * visits from the start over expected visits from c itself). One exact inversion gives every removal
 * effect: RE_c = 1 - P(without c) / P = P(reach c) * x_c / P. The tests check it against re-solving the
 * chain with each key removed.
 */
export function markovRemovalEffects(paths: KeyPath[], extra: Transition[] = []): MarkovResult {
  // Group the tail of keys (fewest touches) when there are too many for a dense inversion.
  const touchCounts = new Map<string, number>();
  for (const p of paths) for (const k of p.keys) touchCounts.set(k, (touchCounts.get(k) ?? 0) + 1);
  for (const t of extra) if (t.to !== null) touchCounts.set(t.to, (touchCounts.get(t.to) ?? 0) + t.count);
  let grouped: string[] = [];
  let rename = (k: string) => k;
  if (touchCounts.size > MARKOV_MAX_STATES) {
    const ranked = [...touchCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    grouped = ranked.slice(MARKOV_MAX_STATES - 1).map(([k]) => k);
    const tail = new Set(grouped);
    rename = (k) => (tail.has(k) ? OTHER_KEYS : k);
  }
  const keys = [...new Set([...touchCounts.keys()].map(rename))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const n = keys.length;
  const counts = Array.from({ length: n }, () => new Float64Array(n));
  const out = new Float64Array(n);
  const conv = new Float64Array(n);
  const start = new Float64Array(n);
  let starts = 0;
  for (const p of paths) {
    if (p.keys.length === 0) continue;
    let prev = index.get(rename(p.keys[0])) as number;
    start[prev] += 1;
    starts += 1;
    for (let i = 1; i < p.keys.length; i++) {
      const next = index.get(rename(p.keys[i])) as number;
      counts[prev][next] += 1;
      out[prev] += 1;
      prev = next;
    }
    out[prev] += 1;
    if (p.converted) conv[prev] += 1;
  }
  // Null paths counted in SQL: start -> key, key -> key, key -> null.
  for (const t of extra) {
    if (t.from === null && t.to === null) continue;
    if (t.from === null) {
      start[index.get(rename(t.to as string)) as number] += t.count;
      starts += t.count;
      continue;
    }
    const from = index.get(rename(t.from)) as number;
    out[from] += t.count;
    if (t.to !== null) counts[from][index.get(rename(t.to)) as number] += t.count;
  }
  const removalEffects = new Map<string, number>();
  const shares = new Map<string, number>();
  if (n === 0 || starts === 0) return { conversionProbability: 0, removalEffects, shares, grouped };
  const a = counts.map((row, i) => {
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) r[j] = (i === j ? 1 : 0) - row[j] / out[i];
    return r;
  });
  const fundamental = invert(a, n);
  const x = new Float64Array(n);
  const visits = new Float64Array(n); // (pi N)_c
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += fundamental[i][j] * (conv[j] / out[j]);
    x[i] = s;
  }
  let probability = 0;
  for (let i = 0; i < n; i++) {
    const pi = start[i] / starts;
    probability += pi * x[i];
    if (pi === 0) continue;
    for (let j = 0; j < n; j++) visits[j] += pi * fundamental[i][j];
  }
  let total = 0;
  for (let c = 0; c < n; c++) {
    const effect = probability > 0 ? ((visits[c] / fundamental[c][c]) * x[c]) / probability : 0;
    // Clamp rounding noise (an effect is a probability ratio in [0, 1]).
    const clamped = Math.min(1, Math.max(0, effect));
    removalEffects.set(keys[c], clamped);
    total += clamped;
  }
  for (const [k, e] of removalEffects) shares.set(k, total > 0 ? e / total : 0);
  return { conversionProbability: probability, removalEffects, shares, grouped };
}

// ---------------------------------------------------------------------------------------------------------
// Shapley: the coalition game v(S) = conversions of the journeys whose key set is within S.

/**
 * The textbook Shapley value, phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! *
 * (v(S + i) - v(S)): 2^n coalitions, so only for up to SHAPLEY_ENUMERATION_LIMIT players. `value` receives
 * a coalition as a bit mask over `players`.
 */
export function shapleyByEnumeration(
  players: string[],
  value: (mask: number) => number,
): Map<string, number> {
  const n = players.length;
  if (n > SHAPLEY_ENUMERATION_LIMIT)
    throw new Error(`exact enumeration is limited to ${SHAPLEY_ENUMERATION_LIMIT} players (got ${n})`);
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial[i] = factorial[i - 1] * i;
  const values = new Float64Array(1 << n);
  for (let mask = 0; mask < 1 << n; mask++) values[mask] = value(mask);
  const result = new Map<string, number>();
  players.forEach((player, i) => {
    const bit = 1 << i;
    let phi = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & bit) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      phi +=
        ((factorial[size] * factorial[n - size - 1]) / factorial[n]) * (values[mask | bit] - values[mask]);
    }
    result.set(player, phi);
  });
  return result;
}

/**
 * The same Shapley value in closed form. v(S) = sum over converting journeys j of w_j * [keys(j) within S]
 * is a sum of unanimity games, and the Shapley value is linear: a unanimity game on a set T gives 1/|T| to
 * each member of T. So each converting journey gives its conversion (and amount) in equal parts to its
 * distinct keys: phi_i = sum over journeys containing i of w_j / |keys(j)|. Exact for any number of keys,
 * linear in the touches; the tests check it against shapleyByEnumeration.
 */
export function shapleyShares(keys: string[]): Map<string, number> {
  const distinct = [...new Set(keys)];
  return new Map(distinct.map((k) => [k, 1 / distinct.length]));
}

// ---------------------------------------------------------------------------------------------------------
// One journey under one model: each touch's share, and any share given to keys off the journey.

export interface JourneyCredit {
  /** The counted touches (window applied, ordered). */
  touches: JourneyTouch[];
  /** Each counted touch's share of the milestone (parallel to touches). */
  touchShares: number[];
  /**
   * Shares given to keys without a touch on this journey: Markov credits every conversion by the keys'
   * workspace-wide removal effects, and NO_TOUCH takes a milestone without touches. Sums with touchShares to 1.
   */
  offJourney: Map<string, number>;
}

/** What the data-driven models need from all journeys of the report (computed once per report). */
export interface ModelContext {
  options: ModelOptions;
  markov: MarkovResult;
}

export function buildContext(
  journeys: Journey[],
  options: ModelOptions,
  counted = journeys.map((j) => countedTouches(j, options.lookbackDays)),
  nullTransitions: Transition[] = [],
): ModelContext {
  const paths: KeyPath[] = [];
  journeys.forEach((j, i) => {
    const touches = counted[i];
    if (touches.length > 0)
      paths.push({ keys: touches.map((t) => keyOf(t, options.by)), converted: j.converted });
  });
  return { options, markov: markovRemovalEffects(paths, nullTransitions) };
}

export function creditJourney(
  model: AttributionModel,
  journey: Journey,
  context: ModelContext,
  touches = countedTouches(journey, context.options.lookbackDays),
): JourneyCredit {
  const { by, halfLifeDays } = context.options;
  if (touches.length === 0) return { touches, touchShares: [], offJourney: new Map([[NO_TOUCH, 1]]) };
  if (model === "markov") {
    const { shares, grouped } = context.markov;
    const tail = new Set(grouped);
    const stateOf = (t: JourneyTouch) => {
      const k = keyOf(t, by);
      return tail.has(k) ? OTHER_KEYS : k;
    };
    const perKey = new Map<string, number>();
    for (const t of touches) perKey.set(stateOf(t), (perKey.get(stateOf(t)) ?? 0) + 1);
    const touchShares = touches.map(
      (t) => (shares.get(stateOf(t)) ?? 0) / (perKey.get(stateOf(t)) as number),
    );
    const offJourney = new Map<string, number>();
    for (const [k, s] of shares) if (!perKey.has(k) && s > 0) offJourney.set(k, s);
    const onJourney = touchShares.reduce((a, b) => a + b, 0);
    if (onJourney + [...offJourney.values()].reduce((a, b) => a + b, 0) === 0) {
      // No conversions in the whole report (nothing to learn removal effects from): fall back to linear
      // so that the milestone still reconciles.
      return { touches, touchShares: touches.map(() => 1 / touches.length), offJourney };
    }
    return { touches, touchShares, offJourney };
  }
  if (model === "shapley") {
    const keys = touches.map((t) => keyOf(t, by));
    const shares = shapleyShares(keys);
    const perKey = new Map<string, number>();
    for (const k of keys) perKey.set(k, (perKey.get(k) ?? 0) + 1);
    return {
      touches,
      touchShares: keys.map((k) => (shares.get(k) as number) / (perKey.get(k) as number)),
      offJourney: new Map(),
    };
  }
  return { touches, touchShares: ruleWeights(model, touches, halfLifeDays), offJourney: new Map() };
}

/** The key-level shares of one milestone (keys of its touches and off-journey keys), summing to 1. */
export function journeyKeyShares(credit: JourneyCredit, by: ModelOptions["by"], grouped: string[] = []) {
  const tail = new Set(grouped);
  const result = new Map<string, number>();
  credit.touches.forEach((t, i) => {
    const raw = keyOf(t, by);
    const k = tail.has(raw) ? OTHER_KEYS : raw;
    result.set(k, (result.get(k) ?? 0) + credit.touchShares[i]);
  });
  for (const [k, s] of credit.offJourney) result.set(k, (result.get(k) ?? 0) + s);
  return result;
}

export interface KeyCredit {
  key: string;
  /** Credited conversions: the sum of this key's shares of milestones. */
  conversions: number;
  /** Credited amount: the sum of share x milestone amount (pipeline or revenue). */
  amount: number;
}

/** Credits per key under one model, over the converting journeys (null paths only feed Markov). */
export function attribute(
  model: AttributionModel,
  journeys: Journey[],
  context: ModelContext,
  counted?: JourneyTouch[][],
): Map<string, KeyCredit> {
  const result = new Map<string, KeyCredit>();
  journeys.forEach((journey, i) => {
    if (!journey.converted) return;
    const credit = creditJourney(model, journey, context, counted?.[i]);
    const grouped = model === "markov" ? context.markov.grouped : [];
    for (const [key, share] of journeyKeyShares(credit, context.options.by, grouped)) {
      const row = result.get(key) ?? { key, conversions: 0, amount: 0 };
      row.conversions += share;
      row.amount += share * journey.amount;
      result.set(key, row);
    }
  });
  return result;
}

/** Every model at once (the side-by-side comparison), sharing the window and ordering work. */
export function attributeAll(
  journeys: Journey[],
  options: ModelOptions,
  models: readonly AttributionModel[] = ATTRIBUTION_MODELS,
  nullTransitions: Transition[] = [],
) {
  const counted = journeys.map((j) => countedTouches(j, options.lookbackDays));
  const context = buildContext(journeys, options, counted, nullTransitions);
  const byModel = new Map<AttributionModel, Map<string, KeyCredit>>();
  for (const model of models) byModel.set(model, attribute(model, journeys, context, counted));
  return { context, byModel };
}
