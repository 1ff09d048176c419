// Region proportions of one label map (the paper's ŷ_k = |Ω_k| / |Ω|), for the proportion chart.
import { regionProportions, type LabelArray } from '@seglens/metrics';

/**
 * Fraction of all voxels per class index 0..numClasses−1 (background included); sums to 1. With `labelled`
 * (a reference's foreground classes), every other foreground class is NaN: a SEG of the liver alone does not
 * say the spleen takes 0% of the scan, and the chart then draws no bar for it.
 */
export function labelProportions(
  labels: LabelArray,
  numClasses: number,
  labelled?: readonly number[],
): number[] {
  const values = Array.from(regionProportions(labels, { numClasses }));
  if (labelled) for (let k = 1; k < numClasses; k++) if (!labelled.includes(k)) values[k] = Number.NaN;
  return values;
}
