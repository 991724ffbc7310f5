/**
 * Seeded randomness for the generator. Every stream is derived from the seed and a name (trust,
 * month, purpose), so one trust-month's numbers never depend on how many others were drawn
 * before it: a one-month run reproduces that month of a two-year run exactly.
 */
export type Rng = () => number;

// Math's functions taken once: under Jest every global lookup in a hot loop goes through the test
// context's global object, which made the generator ten times slower there than on the command line.
const { imul, log, sqrt, cos, exp, round, max, floor, min, PI } = Math;

/** mulberry32: tiny, fast, good enough for synthetic data, and identical on every platform. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, finished with a murmur-style avalanche so near-identical names diverge. */
export function hashParts(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  // The parts as if joined with \u0001, without building the joined string (it is asked for every row).
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      h ^= 1;
      h = imul(h, 0x01000193);
    }
    const text = typeof parts[p] === 'string' ? (parts[p] as string) : String(parts[p]);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function rngFor(seed: number, ...parts: (string | number)[]): Rng {
  return mulberry32(hashParts(seed, ...parts));
}

export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** Standard normal by Box–Muller (one value per call keeps streams easy to reason about). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/** exp(N(0, sigma²)): a multiplicative spread around 1. */
export function logNormal(rng: Rng, sigma: number): number {
  return exp(sigma * normal(rng));
}

/** A count with mean `mean`: Poisson for small means (Knuth), a rounded normal beyond. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = exp(-mean);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return max(0, round(mean + sqrt(mean) * normal(rng)));
}

/** k distinct indices drawn with probability proportional to weight (Efraimidis–Spirakis keys). */
export function weightedSample(rng: Rng, weights: readonly number[], k: number): number[] {
  const keys = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const u = rng();
    keys[i] = weights[i] > 0 ? log(1 - u) / weights[i] : -Infinity;
  }
  const chosen: number[] = [];
  for (let j = 0; j < min(k, weights.length); j++) {
    let best = -1;
    for (let i = 0; i < keys.length; i++) if (keys[i] > -Infinity && (best < 0 || keys[i] > keys[best])) best = i;
    if (best < 0) break;
    chosen.push(best);
    keys[best] = -Infinity;
  }
  return chosen;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[floor(rng() * items.length)];
}
