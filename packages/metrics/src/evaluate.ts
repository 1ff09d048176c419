/**
 * Whole-case evaluation: every metric of this package for every class of a prediction / ground-truth pair,
 * from one validating scan plus, per class, the surfaces and distance transforms inside the class's box.
 */
import { countsFromScan, dice, iou, precision, recall } from './overlap';
import { scanLabels } from './scan';
import { boxRegions, type ClassRegions } from './regions';
import { boxSurface, type Exclusion } from './surface';
import { distancesBetween } from './surface-distance';
import {
  averageSymmetricSurfaceDistance,
  normalizedSurfaceDistance,
  percentileHausdorff,
} from './surface-metrics';
import { meanIgnoringNaN, type MeanWithCount } from './mean';
import type { ConfusionCounts, Grid, LabelArray, SurfaceDistances } from './types';
import { checkDims, checkSpacing, checkTolerance } from './validate';

export interface EvaluateOptions extends Grid {
  /** Labels are integers in [0, numClasses); class 0 is the background. */
  numClasses: number;
  /** Tolerance τ (mm) of the normalised surface distance. Task-specific, so it has no default. */
  nsdTolerance: number;
  /**
   * Classes to report, in this order. Default: every class, without class 0 unless `includeBackground`.
   * When given, it is used as is and `includeBackground` is not consulted.
   */
  classes?: readonly number[];
  /** One name per class index (length numClasses). Default: "class <k>". */
  classNames?: readonly string[];
  /** Report class 0 too (default false). Only affects the default class list. */
  includeBackground?: boolean;
  /** A label value (e.g. 255) excluded from every count and surface, in either map. */
  ignoreIndex?: number;
  /** Percentile of the Hausdorff distance reported as `hd95` (default 95). */
  hausdorffPercentile?: number;
}

/** Why the distance metrics of a class are NaN, or null when they are defined. */
export type DistanceUndefinedReason = 'both-empty' | 'prediction-empty' | 'truth-empty' | null;

export interface ClassFlags {
  /** The class has no valid voxel in the prediction. */
  predEmpty: boolean;
  /** The class has no valid voxel in the ground truth. */
  truthEmpty: boolean;
  /** False when either set is empty: hd95, assd and nsd are then NaN. */
  distancesDefined: boolean;
  distanceUndefinedReason: DistanceUndefinedReason;
}

/** The per-class numbers; every one is a metric that can be averaged over cases. */
export interface ClassMetricValues {
  dsc: number;
  iou: number;
  precision: number;
  recall: number;
  /** Symmetric percentile Hausdorff distance (mm) at `hausdorffPercentile` (95 by default). */
  hd95: number;
  /** Average symmetric surface distance (mm). */
  assd: number;
  /** Normalised surface distance at `nsdTolerance` mm, in [0, 1]. */
  nsd: number;
  /** Ground-truth region proportion ŷ_k = |Ω_k| / |Ω| over the valid voxels. */
  trueProportion: number;
  /** Predicted region proportion (of the hard prediction) over the same voxels. */
  predProportion: number;
  /** predProportion − trueProportion: positive when the prediction over-segments. */
  proportionError: number;
  /** |predProportion − trueProportion|. */
  absProportionError: number;
  /** Connected regions (26-connected in 3-D, 8 in 2-D) of the class in the prediction; 0 when it is empty. */
  predRegions: number;
  /**
   * Share of the predicted voxels of the class that lie in regions sharing no voxel with the ground truth's
   * class, in [0, 1]; NaN when the prediction is empty. 1 when the truth is empty and the prediction is not.
   */
  falseRegionShare: number;
}

export type ClassMetricName = keyof ClassMetricValues;

/** Every name of `ClassMetricValues`, in report order. */
export const CLASS_METRIC_NAMES: readonly ClassMetricName[] = [
  'dsc',
  'iou',
  'precision',
  'recall',
  'hd95',
  'assd',
  'nsd',
  'trueProportion',
  'predProportion',
  'proportionError',
  'absProportionError',
  'predRegions',
  'falseRegionShare',
];

export interface ClassEvaluation extends ClassMetricValues {
  classIndex: number;
  name: string;
  counts: ConfusionCounts;
  /** Surface voxel counts |∂A| (prediction) and |∂B| (ground truth). */
  predSurfaceVoxels: number;
  truthSurfaceVoxels: number;
  /** The class's regions in the prediction, counted in voxels (`predRegions`, `falseRegionShare`). */
  regions: ClassRegions;
  flags: ClassFlags;
}

export interface SegmentationEvaluation {
  perClass: ClassEvaluation[];
  /** Mean DSC over the reported classes other than 0 (NaN if there are none). */
  meanForegroundDsc: number;
  /** Each metric's mean over the reported classes other than 0, NaN entries skipped, with the count used. */
  meanForeground: Record<ClassMetricName, MeanWithCount>;
  /** Voxels counted, and voxels left out because either map holds the ignore value. */
  validVoxels: number;
  ignoredVoxels: number;
  nsdTolerance: number;
  hausdorffPercentile: number;
}

const FN = 'evaluateSegmentation';

function resolveClasses(options: EvaluateOptions): number[] {
  const { numClasses, classes } = options;
  if (classes === undefined) {
    const first = options.includeBackground ? 0 : 1;
    return Array.from({ length: Math.max(numClasses - first, 0) }, (_, i) => i + first);
  }
  if (!Array.isArray(classes)) throw new Error(`${FN}: classes must be an array of class indices`);
  const seen = new Set<number>();
  for (const k of classes) {
    if (!Number.isInteger(k) || k < 0 || k >= numClasses) {
      throw new Error(`${FN}: classes contains ${k}, not a class index in [0, ${numClasses - 1}]`);
    }
    if (seen.has(k)) throw new Error(`${FN}: classes lists class ${k} twice`);
    seen.add(k);
  }
  return [...classes];
}

function checkOptions(options: EvaluateOptions): void {
  if (options === null || typeof options !== 'object') throw new Error(`${FN}: options must be an object`);
  checkDims(FN, options.dims);
  checkSpacing(FN, options.spacing);
  checkTolerance(FN, 'nsdTolerance', options.nsdTolerance);
  const p = options.hausdorffPercentile ?? 95;
  if (!(p >= 0 && p <= 100)) throw new Error(`${FN}: hausdorffPercentile must be in [0, 100], got ${p}`);
  const names = options.classNames;
  if (names !== undefined && (!Array.isArray(names) || names.length !== options.numClasses)) {
    throw new Error(
      `${FN}: classNames must have numClasses (${options.numClasses}) entries, got ${names?.length}`,
    );
  }
}

function reasonFor(predEmpty: boolean, truthEmpty: boolean): DistanceUndefinedReason {
  if (predEmpty && truthEmpty) return 'both-empty';
  if (predEmpty) return 'prediction-empty';
  if (truthEmpty) return 'truth-empty';
  return null;
}

/**
 * Evaluates a predicted label map against a ground-truth label map on one grid: per class DSC, IoU,
 * precision, recall, HD95, ASSD, NSD and region proportions, plus foreground means. See the README for every
 * definition and the empty-set rules.
 */
export function evaluateSegmentation(
  pred: LabelArray,
  truth: LabelArray,
  options: EvaluateOptions,
): SegmentationEvaluation {
  checkOptions(options);
  const { dims, spacing, nsdTolerance, ignoreIndex } = options;
  const hausdorffP = options.hausdorffPercentile ?? 95;
  const scan = scanLabels(FN, pred, truth, dims, options.numClasses, ignoreIndex);
  const classes = resolveClasses(options);
  const counts = countsFromScan(scan);
  // A class voxel counts only where the other map is not the ignore value (its own map cannot be).
  const excludeForPred: Exclusion | null =
    ignoreIndex === undefined ? null : { labels: truth, value: ignoreIndex };
  const excludeForTruth: Exclusion | null =
    ignoreIndex === undefined ? null : { labels: pred, value: ignoreIndex };

  const perClass = classes.map((k): ClassEvaluation => {
    const c = counts[k];
    const predEmpty = scan.predCount[k] === 0;
    const truthEmpty = scan.truthCount[k] === 0;
    let distances: SurfaceDistances = { predToTruth: new Float64Array(0), truthToPred: new Float64Array(0) };
    const box = scan.box.subarray(6 * k, 6 * k + 6);
    // A class missing from the prediction has no regions: its box (the truth's) need not be scanned for them.
    const regions = predEmpty
      ? { regions: 0, falseRegions: 0, predVoxels: 0, falseRegionVoxels: 0 }
      : boxRegions(pred, truth, dims, box, k, ignoreIndex);
    if (!predEmpty || !truthEmpty) {
      const a = boxSurface(pred, dims, box, k, excludeForPred);
      const b = boxSurface(truth, dims, box, k, excludeForTruth);
      distances = distancesBetween(a, b, spacing);
    }
    const trueProportion = scan.valid === 0 ? Number.NaN : scan.truthCount[k] / scan.valid;
    const predProportion = scan.valid === 0 ? Number.NaN : scan.predCount[k] / scan.valid;
    const reason = reasonFor(predEmpty, truthEmpty);
    return {
      classIndex: k,
      name: options.classNames?.[k] ?? `class ${k}`,
      dsc: dice(c),
      iou: iou(c),
      precision: precision(c),
      recall: recall(c),
      hd95: percentileHausdorff(distances, hausdorffP),
      assd: averageSymmetricSurfaceDistance(distances),
      nsd: normalizedSurfaceDistance(distances, nsdTolerance),
      trueProportion,
      predProportion,
      proportionError: predProportion - trueProportion,
      absProportionError: Math.abs(predProportion - trueProportion),
      predRegions: regions.regions,
      falseRegionShare: predEmpty ? Number.NaN : regions.falseRegionVoxels / regions.predVoxels,
      counts: c,
      predSurfaceVoxels: distances.predToTruth.length,
      truthSurfaceVoxels: distances.truthToPred.length,
      regions,
      flags: { predEmpty, truthEmpty, distancesDefined: reason === null, distanceUndefinedReason: reason },
    };
  });

  const foreground = perClass.filter((e) => e.classIndex !== 0);
  const meanForeground = {} as Record<ClassMetricName, MeanWithCount>;
  for (const name of CLASS_METRIC_NAMES)
    meanForeground[name] = meanIgnoringNaN(foreground.map((e) => e[name]));
  return {
    perClass,
    meanForegroundDsc: meanForeground.dsc.count === 0 ? Number.NaN : meanForeground.dsc.mean,
    meanForeground,
    validVoxels: scan.valid,
    ignoredVoxels: scan.ignored,
    nsdTolerance,
    hausdorffPercentile: hausdorffP,
  };
}
