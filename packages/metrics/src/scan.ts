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
 * Longest run of voxels one call of a row function scans. Each row (or, in a map scanned as one long row, each
 * piece of CHUNK voxels) is a call of its own, so V8 optimises the small row function whole and keeps it for every
 * later call; a loop nest inside the caller would instead be compiled on the stack, anew in each call (README,
 * "First calls: scans row by row").
 */
const CHUNK = 4096;

/** Per-class sums a scan accumulates; `valid` counts the voxels neither map marks with the ignore value. */
interface Sums {
  valid: number;
  predCount: Float64Array;
  truthCount: Float64Array;
  overlap: Float64Array;
  box: Int32Array;
}

/** Grows class k's box to hold (x, y, z). */
function grow(box: Int32Array, k: number, x: number, y: number, z: number): void {
  const b = 6 * k;
  if (x < box[b]) box[b] = x;
  if (x > box[b + 1]) box[b + 1] = x;
  if (y < box[b + 2]) box[b + 2] = y;
  if (y > box[b + 3]) box[b + 3] = y;
  if (z < box[b + 4]) box[b + 4] = z;
  if (z > box[b + 5]) box[b + 5] = z;
}

/**
 * Scans voxels x0 ≤ x < x1 of row (y, z), the first of them at index i0. Returns −1, or the index of the first
 * voxel whose prediction or ground truth is neither a label nor the ignore value (the caller names which); the
 * sums are then incomplete, and the caller throws.
 */
function scanRow(
  pred: LabelArray,
  truth: LabelArray,
  i0: number,
  x0: number,
  x1: number,
  y: number,
  z: number,
  numClasses: number,
  ignore: number,
  sums: Sums,
): number {
  const { predCount, truthCount, overlap, box } = sums;
  let valid = 0;
  let bad = -1;
  for (let x = x0, i = i0; x < x1; x++, i++) {
    const p = pred[i];
    const t = truth[i];
    if ((!isLabel(p, numClasses) && p !== ignore) || (!isLabel(t, numClasses) && t !== ignore)) {
      bad = i;
      break;
    }
    if (p === ignore || t === ignore) continue;
    valid++;
    predCount[p]++;
    grow(box, p, x, y, z);
    truthCount[t]++;
    if (t !== p) grow(box, t, x, y, z);
    else overlap[t]++;
  }
  sums.valid += valid;
  return bad;
}

/**
 * Scans `pred` and `truth` (`names` are used in errors). Throws on a length mismatch or on a label that is neither
 * a class index nor the ignore value, naming the array and the voxel index.
 */
export function scanLabels(
  fn: string,
  pred: LabelArray,
  truth: LabelArray,
  dims: Dims,
  numClasses: number,
  ignoreIndex: number | undefined,
  names: readonly [string, string] = ['pred', 'truth'],
): LabelScan {
  checkPositiveInteger(fn, 'numClasses', numClasses);
  checkIgnoreIndex(fn, ignoreIndex, numClasses);
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  checkLength(fn, names[0], pred, n, dims);
  checkLength(fn, names[1], truth, n, dims);
  const ignore = ignoreIndex ?? Number.NaN; // NaN never equals a label, so "no ignore value" needs no branch
  const box = new Int32Array(numClasses * 6);
  for (let k = 0; k < numClasses; k++) box.set([nx, -1, ny, -1, nz, -1], 6 * k);
  const sums: Sums = {
    valid: 0,
    predCount: new Float64Array(numClasses),
    truthCount: new Float64Array(numClasses),
    overlap: new Float64Array(numClasses),
    box,
  };
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      for (let x0 = 0; x0 < nx; x0 += CHUNK) {
        const x1 = Math.min(nx, x0 + CHUNK);
        const bad = scanRow(pred, truth, row + x0, x0, x1, y, z, numClasses, ignore, sums);
        if (bad >= 0) {
          const inPred = !isLabel(pred[bad], numClasses) && pred[bad] !== ignore;
          const [name, value] = inPred ? [names[0], pred[bad]] : [names[1], truth[bad]];
          throw labelError(fn, name, bad, value, numClasses, ignoreIndex);
        }
      }
    }
  }
  const { valid, predCount, truthCount, overlap } = sums;
  return { numClasses, valid, ignored: n - valid, predCount, truthCount, overlap, box };
}

/** Counts class k's voxels in labels[i0..i1) into counts[k]; returns −1 or the index of the first non-label. */
function countRun(
  labels: LabelArray,
  i0: number,
  i1: number,
  numClasses: number,
  ignore: number,
  counts: Float64Array,
): number {
  for (let i = i0; i < i1; i++) {
    const v = labels[i];
    if (v === ignore) continue;
    if (!isLabel(v, numClasses)) return i;
    counts[v]++;
  }
  return -1;
}

/**
 * Voxels of each class in one map (no boxes, no second map: regionProportions' whole need), CHUNK at a time.
 * Throws on a label that is neither a class index nor the ignore value, naming `name` and the voxel index.
 */
export function countLabels(
  fn: string,
  name: string,
  labels: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): { counts: Float64Array; valid: number } {
  checkPositiveInteger(fn, 'numClasses', numClasses);
  checkIgnoreIndex(fn, ignoreIndex, numClasses);
  const ignore = ignoreIndex ?? Number.NaN;
  const counts = new Float64Array(numClasses);
  for (let i0 = 0; i0 < labels.length; i0 += CHUNK) {
    const bad = countRun(labels, i0, Math.min(labels.length, i0 + CHUNK), numClasses, ignore, counts);
    if (bad >= 0) throw labelError(fn, name, bad, labels[bad], numClasses, ignoreIndex);
  }
  let valid = 0;
  for (let k = 0; k < numClasses; k++) valid += counts[k];
  return { counts, valid };
}
