// A volume seen as a stack of 2D slices along one axis, and back. Slice s along axis a is the image whose rows
// and columns are the two other axes in volume order (the slower one as rows): axis 2 → rows j, columns i
// (a DICOM image as displayed); axis 1 → rows k, columns i; axis 0 → rows k, columns j. A layout may also walk
// a volume in another voxel order than it is stored in (negative strides and a base offset), which is how
// segment() shows a volume to a model in its training orientation without re-indexing a copy first.
import type { Vec3 } from '@seglens/data';
import type { ChannelNormalization } from '../card';

export interface SliceLayout {
  /** Number of slices, rows and columns. */
  count: number;
  height: number;
  width: number;
  /** Voxel-index strides (not counting channels) of one step along the slice, row and column axes. */
  sliceStride: number;
  rowStride: number;
  colStride: number;
  /** Voxel index of slice 0, row 0, column 0 (0 unless an axis is walked backwards). */
  base: number;
}

/**
 * The layout of a volume seen with dims `dims` whose axis a advances the stored voxel index by `strides[a]`
 * (negative: walked backwards) from voxel index `base` at (0, 0, 0), sliced along `axis`.
 */
export function stridedSliceLayout(dims: Vec3, strides: Vec3, base: number, axis: 0 | 1 | 2): SliceLayout {
  const [rowAxis, colAxis] = axis === 2 ? [1, 0] : axis === 1 ? [2, 0] : [2, 1];
  return {
    count: dims[axis],
    height: dims[rowAxis],
    width: dims[colAxis],
    sliceStride: strides[axis],
    rowStride: strides[rowAxis],
    colStride: strides[colAxis],
    base,
  };
}

export function sliceLayout(dims: Vec3, axis: 0 | 1 | 2): SliceLayout {
  return stridedSliceLayout(dims, [1, dims[0], dims[0] * dims[1]], 0, axis);
}

/** The slice `d` steps from `s`, the first or last slice past either end (context slices at the volume's edge). */
export function clampSlice(s: number, d: number, count: number): number {
  const t = s + d;
  return t < 0 ? 0 : t >= count ? count - 1 : t;
}

/**
 * Copies slice `s` with `context` neighbours on each side into `out` from element `o` on, each pixel's values
 * slice-major (slice s − context's channels first); returns the element after it.
 */
function gatherOne(
  values: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  s: number,
  context: number,
  out: { [i: number]: number },
  o: number,
): number {
  const { height, width, count, sliceStride, rowStride, colStride, base } = layout;
  const seen = channels * (2 * context + 1);
  for (let d = -context; d <= context; d++) {
    const slice = base + clampSlice(s, d, count) * sliceStride;
    let p = o + (d + context) * channels;
    for (let r = 0; r < height; r++) {
      let v = slice + r * rowStride;
      for (let c = 0; c < width; c++, v += colStride, p += seen) {
        for (let ch = 0; ch < channels; ch++) out[p + ch] = values[v * channels + ch];
      }
    }
  }
  return o + height * width * seen;
}

function checkIndex(s: number, layout: SliceLayout, what: string): void {
  if (!Number.isInteger(s) || s < 0 || s >= layout.count)
    throw new Error(`${what}: slice index ${s} is outside 0..${layout.count - 1}`);
}

function checkContext(context: number, what: string): void {
  if (!Number.isInteger(context) || context < 0)
    throw new Error(`${what}: context must be a non-negative integer of slices, got ${context}`);
}

/**
 * Copies slices `indices` of interleaved values (`channels` per voxel) into [n, height, width, channels], or,
 * with `context` k > 0, each with its k neighbours on either side as channels: [n, height, width,
 * channels × (2k + 1)], slice-major, the first or last slice repeated past the volume's ends (networkChannels).
 */
export function gatherSlices<T extends Float32Array | Uint8Array>(
  values: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  indices: readonly number[],
  out: T,
  context = 0,
): T {
  checkContext(context, 'gatherSlices');
  let o = 0;
  for (const s of indices) {
    checkIndex(s, layout, 'gatherSlices');
    o = gatherOne(values, channels, layout, s, context, out, o);
  }
  return out;
}

/**
 * One row of gatherNormalizedSliceRange: `width` values from values[i], i += step, normalised into out[o], o += seen.
 * A function of its own, so V8 optimises it whole once and keeps it; the loop nest around it, reached once per
 * call, was compiled on the stack anew in each call (README, "Row functions in segment()'s gather and scatter").
 */
function normalizeRow(
  values: ArrayLike<number>,
  i: number,
  step: number,
  width: number,
  out: Float32Array,
  o: number,
  seen: number,
  offset: number,
  scale: number,
  min: number,
  max: number,
): void {
  for (let c = 0; c < width; c++, i += step, o += seen) {
    const x = (values[i] - offset) * scale;
    out[o] = x < min ? min : x > max ? max : x;
  }
}

/**
 * gatherSlices of slices start, ..., start + n − 1 (no index list: segment()'s hot loop) of the raw voxel
 * values, each with `context` neighbours on either side, normalised on the way with normalizationCoefficients
 * (the same arithmetic as normalizeVoxels, so the same float32 values): segment() needs no normalised copy of
 * the whole volume.
 */
export function gatherNormalizedSliceRange(
  values: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  start: number,
  n: number,
  coefficients: readonly ChannelNormalization[],
  out: Float32Array,
  context = 0,
): Float32Array {
  checkContext(context, 'gatherNormalizedSliceRange');
  checkIndex(start, layout, 'gatherNormalizedSliceRange');
  if (n > 0) checkIndex(start + n - 1, layout, 'gatherNormalizedSliceRange');
  const { height, width, count, sliceStride, rowStride, colStride, base } = layout;
  const seen = channels * (2 * context + 1);
  for (let ch = 0; ch < channels; ch++) {
    const { offset, scale, min, max } = coefficients[ch];
    for (let s = start; s < start + n; s++) {
      for (let d = -context; d <= context; d++) {
        const slice = base + clampSlice(s, d, count) * sliceStride;
        const o = (s - start) * height * width * seen + (d + context) * channels + ch;
        for (let r = 0; r < height; r++) {
          const i = (slice + r * rowStride) * channels + ch;
          normalizeRow(
            values,
            i,
            colStride * channels,
            width,
            out,
            o + r * width * seen,
            seen,
            offset,
            scale,
            min,
            max,
          );
        }
      }
    }
  }
  return out;
}

/** Writes slice `s` from `slices` (element `o` on) into the volume values `out`; returns the element after it. */
function scatterOne(
  slices: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  s: number,
  out: { [i: number]: number },
  o: number,
): number {
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  for (let r = 0; r < height; r++) {
    let v = base + s * sliceStride + r * rowStride;
    for (let c = 0; c < width; c++, v += colStride) {
      for (let ch = 0; ch < channels; ch++) out[v * channels + ch] = slices[o++];
    }
  }
  return o;
}

/** Writes [n, height, width, channels] slice data back into interleaved volume values at slices `indices`. */
export function scatterSlices(
  slices: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  indices: readonly number[],
  out: { [i: number]: number; length: number },
): void {
  let o = 0;
  for (const s of indices) o = scatterOne(slices, channels, layout, s, out, o);
}

/** scatterSlices to slices start, start + 1, ..., start + n − 1, without an index list. */
export function scatterSliceRange(
  slices: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  start: number,
  n: number,
  out: { [i: number]: number; length: number },
): void {
  let o = 0;
  for (let s = start; s < start + n; s++) o = scatterOne(slices, channels, layout, s, out, o);
}

/**
 * Per-class scores [n, height, width, classes] of slices start, ..., start + n − 1 back into the volume: the
 * class of the highest score into `labels` (the first of equal scores, as tf.argMax), and, when given, the
 * scores into `scores` (`classes` per voxel). One pass, no index list (segment's hot loop).
 */
export function scatterScoreRange(
  slices: ArrayLike<number>,
  classes: number,
  layout: SliceLayout,
  start: number,
  n: number,
  labels: Uint8Array,
  scores?: Float32Array,
): void {
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  let o = 0;
  for (let s = start; s < start + n; s++) {
    for (let r = 0; r < height; r++, o += width * classes) {
      const v = base + s * sliceStride + r * rowStride;
      scoreRow(slices, o, classes, width, v, colStride, labels, scores);
    }
  }
}

/** One row of scatterScoreRange (a function of its own, as normalizeRow): `width` voxels from slices[o], labels[v]. */
function scoreRow(
  slices: ArrayLike<number>,
  o: number,
  classes: number,
  width: number,
  v: number,
  colStride: number,
  labels: Uint8Array,
  scores: Float32Array | undefined,
): void {
  for (let c = 0; c < width; c++, v += colStride, o += classes) {
    let best = 0;
    let max = slices[o];
    for (let k = 1; k < classes; k++) {
      if (slices[o + k] > max) {
        max = slices[o + k];
        best = k;
      }
    }
    labels[v] = best;
    if (scores) for (let k = 0; k < classes; k++) scores[v * classes + k] = slices[o + k];
  }
}
