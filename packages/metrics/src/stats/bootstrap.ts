/**
 * A seeded percentile bootstrap of a mean: resample the cases with replacement, take each resample's mean, and
 * read the interval off the percentiles of those means. Seeded (the package's sfc32 Rng) so that a report can be
 * regenerated to the digit.
 */
import { percentile } from '../percentile';
import { Rng } from '../random';

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
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`bootstrapMeanCi: seed must be an integer, got ${seed}`);
  const rng = new Rng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[rng.int(n)];
    means[r] = sum / n;
  }
  const tail = ((1 - level) / 2) * 100;
  return [percentile(means, tail), percentile(means, 100 - tail)];
}
