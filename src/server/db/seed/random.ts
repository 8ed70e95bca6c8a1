// Seeded randomness for the demo data generator: a fast 32-bit PRNG (sfc32), stateless hashes for values a
// second pass must see again without replaying the PRNG, and UUIDv7-shaped ids drawn from the PRNG so that
// the same seed yields the same ids.

export interface Rng {
  /** A uniform unsigned 32-bit integer. */
  next(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A uniform float in [min, max). */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

const TWO_POW_32 = 4294967296;

/** Finalizer of MurmurHash3: spreads every input bit over the output, so neighbouring inputs look unrelated. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds any finite number (also seeds beyond 32 bits) into a 32-bit value. */
export function foldSeed(seed: number): number {
  const whole = Math.trunc(seed);
  const high = Math.floor(whole / TWO_POW_32);
  return mix32((whole >>> 0) ^ mix32(high >>> 0));
}

/** A uniform float in [0, 1) that depends only on (seed, stream, index): lets two passes agree without state. */
export function hashUnit(seed: number, stream: number, index: number): number {
  const h = mix32((mix32(foldSeed(seed) ^ Math.imul(stream, 0x9e3779b9)) + index) >>> 0);
  return h / TWO_POW_32;
}

export function createRng(seed: number): Rng {
  // sfc32 seeded through the hash: fast, passes PractRand, and has no bad seeds for small integers.
  let a = mix32(foldSeed(seed) ^ 0x9e3779b9);
  let b = mix32(a ^ 0x243f6a88);
  let c = mix32(b ^ 0xb7e15162);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  const float = (): number => next() / TWO_POW_32;
  return {
    next,
    float,
    int: (n) => Math.floor(float() * n),
    between: (min, max) => min + float() * (max - min),
    chance: (p) => float() < p,
    pick: (items) => items[Math.floor(float() * items.length)],
  };
}

/** Builds a sampler over fixed weights once, so hot loops pay a short scan and no re-summing. */
export function createWeightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const items = entries.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) {
    total += weight;
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng.float() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return items[i];
    return items[items.length - 1];
  };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 255] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
}

function hex16(x: number): string {
  return HEX[(x >>> 8) & 255] + HEX[x & 255];
}

/**
 * A UUIDv7-shaped id whose timestamp is `ms` (the row's own time) and whose 74 random bits come from `rng`,
 * so ids sort roughly like the rows' history yet repeat exactly for the same seed.
 */
export function uuidAt(rng: Rng, ms: number): string {
  const time = Math.max(0, Math.floor(ms));
  const timeHigh = Math.floor(time / 65536) >>> 0;
  const timeLow = time % 65536;
  const r1 = rng.next();
  const r2 = rng.next();
  const r3 = rng.next();
  const version = 0x7000 | (r1 & 0x0fff);
  const variant = 0x8000 | ((r1 >>> 12) & 0x3fff);
  return `${hex32(timeHigh)}-${hex16(timeLow)}-${hex16(version)}-${hex16(variant)}-${hex32(r2)}${hex16(r3 >>> 16)}`;
}
