// A model learns anatomy in the voxel order of its training volumes: a U-Net trained on NIfTI stored RAS has
// never seen a slice with the patient's left on the left. The card records that orientation, and every volume
// is re-indexed to it (flips and axis swaps, never resampling) before the model sees it, and results are
// re-indexed back onto the caller's grid. Cards without an orientation keep the stored order (older files).
import { orientationCode, reorient, type Vec3, type Volume, type VoxelArray } from '@seglens/data';
import type { InputSpec } from '../card';
import { stridedSliceLayout, type SliceLayout } from './slices';

/**
 * `volume` re-indexed to the card's orientation, or `volume` itself when the card names none or the volume is
 * already stored that way. `what` starts the error for a volume whose axes are too oblique to name.
 */
export function toModelOrientation(
  input: Pick<InputSpec, 'orientation'>,
  volume: Volume,
  what: string,
): Volume {
  const wanted = input.orientation;
  if (wanted === undefined) return volume;
  const current = orientationCode(volume);
  if (current === wanted) return volume;
  try {
    return reorient(volume, wanted);
  } catch (error) {
    throw new Error(
      `${what}: cannot show the volume (orientation ${current}) to the model in its training orientation ${wanted}: ${(error as Error).message}`,
    );
  }
}

/**
 * A label volume on `image`'s grid re-indexed exactly as toModelOrientation re-indexed `image` into `oriented`
 * (`labels` itself when that left the image as it was).
 */
export function labelsToModelOrientation(
  input: Pick<InputSpec, 'orientation'>,
  image: Volume,
  oriented: Volume,
  labels: Volume,
  what: string,
): Volume {
  if (oriented === image) return labels;
  return toModelOrientation(input, { ...image, voxels: labels.voxels, channels: 1 }, what);
}

/**
 * Values computed on `oriented` (= toModelOrientation(…, like)), `channels` per voxel, put back into the
 * storage order of `like`. Exact: re-indexing to `like`'s orientation code undoes the re-indexing to the model's.
 */
export function fromModelOrientation<T extends VoxelArray>(
  values: T,
  channels: number,
  oriented: Volume,
  like: Volume,
): T {
  if (oriented === like) return values;
  const back = reorient({ ...oriented, voxels: values, channels }, orientationCode(like));
  if (back.dims.join() !== like.dims.join())
    throw new Error(`fromModelOrientation: dims [${back.dims}] differ from the input's [${like.dims}]`);
  return back.voxels as T;
}

/**
 * For each axis of the model's orientation (i, j, k of the card's code), the axis of `volume` as stored that
 * becomes it, and whether it runs the other way. Cards without an orientation: the identity.
 */
export function modelAxes(
  input: Pick<InputSpec, 'orientation'>,
  volume: Pick<Volume, 'direction'>,
): Array<{ axis: 0 | 1 | 2; reversed: boolean }> {
  const wanted = input.orientation;
  if (wanted === undefined) return [0, 1, 2].map((axis) => ({ axis: axis as 0 | 1 | 2, reversed: false }));
  const current = orientationCode(volume);
  const pairs = ['LR', 'PA', 'SI'];
  return [...wanted].map((letter) => {
    const pair = pairs.find((p) => p.includes(letter)) ?? '';
    const axis = [...current].findIndex((l) => pair.includes(l));
    if (axis < 0) throw new Error(`modelAxes: no axis of the volume (${current}) runs along ${pair}`);
    return { axis: axis as 0 | 1 | 2, reversed: current[axis] !== letter };
  });
}

/**
 * Which axis of `volume` (as stored) the model slices along, and whether the model's slice order runs the
 * other way: slice s of the model is slice `reversed ? count - 1 - s : s` of that axis. For inputs stored in
 * the card's orientation (and cards without one) this is the card's sliceAxis, not reversed.
 */
export function modelSliceAxis(
  input: Pick<InputSpec, 'orientation' | 'sliceAxis'>,
  volume: Pick<Volume, 'direction'>,
): { axis: 0 | 1 | 2; reversed: boolean } {
  return modelAxes(input, volume)[input.sliceAxis];
}

/**
 * The slices the model sees (as toModelOrientation would re-index them, sliced along the card's sliceAxis),
 * walked directly in `volume`'s stored voxels: gathering and scattering with it needs no re-indexed copy of
 * the volume or of the results. `what` starts the error for a volume whose axes are too oblique to name.
 */
export function modelSliceLayout(
  input: Pick<InputSpec, 'orientation' | 'sliceAxis'>,
  volume: Pick<Volume, 'dims' | 'direction'>,
  what: string,
): SliceLayout {
  let axes: ReturnType<typeof modelAxes> = [];
  try {
    axes = modelAxes(input, volume);
  } catch {
    // Reported below: some anatomical axis has no stored axis along it.
  }
  if (new Set(axes.map((a) => a.axis)).size !== 3) {
    throw new Error(
      `${what}: cannot show the volume (orientation ${orientationCode(volume)}) to the model in its training orientation ${input.orientation}: the volume is too oblique to name its axes`,
    );
  }
  const [nx, ny] = volume.dims;
  const stored = [1, nx, nx * ny];
  const dims = axes.map((a) => volume.dims[a.axis]) as Vec3;
  const strides = axes.map((a) => (a.reversed ? -stored[a.axis] : stored[a.axis])) as Vec3;
  const base = axes.reduce(
    (sum, a) => sum + (a.reversed ? stored[a.axis] * (volume.dims[a.axis] - 1) : 0),
    0,
  );
  return stridedSliceLayout(dims, strides, base, input.sliceAxis);
}
