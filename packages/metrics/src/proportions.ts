/**
 * Region proportions, the quantity the paper's region-size terms act on: for class k, ŷ_k = |Ω_k| / |Ω|
 * (Liu et al., Table 1), here over the valid voxels Ω (the ignore value excluded).
 */
import type { LabelArray } from './types';
import type { LabelOptions } from './overlap';
import { countLabels } from './scan';

/**
 * Proportion of the valid voxels that carry each class, indexed by class; the entries sum to 1. Every entry
 * is NaN when no voxel is valid (all are the ignore value).
 */
export function regionProportions(labels: LabelArray, options: LabelOptions): Float64Array {
  if (!ArrayBuffer.isView(labels)) throw new Error('regionProportions: labels must be a typed array');
  if (labels.length === 0) throw new Error('regionProportions: labels is empty');
  const { counts, valid } = countLabels(
    'regionProportions',
    'labels',
    labels,
    options.numClasses,
    options.ignoreIndex,
  );
  const out = new Float64Array(options.numClasses);
  for (let k = 0; k < out.length; k++) out[k] = valid === 0 ? Number.NaN : counts[k] / valid;
  return out;
}
