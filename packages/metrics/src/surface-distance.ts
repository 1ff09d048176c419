/**
 * Directed surface distances between two masks: for every surface voxel of one, the distance in mm to the
 * nearest surface voxel of the other, read off the exact EDT of the other's surface.
 */
import { maskBox } from './box';
import { squaredDistanceTransform } from './edt';
import { boxSurface, type BoxSurface } from './surface';
import type { Dims, MaskArray, Spacing, SurfaceDistances } from './types';
import { checkDims, checkLength, checkSpacing } from './validate';

/** Distances (mm) at the surface voxels of `from` to those of `to` (+Infinity each if `to` is empty). */
function directed(from: BoxSurface, to: BoxSurface, spacing: Spacing, work: Float64Array): Float64Array {
  const out = new Float64Array(from.indices.length);
  if (to.indices.length === 0) return out.fill(Infinity);
  squaredDistanceTransform(to.mask, to.dims, spacing, work, to.indices, from.indices);
  from.indices.forEach((i, j) => (out[j] = Math.sqrt(work[i])));
  return out;
}

/**
 * @internal Surface distances between two surfaces found in the same box. Distances are listed in voxel
 * index order (x fastest).
 */
export function distancesBetween(pred: BoxSurface, truth: BoxSurface, spacing: Spacing): SurfaceDistances {
  const work = new Float64Array(pred.mask.length);
  return {
    predToTruth: directed(pred, truth, spacing, work),
    truthToPred: directed(truth, pred, spacing, work),
  };
}

/**
 * Directed surface distances between two binary masks (non-zero = in the set) on one grid, in mm, in voxel
 * index order. When one set is empty the other direction holds +Infinity for each of its surface voxels and
 * this direction is empty; the distance metrics then return NaN.
 */
export function surfaceDistances(
  pred: MaskArray,
  truth: MaskArray,
  dims: Dims,
  spacing: Spacing,
): SurfaceDistances {
  const n = checkDims('surfaceDistances', dims);
  checkSpacing('surfaceDistances', spacing);
  checkLength('surfaceDistances', 'pred', pred, n, dims);
  checkLength('surfaceDistances', 'truth', truth, n, dims);
  const box = maskBox(pred, truth, dims);
  if (box[0] > box[1]) return { predToTruth: new Float64Array(0), truthToPred: new Float64Array(0) };
  return distancesBetween(
    boxSurface(pred, dims, box, null, null),
    boxSurface(truth, dims, box, null, null),
    spacing,
  );
}
