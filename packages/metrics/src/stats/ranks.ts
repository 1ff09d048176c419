/** Ranks with ties averaged (scipy's rankdata 'average'), 1-based, and the sizes of the tie groups. */
export interface Ranked {
  ranks: Float64Array;
  /** One entry per group of equal values, its size (1 for a value without ties). */
  tieGroups: number[];
}

export function averageRanks(values: ArrayLike<number>): Ranked {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  const tieGroups: number[] = [];
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // Positions i..j-1 (0-based) share the mean of ranks i+1..j.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = rank;
    tieGroups.push(j - i);
    i = j;
  }
  return { ranks, tieGroups };
}
