/**
 * One pass over a prediction / ground-truth pair that validates every label and gathers what all the
 * per-class metrics need: class counts, overlaps and per-class bounding boxes. Doing it once keeps the whole
 * evaluation O(N + sum of class boxes) instead of O(N x classes).
 */
import type { Dims, LabelArray } from './types';
import { checkIgnoreIndex, checkLength, checkPositiveInteger } from './validate';

export interface LabelScan {
  numClasses: number;
  /** Voxels counted (neither prediction nor ground truth is the ignore value). */
  valid: number;
  /** Voxels excluded because the prediction or the ground truth is the ignore value. */
  ignored: number;
  predCount: Float64Array;
  truthCount: Float64Array;
  /** Voxels that are class k in both. */
  overlap: Float64Array;
  /**
   * Per class k, the inclusive box [x0, x1, y0, y1, z0, z1] holding every valid voxel of class k in the
   * prediction or the ground truth, at 6k..6k+5; x0 > x1 when the class is absent from both.
   */
  box: Int32Array;
}

function labelError(
  fn: string,
  name: string,
  index: number,
  value: number,
  numClasses: number,
  ignore?: number,
) {
  const allowed = ignore === undefined ? '' : ` or the ignore value ${ignore}`;
  return new Error(
    `${fn}: ${name}[${index}] is ${value}; labels must be integers in [0, ${numClasses - 1}]${allowed}`,
  );
}

function isLabel(v: number, numClasses: number): boolean {
  return v >= 0 && v < numClasses && Math.floor(v) === v;
}

/**
 * Scans `pred` and `truth` (either may be null to scan one map alone; `names` are used in errors). Throws on a length mismatch or on a
 * label that is neither a class index nor the ignore value, naming the array and the voxel index.
 */
export function scanLabels(
  fn: string,
  pred: LabelArray | null,
  truth: LabelArray | null,
  dims: Dims,
  numClasses: number,
  ignoreIndex: number | undefined,
  names: readonly [string, string] = ['pred', 'truth'],
): LabelScan {
  checkPositiveInteger(fn, 'numClasses', numClasses);
  checkIgnoreIndex(fn, ignoreIndex, numClasses);
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (pred) checkLength(fn, names[0], pred, n, dims);
  if (truth) checkLength(fn, names[1], truth, n, dims);
  const ignore = ignoreIndex ?? Number.NaN; // NaN never equals a label, so "no ignore value" needs no branch
  const predCount = new Float64Array(numClasses);
  const truthCount = new Float64Array(numClasses);
  const overlap = new Float64Array(numClasses);
  const box = new Int32Array(numClasses * 6);
  for (let k = 0; k < numClasses; k++) box.set([nx, -1, ny, -1, nz, -1], 6 * k);
  const grow = (k: number, x: number, y: number, z: number) => {
    const b = 6 * k;
    if (x < box[b]) box[b] = x;
    if (x > box[b + 1]) box[b + 1] = x;
    if (y < box[b + 2]) box[b + 2] = y;
    if (y > box[b + 3]) box[b + 3] = y;
    if (z < box[b + 4]) box[b + 4] = z;
    if (z > box[b + 5]) box[b + 5] = z;
  };
  let valid = 0;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        // NaN stands in for a missing map: it equals neither a label nor the ignore value.
        const p = pred ? pred[i] : Number.NaN;
        const t = truth ? truth[i] : Number.NaN;
        if (pred && !isLabel(p, numClasses) && p !== ignore) {
          throw labelError(fn, names[0], i, p, numClasses, ignoreIndex);
        }
        if (truth && !isLabel(t, numClasses) && t !== ignore) {
          throw labelError(fn, names[1], i, t, numClasses, ignoreIndex);
        }
        if (p === ignore || t === ignore) continue;
        valid++;
        if (pred) {
          predCount[p]++;
          grow(p, x, y, z);
        }
        if (truth) {
          truthCount[t]++;
          if (t !== p) grow(t, x, y, z);
          else overlap[t]++;
        }
      }
    }
  }
  return { numClasses, valid, ignored: n - valid, predCount, truthCount, overlap, box };
}
