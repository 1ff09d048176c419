/**
 * Overlap metrics from confusion counts: DSC, IoU, precision, recall.
 *
 * Empty-set rules (A = predicted set, B = ground-truth set of one class):
 * - both empty: every overlap metric is 1 (nothing to find, nothing wrongly found: a perfect answer);
 * - exactly one empty: every overlap metric is 0. DSC and IoU are 0 by their formulas; precision (A empty) and
 *   recall (B empty) would be 0/0, and are set to 0 too, because missing a whole structure or hallucinating
 *   one is a total failure, not an undefined case.
 */
import type { ConfusionCounts, Dims, LabelArray } from './types';
import { scanLabels } from './scan';

export interface LabelOptions {
  /** Labels are integers in [0, numClasses). */
  numClasses: number;
  /** A label value (e.g. 255) whose voxels are left out of every count, in either map. */
  ignoreIndex?: number;
}

/**
 * Per-class confusion counts of a prediction against a ground truth, indexed by class. A voxel is left out
 * when the prediction or the ground truth holds `ignoreIndex` there.
 */
export function confusionCounts(
  pred: LabelArray,
  truth: LabelArray,
  options: LabelOptions,
): ConfusionCounts[] {
  if (!ArrayBuffer.isView(pred)) throw new Error('confusionCounts: pred must be a typed array');
  if (!ArrayBuffer.isView(truth)) throw new Error('confusionCounts: truth must be a typed array');
  if (pred.length !== truth.length) {
    throw new Error(`confusionCounts: pred has ${pred.length} values but truth has ${truth.length}`);
  }
  if (pred.length === 0) throw new Error('confusionCounts: pred and truth are empty');
  // Only counts are needed here, so the maps are scanned as one long row.
  const dims: Dims = [pred.length, 1, 1];
  const scan = scanLabels('confusionCounts', pred, truth, dims, options.numClasses, options.ignoreIndex);
  return countsFromScan(scan);
}

/** @internal Turns the scan's class totals into tp/fp/fn/tn per class. */
export function countsFromScan(scan: {
  numClasses: number;
  valid: number;
  predCount: Float64Array;
  truthCount: Float64Array;
  overlap: Float64Array;
}): ConfusionCounts[] {
  const out: ConfusionCounts[] = [];
  for (let k = 0; k < scan.numClasses; k++) {
    const tp = scan.overlap[k];
    const fp = scan.predCount[k] - tp;
    const fn = scan.truthCount[k] - tp;
    out.push({ tp, fp, fn, tn: scan.valid - tp - fp - fn });
  }
  return out;
}

function checkCounts(fn: string, c: ConfusionCounts): void {
  for (const key of ['tp', 'fp', 'fn', 'tn'] as const) {
    const v = c?.[key];
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`${fn}: counts.${key} must be an integer >= 0, got ${v}`);
  }
}

/** Dice similarity coefficient 2|A∩B| / (|A|+|B|) = 2tp / (2tp+fp+fn); 1 when both sets are empty. */
export function dice(counts: ConfusionCounts): number {
  checkCounts('dice', counts);
  const { tp, fp, fn } = counts;
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 1 : (2 * tp) / denominator;
}

/** Intersection over union |A∩B| / |A∪B| = tp / (tp+fp+fn); 1 when both sets are empty. */
export function iou(counts: ConfusionCounts): number {
  checkCounts('iou', counts);
  const { tp, fp, fn } = counts;
  const denominator = tp + fp + fn;
  return denominator === 0 ? 1 : tp / denominator;
}

/** Precision |A∩B| / |A| = tp / (tp+fp); 1 when both sets are empty, 0 when only the prediction is. */
export function precision(counts: ConfusionCounts): number {
  checkCounts('precision', counts);
  const { tp, fp, fn } = counts;
  if (tp + fp === 0) return fn === 0 ? 1 : 0;
  return tp / (tp + fp);
}

/** Recall (sensitivity) |A∩B| / |B| = tp / (tp+fn); 1 when both sets are empty, 0 when only the truth is. */
export function recall(counts: ConfusionCounts): number {
  checkCounts('recall', counts);
  const { tp, fp, fn } = counts;
  if (tp + fn === 0) return fp === 0 ? 1 : 0;
  return tp / (tp + fn);
}
