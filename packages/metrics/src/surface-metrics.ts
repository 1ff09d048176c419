/**
 * Distance metrics from directed surface distances (see `surfaceDistances`). ∂A is the predicted surface,
 * ∂B the ground-truth surface, d(a, ∂B) the distance in mm from a voxel a to the nearest voxel of ∂B.
 *
 * Empty-set rule: when either surface is empty (either set is empty) no distance between the two sets
 * exists, and every metric here returns NaN. `evaluateSegmentation` reports why in its `flags`.
 */
import { percentile } from './percentile';
import type { SurfaceDistances } from './types';
import { checkTolerance } from './validate';

/**
 * Slack (mm) when comparing a distance with the NSD tolerance: a distance of 3 voxels at 0.1 mm spacing is
 * 0.30000000000000004 in floating point and must count as within a 0.3 mm tolerance.
 */
export const NSD_TOLERANCE_SLACK_MM = 1e-9;

function defined(d: SurfaceDistances): boolean {
  return d.predToTruth.length > 0 && d.truthToPred.length > 0;
}

/**
 * Symmetric percentile Hausdorff distance: max(P_p{d(a, ∂B) : a ∈ ∂A}, P_p{d(b, ∂A) : b ∈ ∂B}), the larger of
 * the two directed p-th percentiles, with linear interpolation (numpy / torch.quantile default). That is
 * MONAI's `compute_hausdorff_distance(percentile=p, directed=False)`. p = 100 is the classic Hausdorff
 * distance.
 */
export function percentileHausdorff(distances: SurfaceDistances, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentileHausdorff: p must be in [0, 100], got ${p}`);
  if (!defined(distances)) return Number.NaN;
  return Math.max(percentile(distances.predToTruth, p), percentile(distances.truthToPred, p));
}

/** 95th-percentile Hausdorff distance (HD95) in mm: `percentileHausdorff(distances, 95)`. */
export function hausdorff95(distances: SurfaceDistances): number {
  return percentileHausdorff(distances, 95);
}

/**
 * Average symmetric surface distance (ASSD) in mm: the mean over the union of both directed distance sets,
 * (Σ_{a∈∂A} d(a, ∂B) + Σ_{b∈∂B} d(b, ∂A)) / (|∂A| + |∂B|).
 */
export function averageSymmetricSurfaceDistance(distances: SurfaceDistances): number {
  if (!defined(distances)) return Number.NaN;
  let sum = 0;
  for (const v of distances.predToTruth) sum += v;
  for (const v of distances.truthToPred) sum += v;
  return sum / (distances.predToTruth.length + distances.truthToPred.length);
}

/**
 * Normalised surface distance ("surface Dice", Nikolov et al. 2018) at tolerance τ mm, voxel-count version:
 * (|{a ∈ ∂A : d(a, ∂B) ≤ τ}| + |{b ∈ ∂B : d(b, ∂A) ≤ τ}|) / (|∂A| + |∂B|), in [0, 1].
 * DeepMind's `surface-distance` package weights each surface element by its area; counting surface voxels
 * instead approximates it (they differ most on jagged surfaces and strongly anisotropic spacing).
 */
export function normalizedSurfaceDistance(distances: SurfaceDistances, tolerance: number): number {
  checkTolerance('normalizedSurfaceDistance', 'tolerance', tolerance);
  if (!defined(distances)) return Number.NaN;
  const limit = tolerance + NSD_TOLERANCE_SLACK_MM;
  let within = 0;
  for (const v of distances.predToTruth) if (v <= limit) within++;
  for (const v of distances.truthToPred) if (v <= limit) within++;
  return within / (distances.predToTruth.length + distances.truthToPred.length);
}
