// The user's labels for fine-tuning: which slices carry labels, and the label volume the worker trains on
// (255 = unlabelled, outside the chosen slices). Label maps are x fastest, then y, then z (dims [nx, ny, nz]).
import type { Vec3 } from '@seglens/data';

/** Label value for voxels left out of the loss (the losses' ignoreIndex). */
export const UNLABELLED = 255;

function checkGrid(labels: ArrayLike<number>, dims: Vec3, axis: number, what: string): void {
  if (!Array.isArray(dims) || dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1))
    throw new Error(`${what}: dims must be three positive integers, got ${JSON.stringify(dims)}`);
  if (labels.length !== dims[0] * dims[1] * dims[2])
    throw new Error(
      `${what}: labels has ${labels.length} values but dims ${dims.join('x')} need ${dims[0] * dims[1] * dims[2]}`,
    );
  if (axis !== 0 && axis !== 1 && axis !== 2) throw new Error(`${what}: axis must be 0, 1 or 2, got ${axis}`);
}

/** Calls fn(voxel index, coordinate along `axis`) for every voxel, in memory order. */
function forEachVoxel(dims: Vec3, axis: 0 | 1 | 2, fn: (v: number, s: number) => void): void {
  const [nx, ny, nz] = dims;
  let v = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) fn(v, axis === 0 ? i : axis === 1 ? j : k);
}

/** The slices along `axis` (ascending) with at least one voxel labelled other than 0 and 255. */
export function labelledSlices(labels: ArrayLike<number>, dims: Vec3, axis: 0 | 1 | 2): number[] {
  checkGrid(labels, dims, axis, 'labelledSlices');
  const labelled = new Uint8Array(dims[axis]);
  forEachVoxel(dims, axis, (v, s) => {
    const y = labels[v];
    if (y !== 0 && y !== UNLABELLED) labelled[s] = 1;
  });
  return Array.from(labelled.keys()).filter((s) => labelled[s] === 1);
}

/**
 * The labels to fine-tune on: the user's labels on `slices` (there, 0 is background the user accepted), and
 * 255 everywhere else. A new array; the input is not changed.
 */
export function fineTuneLabels(
  userLabels: ArrayLike<number>,
  dims: Vec3,
  axis: 0 | 1 | 2,
  slices: readonly number[],
): Uint8Array {
  checkGrid(userLabels, dims, axis, 'fineTuneLabels');
  const chosen = new Uint8Array(dims[axis]);
  for (const s of slices) {
    if (!Number.isInteger(s) || s < 0 || s >= dims[axis])
      throw new Error(`fineTuneLabels: slice ${s} is outside 0..${dims[axis] - 1} (axis ${axis})`);
    chosen[s] = 1;
  }
  const out = new Uint8Array(userLabels.length);
  forEachVoxel(dims, axis, (v, s) => {
    const y = userLabels[v];
    if (chosen[s] && !(Number.isInteger(y) && y >= 0 && y <= 255))
      throw new Error(`fineTuneLabels: label ${y} at voxel ${v} is not a uint8 class index`);
    out[v] = chosen[s] ? y : UNLABELLED;
  });
  return out;
}
