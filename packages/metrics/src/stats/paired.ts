/**
 * Paired comparison of two models on the same cases: the mean per-case difference of a metric (first minus
 * second), a bootstrap CI of that mean and the Wilcoxon signed-rank p-value. Pairs where either value is NaN (a
 * distance metric of a class missing from a case) are left out, and `cases` says how many pairs remain.
 */
import { bootstrapMeanCi, type BootstrapOptions } from './bootstrap';
import { wilcoxonSignedRank, type WilcoxonMethod } from './wilcoxon';

export interface PairedComparison {
  metric: string;
  /** Mean of a[i] − b[i] over the pairs used. */
  meanDifference: number;
  /** Percentile bootstrap 95% CI of meanDifference (seeded: reproducible). */
  ci95: [number, number];
  /** Two-sided Wilcoxon signed-rank p-value of the differences (scipy's default rules; see wilcoxon.ts). */
  wilcoxonP: number;
  wilcoxonMethod: WilcoxonMethod | null;
  /** Pairs used: both values defined. */
  cases: number;
}

export function pairedComparison(
  metric: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  o: Omit<BootstrapOptions, 'level'> = {},
): PairedComparison {
  if (a.length !== b.length)
    throw new Error(
      `pairedComparison(${metric}): the two models have ${a.length} and ${b.length} values; pairs need one case each`,
    );
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    const diff = a[i] - b[i];
    if (!Number.isFinite(diff))
      throw new Error(
        `pairedComparison(${metric}): case ${i} has ${a[i]} and ${b[i]}; values must be finite`,
      );
    d.push(diff);
  }
  if (d.length === 0)
    return {
      metric,
      meanDifference: Number.NaN,
      ci95: [Number.NaN, Number.NaN],
      wilcoxonP: Number.NaN,
      wilcoxonMethod: null,
      cases: 0,
    };
  const test = wilcoxonSignedRank(d);
  return {
    metric,
    meanDifference: d.reduce((s, x) => s + x, 0) / d.length,
    ci95: bootstrapMeanCi(d, { ...o, level: 0.95 }),
    wilcoxonP: test.pValue,
    wilcoxonMethod: test.method,
    cases: d.length,
  };
}

export interface SizeBin {
  /** Smallest and largest size of the bin's cases. */
  low: number;
  high: number;
  /** Indices (into the sizes given) of the cases in the bin, smallest size first. */
  cases: number[];
}

/**
 * Splits cases into `bins` groups of (nearly) equal count by their reference structure size (e.g. the true
 * region proportion of a class): the paper's variable, so a loss's bias can be read per size range. Cases with
 * a NaN size are left out. Fewer cases than bins gives one bin per case.
 */
export function sizeBins(sizes: ArrayLike<number>, bins = 3): SizeBin[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`sizeBins: bins must be a positive integer, got ${bins}`);
  const order = Array.from({ length: sizes.length }, (_, i) => i)
    .filter((i) => !Number.isNaN(sizes[i]))
    .sort((i, j) => sizes[i] - sizes[j] || i - j);
  const k = Math.min(bins, order.length);
  const out: SizeBin[] = [];
  for (let b = 0; b < k; b++) {
    const members = order.slice(Math.floor((b * order.length) / k), Math.floor(((b + 1) * order.length) / k));
    out.push({ low: sizes[members[0]], high: sizes[members[members.length - 1]], cases: members });
  }
  return out;
}
