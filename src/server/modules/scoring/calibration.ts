// Scoring calibration: learns lead-scoring point values from historical won vs lost/rejected outcomes.
// Owns the model fit (L2-regularised logistic regression), the deterministic holdout split, and the
// holdout metrics (ROC AUC, lift by decile) that tell a user whether the suggested points are worth using.
// Pure and dependency-free so it can run in a request, a job or a test without a database.

export interface LabelledExample {
  id: string;
  features: Record<string, number>;
  label: 0 | 1;
}

export interface CalibrationOptions {
  /** Share of examples held out for AUC and lift, in [0, 1). Default 0.3. */
  holdoutShare?: number;
  /** L2 penalty on feature coefficients (not the intercept). Default 1.0. */
  l2?: number;
  /** Salt for the holdout split. Default "lockstep". */
  seed?: string;
  /** Newton iterations before giving up on convergence. Default 100. */
  maxIterations?: number;
  /** Points awarded to the feature with the largest |coefficient|. Default 40. */
  pointScale?: number;
}

export interface CalibrationResult {
  /** Sorted by |coefficient| descending, then by name. */
  features: { name: string; coefficient: number; suggestedPoints: number; support: number }[];
  intercept: number;
  trainCount: number;
  holdoutCount: number;
  trainPositives: number;
  holdoutPositives: number;
  /** ROC AUC on the holdout split; 0.5 when the holdout lacks one of the classes. */
  auc: number;
  liftByDecile: { decile: number; contacts: number; positives: number; rate: number; lift: number }[];
  /** Probability of a positive outcome. Features the model has not seen contribute nothing. */
  predict(features: Record<string, number>): number;
}

const DEFAULTS = { holdoutShare: 0.3, l2: 1.0, seed: "lockstep", maxIterations: 100, pointScale: 40 };

// Newton converges quadratically near the optimum, so once a step moves no coefficient by more than this
// (relative to its size) the next one would only change digits far below anything shown as points.
// Judging by the step rather than the objective: the objective is flat at the optimum, so a small change
// in it still allows coefficient errors around its square root.
const STEP_TOLERANCE = 1e-9;

export function calibrate(examples: LabelledExample[], options: CalibrationOptions = {}): CalibrationResult {
  if (examples.length === 0) {
    throw new Error("Cannot calibrate: no examples given");
  }
  const opts = resolveOptions(options);
  for (const example of examples) validateExample(example);

  const { train, holdout } = splitHoldout(examples, opts.holdoutShare, opts.seed);
  const trainPositives = countPositives(train);
  if (trainPositives === 0 || trainPositives === train.length) {
    throw new Error(
      "Cannot calibrate: need both won and lost/rejected examples to calibrate " +
        `(training split has ${trainPositives} won and ${train.length - trainPositives} lost/rejected)`,
    );
  }

  // Every feature name seen anywhere gets a row, so a rule whose signal never fired in training shows up
  // with 0 points instead of silently disappearing from the suggestions.
  const names = collectFeatureNames(examples);
  const design = buildDesign(train, names);
  const fit = fitLogistic(design, opts.l2, opts.maxIterations);

  const coefficients = new Map<string, number>();
  for (let j = 0; j < names.length; j++) coefficients.set(names[j], fit.coefficients[j]);
  const intercept = fit.intercept;
  const predict = (features: Record<string, number>): number => {
    let eta = intercept;
    for (const key in features) {
      const value = features[key];
      const coefficient = coefficients.get(key);
      if (coefficient !== undefined && value !== 0) eta += coefficient * value;
    }
    return sigmoid(eta);
  };

  const largest = fit.coefficients.reduce((max, c) => Math.max(max, Math.abs(c)), 0);
  const pointsPerUnit = largest > 0 ? opts.pointScale / largest : 0;
  const features = names
    .map((name, j) => ({
      name,
      coefficient: fit.coefficients[j],
      // `+ 0` turns -0 into 0 so a tiny negative weight does not render as "-0 points".
      suggestedPoints: Math.round(fit.coefficients[j] * pointsPerUnit) + 0,
      support: design.support[j],
    }))
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient) || compareStrings(a.name, b.name));

  const holdoutScores = holdout.map((example) => predict(example.features));
  const holdoutLabels = holdout.map((example) => example.label);

  return {
    features,
    intercept,
    trainCount: train.length,
    holdoutCount: holdout.length,
    trainPositives,
    holdoutPositives: countPositives(holdout),
    auc: areaUnderCurve(holdoutScores, holdoutLabels),
    liftByDecile: liftByDecile(holdoutScores, holdoutLabels),
    predict,
  };
}

/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive outscores a random
 * negative, ties counting 1/2. 0.5 when either class is missing, since no ranking can be judged then.
 */
export function areaUnderCurve(scores: number[], labels: (0 | 1)[]): number {
  checkScoresAndLabels(scores, labels);
  const positives = labels.reduce<number>((sum, label) => sum + label, 0);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;

  // Rank-sum form keeps this O(n log n); the pairwise definition would be quadratic on big holdouts.
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    // Tied scores share the average of the 1-based ranks they span, which is what makes a tie count 1/2.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]] === 1) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Contacts ordered by score (highest first) cut into ten equal-as-possible deciles; decile 1 is the top.
 * When n is not a multiple of ten the top deciles take the extra contact; with fewer than ten contacts the
 * bottom deciles are empty (contacts 0, rate 0, lift 0). An empty input gives no rows.
 *
 * Contacts with tied scores that straddle a decile boundary cannot be ordered by the model, so each tied
 * contact counts as the block's average positive rate: `positives` is then the expected count under a
 * random tie-break and may be fractional. Breaking ties by input order instead would let the order the rows
 * happened to be loaded in (often by date, which correlates with outcome) leak into the lift.
 * `lift` is the decile's rate over the overall rate, 0 when there are no positives at all.
 */
export function liftByDecile(scores: number[], labels: (0 | 1)[]): CalibrationResult["liftByDecile"] {
  checkScoresAndLabels(scores, labels);
  const n = scores.length;
  if (n === 0) return [];

  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const expectedPositive = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    let blockPositives = labels[order[start]] as number;
    while (end < n && scores[order[end]] === scores[order[start]]) blockPositives += labels[order[end++]];
    for (let k = start; k < end; k++) expectedPositive[k] = blockPositives / (end - start);
    start = end;
  }

  const totalPositives = labels.reduce<number>((sum, label) => sum + label, 0);
  const overallRate = totalPositives / n;
  const rows: CalibrationResult["liftByDecile"] = [];
  let position = 0;
  for (let decile = 1; decile <= 10; decile++) {
    const contacts = Math.floor(n / 10) + (decile <= n % 10 ? 1 : 0);
    let positives = 0;
    for (let k = position; k < position + contacts; k++) positives += expectedPositive[k];
    position += contacts;
    const rate = contacts > 0 ? positives / contacts : 0;
    rows.push({ decile, contacts, positives, rate, lift: overallRate > 0 ? rate / overallRate : 0 });
  }
  return rows;
}

/**
 * Splits by hashing seed and id, so a contact lands on the same side every run and whatever else is in the
 * batch: re-running calibration next month does not quietly move last month's holdout into training.
 * The share is met only approximately (each item is an independent coin flip); order is preserved.
 */
export function splitHoldout<T extends { id: string }>(
  items: T[],
  share: number,
  seed: string,
): { train: T[]; holdout: T[] } {
  if (!(share >= 0 && share <= 1)) {
    throw new Error(`Holdout share must be between 0 and 1, got ${share}`);
  }
  const train: T[] = [];
  const holdout: T[] = [];
  for (const item of items) {
    (unitHash(`${seed}\u0000${item.id}`) < share ? holdout : train).push(item);
  }
  return { train, holdout };
}

// --- model fit -------------------------------------------------------------------------------------

interface Design {
  rows: number;
  columns: number;
  // Compressed sparse rows: indicator features are mostly zero, so work per Newton step scales with the
  // number of non-zeros (squared, per row) instead of rows x features squared.
  rowStart: Int32Array;
  column: Int32Array;
  value: Float64Array;
  label: Float64Array;
  support: Int32Array;
}

function buildDesign(train: LabelledExample[], names: string[]): Design {
  const index = new Map(names.map((name, j) => [name, j]));
  const rowStart = new Int32Array(train.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  const support = new Int32Array(names.length);
  const label = new Float64Array(train.length);
  const entries: number[] = [];
  train.forEach((example, i) => {
    entries.length = 0;
    for (const key in example.features) {
      if (example.features[key] !== 0) entries.push(index.get(key)!);
    }
    // Columns ascending within a row let the Hessian loop visit only the upper triangle without a test.
    entries.sort((a, b) => a - b);
    for (const j of entries) {
      columns.push(j);
      values.push(example.features[names[j]]);
      support[j]++;
    }
    rowStart[i + 1] = columns.length;
    label[i] = example.label;
  });
  return {
    rows: train.length,
    columns: names.length,
    rowStart,
    column: Int32Array.from(columns),
    value: Float64Array.from(values),
    label,
    support,
  };
}

/**
 * Maximises sum(y*eta - log(1 + e^eta)) - l2/2 * |beta|^2 by Newton's method with step halving.
 * The penalty is what keeps perfectly separating features finite; the intercept is left unpenalised so
 * the base rate is not pulled towards 50%. Features with no support in training are fixed at 0 and left
 * out of the solve: with l2 = 0 their Hessian rows would be zero and the system singular.
 */
function fitLogistic(design: Design, l2: number, maxIterations: number): FittedModel {
  const steps = fitLogisticSteps(design, l2, maxIterations);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

interface FittedModel {
  intercept: number;
  coefficients: Float64Array;
}

/**
 * The same fit for a job: between Newton iterations it awaits `between` (a checkpoint that lets other
 * requests run and may cancel). Returns each feature's coefficient and training support by name.
 */
export async function fitLogisticRegression(
  train: LabelledExample[],
  names: string[],
  options: { l2?: number; maxIterations?: number },
  between: (iteration: number) => Promise<void>,
) {
  if (train.length === 0) throw new Error("Cannot calibrate: no training examples");
  const positives = countPositives(train);
  if (positives === 0 || positives === train.length)
    throw new Error(
      `Cannot calibrate: the training split needs both outcomes (it has ${positives} positive and ${train.length - positives} negative)`,
    );
  const design = buildDesign(train, names);
  const steps = fitLogisticSteps(
    design,
    options.l2 ?? DEFAULTS.l2,
    options.maxIterations ?? DEFAULTS.maxIterations,
  );
  for (;;) {
    const next = steps.next();
    if (next.done) {
      const coefficients = new Map(names.map((name, j) => [name, next.value.coefficients[j]]));
      const support = new Map(names.map((name, j) => [name, design.support[j]]));
      return { intercept: next.value.intercept, coefficients, support };
    }
    await between(next.value);
  }
}

/** Newton's method, yielding the iteration number after each step. */
function* fitLogisticSteps(
  design: Design,
  l2: number,
  maxIterations: number,
): Generator<number, FittedModel> {
  const active: number[] = [];
  const slot = new Int32Array(design.columns).fill(-1);
  for (let j = 0; j < design.columns; j++) {
    if (design.support[j] > 0) {
      slot[j] = active.length + 1; // slot 0 is the intercept
      active.push(j);
    }
  }
  const p = active.length + 1;
  // Each stored non-zero resolved to its parameter slot once, so the hot loops index beta directly.
  const entrySlot = Int32Array.from(design.column, (j) => slot[j]);

  const beta = new Float64Array(p);
  // The intercept-only optimum is the log-odds of the base rate; starting there saves an iteration or two.
  const positives = design.label.reduce((sum, y) => sum + y, 0);
  beta[0] = Math.log(positives / (design.rows - positives));

  const eta = new Float64Array(design.rows);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const candidate = new Float64Array(p);
  computeEta(design, entrySlot, beta, eta);
  let objective = penalisedLogLikelihood(design, eta, beta, l2);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    accumulateGradientAndHessian(design, entrySlot, eta, beta, l2, gradient, hessian);
    const step = solvePositiveDefinite(hessian, gradient, p);
    // The step must point uphill; if rounding says otherwise there is nothing left to gain.
    let slope = 0;
    for (let k = 0; k < p; k++) slope += gradient[k] * step[k];
    if (!(slope > 0)) break;

    // Plain Newton can overshoot far from the optimum (large counts, near-separation); halving until the
    // objective improves makes every iteration a guaranteed ascent.
    let t = 1;
    let improved = false;
    for (let halving = 0; halving < 40; halving++, t /= 2) {
      for (let k = 0; k < p; k++) candidate[k] = beta[k] + t * step[k];
      computeEta(design, entrySlot, candidate, eta);
      const next = penalisedLogLikelihood(design, eta, candidate, l2);
      if (next >= objective) {
        beta.set(candidate);
        objective = next;
        improved = true;
        break;
      }
    }
    // No step size helping means we are at the optimum to floating-point precision.
    if (!improved || converged(step, beta)) break;
    yield iteration;
  }

  const coefficients = new Float64Array(design.columns);
  for (let k = 0; k < active.length; k++) coefficients[active[k]] = beta[k + 1];
  return { intercept: beta[0], coefficients };
}

// Judged on the full Newton step, which estimates the remaining distance to the optimum; a step shortened
// by the line search says nothing about how far there is still to go.
function converged(step: Float64Array, beta: Float64Array): boolean {
  for (let k = 0; k < beta.length; k++) {
    if (Math.abs(step[k]) > STEP_TOLERANCE * (1 + Math.abs(beta[k]))) return false;
  }
  return true;
}

function computeEta(design: Design, entrySlot: Int32Array, beta: Float64Array, eta: Float64Array): void {
  const { rowStart, value } = design;
  for (let i = 0; i < design.rows; i++) {
    let sum = beta[0];
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) sum += beta[entrySlot[e]] * value[e];
    eta[i] = sum;
  }
}

function penalisedLogLikelihood(design: Design, eta: Float64Array, beta: Float64Array, l2: number): number {
  let total = 0;
  for (let i = 0; i < design.rows; i++) total += design.label[i] * eta[i] - softplus(eta[i]);
  let squares = 0;
  for (let k = 1; k < beta.length; k++) squares += beta[k] * beta[k];
  return total - (l2 / 2) * squares;
}

function accumulateGradientAndHessian(
  design: Design,
  entrySlot: Int32Array,
  eta: Float64Array,
  beta: Float64Array,
  l2: number,
  gradient: Float64Array,
  hessian: Float64Array,
): void {
  const p = beta.length;
  const { rowStart, value, label } = design;
  gradient.fill(0);
  hessian.fill(0);
  for (let i = 0; i < design.rows; i++) {
    const mu = sigmoid(eta[i]);
    const residual = label[i] - mu;
    const weight = mu * (1 - mu);
    gradient[0] += residual;
    hessian[0] += weight;
    const end = rowStart[i + 1];
    for (let a = rowStart[i]; a < end; a++) {
      const ka = entrySlot[a];
      const wxa = weight * value[a];
      gradient[ka] += residual * value[a];
      hessian[ka] += wxa; // intercept row, column ka
      // Slots rise with column index and rows are sorted by column, so b >= a is the upper triangle;
      // the lower one is mirrored below.
      const rowOffset = ka * p;
      for (let b = a; b < end; b++) hessian[rowOffset + entrySlot[b]] += wxa * value[b];
    }
  }
  for (let k = 1; k < p; k++) {
    gradient[k] -= l2 * beta[k];
    hessian[k * p + k] += l2;
  }
  for (let r = 0; r < p; r++) {
    for (let c = r + 1; c < p; c++) hessian[c * p + r] = hessian[r * p + c];
  }
}

/**
 * Solves H x = g for the (negated) log-likelihood Hessian, which is positive semi-definite. It is only
 * singular without a penalty (l2 = 0) when features are collinear or weights underflow under separation;
 * then a growing ridge is added, which turns the step into a damped one rather than failing the fit.
 */
function solvePositiveDefinite(hessian: Float64Array, gradient: Float64Array, p: number): Float64Array {
  let maxDiagonal = 0;
  for (let k = 0; k < p; k++) maxDiagonal = Math.max(maxDiagonal, hessian[k * p + k]);
  const scale = maxDiagonal > 0 ? maxDiagonal : 1;
  const factor = new Float64Array(p * p);
  for (let attempt = 0; attempt < 12; attempt++) {
    const jitter = attempt === 0 ? 0 : scale * 10 ** (attempt - 13);
    if (choleskyInto(hessian, p, jitter, factor)) return choleskySolve(factor, gradient, p);
  }
  throw new Error("Cannot calibrate: the scoring model's equations are numerically singular");
}

function choleskyInto(matrix: Float64Array, p: number, jitter: number, factor: Float64Array): boolean {
  factor.fill(0);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c <= r; c++) {
      let sum = matrix[r * p + c] + (r === c ? jitter : 0);
      for (let k = 0; k < c; k++) sum -= factor[r * p + k] * factor[c * p + k];
      if (r === c) {
        if (!(sum > 0)) return false;
        factor[r * p + r] = Math.sqrt(sum);
      } else {
        factor[r * p + c] = sum / factor[c * p + c];
      }
    }
  }
  return true;
}

function choleskySolve(factor: Float64Array, rhs: Float64Array, p: number): Float64Array {
  const y = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    let sum = rhs[r];
    for (let k = 0; k < r; k++) sum -= factor[r * p + k] * y[k];
    y[r] = sum / factor[r * p + r];
  }
  const x = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let sum = y[r];
    for (let k = r + 1; k < p; k++) sum -= factor[k * p + r] * x[k];
    x[r] = sum / factor[r * p + r];
  }
  return x;
}

// --- small helpers ---------------------------------------------------------------------------------

function resolveOptions(options: CalibrationOptions) {
  const opts = {
    holdoutShare: options.holdoutShare ?? DEFAULTS.holdoutShare,
    l2: options.l2 ?? DEFAULTS.l2,
    seed: options.seed ?? DEFAULTS.seed,
    maxIterations: options.maxIterations ?? DEFAULTS.maxIterations,
    pointScale: options.pointScale ?? DEFAULTS.pointScale,
  };
  // A share of 1 would leave nothing to train on; reject it here with a message about the option.
  if (!(opts.holdoutShare >= 0 && opts.holdoutShare < 1)) {
    throw new Error(`holdoutShare must be at least 0 and below 1, got ${opts.holdoutShare}`);
  }
  if (!(opts.l2 >= 0 && Number.isFinite(opts.l2))) {
    throw new Error(`l2 must be a finite number of at least 0, got ${opts.l2}`);
  }
  if (!(Number.isInteger(opts.maxIterations) && opts.maxIterations >= 1)) {
    throw new Error(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (!(opts.pointScale > 0 && Number.isFinite(opts.pointScale))) {
    throw new Error(`pointScale must be a positive finite number, got ${opts.pointScale}`);
  }
  return opts;
}

function validateExample(example: LabelledExample): void {
  if (example.label !== 0 && example.label !== 1) {
    throw new Error(`Example ${example.id} has label ${String(example.label)}; labels must be 0 or 1`);
  }
  for (const key in example.features) {
    const value = example.features[key];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`Example ${example.id} has a non-finite value for feature "${key}"`);
    }
  }
}

function checkScoresAndLabels(scores: number[], labels: (0 | 1)[]): void {
  if (scores.length !== labels.length) {
    throw new Error(`Got ${scores.length} scores but ${labels.length} labels`);
  }
  // NaN breaks the sort comparator and would make the result depend on the engine's sort algorithm.
  if (scores.some((s) => Number.isNaN(s))) throw new Error("Scores must not be NaN");
}

function collectFeatureNames(examples: LabelledExample[]): string[] {
  const names = new Set<string>();
  for (const example of examples) for (const key in example.features) names.add(key);
  // Code-unit order rather than locale order: the same data must give the same model on every server.
  return [...names].sort(compareStrings);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countPositives(examples: LabelledExample[]): number {
  let count = 0;
  for (const example of examples) count += example.label;
  return count;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// log(1 + e^z) without overflow for large z or loss of precision for very negative z.
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// FNV-1a followed by a murmur-style finaliser: FNV alone mixes the last characters poorly, and ids
// like "c1", "c2", ... differ only there. Returns a value in [0, 1).
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
