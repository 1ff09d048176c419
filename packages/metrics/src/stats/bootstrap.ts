/**
 * A seeded percentile bootstrap of a mean: resample the cases with replacement, take each resample's mean, and
 * read the interval off the percentiles of those means. Seeded so that a report can be regenerated to the digit.
 */
import { percentile } from '../percentile';

/** mulberry32: a small, fast 32-bit generator; plenty for choosing resample indices, and reproducible. */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new Error(`seededRandom: seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Number of resamples (default 10000). */
  resamples?: number;
  /** Seed of the resampling (default 1). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Percentile bootstrap confidence interval [low, high] of the mean of `values` (finite numbers). */
export function bootstrapMeanCi(values: ArrayLike<number>, o: BootstrapOptions = {}): [number, number] {
  const resamples = o.resamples ?? 10000;
  const level = o.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new Error(`bootstrapMeanCi: resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapMeanCi: level must be in (0, 1), got ${level}`);
  const n = values.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(values[i])) throw new Error(`bootstrapMeanCi: values[${i}] is ${values[i]}`);
  const random = seededRandom(o.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  const tail = ((1 - level) / 2) * 100;
  return [percentile(means, tail), percentile(means, 100 - tail)];
}
