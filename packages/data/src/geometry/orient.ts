// Re-indexing a Volume without moving anything in the patient: flips and axis permutations change which
// voxel index holds which value and update origin/direction so every value keeps its world position.
import { ijkToLps, type Direction, type Vec3, type Volume, type VoxelArray } from '../volume';

type VoxelArrayConstructor = new (length: number) => VoxelArray;

// Letters name where each voxel axis points TO (nibabel's convention; ITK names the opposite end).
const POSITIVE = ['L', 'P', 'S'];
const NEGATIVE = ['R', 'A', 'I'];

function column(direction: Direction, axis: number): Vec3 {
  return [direction[3 * axis], direction[3 * axis + 1], direction[3 * axis + 2]];
}

/** Whether `code` is a three-letter orientation code in upper case: one of L/R, one of P/A, one of S/I. */
export function isOrientationCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[LRPAIS]{3}$/.test(code)) return false;
  const worlds = [...code].map((letter) => Math.max(POSITIVE.indexOf(letter), NEGATIVE.indexOf(letter)));
  return new Set(worlds).size === 3;
}

/**
 * The axis-aligned direction cosines whose orientation code is `code` (e.g. 'RAS'): the inverse of
 * orientationCode for volumes that are not oblique, e.g. to make a volume already stored in a model's orientation.
 */
export function directionForCode(code: string): Direction {
  if (!isOrientationCode(code)) {
    throw new Error(`directionForCode: "${code}" is not an orientation code (one of L/R, one of P/A, one of S/I)`);
  }
  const direction = new Array<number>(9).fill(0);
  [...code].forEach((letter, axis) => {
    const positive = POSITIVE.indexOf(letter);
    direction[3 * axis + (positive >= 0 ? positive : NEGATIVE.indexOf(letter))] = positive >= 0 ? 1 : -1;
  });
  return direction as Direction;
}

/**
 * Three-letter orientation of a Volume, e.g. 'LPS' for a DICOM axial series or 'LAS' for a NIfTI stored with
 * j pointing anterior. Each letter is the patient direction the voxel axis i, j or k points to, taken from the
 * largest component of its direction cosine (oblique axes are named after their closest anatomical axis).
 */
export function orientationCode(volume: Pick<Volume, 'direction'>): string {
  return [0, 1, 2]
    .map((axis) => {
      const c = column(volume.direction, axis);
      const major = [0, 1, 2].reduce((best, a) => (Math.abs(c[a]) > Math.abs(c[best]) ? a : best), 0);
      return c[major] >= 0 ? POSITIVE[major] : NEGATIVE[major];
    })
    .join('');
}

/**
 * Copies voxels so that new index (i, j, k) holds the old voxel at oldIndex(i, j, k). oldIndex is a flip and/or
 * permutation, hence affine: it is sampled at four corners into a base offset and three (possibly negative)
 * strides, and the copy walks them without a call per voxel (segment() re-indexes whole CT volumes twice).
 */
function remap(volume: Volume, dims: Vec3, oldIndex: (i: number, j: number, k: number) => Vec3): VoxelArray {
  const { channels, voxels } = volume;
  const [ox, oy] = volume.dims;
  const linear = ([a, b, c]: Vec3): number => a + ox * (b + oy * c);
  const base = linear(oldIndex(0, 0, 0));
  const si = (linear(oldIndex(1, 0, 0)) - base) * channels;
  const sj = (linear(oldIndex(0, 1, 0)) - base) * channels;
  const sk = (linear(oldIndex(0, 0, 1)) - base) * channels;
  const out = new (voxels.constructor as VoxelArrayConstructor)(voxels.length);
  let n = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      let from = base * channels + j * sj + k * sk;
      if (channels === 1) {
        for (let i = 0; i < dims[0]; i++, from += si) out[n++] = voxels[from];
      } else {
        for (let i = 0; i < dims[0]; i++, from += si)
          for (let ch = 0; ch < channels; ch++) out[n++] = voxels[from + ch];
      }
    }
  }
  return out;
}

/** Reverses the voxel order along one axis (0 = i, 1 = j, 2 = k); world positions are unchanged. */
export function flipAxis(volume: Volume, axis: 0 | 1 | 2): Volume {
  if (![0, 1, 2].includes(axis)) throw new Error(`flipAxis: axis must be 0, 1 or 2, got ${axis}`);
  const last = volume.dims[axis] - 1;
  const corner: Vec3 = [0, 0, 0];
  corner[axis] = last;
  const direction = [...volume.direction] as Direction;
  for (let r = 0; r < 3; r++) direction[3 * axis + r] = -direction[3 * axis + r] + 0;
  const voxels = remap(volume, volume.dims, (i, j, k) => {
    const index: Vec3 = [i, j, k];
    index[axis] = last - index[axis];
    return index;
  });
  return { ...volume, voxels, origin: ijkToLps(volume, corner), direction, dims: [...volume.dims] };
}

/**
 * Reorders the voxel axes: new axis m is old axis order[m] (e.g. [2, 0, 1] makes k the fastest axis). World
 * positions are unchanged.
 */
export function permuteAxes(volume: Volume, order: [number, number, number]): Volume {
  if ([...order].sort().join() !== '0,1,2')
    throw new Error(`permuteAxes: order must permute [0, 1, 2], got [${order}]`);
  const dims = order.map((a) => volume.dims[a]) as Vec3;
  const spacing = order.map((a) => volume.spacing[a]) as Vec3;
  const direction = order.flatMap((a) => column(volume.direction, a)) as Direction;
  const voxels = remap(volume, dims, (i, j, k) => {
    const index: Vec3 = [0, 0, 0];
    index[order[0]] = i;
    index[order[1]] = j;
    index[order[2]] = k;
    return index;
  });
  return { ...volume, voxels, dims, spacing, direction, origin: [...volume.origin] };
}

/**
 * Permutes and flips the voxel axes so the Volume has the orientation `code` (e.g. 'LPS' or 'RAS'), without
 * resampling: world positions are unchanged, only the storage order moves.
 */
export function reorient(volume: Volume, code: string): Volume {
  const wanted = code.toUpperCase();
  const letters = [...wanted].map((letter) => {
    const positive = POSITIVE.indexOf(letter);
    const negative = NEGATIVE.indexOf(letter);
    return positive >= 0
      ? { world: positive, sign: 1 }
      : negative >= 0
        ? { world: negative, sign: -1 }
        : undefined;
  });
  if (letters.length !== 3 || letters.some((l) => !l) || new Set(letters.map((l) => l?.world)).size !== 3) {
    throw new Error(`reorient: "${code}" is not an orientation code (one of L/R, one of P/A, one of S/I)`);
  }
  const current = orientationCode(volume);
  const worldOfAxis = [...current].map((letter) =>
    Math.max(POSITIVE.indexOf(letter), NEGATIVE.indexOf(letter)),
  );
  if (new Set(worldOfAxis).size !== 3) {
    throw new Error(`reorient: the volume is too oblique to name its axes (${current})`);
  }
  const order = letters.map((l) => worldOfAxis.indexOf(l?.world ?? -1)) as [number, number, number];
  // Permuting reorders the direction columns, so the permuted volume's code is `current` reordered.
  const flips = ([0, 1, 2] as const).filter((axis) => current[order[axis]] !== wanted[axis]);
  // An identity permutation followed by a flip would copy the voxels once for nothing.
  let result = flips.length > 0 && order.join() === '0,1,2' ? volume : permuteAxes(volume, order);
  for (const axis of flips) result = flipAxis(result, axis);
  return result;
}

// The display conventions of DICOM images per acquisition plane: rows run to the patient's left (axial,
// coronal) or posterior (sagittal), columns to posterior (axial) or inferior (coronal, sagittal), and the
// slices follow row x column so a reader that sorts slices along the normal keeps the writer's order.
const DISPLAY_ORIENTATION = ['PIR', 'LIP', 'LPS'] as const;

/**
 * The orientation a Volume is stored in when written as DICOM: its acquisition plane kept (the slice axis
 * stays the one closest to the same anatomical axis), the in-plane axes ordered and flipped to the plane's
 * radiological display convention ('LPS' axial, 'LIP' coronal, 'PIR' sagittal), as scanners and most
 * NIfTI-to-DICOM converters store them, so viewers that show a series as stored show it the usual way up.
 * Undefined when two axes are closest to the same anatomical axis (too oblique to name; stored as is).
 */
export function dicomStorageOrientation(volume: Pick<Volume, 'direction'>): string | undefined {
  const code = orientationCode(volume);
  if (!isOrientationCode(code)) return undefined;
  const slice = code[2];
  const world = Math.max(POSITIVE.indexOf(slice), NEGATIVE.indexOf(slice));
  return DISPLAY_ORIENTATION[world];
}
