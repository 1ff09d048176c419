/**
 * Connected regions of one class in a prediction, and how much of the prediction lies in regions that touch no
 * ground-truth voxel of the class ("false regions").
 *
 * Why: HD95 and the predicted region proportion cannot tell a model that draws the organ too large from one that
 * draws the organ about right plus a second blob elsewhere (a 2-D model marking the heart as spleen), or from one
 * whose mask is speckle. The region count and the false-region share separate those cases, so a proportion error
 * is not read as a region-size bias when it is a false detection.
 *
 * Regions are fully connected: voxels that share a face, an edge or a corner (26 neighbours in 3-D, 8 in 2-D,
 * since an axis of length 1 has no neighbours). Full connectivity gives the fewest regions any connectivity
 * would, so a region counted as false here is false under 6-connectivity too.
 */
import type { Dims, LabelArray } from './types';
import { maskBox } from './box';
import { checkDims, checkLength } from './validate';

/** The regions of one class in a prediction, measured against the ground truth. */
export interface ClassRegions {
  /** Connected regions of the class in the prediction. */
  regions: number;
  /** Regions that share no voxel with the class in the ground truth. */
  falseRegions: number;
  /** Predicted voxels of the class (valid voxels only). */
  predVoxels: number;
  /** Of those, the voxels in false regions. */
  falseRegionVoxels: number;
}

export interface RegionOptions {
  dims: Dims;
  /** The class whose regions are counted. */
  classIndex: number;
  /** A label value left out of every region where either map holds it (as in `evaluateSegmentation`). */
  ignoreIndex?: number;
}

const FN = 'predictedRegions';

/**
 * The connected regions of class `classIndex` in `pred`, and which of them share no voxel with the class in
 * `truth`. `evaluateSegmentation` reports the same per class as `predRegions` and `falseRegionShare`.
 */
export function predictedRegions(pred: LabelArray, truth: LabelArray, options: RegionOptions): ClassRegions {
  if (options === null || typeof options !== 'object') throw new Error(`${FN}: options must be an object`);
  const { dims, classIndex: k, ignoreIndex } = options;
  const n = checkDims(FN, dims);
  checkLength(FN, 'pred', pred, n, dims);
  checkLength(FN, 'truth', truth, n, dims);
  if (!Number.isInteger(k) || k < 0) throw new Error(`${FN}: classIndex must be an integer >= 0, got ${k}`);
  if (ignoreIndex !== undefined && ignoreIndex === k) {
    throw new Error(`${FN}: ignoreIndex ${ignoreIndex} is the class being measured`);
  }
  // The box of the predicted class voxels (the flood never leaves it).
  const inClass = Uint8Array.from(pred, (v) => (v === k ? 1 : 0));
  const box = maskBox(inClass, inClass, dims);
  return boxRegions(pred, truth, dims, box, k, ignoreIndex);
}

/**
 * @internal Regions of class `k` of `pred` within the inclusive box [x0, x1, y0, y1, z0, z1] of the full grid,
 * which must hold every predicted voxel of the class. A voxel where `truth` holds `ignoreIndex` is outside every
 * region (as it is outside every count of `evaluateSegmentation`). Inputs are checked by the caller.
 */
export function boxRegions(
  pred: LabelArray,
  truth: LabelArray,
  full: Dims,
  box: ArrayLike<number>,
  k: number,
  ignoreIndex: number | undefined,
): ClassRegions {
  const result: ClassRegions = { regions: 0, falseRegions: 0, predVoxels: 0, falseRegionVoxels: 0 };
  const [x0, x1, y0, y1, z0, z1] = [box[0], box[1], box[2], box[3], box[4], box[5]];
  if (x0 > x1) return result;
  const [nx, ny] = full;
  const bx = x1 - x0 + 1;
  const by = y1 - y0 + 1;
  const bz = z1 - z0 + 1;
  const size = bx * by * bz;
  // 0 = not yet visited; 1 = visited (in a region or not in the class).
  const seen = new Uint8Array(size);
  const queue = new Int32Array(size);
  const inClass = (g: number) => pred[g] === k && (ignoreIndex === undefined || truth[g] !== ignoreIndex);
  for (let start = 0, sz = 0; sz < bz; sz++)
    for (let sy = 0; sy < by; sy++)
      for (let sx = 0, g0 = x0 + (sy + y0) * nx + (sz + z0) * nx * ny; sx < bx; sx++, start++) {
        if (seen[start]) continue;
        seen[start] = 1;
        if (!inClass(g0 + sx)) continue;
        flood(start);
      }
  return result;

  /** Breadth-first flood of the region holding box voxel `start` (in the class, not yet counted). */
  function flood(start: number): void {
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    let voxels = 0;
    let touchesTruth = false;
    while (head < tail) {
      const b = queue[head++];
      voxels++;
      const x = b % bx;
      const y = ((b - x) / bx) % by;
      const z = (b - x - y * bx) / (bx * by);
      if (!touchesTruth && truth[x + x0 + (y + y0) * nx + (z + z0) * nx * ny] === k) touchesTruth = true;
      for (let dz = z > 0 ? -1 : 0; dz <= (z < bz - 1 ? 1 : 0); dz++) {
        for (let dy = y > 0 ? -1 : 0; dy <= (y < by - 1 ? 1 : 0); dy++) {
          for (let dx = x > 0 ? -1 : 0; dx <= (x < bx - 1 ? 1 : 0); dx++) {
            const n = b + dx + dy * bx + dz * bx * by;
            if (seen[n]) continue;
            const g = x + dx + x0 + (y + dy + y0) * nx + (z + dz + z0) * nx * ny;
            if (!inClass(g)) continue; // left unseen: it costs one more look when the outer scan reaches it
            seen[n] = 1;
            queue[tail++] = n;
          }
        }
      }
    }
    result.regions++;
    result.predVoxels += voxels;
    if (!touchesTruth) {
      result.falseRegions++;
      result.falseRegionVoxels += voxels;
    }
  }
}
