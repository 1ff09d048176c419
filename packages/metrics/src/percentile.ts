/**
 * The p-th percentile with linear interpolation between closest ranks: numpy's default
 * (`method='linear'`, Hyndman & Fan type 7) and `torch.quantile`'s, which MONAI's Hausdorff uses. With the n
 * values sorted ascending as v[0..n-1], h = (n - 1) p / 100 and the result is
 * v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]). NaN for no values.
 */
export function percentile(values: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be in [0, 100], got ${p}`);
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}
