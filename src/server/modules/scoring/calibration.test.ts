// Tests for scoring calibration: hand-worked metrics, the split's stability, and recovery of a known model.
import { describe, expect, it } from "vitest";
import {
  areaUnderCurve,
  calibrate,
  type LabelledExample,
  liftByDecile,
  splitHoldout,
} from "./calibration.js";

// A fixed-seed generator so the synthetic data, and therefore every assertion on it, is reproducible.
// xorshift32 is plenty for drawing test data; it is not meant to be statistically strong.
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    uniform: next,
    bernoulli: (p: number) => (next() < p ? 1 : 0),
    integer: (maxInclusive: number) => Math.floor(next() * (maxInclusive + 1)),
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// Draws labels from a known logistic model so the fit can be checked against the truth.
const TRUE_INTERCEPT = -1;
const TRUE_WEIGHTS: Record<string, number> = {
  "seniority=vp": 2.0,
  "touch:demo_request": 1.0,
  "industry=student": -1.5,
  "region=emea": 0, // pure noise
  "touch:email_open": 0.3, // a count, 0..5
};

function syntheticExamples(count: number, seed: number): LabelledExample[] {
  const rng = generator(seed);
  const examples: LabelledExample[] = [];
  for (let i = 0; i < count; i++) {
    const features: Record<string, number> = {
      "seniority=vp": rng.bernoulli(0.3),
      "touch:demo_request": rng.bernoulli(0.5),
      "industry=student": rng.bernoulli(0.4),
      "region=emea": rng.bernoulli(0.5),
      "touch:email_open": rng.integer(5),
    };
    let eta = TRUE_INTERCEPT;
    for (const [name, weight] of Object.entries(TRUE_WEIGHTS)) eta += weight * features[name];
    examples.push({ id: `contact-${i}`, features, label: rng.bernoulli(sigmoid(eta)) as 0 | 1 });
  }
  return examples;
}

const coefficientOf = (result: ReturnType<typeof calibrate>, name: string) =>
  result.features.find((f) => f.name === name)!.coefficient;

describe("areaUnderCurve", () => {
  it("matches the hand-worked pairwise count", () => {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both => 3/4.
    expect(areaUnderCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it("counts a tie between a positive and a negative as half a pair", () => {
    // Positives {0.5, 0.9}, negatives {0.5, 0.2}: 0.5~0.5 tie (1/2), 0.5>0.2, 0.9>0.5, 0.9>0.2 => 3.5/4.
    expect(areaUnderCurve([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(0.875);
    // Ties among positives only do not matter: same pairs as above with both positives at 0.9.
    expect(areaUnderCurve([0.9, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(1);
    expect(areaUnderCurve([3, 3, 3, 3, 3], [1, 0, 1, 0, 0])).toBe(0.5);
  });

  it("is 1 for a perfect ranking and 0 for a reversed one", () => {
    expect(areaUnderCurve([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderCurve([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
  });

  it("is 0.5 when a class is missing or there is nothing to rank", () => {
    expect(areaUnderCurve([0.2, 0.9], [1, 1])).toBe(0.5);
    expect(areaUnderCurve([0.2, 0.9], [0, 0])).toBe(0.5);
    expect(areaUnderCurve([], [])).toBe(0.5);
  });

  it("rejects mismatched lengths and NaN scores", () => {
    expect(() => areaUnderCurve([0.1, 0.2], [1])).toThrow(/2 scores but 1 labels/);
    expect(() => areaUnderCurve([Number.NaN, 0.2], [1, 0])).toThrow(/NaN/);
  });
});

describe("liftByDecile", () => {
  it("cuts twenty contacts into ten deciles of two, top scores first", () => {
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i); // already in descending order
    const labels = Array<0 | 1>(20).fill(0);
    labels[0] = 1; // decile 1: both positive
    labels[1] = 1;
    labels[2] = 1; // decile 2: one of two
    labels[19] = 1; // decile 10: one of two
    // 4 positives of 20 => overall rate 0.2.
    const rows = liftByDecile(scores, labels);
    expect(rows.map((r) => r.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.map((r) => r.contacts)).toEqual(Array(10).fill(2));
    expect(rows.map((r) => r.positives)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(rows.map((r) => r.rate)).toEqual([1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.5]);
    expect(rows.map((r) => r.lift)).toEqual([5, 2.5, 0, 0, 0, 0, 0, 0, 0, 2.5]);
  });

  it("orders by score, not by input order", () => {
    // The same twenty contacts as above, shuffled by reversing the input.
    const scores = Array.from({ length: 20 }, (_, i) => i + 1);
    const labels = Array<0 | 1>(20).fill(0);
    labels[19] = 1;
    labels[18] = 1;
    labels[17] = 1;
    labels[0] = 1;
    expect(liftByDecile(scores, labels).map((r) => r.positives)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it("gives the extra contacts to the top deciles when n is not a multiple of ten", () => {
    const scores = Array.from({ length: 13 }, (_, i) => 13 - i);
    const labels = Array<0 | 1>(13).fill(0);
    const rows = liftByDecile(scores, labels);
    expect(rows.map((r) => r.contacts)).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    // No positives at all: rates are 0 and lift is reported as 0 rather than NaN.
    expect(rows.every((r) => r.rate === 0 && r.lift === 0)).toBe(true);
  });

  it("leaves bottom deciles empty with fewer than ten contacts and returns nothing for no contacts", () => {
    const rows = liftByDecile([0.9, 0.1, 0.5], [1, 0, 0]);
    expect(rows.map((r) => r.contacts)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(rows.slice(0, 3).map((r) => r.positives)).toEqual([1, 0, 0]);
    expect(rows[0].lift).toBeCloseTo(3, 12); // rate 1 over overall 1/3
    expect(rows[9]).toEqual({ decile: 10, contacts: 0, positives: 0, rate: 0, lift: 0 });
    expect(liftByDecile([], [])).toEqual([]);
  });

  it("spreads the positives of a tied block evenly over the deciles it straddles", () => {
    // Ten contacts with one score and 3 positives: the model cannot tell them apart, so every decile
    // gets 0.3 expected positives and a lift of exactly 1, whatever order they came in.
    const rows = liftByDecile(Array(10).fill(7), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    for (const row of rows) {
      expect(row.contacts).toBe(1);
      expect(row.positives).toBeCloseTo(0.3, 12);
      expect(row.lift).toBeCloseTo(1, 12);
    }
    // Top contact alone, then a tie of four (one positive) across deciles 2..5: 0.25 each there.
    const mixed = liftByDecile([9, 5, 5, 5, 5, 1, 1, 1, 1, 1], [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(mixed.map((r) => r.positives)).toEqual([1, 0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 0]);
  });
});

describe("splitHoldout", () => {
  const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${i}` }));

  it("puts the same id on the same side every time, whatever else is in the batch", () => {
    const first = splitHoldout(items, 0.3, "lockstep");
    const again = splitHoldout([...items].reverse(), 0.3, "lockstep");
    const sample = splitHoldout(items.slice(500, 700), 0.3, "lockstep");
    const inHoldout = new Set(first.holdout.map((item) => item.id));
    expect(new Set(again.holdout.map((item) => item.id))).toEqual(inHoldout);
    for (const item of sample.holdout) expect(inHoldout.has(item.id)).toBe(true);
    for (const item of sample.train) expect(inHoldout.has(item.id)).toBe(false);
  });

  it("holds out roughly the requested share and keeps every item exactly once, in order", () => {
    const { train, holdout } = splitHoldout(items, 0.3, "lockstep");
    // Binomial(10000, 0.3) has a standard deviation of about 46; 200 is over four of them.
    expect(Math.abs(holdout.length - 3000)).toBeLessThan(200);
    expect(train.length + holdout.length).toBe(items.length);
    const trainIndex = train.map((item) => Number(item.id.slice(1)));
    expect(trainIndex).toEqual([...trainIndex].sort((a, b) => a - b));
  });

  it("depends on the seed", () => {
    const a = new Set(splitHoldout(items, 0.3, "lockstep").holdout.map((item) => item.id));
    const b = splitHoldout(items, 0.3, "another seed").holdout;
    const shared = b.filter((item) => a.has(item.id)).length;
    // Independent splits share about 0.3 * 0.3 = 9% of ids in both holdouts, far from the 30% of a copy.
    expect(shared / items.length).toBeGreaterThan(0.06);
    expect(shared / items.length).toBeLessThan(0.12);
  });

  it("handles the extreme shares and rejects impossible ones", () => {
    expect(splitHoldout(items, 0, "s").holdout).toHaveLength(0);
    expect(splitHoldout(items, 1, "s").train).toHaveLength(0);
    expect(() => splitHoldout(items, 1.5, "s")).toThrow(/between 0 and 1/);
    expect(() => splitHoldout(items, Number.NaN, "s")).toThrow(/between 0 and 1/);
  });
});

describe("calibrate", () => {
  it("reproduces the closed-form fit for one indicator without a penalty", () => {
    // Without the indicator: 2 of 8 won => intercept = logit(0.25) = ln(1/3).
    // With it: 6 of 10 won => intercept + coefficient = logit(0.6) = ln(1.5), so coefficient = ln(4.5).
    const examples: LabelledExample[] = [];
    for (let i = 0; i < 8; i++)
      examples.push({ id: `a${i}`, features: { "touch:demo": 0 }, label: i < 2 ? 1 : 0 });
    for (let i = 0; i < 10; i++)
      examples.push({ id: `b${i}`, features: { "touch:demo": 1 }, label: i < 6 ? 1 : 0 });
    const result = calibrate(examples, { holdoutShare: 0, l2: 0 });
    expect(result.intercept).toBeCloseTo(Math.log(1 / 3), 8);
    expect(result.features).toHaveLength(1);
    expect(result.features[0]).toMatchObject({ name: "touch:demo", suggestedPoints: 40, support: 10 });
    expect(result.features[0].coefficient).toBeCloseTo(Math.log(4.5), 8);
    expect(result.predict({ "touch:demo": 1 })).toBeCloseTo(0.6, 10);
    expect(result.predict({})).toBeCloseTo(0.25, 10);
    expect(result).toMatchObject({ trainCount: 18, holdoutCount: 0, trainPositives: 8, holdoutPositives: 0 });
    // An empty holdout cannot be judged: neutral AUC and no lift rows.
    expect(result.auc).toBe(0.5);
    expect(result.liftByDecile).toEqual([]);
  });

  it("lands on the penalised optimum: the gradient vanishes with an unpenalised intercept", () => {
    const examples = syntheticExamples(600, 7);
    const l2 = 3;
    const result = calibrate(examples, { holdoutShare: 0, l2 });
    // Optimality: sum(y - p) = 0 for the intercept and sum(x_j * (y - p)) = l2 * beta_j for each feature.
    let interceptGradient = 0;
    const featureGradient = new Map<string, number>();
    for (const example of examples) {
      const residual = example.label - result.predict(example.features);
      interceptGradient += residual;
      for (const [name, value] of Object.entries(example.features)) {
        featureGradient.set(name, (featureGradient.get(name) ?? 0) + value * residual);
      }
    }
    expect(interceptGradient).toBeCloseTo(0, 6);
    for (const feature of result.features) {
      expect(featureGradient.get(feature.name)! - l2 * feature.coefficient).toBeCloseTo(0, 6);
    }
  });

  it("recovers the signs and order of a known model and ranks the holdout well", () => {
    const result = calibrate(syntheticExamples(5000, 42));
    expect(result.trainCount + result.holdoutCount).toBe(5000);
    expect(result.holdoutCount / 5000).toBeGreaterThan(0.25);
    expect(result.holdoutCount / 5000).toBeLessThan(0.35);

    const vp = coefficientOf(result, "seniority=vp");
    const demo = coefficientOf(result, "touch:demo_request");
    const student = coefficientOf(result, "industry=student");
    const emea = coefficientOf(result, "region=emea");
    const opens = coefficientOf(result, "touch:email_open");
    expect(vp).toBeGreaterThan(0);
    expect(demo).toBeGreaterThan(0);
    expect(opens).toBeGreaterThan(0);
    expect(student).toBeLessThan(0);
    // With ~3,500 training rows the standard errors are around 0.1, so the truth is within 0.4 and the
    // noise feature stays near 0.
    expect(Math.abs(vp - 2.0)).toBeLessThan(0.4);
    expect(Math.abs(student + 1.5)).toBeLessThan(0.4);
    expect(Math.abs(demo - 1.0)).toBeLessThan(0.4);
    expect(Math.abs(opens - 0.3)).toBeLessThan(0.15);
    expect(Math.abs(emea)).toBeLessThan(0.25);
    expect(Math.abs(result.intercept - TRUE_INTERCEPT)).toBeLessThan(0.4);
    expect(result.features.map((f) => f.name)).toEqual([
      "seniority=vp",
      "industry=student",
      "touch:demo_request",
      "touch:email_open",
      "region=emea",
    ]);

    // Points scale linearly so the strongest feature gets 40.
    expect(result.features[0].suggestedPoints).toBe(40);
    for (const feature of result.features) {
      expect(feature.suggestedPoints).toBe(Math.round((40 * feature.coefficient) / vp) + 0);
    }
    expect(result.features.find((f) => f.name === "industry=student")!.suggestedPoints).toBeLessThan(0);

    // The fitted model ranks the holdout clearly better than chance and better than a scorer that rewards
    // the wrong feature; the top decile converts well above average.
    const { holdout } = splitHoldout(syntheticExamples(5000, 42), 0.3, "lockstep");
    const labels = holdout.map((example) => example.label);
    const badScores = holdout.map((example) => example.features["industry=student"]);
    const badAuc = areaUnderCurve(badScores, labels);
    expect(result.auc).toBeGreaterThan(0.7);
    expect(badAuc).toBeLessThan(0.5);
    expect(result.auc).toBeGreaterThan(badAuc + 0.2);
    expect(result.auc).toBeCloseTo(
      areaUnderCurve(
        holdout.map((example) => result.predict(example.features)),
        labels,
      ),
      12,
    );
    expect(result.liftByDecile).toHaveLength(10);
    expect(result.liftByDecile[0].lift).toBeGreaterThan(1.5);
    expect(result.liftByDecile[9].lift).toBeLessThan(0.7);
    expect(result.holdoutPositives).toBe(labels.filter((label) => label === 1).length);
  });

  it("honours pointScale and reports support from the training split only", () => {
    const examples = syntheticExamples(1000, 3);
    const result = calibrate(examples, { pointScale: 100, holdoutShare: 0.5, seed: "other" });
    expect(Math.max(...result.features.map((f) => Math.abs(f.suggestedPoints)))).toBe(100);
    const { train } = splitHoldout(examples, 0.5, "other");
    const vpSupport = train.filter((example) => example.features["seniority=vp"] !== 0).length;
    expect(result.features.find((f) => f.name === "seniority=vp")!.support).toBe(vpSupport);
  });

  it("gives features that never fire a zero coefficient and zero points", () => {
    const examples = syntheticExamples(400, 11).map((example, i) => ({
      ...example,
      features: { ...example.features, "persona=cfo": 0, ...(i === 0 ? { "source=webinar": 0 } : {}) },
    }));
    for (const l2 of [0, 1]) {
      const result = calibrate(examples, { l2 });
      for (const name of ["persona=cfo", "source=webinar"]) {
        const feature = result.features.find((f) => f.name === name)!;
        expect(feature).toMatchObject({ coefficient: 0, suggestedPoints: 0, support: 0 });
      }
      expect(result.predict({ "persona=cfo": 1, "unknown:feature": 5 })).toBe(result.predict({}));
    }
  });

  it("keeps a perfectly separating feature finite, and more so the larger the penalty", () => {
    const examples: LabelledExample[] = Array.from({ length: 200 }, (_, i) => ({
      id: `s${i}`,
      features: { "touch:signed_order_form": i % 2, "region=emea": i % 3 === 0 ? 1 : 0 },
      label: (i % 2) as 0 | 1,
    }));
    const strong = calibrate(examples, { l2: 0.1 });
    const weak = calibrate(examples, { l2: 10 });
    for (const result of [strong, weak]) {
      expect(Number.isFinite(result.intercept)).toBe(true);
      for (const feature of result.features) expect(Number.isFinite(feature.coefficient)).toBe(true);
      expect(result.features[0].name).toBe("touch:signed_order_form");
      expect(result.features[0].coefficient).toBeGreaterThan(0);
      expect(result.predict({ "touch:signed_order_form": 1 })).toBeGreaterThan(0.5);
      expect(result.predict({ "touch:signed_order_form": 0 })).toBeLessThan(0.5);
      expect(result.auc).toBe(1);
    }
    expect(strong.features[0].coefficient).toBeGreaterThan(weak.features[0].coefficient);
    expect(strong.predict({ "touch:signed_order_form": 1 })).toBeGreaterThan(0.95);
    expect(strong.predict({ "touch:signed_order_form": 0 })).toBeLessThan(0.05);
  });

  it("fits 5,000 examples with 60 features", () => {
    const rng = generator(99);
    const weights = Array.from({ length: 60 }, (_, j) => (j % 7) / 3 - 1);
    const examples: LabelledExample[] = Array.from({ length: 5000 }, (_, i) => {
      const features: Record<string, number> = {};
      let eta = -0.5;
      for (let j = 0; j < 60; j++) {
        // Mostly sparse indicators, with every tenth feature a count.
        const value = j % 10 === 9 ? rng.integer(4) : rng.bernoulli(0.15);
        features[`f${j}`] = value;
        eta += 0.5 * weights[j] * value;
      }
      return { id: `lead-${i}`, features, label: rng.bernoulli(sigmoid(eta)) as 0 | 1 };
    });
    const result = calibrate(examples);
    expect(result.features).toHaveLength(60);
    expect(result.trainCount + result.holdoutCount).toBe(5000);
    expect(result.features.every((f) => Number.isFinite(f.coefficient))).toBe(true);
    expect(result.auc).toBeGreaterThan(0.6);
  });

  it("refuses to calibrate without examples or without both outcomes", () => {
    expect(() => calibrate([])).toThrow(/no examples/);
    const allWon: LabelledExample[] = Array.from({ length: 50 }, (_, i) => ({
      id: `w${i}`,
      features: { x: 1 },
      label: 1,
    }));
    expect(() => calibrate(allWon)).toThrow("need both won and lost/rejected examples to calibrate");
    // Both classes overall, but every loss lands in the holdout: training still has only one class.
    const heldOut = new Set(splitHoldout(allWon, 0.3, "lockstep").holdout.map((example) => example.id));
    const mixed = allWon.map((example) => ({
      ...example,
      label: (heldOut.has(example.id) ? 0 : 1) as 0 | 1,
    }));
    expect(() => calibrate(mixed)).toThrow("need both won and lost/rejected examples to calibrate");
  });

  it("rejects bad options and malformed examples with a message naming the problem", () => {
    const examples = syntheticExamples(50, 5);
    expect(() => calibrate(examples, { holdoutShare: 1 })).toThrow(/holdoutShare/);
    expect(() => calibrate(examples, { l2: -1 })).toThrow(/l2/);
    expect(() => calibrate(examples, { maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => calibrate(examples, { pointScale: 0 })).toThrow(/pointScale/);
    const broken = [...examples, { id: "bad", features: { x: Number.NaN }, label: 1 as const }];
    expect(() => calibrate(broken)).toThrow(/bad.*"x"/);
  });
});
