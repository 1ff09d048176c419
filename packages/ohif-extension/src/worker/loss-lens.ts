/**
 * The loss lens: what each loss of the paper says about a model's last segmentation against reference labels,
 * over one slice (along the model's slice axis) or the whole volume, each taken as ONE image (so region
 * proportions are those of the slice or of the volume, and Dice is over all of its voxels).
 *
 * The logits are log(max(p, PROBABILITY_FLOOR)) of the stored softmax probabilities p (log p is a valid
 * logit: softmax(log p) = p; the floor keeps a class that float32 rounded to probability 0 finite). The
 * losses of @seglens/losses need every voxel in one tensor, and Dice and the region proportions do not add up
 * over batches, so the lens instead accumulates, slice by slice in O(classes) memory, the per-class sums those
 * losses reduce to, and evaluates the package's formulas on them in float64, with the package's constants
 * (EPS = 1e-10 proportion smoothing, 1e-7 Dice clamp) and the registry's default options. The tests check
 * every value and term against the package called directly on the whole tensor.
 *
 * Rows (value = matching + regionSize + constant where the terms are given):
 *   CE          decompose('ce'): matching, region-size KL(ŷ‖p̂) (τ = 1), constant H(ŷ)
 *   Dice        value only (the paper decomposes log-Dice)
 *   LogDice     decompose('logDice') divided by K = C (the loss averages −log Dice_k over the C classes;
 *               decompose sums them), so the terms add up to the loss value; given only when smooth = 0 and
 *               the background is included (the registry default), where that identity holds
 *   RCE(L1)     CE + λ·L1(ŷ, p̂_τ): matching = CE's matching term, region-size = CE's region-size term + λ·L1,
 *               constant = H(ŷ)
 *   RCE(DKL)    CE + λ·KL(ŷ‖p̂_τ): likewise with λ·KL
 */
import { effectiveLossOptions, lossRegistry } from '@seglens/losses';
import { sliceLayout } from '@seglens/models';
import type { LastSegmentation } from './model-store';
import type { LossLensTerms } from './protocol';
import { abortError } from './errors';

/** Probabilities below this are raised to it before the log. */
export const PROBABILITY_FLOOR = 1e-30;
/** @seglens/losses' smoothing of the region proportions (proportions.ts EPS). */
const EPS = 1e-10;
/** @seglens/losses' clamp of the Dice denominator and of s_k inside the log (dice.ts DICE_EPS). */
const DICE_EPS = 1e-7;
/** Reference label of voxels left out (the losses' default ignoreIndex). */
export const IGNORE = 255;

/** The per-class sums over the valid voxels Ω (reference label ≠ 255, and a prediction exists). */
export interface RegionStats {
  classes: number;
  /** |Ω| */
  n: number;
  /** |Ω_k| */
  count: Float64Array;
  /** Σ_{i∈Ω} p_ik */
  sumP: Float64Array;
  /** Σ_{i∈Ω_k} p_ik */
  sumPIn: Float64Array;
  /** Σ_{i∈Ω_k} log p_ik */
  sumLogPIn: Float64Array;
  /** τ → Σ_{i∈Ω} softmax(τ·z_i)_k */
  sumTempered: Map<number, Float64Array>;
  /** Voxels without a prediction (all probabilities 0: cropped away by a 'pad' model). */
  unpredicted: number;
}

function emptyStats(classes: number, temperatures: readonly number[]): RegionStats {
  const zeros = (): Float64Array => new Float64Array(classes);
  return {
    classes,
    n: 0,
    count: zeros(),
    sumP: zeros(),
    sumPIn: zeros(),
    sumLogPIn: zeros(),
    sumTempered: new Map(temperatures.map((t) => [t, zeros()])),
    unpredicted: 0,
  };
}

/** Adds voxel `v` (probabilities at v·C) with reference label `y` to the sums. */
function addVoxel(stats: RegionStats, probs: Float32Array, v: number, y: number, z: Float64Array): void {
  const C = stats.classes;
  const o = v * C;
  let raw = 0;
  let zMax = -Infinity;
  for (let k = 0; k < C; k++) {
    const p = probs[o + k];
    raw += p;
    z[k] = Math.log(p > PROBABILITY_FLOOR ? p : PROBABILITY_FLOOR);
    if (z[k] > zMax) zMax = z[k];
  }
  if (raw === 0) {
    stats.unpredicted++;
    return;
  }
  let s = 0;
  for (let k = 0; k < C; k++) s += Math.exp(z[k] - zMax);
  const logS = Math.log(s);
  for (let k = 0; k < C; k++) stats.sumP[k] += Math.exp(z[k] - zMax - logS);
  const logPy = z[y] - zMax - logS;
  stats.sumPIn[y] += Math.exp(logPy);
  stats.sumLogPIn[y] += logPy;
  stats.count[y] += 1;
  stats.n += 1;
  for (const [tau, sums] of stats.sumTempered) {
    let st = 0;
    for (let k = 0; k < C; k++) st += Math.exp(tau * (z[k] - zMax));
    for (let k = 0; k < C; k++) sums[k] += Math.exp(tau * (z[k] - zMax)) / st;
  }
}

const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The sums over slice `slice` (along `sliceAxis`) or, when null, over every slice. Walks the volume slice by
 * slice; between groups of slices it lets the worker read its messages, so a cancel stops it.
 */
export async function accumulateStats(
  last: LastSegmentation,
  reference: Uint8Array,
  sliceAxis: 0 | 1 | 2,
  slice: number | null,
  temperatures: readonly number[],
  signal?: AbortSignal,
): Promise<RegionStats> {
  const layout = sliceLayout(last.dims, sliceAxis);
  const voxels = last.dims[0] * last.dims[1] * last.dims[2];
  if (!(reference instanceof Uint8Array) || reference.length !== voxels)
    throw new Error(
      `lossLens: reference must be a Uint8Array of ${voxels} labels (the segmented volume's ${last.dims.join('x')} voxels), got ${reference instanceof Uint8Array ? reference.length : typeof reference}`,
    );
  if (slice !== null && !(Number.isInteger(slice) && slice >= 0 && slice < layout.count))
    throw new Error(
      `lossLens: slice must be an integer in 0..${layout.count - 1} (axis ${sliceAxis}), got ${slice}`,
    );
  const stats = emptyStats(last.classes, temperatures);
  const z = new Float64Array(last.classes);
  const slices = slice === null ? Array.from({ length: layout.count }, (_, s) => s) : [slice];
  const perTurn = Math.max(
    1,
    Math.floor(2_000_000 / Math.max(1, layout.height * layout.width * last.classes)),
  );
  for (let i = 0; i < slices.length; i++) {
    if (i > 0 && i % perTurn === 0) await yieldToMessages();
    if (signal?.aborted) throw abortError('lossLens');
    const s = slices[i];
    for (let r = 0; r < layout.height; r++) {
      let v = s * layout.sliceStride + r * layout.rowStride;
      for (let c = 0; c < layout.width; c++, v += layout.colStride) {
        const y = reference[v];
        if (y === IGNORE) continue;
        if (y >= last.classes)
          throw new Error(
            `lossLens: reference has label ${y} at voxel ${v}; labels must be 0..${last.classes - 1} or ${IGNORE} (left out)`,
          );
        addVoxel(stats, last.probabilities, v, y, z);
      }
    }
  }
  return stats;
}

interface CeTerms {
  total: number;
  matching: number;
  regionSize: number;
  constant: number;
}

/** decompose('ce') of one image (eq. (6)), from the sums. */
export function ceTerms(stats: RegionStats): CeTerms {
  const t = { total: 0, matching: 0, regionSize: 0, constant: 0 };
  const n = stats.n;
  for (let k = 0; k < stats.classes; k++) {
    const gt = (stats.count[k] + EPS) / (n + EPS);
    const pred = (stats.sumP[k] + EPS) / (n + EPS);
    t.total -= stats.sumLogPIn[k] / n;
    t.matching -= (stats.sumLogPIn[k] - stats.count[k] * Math.log(pred)) / n;
    t.regionSize += gt * Math.log(gt / pred);
    t.constant -= gt * Math.log(gt);
  }
  return t;
}

/** decompose('logDice') of one image (eq. (2)), over the classes present, from the sums. */
export function logDiceTerms(stats: RegionStats): CeTerms {
  const t = { total: 0, matching: 0, regionSize: 0, constant: 0 };
  const n = stats.n;
  for (let k = 0; k < stats.classes; k++) {
    const count = stats.count[k];
    if (count === 0) continue;
    const gt = (count + EPS) / (n + EPS);
    const pred = (stats.sumP[k] + EPS) / (n + EPS);
    t.total -= Math.log((2 * stats.sumPIn[k]) / (stats.sumP[k] + count));
    t.matching -= Math.log(stats.sumPIn[k] / count);
    t.regionSize += Math.log(pred + gt);
    t.constant += Math.log(1 / (2 * gt));
  }
  return t;
}

/** Soft Dice s_k per class and the classes averaged over (dice.ts). */
function diceScores(
  stats: RegionStats,
  smooth: number,
  includeBackground: boolean,
): { s: number[]; kept: number[] } {
  const s = Array.from(
    stats.count,
    (count, k) => (2 * stats.sumPIn[k] + smooth) / Math.max(stats.sumP[k] + count + smooth, DICE_EPS),
  );
  const kept = s.map((_, k) => k).filter((k) => includeBackground || k > 0);
  return { s, kept };
}

/** Ground-truth and tempered predicted proportions (proportions.ts). */
function proportions(stats: RegionStats, tau: number): { gt: number[]; pred: number[] } {
  const sums = stats.sumTempered.get(tau);
  if (!sums) throw new Error(`lossLens: no sums for temperature ${tau}`);
  const n = stats.n;
  return {
    gt: Array.from(stats.count, (c) => (c + EPS) / (n + EPS)),
    pred: Array.from(sums, (p) => (p + EPS) / (n + EPS)),
  };
}

export interface LensSettings {
  dice: { smooth: number; includeBackground: boolean };
  rceL1: { lambda: number; temperature: number };
  rceKL: { lambda: number; temperature: number };
}

/** The registry's default options of the losses the lens shows. */
export function lensSettings(): LensSettings {
  const dice = effectiveLossOptions('dice');
  const l1 = effectiveLossOptions('rce', { penalty: 'l1' });
  const kl = effectiveLossOptions('rce', { penalty: 'kl' });
  return {
    dice: { smooth: Number(dice.smooth), includeBackground: Boolean(dice.includeBackground) },
    rceL1: { lambda: Number(l1.lambda), temperature: Number(l1.temperature) },
    rceKL: { lambda: Number(kl.lambda), temperature: Number(kl.temperature) },
  };
}

export function lensTemperatures(settings: LensSettings): number[] {
  return [...new Set([settings.rceL1.temperature, settings.rceKL.temperature])];
}

/** The lens rows for `model` from the sums. */
export function lossLensRows(stats: RegionStats, model: string, settings = lensSettings()): LossLensTerms[] {
  const C = stats.classes;
  const ce = ceTerms(stats);
  const { s, kept } = diceScores(stats, settings.dice.smooth, settings.dice.includeBackground);
  const K = kept.length;
  const dice = kept.reduce((acc, k) => acc + (stats.count[k] > 0 ? 1 - s[k] : 0), 0) / K;
  const logDice =
    kept.reduce((acc, k) => acc + (stats.count[k] > 0 ? -Math.log(Math.max(s[k], DICE_EPS)) : 0), 0) / K;
  const ld = logDiceTerms(stats);
  const l1 = proportions(stats, settings.rceL1.temperature);
  const regionL1 = l1.gt.reduce((acc, g, k) => acc + Math.abs(g - l1.pred[k]), 0) / C;
  const kl = proportions(stats, settings.rceKL.temperature);
  const regionKL = kl.gt.reduce((acc, g, k) => acc + g * (Math.log(g) - Math.log(kl.pred[k])), 0);
  const [l1Label, klLabel] = lossRegistry.rce.label.split(' / ');
  const logDiceSplits = settings.dice.smooth === 0 && settings.dice.includeBackground;
  return [
    {
      model,
      loss: 'crossEntropy',
      label: lossRegistry.crossEntropy.label,
      value: ce.total,
      matching: ce.matching,
      regionSize: ce.regionSize,
      constant: ce.constant,
    },
    { model, loss: 'dice', label: lossRegistry.dice.label, value: dice },
    {
      model,
      loss: 'logDice',
      label: lossRegistry.logDice.label,
      value: logDice,
      ...(logDiceSplits
        ? { matching: ld.matching / C, regionSize: ld.regionSize / C, constant: ld.constant / C }
        : {}),
    },
    {
      model,
      loss: 'rce',
      label: `${l1Label} (λ=${settings.rceL1.lambda})`,
      value: ce.total + settings.rceL1.lambda * regionL1,
      matching: ce.matching,
      regionSize: ce.regionSize + settings.rceL1.lambda * regionL1,
      constant: ce.constant,
    },
    {
      model,
      loss: 'rce',
      label: `${klLabel} (λ=${settings.rceKL.lambda})`,
      value: ce.total + settings.rceKL.lambda * regionKL,
      matching: ce.matching,
      regionSize: ce.regionSize + settings.rceKL.lambda * regionKL,
      constant: ce.constant,
    },
  ];
}

/** The whole lens: sums over the slice or volume, then the rows. */
export async function computeLossLens(
  last: LastSegmentation,
  reference: Uint8Array,
  model: string,
  sliceAxis: 0 | 1 | 2,
  slice: number | null,
  signal?: AbortSignal,
): Promise<LossLensTerms[]> {
  const settings = lensSettings();
  const stats = await accumulateStats(last, reference, sliceAxis, slice, lensTemperatures(settings), signal);
  if (stats.n === 0)
    throw new Error(
      `lossLens: no voxel of ${slice === null ? 'the volume' : `slice ${slice}`} has both a reference label (not ${IGNORE}) and a prediction`,
    );
  return lossLensRows(stats, model, settings);
}
