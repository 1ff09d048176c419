/**
 * Directed surface distances between two masks: for every surface voxel of one, the distance in mm to the
 * nearest surface voxel of the other, read off the exact EDT of the other's surface.
 */
import { cropAround, extractMask, maskBox } from './crop';
import { squaredDistanceTransform } from './edt';
import { surfaceMask } from './surface';
import type { Dims, MaskArray, Spacing, SurfaceDistances } from './types';
import { checkDims, checkLength, checkSpacing } from './validate';

/** Distances (mm) at the voxels of `from` to the set voxels of `to` (+Infinity each if `to` is empty). */
function directed(
  from: Uint8Array,
  fromCount: number,
  to: Uint8Array,
  toCount: number,
  dims: Dims,
  spacing: Spacing,
  work: Float64Array,
) {
  const out = new Float64Array(fromCount);
  if (toCount === 0) return out.fill(Infinity);
  squaredDistanceTransform(to, dims, spacing, work);
  let j = 0;
  for (let i = 0; i < from.length; i++) if (from[i] !== 0) out[j++] = Math.sqrt(work[i]);
  return out;
}

function count(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i];
  return c;
}

/**
 * @internal Surface distances between two 0/1 masks on the same (already cropped and validated) grid.
 * Distances are listed in voxel index order (x fastest).
 */
export function surfaceDistancesOf(
  pred: Uint8Array,
  truth: Uint8Array,
  dims: Dims,
  spacing: Spacing,
): SurfaceDistances {
  const sp = surfaceMask(pred, dims);
  const st = surfaceMask(truth, dims);
  const np = count(sp);
  const nt = count(st);
  const work = new Float64Array(sp.length);
  return {
    predToTruth: directed(sp, np, st, nt, dims, spacing, work),
    truthToPred: directed(st, nt, sp, np, dims, spacing, work),
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
  const crop = cropAround(box, dims);
  const a = extractMask(pred, dims, crop, null, null);
  const b = extractMask(truth, dims, crop, null, null);
  return surfaceDistancesOf(a, b, crop.dims, spacing);
}
