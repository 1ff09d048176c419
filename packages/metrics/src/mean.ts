/** Means that skip NaN, reporting how many values were used, so an average over cases stays honest. */

export interface MeanWithCount {
  /** Mean of the non-NaN values; NaN when there are none. */
  mean: number;
  /** How many values the mean is over. */
  count: number;
}

/** Mean of the values that are not NaN, with their count. */
export function meanIgnoringNaN(values: Iterable<number>): MeanWithCount {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return { mean: count === 0 ? Number.NaN : sum / count, count };
}
