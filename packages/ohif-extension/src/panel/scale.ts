/**
 * Axis domains with round ticks (steps of 1, 2 or 5 × 10^k), shared by the bar charts and the loss curve, so
 * that every chart has readable ticks and a zero line where its data crosses zero.
 */

export interface Axis {
  /** Domain ends, multiples of step that contain the data (and 0 when `includeZero`). */
  lo: number;
  hi: number;
  step: number;
  ticks: number[];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** An axis over `values` with about `count` intervals. Non-finite values are ignored. */
export function niceAxis(values: readonly number[], count = 4, includeZero = true): Axis {
  const finite = values.filter(Number.isFinite);
  let min = finite.length ? Math.min(...finite) : 0;
  let max = finite.length ? Math.max(...finite) : 1;
  if (includeZero) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  if (max - min < 1e-12) {
    // A flat series still needs a visible span around its value.
    const pad = Math.abs(max) > 1e-12 ? Math.abs(max) * 0.5 : 1;
    if (!includeZero || max > 0) max += pad;
    if (!includeZero || min < 0) min -= pad;
    if (max - min < 1e-12) max = min + pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, v = lo; v <= hi + step * 1e-6; i++, v = lo + i * step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { lo, hi, step, ticks };
}

/** Maps [lo, hi] linearly onto [a, b]. */
export function linear(lo: number, hi: number, a: number, b: number): (x: number) => number {
  const k = hi === lo ? 0 : (b - a) / (hi - lo);
  return (x) => a + (x - lo) * k;
}
