/**
 * The Wilcoxon signed-rank test of paired differences (e.g. per-case DSC of model A minus model B), two-sided,
 * exactly as scipy ≥ 1.13's default `scipy.stats.wilcoxon(d)` computes it (`zero_method='wilcox'`,
 * `correction=False`, `method='auto'`), so a p-value printed by seglens can be checked with one line of Python:
 *
 * - zero differences are dropped (Wilcoxon's own rule) before ranking |d|; tied |d| share their average rank;
 * - n ≤ 50 differences with no zero and no tie: the exact null distribution of W⁺ (every sign pattern equally
 *   likely), p = 2·min(P(W⁺ ≥ w), P(W⁺ ≤ w)), capped at 1;
 * - n ≤ 13 with zeros or ties: the exact permutation distribution over all 2ⁿ sign flips of the tied ranks
 *   (scipy's `PermutationMethod`, which enumerates them all when 2ⁿ < 9999);
 * - otherwise the normal approximation of W⁺ with the tie correction Σ(t³ − t)/48 in its variance and no
 *   continuity correction.
 * n counts every difference, zeros included, as in scipy. The reported statistic is min(W⁺, W⁻).
 */
import { normalSurvival } from './normal';
import { averageRanks } from './ranks';

export type WilcoxonMethod = 'exact' | 'permutation' | 'asymptotic';

export interface WilcoxonResult {
  /** min(W⁺, W⁻): the smaller of the rank sums of the positive and of the negative differences. */
  statistic: number;
  /** Two-sided p-value; NaN when every difference is zero and the normal approximation applies. */
  pValue: number;
  method: WilcoxonMethod;
  /** Differences given (zeros included). */
  n: number;
  /** Differences that are not zero: the ones ranked. */
  nonZero: number;
  /** Standardised W⁺ under the normal approximation (asymptotic method only). */
  z?: number;
}

/** Largest sample for the exact distribution, and for the full permutation enumeration (scipy's limits). */
const EXACT_MAX_N = 50;
const PERMUTATION_MAX_N = 13;

/** P(W⁺ = s) for s = 0..n(n+1)/2 when each of the ranks 1..n is positive with probability ½. */
function exactDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  // counts[s] = number of subsets of {1..n} summing to s; at most 2⁵⁰ < 2⁵³, so exact in doubles.
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  }
  const total = 2 ** n;
  return counts.map((c) => c / total);
}

function exactPValue(n: number, wPlus: number): number {
  const pmf = exactDistribution(n);
  let upper = 0; // P(W⁺ ≥ w)
  let lower = 0; // P(W⁺ ≤ w)
  for (let s = 0; s < pmf.length; s++) {
    if (s >= Math.floor(wPlus)) upper += pmf[s];
    if (s <= Math.ceil(wPlus)) lower += pmf[s];
  }
  return Math.min(1, 2 * Math.min(upper, lower));
}

/** Every one of the 2ⁿ sign patterns of the (possibly tied) ranks: the exact permutation p-value. */
function permutationPValue(ranks: readonly number[], wPlus: number): number {
  const n = ranks.length;
  const patterns = 2 ** n;
  // scipy compares with a relative tolerance so that sums of half-ranks equal to the observed one count as equal.
  const gamma = Math.abs(100 * Number.EPSILON * wPlus);
  let atLeast = 0;
  let atMost = 0;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) sum += ranks[i];
    if (sum >= wPlus - gamma) atLeast++;
    if (sum <= wPlus + gamma) atMost++;
  }
  return Math.min(1, (2 * Math.min(atLeast, atMost)) / patterns);
}

/** Two-sided Wilcoxon signed-rank test of the paired differences `differences` (finite numbers). */
export function wilcoxonSignedRank(differences: ArrayLike<number>): WilcoxonResult {
  const n = differences.length;
  if (n === 0) throw new Error('wilcoxonSignedRank: differences is empty; the test needs at least one pair');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(differences[i]))
      throw new Error(
        `wilcoxonSignedRank: differences[${i}] is ${differences[i]}; drop undefined pairs before testing`,
      );
  }
  const nonZero = Array.from(differences).filter((d) => d !== 0);
  const m = nonZero.length;
  const { ranks, tieGroups } = averageRanks(nonZero.map(Math.abs));
  let wPlus = 0;
  let wMinus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) wPlus += ranks[i];
    else wMinus += ranks[i];
  });
  const statistic = Math.min(wPlus, wMinus);
  const hasTies = tieGroups.some((t) => t > 1);
  const hasZeros = m < n;
  const base = { statistic, n, nonZero: m };
  if (n <= EXACT_MAX_N && !hasTies && !hasZeros) {
    return { ...base, method: 'exact', pValue: exactPValue(m, wPlus) };
  }
  if (n <= PERMUTATION_MAX_N) {
    return { ...base, method: 'permutation', pValue: permutationPValue(Array.from(ranks), wPlus) };
  }
  const mean = (m * (m + 1)) / 4;
  const tieCorrection = tieGroups.reduce((s, t) => s + t ** 3 - t, 0);
  const sd = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieCorrection / 2) / 24);
  const z = (wPlus - mean) / sd;
  return { ...base, method: 'asymptotic', pValue: 2 * normalSurvival(Math.abs(z)), z };
}
