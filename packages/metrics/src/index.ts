// The public surface of @seglens/metrics: segmentation metrics on typed arrays, no dependencies.
export type { ConfusionCounts, Dims, Grid, LabelArray, MaskArray, Spacing, SurfaceDistances } from './types';
export { confusionCounts, dice, iou, precision, recall, type LabelOptions } from './overlap';
export { euclideanDistanceTransform } from './edt';
export { surfaceVoxels } from './surface';
export { surfaceDistances } from './surface-distance';
export { percentile } from './percentile';
export {
  averageSymmetricSurfaceDistance,
  hausdorff95,
  normalizedSurfaceDistance,
  NSD_TOLERANCE_SLACK_MM,
  percentileHausdorff,
} from './surface-metrics';
export {
  DEFAULT_NSD_TOLERANCE,
  distanceUnitOfGrid,
  formatDistance,
  gridShape,
  type DistanceUnit,
  type GridShape,
} from './distance-unit';
export { regionProportions } from './proportions';
export { predictedRegions, type ClassRegions, type RegionOptions } from './regions';
export {
  CLASS_METRIC_NAMES,
  evaluateSegmentation,
  type ClassEvaluation,
  type ClassFlags,
  type ClassMetricName,
  type ClassMetricValues,
  type DistanceUndefinedReason,
  type EvaluateOptions,
  type SegmentationEvaluation,
} from './evaluate';
export { meanIgnoringNaN, type MeanWithCount } from './mean';
export { averageEvaluations, type ClassAverage, type EvaluationAverage, type MetricMeans } from './aggregate';
export {
  bootstrapMeanCi,
  normalSurvival,
  pairedComparison,
  sizeBins,
  wilcoxonSignedRank,
  type BootstrapOptions,
  type PairedComparison,
  type SizeBin,
  type WilcoxonMethod,
  type WilcoxonResult,
} from './stats';
export { Rng, type RngState } from './random';
