// Region proportions of one label map (the paper's ŷ_k = |Ω_k| / |Ω|), for the proportion chart.
import { regionProportions, type LabelArray } from '@seglens/metrics';

/** Fraction of all voxels per class index 0..numClasses−1 (background included); sums to 1. */
export function labelProportions(labels: LabelArray, numClasses: number): number[] {
  return Array.from(regionProportions(labels, { numClasses }));
}
