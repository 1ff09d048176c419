/**
 * The loss lens: what each loss of the paper says about a model's last segmentation against reference labels,
 * over one slice (along the model's slice axis) or the whole volume, each taken as ONE image (so region
 * proportions are those of the slice or of the volume, and Dice is over all of its voxels).
 *
 * The logits are log(max(p, PROBABILITY_FLOOR)) of the stored softmax probabilities p (log p is a valid
 * logit: softmax(log p) = p; the floor keeps a class that float32 rounded to probability 0 finite); the sums
 * are taken from the floored probabilities directly (addProbabilities), as addPixel would from those logits. The
 * losses of @seglens/losses need every voxel in one tensor, and Dice and the region proportions do not add up
 * over batches, so the lens instead accumulates, slice by slice in O(classes) memory, the per-class sums those
 * losses reduce to (@seglens/losses' ClassSums), and evaluates every loss and decomposition with the
 * package's own per-class-sum evaluation (lossFromClassSums, decomposeClassSums) and the registry's default
 * options. The tests check every value and term against the package called directly on the whole tensor.
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
import {
  addProbabilities,
  createClassSums,
  decomposeClassSums,
  effectiveLossOptions,
  lossFromClassSums,
  lossLabel,
  lossRegistry,
  type ClassSumsAccumulator,
} from '@seglens/losses';
import { sliceLayout } from '@seglens/models';
import type { LastSegmentation } from './model-store';
import type { LossLensTerms } from './protocol';
import { abortError } from './errors';

/** A segmentation as the lens reads it: its per-voxel probabilities made (see LastSegmentation). */
export type LensInput = Pick<LastSegmentation, 'dims' | 'classes'> & { probabilities: Float32Array };

/** Probabilities below this are raised to it before the log. */
export const PROBABILITY_FLOOR = 1e-30;
/** Reference label of voxels left out (the losses' default ignoreIndex). */
export const IGNORE = 255;

/** The per-class sums over the valid voxels Ω (reference label ≠ 255, and a prediction exists). */
export interface RegionStats extends ClassSumsAccumulator {
  /** Voxels without a prediction (all probabilities 0: cropped away by a 'pad' model). */
  unpredicted: number;
}

function emptyStats(classes: number, temperatures: readonly number[]): RegionStats {
  return { ...createClassSums(classes, temperatures), unpredicted: 0 };
}

/**
 * Adds voxel `v` (probabilities at v·C) with reference label `y` to the sums; q is scratch space. The sums are
 * those of addPixel with logits log(max(p, floor)), taken from the floored probabilities themselves
 * (addProbabilities: softmax(log q) = q / Σq), which spares about five transcendental calls per class and voxel.
 */
function addVoxel(stats: RegionStats, probs: Float32Array, v: number, y: number, q: Float64Array): void {
  const C = stats.classes;
  const o = v * C;
  let raw = 0;
  for (let k = 0; k < C; k++) {
    const p = probs[o + k];
    raw += p;
    q[k] = p > PROBABILITY_FLOOR ? p : PROBABILITY_FLOOR;
  }
  if (raw === 0) {
    stats.unpredicted++;
    return;
  }
  addProbabilities(stats, q, y);
}

const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The sums over slice `slice` (along `sliceAxis`) or, when null, over every slice. Walks the volume slice by
 * slice; between groups of slices it lets the worker read its messages, so a cancel stops it.
 */
export async function accumulateStats(
  last: LensInput,
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
  const q = new Float64Array(last.classes);
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
        addVoxel(stats, last.probabilities, v, y, q);
      }
    }
  }
  return stats;
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

/** The lens rows for `model` from the sums, every value from @seglens/losses' per-class-sum evaluation. */
export function lossLensRows(stats: RegionStats, model: string, settings = lensSettings()): LossLensTerms[] {
  const C = stats.classes;
  const ce = decomposeClassSums('ce', stats);
  const ld = decomposeClassSums('logDice', stats);
  const dice = lossFromClassSums('dice', stats, settings.dice);
  const logDice = lossFromClassSums('logDice', stats, settings.dice);
  const l1 =
    settings.rceL1.lambda * lossFromClassSums('regionL1', stats, { temperature: settings.rceL1.temperature });
  const kl =
    settings.rceKL.lambda * lossFromClassSums('regionKL', stats, { temperature: settings.rceKL.temperature });
  const logDiceSplits = settings.dice.smooth === 0 && settings.dice.includeBackground;
  return [
    {
      model,
      loss: 'crossEntropy',
      label: lossRegistry.crossEntropy.label,
      value: lossFromClassSums('crossEntropy', stats),
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
      label: `${lossLabel('rce', { penalty: 'l1' })} (λ=${settings.rceL1.lambda})`,
      value: lossFromClassSums('rce', stats, { penalty: 'l1', ...settings.rceL1 }),
      matching: ce.matching,
      regionSize: ce.regionSize + l1,
      constant: ce.constant,
    },
    {
      model,
      loss: 'rce',
      label: `${lossLabel('rce', { penalty: 'kl' })} (λ=${settings.rceKL.lambda})`,
      value: lossFromClassSums('rce', stats, { penalty: 'kl', ...settings.rceKL }),
      matching: ce.matching,
      regionSize: ce.regionSize + kl,
      constant: ce.constant,
    },
  ];
}

/** The whole lens: sums over the slice or volume, then the rows. */
export async function computeLossLens(
  last: LensInput,
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
