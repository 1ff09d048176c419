// A volume seen as a stack of 2D slices along one axis, and back. Slice s along axis a is the image whose rows
// and columns are the two other axes in volume order (the slower one as rows): axis 2 → rows j, columns i
// (a DICOM image as displayed); axis 1 → rows k, columns i; axis 0 → rows k, columns j.
import type { Vec3 } from '@seglens/data';

export interface SliceLayout {
  /** Number of slices, rows and columns. */
  count: number;
  height: number;
  width: number;
  /** Voxel-index strides (not counting channels) of one step along the slice, row and column axes. */
  sliceStride: number;
  rowStride: number;
  colStride: number;
}

export function sliceLayout(dims: Vec3, axis: 0 | 1 | 2): SliceLayout {
  const [nx, ny] = dims;
  const stride = [1, nx, nx * ny];
  const [rowAxis, colAxis] = axis === 2 ? [1, 0] : axis === 1 ? [2, 0] : [2, 1];
  return {
    count: dims[axis],
    height: dims[rowAxis],
    width: dims[colAxis],
    sliceStride: stride[axis],
    rowStride: stride[rowAxis],
    colStride: stride[colAxis],
  };
}

/** Copies slices `indices` of interleaved values (`channels` per voxel) into [n, height, width, channels]. */
export function gatherSlices<T extends Float32Array | Uint8Array>(
  values: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  indices: readonly number[],
  out: T,
): T {
  const { height, width, sliceStride, rowStride, colStride } = layout;
  let o = 0;
  for (const s of indices) {
    if (!Number.isInteger(s) || s < 0 || s >= layout.count)
      throw new Error(`gatherSlices: slice index ${s} is outside 0..${layout.count - 1}`);
    for (let r = 0; r < height; r++) {
      let v = s * sliceStride + r * rowStride;
      for (let c = 0; c < width; c++, v += colStride) {
        for (let ch = 0; ch < channels; ch++) out[o++] = values[v * channels + ch];
      }
    }
  }
  return out;
}

/** Writes [n, height, width, channels] slice data back into interleaved volume values at slices `indices`. */
export function scatterSlices(
  slices: ArrayLike<number>,
  channels: number,
  layout: SliceLayout,
  indices: readonly number[],
  out: { [i: number]: number; length: number },
): void {
  const { height, width, sliceStride, rowStride, colStride } = layout;
  let o = 0;
  for (const s of indices) {
    for (let r = 0; r < height; r++) {
      let v = s * sliceStride + r * rowStride;
      for (let c = 0; c < width; c++, v += colStride) {
        for (let ch = 0; ch < channels; ch++) out[v * channels + ch] = slices[o++];
      }
    }
  }
}
