/**
 * Losses from per-class sums. Dice, the region proportions, (unweighted, weighted) CE and FL all reduce to a few
 * sums per class over the valid pixels, which add over pixels, slices and volumes. A viewer that walks a
 * volume slice by slice (the loss lens) keeps these O(C) sums instead of one tensor of every voxel, and
 * evaluates the losses on them here in float64 with the same constants (EPS, DICE_EPS) as the tensor losses;
 * test/class-sums.test.ts checks each against the tensor loss on real label slices.
 *
 * Softmax models only (C ≥ 2): binary mode's sigmoid rules (foreground-only L1 and D_B) are not expressed by
 * these sums. The focal losses need Σ (1 − p)^γ log p per class, kept for each γ asked for.
 */
import { DICE_EPS, EPS } from './registry/constants';
import type { DecompositionKind, DecompositionTerms } from './decompose';

/** The sums of one image over its valid pixels Ω (label ≠ ignoreIndex); p = softmax(z). */
export interface ClassSums {
  /** C, the number of classes (≥ 2). */
  classes: number;
  /** n = |Ω| */
  n: number;
  /** |Ω_k| */
  count: ArrayLike<number>;
  /** Σ_{i∈Ω} p_ik */
  sumP: ArrayLike<number>;
  /** Σ_{i∈Ω_k} p_ik */
  sumPIn: ArrayLike<number>;
  /** Σ_{i∈Ω_k} log p_ik */
  sumLogPIn: ArrayLike<number>;
  /** τ → Σ_{i∈Ω} softmax(τ·z_i)_k, for every temperature a loss will be evaluated at. */
  sumTempered: ReadonlyMap<number, ArrayLike<number>>;
  /** γ → Σ_{i∈Ω_k} (1 − p_ik)^γ · log p_ik, for the focal losses (absent or empty: none). */
  sumFocalLogPIn?: ReadonlyMap<number, ArrayLike<number>>;
}

/** ClassSums that `addPixel` can add to. */
export interface ClassSumsAccumulator extends ClassSums {
  count: Float64Array;
  sumP: Float64Array;
  sumPIn: Float64Array;
  sumLogPIn: Float64Array;
  sumTempered: Map<number, Float64Array>;
  sumFocalLogPIn: Map<number, Float64Array>;
}

/**
 * Empty sums for `classes` classes, keeping tempered sums at each of `temperatures` and focal sums at each of
 * `gammas` (only the focal losses need those).
 */
export function createClassSums(
  classes: number,
  temperatures: readonly number[],
  gammas: readonly number[] = [],
): ClassSumsAccumulator {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`createClassSums: classes must be an integer >= 2 (softmax models), got ${classes}`);
  }
  const zeros = (): Float64Array => new Float64Array(classes);
  return {
    classes,
    n: 0,
    count: zeros(),
    sumP: zeros(),
    sumPIn: zeros(),
    sumLogPIn: zeros(),
    sumTempered: new Map(temperatures.map((t) => [t, zeros()])),
    sumFocalLogPIn: new Map(gammas.map((g) => [g, zeros()])),
  };
}

/** The sums over Ω_y of a pixel of class y with probability pY = exp(logPy) of its class, and its count. */
function addTrueClass(sums: ClassSumsAccumulator, y: number, pY: number, logPy: number): void {
  sums.sumPIn[y] += pY;
  sums.sumLogPIn[y] += logPy;
  sums.count[y] += 1;
  sums.n += 1;
  if (sums.sumFocalLogPIn.size === 0) return;
  for (const [gamma, focal] of sums.sumFocalLogPIn) {
    // As focal.ts: 1 − p as −expm1(log p), floored at 1e-30; γ = 0 has no factor at all.
    focal[y] += gamma === 0 ? logPy : Math.pow(Math.max(-Math.expm1(logPy), 1e-30), gamma) * logPy;
  }
}

/**
 * Adds one valid pixel with logits `z` (C values) and label `y` ∈ [0, C). Softmax and log-softmax are taken
 * in float64 with the maximum subtracted, like the tensor losses' log-softmax.
 */
export function addPixel(sums: ClassSumsAccumulator, z: ArrayLike<number>, y: number): void {
  const C = sums.classes;
  if (!(Number.isInteger(y) && y >= 0 && y < C)) {
    throw new Error(`addPixel: label must be an integer in [0, ${C}), got ${y}`);
  }
  let zMax = -Infinity;
  for (let k = 0; k < C; k++) if (z[k] > zMax) zMax = z[k];
  let s = 0;
  for (let k = 0; k < C; k++) s += Math.exp(z[k] - zMax);
  const logS = Math.log(s);
  for (let k = 0; k < C; k++) sums.sumP[k] += Math.exp(z[k] - zMax - logS);
  const logPy = z[y] - zMax - logS;
  addTrueClass(sums, y, Math.exp(logPy), logPy);
  for (const [tau, tempered] of sums.sumTempered) {
    let st = 0;
    for (let k = 0; k < C; k++) st += Math.exp(tau * (z[k] - zMax));
    for (let k = 0; k < C; k++) tempered[k] += Math.exp(tau * (z[k] - zMax)) / st;
  }
}

/** r^τ for r in (0, 1]: by repeated squaring for a whole τ up to 64 (a few multiplications where Math.pow costs
 * as much as an exp), else Math.pow. */
function powTemperature(r: number, tau: number): number {
  if (!(Number.isInteger(tau) && tau > 0 && tau <= 64)) return Math.pow(r, tau);
  let result = 1;
  let base = r;
  for (let e = tau; e > 0; e >>= 1) {
    if (e & 1) result *= base;
    base *= base;
  }
  return result;
}

/**
 * Adds one valid pixel given by its class probabilities `p` (C values, each > 0, e.g. a model's softmax output
 * raised to a floor) and label `y`: the same sums as addPixel(sums, log p, y), since softmax(log p) = p / Σp,
 * with one log per pixel instead of about five transcendental calls per class. Tempered sums are
 * softmax(τ·log p) = (p / max p)^τ normalised. The loss lens walks a 13-organ CT this way (13 million voxels,
 * 14 classes: 2.5 s instead of 9.2 s in Node, timed by a scratch script); test/class-sums.test.ts checks it against addPixel.
 */
export function addProbabilities(sums: ClassSumsAccumulator, p: ArrayLike<number>, y: number): void {
  const C = sums.classes;
  if (!(Number.isInteger(y) && y >= 0 && y < C)) {
    throw new Error(`addProbabilities: label must be an integer in [0, ${C}), got ${y}`);
  }
  let total = 0;
  let pMax = 0;
  for (let k = 0; k < C; k++) {
    const pk = p[k];
    if (!(pk > 0)) throw new Error(`addProbabilities: probabilities must be > 0, got ${pk} for class ${k}`);
    total += pk;
    if (pk > pMax) pMax = pk;
  }
  for (let k = 0; k < C; k++) sums.sumP[k] += p[k] / total;
  addTrueClass(sums, y, p[y] / total, Math.log(p[y] / total));
  if (sums.sumTempered.size === 0) return;
  if (temperedScratch.length < C) temperedScratch = new Float64Array(C);
  const w = temperedScratch;
  for (const [tau, tempered] of sums.sumTempered) {
    let st = 0;
    for (let k = 0; k < C; k++) {
      w[k] = powTemperature(p[k] / pMax, tau);
      st += w[k];
    }
    for (let k = 0; k < C; k++) tempered[k] += w[k] / st;
  }
}

/** addProbabilities' per-class weights (one pixel at a time, so one array will do). */
let temperedScratch = new Float64Array(16);

const range = (C: number): number[] => Array.from({ length: C }, (_, k) => k);
const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Classes of a batch of sums (every image must agree). */
function classesOf(batch: readonly ClassSums[]): number {
  if (batch.length === 0) throw new Error('classSums: the batch has no image');
  const C = batch[0].classes;
  if (batch.some((s) => s.classes !== C)) {
    throw new Error(
      `classSums: every image must have the same classes, got ${batch.map((s) => s.classes).join(', ')}`,
    );
  }
  return C;
}

/** Σ over the batch of one per-class array. */
function batchTotal(batch: readonly ClassSums[], pick: (s: ClassSums) => ArrayLike<number>): number[] {
  return range(classesOf(batch)).map((k) => sumOf(batch.map((s) => pick(s)[k])));
}

/** CE, or WCE with weights w_k: Σ_k w_k·(−Σ_{Ω_k} log p) / Σ_k w_k·|Ω_k| (cross-entropy.ts). */
export function crossEntropyFromSums(batch: readonly ClassSums[], weights?: readonly number[]): number {
  const count = batchTotal(batch, (s) => s.count);
  const logP = batchTotal(batch, (s) => s.sumLogPIn);
  if (weights === undefined) return -sumOf(logP) / Math.max(sumOf(count), 1);
  if (weights.length !== count.length) {
    throw new Error(
      `classSums: classWeights has ${weights.length} values but the sums have ${count.length} classes`,
    );
  }
  const denominator = sumOf(count.map((c, k) => c * weights[k]));
  return -sumOf(logP.map((l, k) => l * weights[k])) / (denominator > 0 ? denominator : 1);
}

/** w_k = 1/|Ω_k| over the batch, 0 for absent classes (WCE without given weights). */
export function inverseFrequencyFromSums(batch: readonly ClassSums[]): number[] {
  return batchTotal(batch, (s) => s.count).map((c) => (c > 0 ? 1 / c : 0));
}

/** FL = −Σ_k Σ_{Ω_k} (1 − p)^γ log p / |Ω| over the batch (focal.ts). */
export function focalFromSums(batch: readonly ClassSums[], gamma: number): number {
  let total = 0;
  let n = 0;
  for (const s of batch) {
    const focal = s.sumFocalLogPIn?.get(gamma);
    if (focal === undefined) {
      const have = [...(s.sumFocalLogPIn?.keys() ?? [])].join(', ') || 'none';
      throw new Error(`classSums: no focal sums for gamma ${gamma} (have ${have})`);
    }
    for (let k = 0; k < s.classes; k++) total -= focal[k];
    n += s.n;
  }
  return total / Math.max(n, 1);
}

/** ŷ_bk and p̂_bk (τ) of each image (proportions.ts). */
function proportionsOf(sums: ClassSums, tau: number): { gt: number[]; pred: number[] } {
  const tempered = sums.sumTempered.get(tau);
  if (tempered === undefined) {
    throw new Error(
      `classSums: no tempered sums for temperature ${tau} (have ${[...sums.sumTempered.keys()].join(', ') || 'none'})`,
    );
  }
  const C = sums.classes;
  return {
    gt: range(C).map((k) => (sums.count[k] + EPS) / (sums.n + EPS)),
    pred: range(C).map((k) => (tempered[k] + EPS) / (sums.n + EPS)),
  };
}

const meanOver = (batch: readonly ClassSums[], perImage: (s: ClassSums) => number): number =>
  sumOf(batch.map(perImage)) / batch.length;

/** (1/(B·K)) Σ_b Σ_k |ŷ_bk − p̂_bk| (region.ts). */
export function regionL1FromSums(batch: readonly ClassSums[], tau: number): number {
  return meanOver(batch, (s) => {
    const { gt, pred } = proportionsOf(s, tau);
    return sumOf(gt.map((g, k) => Math.abs(g - pred[k]))) / s.classes;
  });
}

/** (1/B) Σ_b Σ_k ŷ_bk·log(ŷ_bk / p̂_bk). */
export function regionKLFromSums(batch: readonly ClassSums[], tau: number): number {
  return meanOver(batch, (s) => {
    const { gt, pred } = proportionsOf(s, tau);
    return sumOf(gt.map((g, k) => g * (Math.log(g) - Math.log(pred[k]))));
  });
}

/** (1/(B·K)) Σ_b Σ_k log(p̂_bk + ŷ_bk + EPS). */
export function diceBiasFromSums(batch: readonly ClassSums[], tau: number): number {
  return meanOver(batch, (s) => {
    const { gt, pred } = proportionsOf(s, tau);
    return sumOf(gt.map((g, k) => Math.log(pred[k] + g + EPS))) / s.classes;
  });
}

/** Per-class terms of the soft Dice over the batch, averaged over the kept classes (dice.ts). */
function diceMean(
  batch: readonly ClassSums[],
  smooth: number,
  includeBackground: boolean,
  term: (score: number) => number,
): number {
  const count = batchTotal(batch, (s) => s.count);
  const sumP = batchTotal(batch, (s) => s.sumP);
  const sumPIn = batchTotal(batch, (s) => s.sumPIn);
  const kept = range(count.length).filter((k) => includeBackground || k > 0);
  const perClass = kept.map((k) => {
    const score = (2 * sumPIn[k] + smooth) / Math.max(sumP[k] + count[k] + smooth, DICE_EPS);
    return count[k] > 0 ? term(score) : 0;
  });
  return sumOf(perClass) / kept.length;
}

/** (1/K) Σ_k (1 − s_k)·[k present]. */
export function diceFromSums(
  batch: readonly ClassSums[],
  smooth: number,
  includeBackground: boolean,
): number {
  return diceMean(batch, smooth, includeBackground, (s) => 1 - s);
}

/** (1/K) Σ_k −log(max(s_k, DICE_EPS))·[k present]. */
export function logDiceFromSums(
  batch: readonly ClassSums[],
  smooth: number,
  includeBackground: boolean,
): number {
  return diceMean(batch, smooth, includeBackground, (s) => -Math.log(Math.max(s, DICE_EPS)));
}

/**
 * `decompose(kind)` of ONE image from its sums, τ = 1 proportions (decompose.ts): CE as eq. (6), matching
 * −(1/n) Σ_i log(p_{i,y_i} / p̂_{y_i}), region-size KL(ŷ‖p̂), constant H(ŷ); log-Dice as eq. (2) over the classes
 * present, matching −Σ_k log(mean of p_k over Ω_k), region-size Σ_k log(p̂_k + ŷ_k), constant Σ_k log(1/(2ŷ_k)).
 * p̂ here is Σ p / n, the un-tempered proportion.
 */
export function decomposeClassSums(kind: DecompositionKind, sums: ClassSums): DecompositionTerms {
  if (kind !== 'ce' && kind !== 'logDice') {
    throw new Error(`decomposeClassSums: kind must be 'ce' or 'logDice', got ${JSON.stringify(kind)}`);
  }
  const t = { total: 0, matching: 0, regionSize: 0, constant: 0 };
  const n = sums.n;
  if (n === 0) return t;
  for (let k = 0; k < sums.classes; k++) {
    const count = sums.count[k];
    const gt = (count + EPS) / (n + EPS);
    const pred = (sums.sumP[k] + EPS) / (n + EPS);
    if (kind === 'ce') {
      t.total -= sums.sumLogPIn[k] / n;
      t.matching -= (sums.sumLogPIn[k] - count * Math.log(pred)) / n;
      t.regionSize += gt * Math.log(gt / pred);
      t.constant -= gt * Math.log(gt);
    } else if (count > 0) {
      t.total -= Math.log((2 * sums.sumPIn[k]) / (sums.sumP[k] + count));
      t.matching -= Math.log(sums.sumPIn[k] / count);
      t.regionSize += Math.log(pred + gt);
      t.constant += Math.log(1 / (2 * gt));
    }
  }
  return t;
}
