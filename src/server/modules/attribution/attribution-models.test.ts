// The attribution engine against the published worked examples (issue 16), journeys computed by hand for
// every model (ties, a single touch, touches after the milestone, coinciding and missing positions), the
// exact solvers against brute force, a 10,000-touch journey, and a seeded property test: under every model
// the credits of one milestone sum to 1 and to its amount.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ATTRIBUTION_MODELS,
  attribute,
  attributeAll,
  buildContext,
  countedTouches,
  creditJourney,
  DEFAULT_OPTIONS,
  invert,
  type Journey,
  type JourneyTouch,
  journeyKeyShares,
  type KeyPath,
  MARKOV_MAX_STATES,
  markovRemovalEffects,
  NO_KEY,
  NO_TOUCH,
  OTHER_KEYS,
  type RuleModel,
  ruleWeights,
  shapleyByEnumeration,
  shapleyShares,
  type Transition,
} from "./attribution-models.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const byChannel = { ...DEFAULT_OPTIONS, by: "channel" as const, lookbackDays: null };

let nextId = 0;
function touch(day: number, channel: string | null, flags: Partial<JourneyTouch> = {}): JourneyTouch {
  nextId += 1;
  return {
    id: `t${String(nextId).padStart(6, "0")}`,
    at: T0 + day * DAY,
    campaignId: channel ? `campaign-${channel}` : null,
    channel,
    ...flags,
  };
}

function journey(channels: string[], converted = true, amount = 0): Journey {
  return {
    id: `j${++nextId}`,
    at: T0 + channels.length * DAY,
    amount,
    converted,
    touches: channels.map((c, i) => touch(i, c)),
  };
}

const repeat = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

describe("the published worked examples", () => {
  it("Markov: A>B>A>B>B>A, A>B>B>A>A and A>A, each converting once: removal effects A = 1, B = 0.5; credits A = 2, B = 1", () => {
    const journeys = [
      journey(["A", "B", "A", "B", "B", "A"]),
      journey(["A", "B", "B", "A", "A"]),
      journey(["A", "A"]),
    ];
    const context = buildContext(journeys, byChannel);
    expect(context.markov.removalEffects.get("A")).toBeCloseTo(1, 12);
    expect(context.markov.removalEffects.get("B")).toBeCloseTo(0.5, 12);
    const credits = attribute("markov", journeys, context);
    expect(credits.get("A")?.conversions).toBeCloseTo(2, 12);
    expect(credits.get("B")?.conversions).toBeCloseTo(1, 12);
  });

  it("Shapley: (a) x2, (b,c) x1, (c,a,b) x5 give a = 3.667, b = c = 2.167", () => {
    const journeys = [
      ...repeat(2, () => journey(["a"])),
      journey(["b", "c"]),
      ...repeat(5, () => journey(["c", "a", "b"])),
    ];
    const credits = attribute("shapley", journeys, buildContext(journeys, byChannel));
    expect(credits.get("a")?.conversions).toBeCloseTo(11 / 3, 12);
    expect(credits.get("b")?.conversions).toBeCloseTo(13 / 6, 12);
    expect(credits.get("c")?.conversions).toBeCloseTo(13 / 6, 12);
    expect(Number((credits.get("a")?.conversions ?? 0).toFixed(3))).toBe(3.667);
    expect(Number((credits.get("b")?.conversions ?? 0).toFixed(3))).toBe(2.167);
    expect(sum([...credits.values()].map((c) => c.conversions))).toBeCloseTo(8, 12);
    // The textbook sum over coalitions of v(S) = conversions of journeys whose channel set is within S.
    const sets = [...repeat(2, () => ["a"]), ["b", "c"], ...repeat(5, () => ["c", "a", "b"])];
    const players = ["a", "b", "c"];
    const v = (mask: number) => sets.filter((s) => s.every((p) => mask & (1 << players.indexOf(p)))).length;
    const textbook = shapleyByEnumeration(players, v);
    expect(textbook.get("a")).toBeCloseTo(11 / 3, 12);
    expect(textbook.get("b")).toBeCloseTo(13 / 6, 12);
    expect(textbook.get("c")).toBeCloseTo(13 / 6, 12);
  });

  it("time decay: a $12,000 deal with touches on days 0, 5, 12, 30, 38, closed on day 38, half-life 7 days", () => {
    const deal: Journey = {
      id: "deal",
      at: T0 + 38 * DAY,
      amount: 12_000,
      converted: true,
      touches: [0, 5, 12, 30, 38].map((d) => touch(d, `c${d}`)),
    };
    const credit = creditJourney("time_decay", deal, buildContext([deal], byChannel));
    const dollars = credit.touchShares.map((s) => s * deal.amount);
    // About 175, 287, 575, 3,417 and 7,545 (the published figures, rounded).
    expect(dollars.map((d) => Math.round(d))).toEqual([175, 287, 575, 3417, 7545]);
    expect(sum(dollars)).toBeCloseTo(12_000, 6);
  });
});

describe("journeys computed by hand", () => {
  // Six touches, one a day: first (day 0), lead creation (day 2), opportunity creation (day 4), close (day 5).
  const six = () => [
    touch(0, "email"),
    touch(1, "paid_search"),
    touch(2, "webinar", { leadCreation: true }),
    touch(3, "content"),
    touch(4, "event", { opportunityCreation: true }),
    touch(5, "outbound", { close: true }),
  ];
  const cases: [RuleModel, number[]][] = [
    ["first_touch", [1, 0, 0, 0, 0, 0]],
    ["last_touch", [0, 0, 0, 0, 0, 1]],
    ["linear", [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]],
    // 40% first, 40% lead creation, 20% to the touch between them; later touches earn nothing.
    ["u_shaped", [0.4, 0.2, 0.4, 0, 0, 0]],
    // 30/30/30 on first, lead creation, opportunity creation; 10% over days 1 and 3; the close touch nothing.
    ["w_shaped", [0.3, 0.05, 0.3, 0.05, 0.3, 0]],
    // 22.5% on each of the four positions, 10% over days 1 and 3.
    ["full_path", [0.225, 0.05, 0.225, 0.05, 0.225, 0.225]],
  ];
  for (const [model, expected] of cases)
    it(`${model}: ${expected.map((e) => e.toFixed(3)).join(", ")}`, () => {
      const weights = ruleWeights(model, six());
      expected.forEach((e, i) => {
        expect(weights[i]).toBeCloseTo(e, 12);
      });
    });

  it("time decay with a one-day half-life: 1, 2, 4, 8, 16, 32 (of 63)", () => {
    const weights = ruleWeights("time_decay", six(), 1);
    [1, 2, 4, 8, 16, 32].forEach((w, i) => {
      expect(weights[i]).toBeCloseTo(w / 63, 12);
    });
  });

  it("Markov and Shapley by hand: one converting and one null journey", () => {
    // start -> email -> webinar -> conversion; start -> email -> null. P(convert) = 1/2.
    // Without email: 0 (RE 1). Without webinar: 0 (RE 1). Shares 1/2 each.
    const won = journey(["email", "webinar"], true, 1000);
    const lost = journey(["email"], false);
    const context = buildContext([won, lost], byChannel);
    expect(context.markov.conversionProbability).toBeCloseTo(0.5, 12);
    expect(context.markov.removalEffects.get("email")).toBeCloseTo(1, 12);
    expect(context.markov.removalEffects.get("webinar")).toBeCloseTo(1, 12);
    const markov = attribute("markov", [won, lost], context);
    expect(markov.get("email")).toMatchObject({ conversions: 0.5, amount: 500 });
    expect(markov.get("webinar")).toMatchObject({ conversions: 0.5, amount: 500 });
    // Shapley values only conversions: the null journey adds nothing, the won one splits in two.
    expect(attribute("shapley", [won, lost], context).get("webinar")).toMatchObject({ conversions: 0.5 });
  });

  it("Markov credits every conversion by the workspace-wide shares, on and off the journey", () => {
    // email converts on its own; email > webinar converts; webinar alone goes nowhere.
    const journeys = [journey(["email"]), journey(["email", "webinar"]), journey(["webinar"], false)];
    const context = buildContext(journeys, byChannel);
    // From email: 1/2 convert, 1/2 to webinar; from webinar: 1/2 convert, 1/2 null. x_email = 3/4,
    // x_webinar = 1/2; start: 2/3 email, 1/3 webinar: P = 2/3 * 3/4 + 1/3 * 1/2 = 2/3.
    // Without email: 1/3 * 1/2 = 1/6, RE 3/4. Without webinar: 2/3 * 1/2 = 1/3, RE 1/2. Shares 3/5, 2/5.
    expect(context.markov.conversionProbability).toBeCloseTo(2 / 3, 12);
    expect(context.markov.removalEffects.get("email")).toBeCloseTo(3 / 4, 12);
    expect(context.markov.removalEffects.get("webinar")).toBeCloseTo(1 / 2, 12);
    // The first journey never touched a webinar: its 2/5 is credited off the journey.
    const credit = creditJourney("markov", journeys[0], context);
    expect(credit.touchShares[0]).toBeCloseTo(3 / 5, 12);
    expect(credit.offJourney.get("webinar")).toBeCloseTo(2 / 5, 12);
    const totals = attribute("markov", journeys, context);
    expect(totals.get("email")?.conversions).toBeCloseTo(6 / 5, 12);
    expect(totals.get("webinar")?.conversions).toBeCloseTo(4 / 5, 12);
  });

  it("breaks ties in time by touch id, whatever order the touches arrive in", () => {
    const at = T0 + DAY;
    const a: JourneyTouch = { id: "a-touch", at, campaignId: "first", channel: "email" };
    const b: JourneyTouch = { id: "b-touch", at, campaignId: "second", channel: "webinar" };
    for (const touches of [
      [a, b],
      [b, a],
    ]) {
      const j: Journey = { id: "tie", at, amount: 100, converted: true, touches };
      const context = buildContext([j], { ...DEFAULT_OPTIONS, lookbackDays: null });
      const first = journeyKeyShares(creditJourney("first_touch", j, context), "campaign");
      const last = journeyKeyShares(creditJourney("last_touch", j, context), "campaign");
      expect(first.get("first")).toBe(1);
      expect(last.get("second")).toBe(1);
    }
  });

  it("gives a single touch the whole milestone under every model", () => {
    const only = touch(0, "email", { leadCreation: true });
    const j: Journey = { id: "single", at: only.at + DAY, amount: 5000, converted: true, touches: [only] };
    const context = buildContext([j], byChannel);
    for (const model of ATTRIBUTION_MODELS) {
      const credit = creditJourney(model, j, context);
      expect(credit.touchShares, model).toEqual([1]);
      expect(attribute(model, [j], context).get("email"), model).toEqual({
        key: "email",
        conversions: 1,
        amount: 5000,
      });
    }
  });

  it("never counts touches after the milestone, counts one at its very instant, and applies the lookback window", () => {
    const old = touch(0, "event");
    const early = touch(20, "email");
    const atMilestone = touch(30, "webinar");
    const after = touch(31, "outbound");
    const j: Journey = {
      id: "window",
      at: T0 + 30 * DAY,
      amount: 1,
      converted: true,
      touches: [after, atMilestone, early, old],
    };
    expect(countedTouches(j, null).map((t) => t.channel)).toEqual(["event", "email", "webinar"]);
    // A 25-day window starts on day 5: the event on day 0 is out.
    expect(countedTouches(j, 25).map((t) => t.channel)).toEqual(["email", "webinar"]);
    const context = buildContext([j], { ...byChannel, lookbackDays: 25 });
    for (const model of ATTRIBUTION_MODELS) {
      const shares = journeyKeyShares(creditJourney(model, j, context), "channel");
      expect(shares.has("outbound"), model).toBe(false);
      expect(shares.has("event"), model).toBe(false);
    }
    expect(journeyKeyShares(creditJourney("last_touch", j, context), "channel").get("webinar")).toBe(1);
  });

  it("credits a milestone without touches to 'no touch' and a touch without a campaign to 'no campaign'", () => {
    const bare: Journey = { id: "bare", at: T0, amount: 700, converted: true, touches: [] };
    const uncampaigned: Journey = {
      id: "direct",
      at: T0 + DAY,
      amount: 300,
      converted: true,
      touches: [touch(0, null)],
    };
    const { byModel } = attributeAll([bare, uncampaigned], DEFAULT_OPTIONS);
    for (const model of ATTRIBUTION_MODELS) {
      expect(byModel.get(model)?.get(NO_TOUCH), model).toEqual({
        key: NO_TOUCH,
        conversions: 1,
        amount: 700,
      });
      expect(byModel.get(model)?.get(NO_KEY), model).toEqual({ key: NO_KEY, conversions: 1, amount: 300 });
    }
  });

  it("U-, W-shaped and full path redistribute when positions coincide or are missing", () => {
    // The first touch created the lead; one touch after it; no opportunity, no close (an MQL journey).
    const touches = [touch(0, "email", { leadCreation: true }), touch(1, "webinar"), touch(2, "content")];
    // U-shaped: first = lead creation takes 80%, nothing lies between them: the 20% has no touch, so the
    // 80% is scaled to 100%; touches after lead creation earn nothing.
    expect(ruleWeights("u_shaped", touches)).toEqual([1, 0, 0]);
    // W-shaped: first and lead creation coincide (60%), no opportunity creation, so the rest runs to the
    // journey's end (10% over two touches); 60 + 10 scaled to 100: 6/7, 1/14, 1/14.
    const w = ruleWeights("w_shaped", touches);
    [6 / 7, 1 / 14, 1 / 14].forEach((e, i) => {
      expect(w[i]).toBeCloseTo(e, 12);
    });
    // Full path: 45% on the first touch, 10% over the others, scaled: 45/55, 5/55, 5/55.
    const full = ruleWeights("full_path", touches);
    [45 / 55, 5 / 55, 5 / 55].forEach((e, i) => {
      expect(full[i]).toBeCloseTo(e, 12);
    });
    // No lead-creation touch at all (the lead existed before its first touch): U gives 40% first and 20%
    // over the rest (to the end), scaled: 2/3 and 1/6 each.
    const noLead = [touch(0, "email"), touch(1, "webinar"), touch(2, "content")];
    const u = ruleWeights("u_shaped", noLead);
    [2 / 3, 1 / 6, 1 / 6].forEach((e, i) => {
      expect(u[i]).toBeCloseTo(e, 12);
    });
  });
});

describe("exact solvers", () => {
  /**
   * P(convert) of the chain (transition probabilities from every path) re-solved as a smaller linear system
   * without `removed`: its row and column are dropped, so every transition into it ends (null).
   */
  function directProbability(paths: KeyPath[], removed: string | null) {
    const all = [...new Set(paths.flatMap((p) => p.keys))].sort();
    const idx = new Map(all.map((k, i) => [k, i]));
    const n = all.length;
    const counts = all.map(() => new Float64Array(n));
    const out = new Float64Array(n);
    const conv = new Float64Array(n);
    const start = new Float64Array(n);
    for (const p of paths) {
      const states = p.keys.map((k) => idx.get(k) as number);
      start[states[0]] += 1;
      for (let i = 1; i < states.length; i++) {
        counts[states[i - 1]][states[i]] += 1;
        out[states[i - 1]] += 1;
      }
      out[states[states.length - 1]] += 1;
      if (p.converted) conv[states[states.length - 1]] += 1;
    }
    const kept = all.map((_, i) => i).filter((i) => all[i] !== removed);
    const a = kept.map((i) => Float64Array.from(kept, (j) => (i === j ? 1 : 0) - counts[i][j] / out[i]));
    const inv = invert(a, kept.length);
    let probability = 0;
    kept.forEach((i, ri) => {
      kept.forEach((j, rj) => {
        probability += (start[i] / paths.length) * inv[ri][rj] * (conv[j] / out[j]);
      });
    });
    return probability;
  }

  it("Markov removal effects equal re-solving the chain without each key (seeded random paths)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            keys: fc.array(fc.constantFrom("A", "B", "C", "D", "E"), { minLength: 1, maxLength: 8 }),
            converted: fc.boolean(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (paths) => {
          fc.pre(paths.some((p) => p.converted));
          const result = markovRemovalEffects(paths);
          const base = directProbability(paths, null);
          expect(result.conversionProbability).toBeCloseTo(base, 9);
          for (const [key, effect] of result.removalEffects)
            expect(effect).toBeCloseTo(1 - directProbability(paths, key) / base, 9);
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });

  it("null paths given as transition counts (as SQL counts them) give the same chain as the paths", () => {
    const converting: KeyPath[] = [
      { keys: ["A", "B", "A"], converted: true },
      { keys: ["B"], converted: true },
    ];
    const nulls: KeyPath[] = [
      { keys: ["B", "B", "C"], converted: false },
      { keys: ["A"], converted: false },
      { keys: ["C", "A"], converted: false },
    ];
    const transitions = new Map<string, Transition>();
    const add = (from: string | null, to: string | null) => {
      const id = `${from}>${to}`;
      const row = transitions.get(id) ?? { from, to, count: 0 };
      row.count += 1;
      transitions.set(id, row);
    };
    for (const p of nulls) {
      add(null, p.keys[0]);
      for (let i = 1; i < p.keys.length; i++) add(p.keys[i - 1], p.keys[i]);
      add(p.keys[p.keys.length - 1], null);
    }
    const fromPaths = markovRemovalEffects([...converting, ...nulls]);
    const fromCounts = markovRemovalEffects(converting, [...transitions.values()]);
    expect(fromCounts.conversionProbability).toBeCloseTo(fromPaths.conversionProbability, 12);
    expect(fromCounts.conversionProbability).toBeCloseTo(
      directProbability([...converting, ...nulls], null),
      12,
    );
    for (const [k, e] of fromPaths.removalEffects)
      expect(fromCounts.removalEffects.get(k)).toBeCloseTo(e, 12);
  });

  it("the closed-form Shapley value equals the textbook sum over coalitions (seeded random journeys)", () => {
    const players = ["a", "b", "c", "d", "e", "f"];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...players), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 25,
        }),
        (paths) => {
          const closed = new Map<string, number>();
          for (const p of paths)
            for (const [k, s] of shapleyShares(p)) closed.set(k, (closed.get(k) ?? 0) + s);
          const sets = paths.map((p) => new Set(p));
          const v = (mask: number) =>
            sets.filter((s) => [...s].every((k) => mask & (1 << players.indexOf(k)))).length;
          const textbook = shapleyByEnumeration(players, v);
          for (const k of players) expect(closed.get(k) ?? 0).toBeCloseTo(textbook.get(k) as number, 9);
        },
      ),
      { seed: 16, numRuns: 100 },
    );
    expect(() =>
      shapleyByEnumeration(
        repeat(17, () => "x"),
        () => 0,
      ),
    ).toThrow(/limited to 16/);
  });

  it(`groups the least-touched keys into 'other' beyond ${MARKOV_MAX_STATES} Markov states, still reconciling`, () => {
    const journeys = Array.from({ length: MARKOV_MAX_STATES + 1 }, (_, i) =>
      journey(i === 0 ? ["k000", "k000", "k001"] : [`k${String(i).padStart(3, "0")}`], i % 2 === 0),
    );
    const context = buildContext(journeys, byChannel);
    // 401 keys; k000 has two touches, k001 two (its own journey and the first); the two least touched with
    // the highest names (k399, k400) share the last state.
    expect(context.markov.grouped).toEqual(["k399", "k400"]);
    expect(context.markov.shares.has(OTHER_KEYS)).toBe(true);
    const credits = attribute("markov", journeys, context);
    expect(sum([...credits.values()].map((c) => c.conversions))).toBeCloseTo(
      journeys.filter((j) => j.converted).length,
      9,
    );
  });
});

describe("reconciliation", () => {
  const touchArb = fc.record({
    id: fc.uuid(),
    day: fc.integer({ min: -120, max: 10 }),
    minute: fc.integer({ min: 0, max: 3 }),
    campaign: fc.constantFrom("c1", "c2", "c3", "c4", null),
    channel: fc.constantFrom("email", "webinar", "paid_search", null),
    leadCreation: fc.boolean(),
    opportunityCreation: fc.boolean(),
    close: fc.boolean(),
  });
  const journeyArb = fc.record({
    id: fc.uuid(),
    amount: fc.integer({ min: 0, max: 250_000 }),
    converted: fc.boolean(),
    touches: fc.array(touchArb, { maxLength: 12 }),
  });

  it("credits for one milestone sum to 1 and to its amount, under every model (seeded generated journeys)", () => {
    fc.assert(
      fc.property(
        fc.array(journeyArb, { minLength: 1, maxLength: 20 }),
        fc.constantFrom("campaign" as const, "channel" as const),
        fc.constantFrom(30, 90, null),
        fc.integer({ min: 1, max: 30 }),
        (drafts, by, lookbackDays, halfLifeDays) => {
          const journeys: Journey[] = drafts.map((d) => ({
            id: d.id,
            at: T0,
            amount: d.amount,
            converted: d.converted,
            touches: d.touches.map((t) => ({
              id: t.id,
              at: T0 + t.day * DAY + t.minute * 60_000,
              campaignId: t.campaign,
              channel: t.channel,
              leadCreation: t.leadCreation,
              opportunityCreation: t.opportunityCreation,
              close: t.close,
            })),
          }));
          const options = { by, lookbackDays, halfLifeDays };
          const { context, byModel } = attributeAll(journeys, options);
          const won = journeys.filter((j) => j.converted);
          for (const model of ATTRIBUTION_MODELS) {
            for (const j of won) {
              const credit = creditJourney(model, j, context);
              const shares = journeyKeyShares(credit, by, model === "markov" ? context.markov.grouped : []);
              expect(sum(shares.values()), `${model} ${j.id}`).toBeCloseTo(1, 9);
              expect(sum([...shares.values()].map((s) => s * j.amount))).toBeCloseTo(j.amount, 6);
              for (const s of credit.touchShares) expect(s).toBeGreaterThanOrEqual(0);
              for (const t of credit.touches) expect(t.at).toBeLessThanOrEqual(j.at);
            }
            const totals = [...(byModel.get(model)?.values() ?? [])];
            expect(sum(totals.map((c) => c.conversions)), model).toBeCloseTo(won.length, 9);
            expect(sum(totals.map((c) => c.amount)), model).toBeCloseTo(sum(won.map((j) => j.amount)), 4);
          }
        },
      ),
      { seed: 1616, numRuns: 150 },
    );
  });

  it("keeps every touch of a 10,000-touch journey: none is sampled away", () => {
    const touches = Array.from({ length: 10_000 }, (_, i) => ({
      id: `t${String(i).padStart(5, "0")}`,
      at: T0 + i * 60_000,
      campaignId: `c${i % 40}`,
      channel: ["email", "webinar", "paid_search", "event"][i % 4],
      leadCreation: i === 10,
      opportunityCreation: i === 5_000,
      close: i === 9_999,
    }));
    const deal: Journey = {
      id: "big",
      at: T0 + 10_000 * 60_000,
      amount: 1_000_000,
      converted: true,
      touches,
    };
    const { context, byModel } = attributeAll([deal], { by: "campaign", lookbackDays: 90, halfLifeDays: 7 });
    for (const model of ATTRIBUTION_MODELS) {
      const credit = creditJourney(model, deal, context);
      expect(credit.touches, model).toHaveLength(10_000);
      expect(sum(credit.touchShares), model).toBeCloseTo(1, 9);
      expect(sum([...(byModel.get(model)?.values() ?? [])].map((c) => c.amount)), model).toBeCloseTo(
        1_000_000,
        3,
      );
    }
    // Linear and Shapley reach all 40 campaigns; linear gives every one of the 10,000 touches 1/10,000.
    expect(byModel.get("linear")?.size).toBe(40);
    expect(creditJourney("linear", deal, context).touchShares.every((s) => s === 1 / 10_000)).toBe(true);
    expect(byModel.get("shapley")?.get("c7")?.amount).toBeCloseTo(25_000, 6);
  });
});
