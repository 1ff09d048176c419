// Percentiles of a channel's values without sorting them. A percentile needs two neighbouring order statistics,
// and a selection (quickselect) finds one in linear time: for a 10-slice 256x256 cardiac MR, 24-29 ms against the
// sort's 76-103 (warm; more on a busy machine). The values found are the very values a sort puts at those
// positions (NaNs last, as Float32Array.prototype.sort puts them), so the normalisation is unchanged to the bit.

/** Rearranges a[from..to] so that a[k] holds the value a sort would put there, smaller ones before it. */
function selectInPlace(a: Float32Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    // Median of three as pivot: sorted or constant runs (common in images) stay linear.
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and anything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Values at percentiles `ps` (0-100) of `values`, linear between neighbours (numpy's default), as a sorted copy
 * would give them. `values` is a scratch copy: it is rearranged.
 */
export function percentilesOf(values: Float32Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  // NaNs go last, as the sort puts them: the finite part is compacted to the front.
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v) values[valid++] = v;
  }
  const at = (i: number): number => {
    if (i >= valid) return Number.NaN;
    selectInPlace(values, i, 0, valid - 1);
    return values[i];
  };
  return ps.map((p) => {
    const pos = (p / 100) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    const a = at(lo);
    // After selecting lo, the next order statistic is the smallest value above position lo.
    let b = a;
    if (hi !== lo) {
      if (hi >= valid) b = Number.NaN;
      else {
        b = values[hi];
        for (let i = hi + 1; i < valid; i++) if (values[i] < b) b = values[i];
      }
    }
    return a + (b - a) * (pos - lo);
  });
}
