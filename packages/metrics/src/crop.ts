/**
 * Cropping a class to its bounding box (plus a one-voxel margin) before surfaces and distance transforms.
 *
 * Why it is exact: the distance transform is a minimum over the set voxels, all of which lie inside the box,
 * and every query voxel lies inside it too. The margin is zeros, which is what the surface rule says lies
 * beyond the image border, so surfaces found in the crop are the surfaces of the full image. Axes of length 1
 * get no margin so that a 2D image stays 2D. Classes usually fill a small part of a scan, so this turns the
 * per-class cost from O(N) into O(box).
 */
import type { Dims, LabelArray, MaskArray } from './types';

/** A crop of the full grid: its origin (may be -1 because of the margin) and its size. */
export interface Crop {
  x0: number;
  y0: number;
  z0: number;
  dims: Dims;
}

/** The crop around the inclusive box [x0, x1, y0, y1, z0, z1] of a grid with `full` dims. */
export function cropAround(box: ArrayLike<number>, full: Dims): Crop {
  const margin = (axis: number) => (full[axis] > 1 ? 1 : 0);
  const [mx, my, mz] = [margin(0), margin(1), margin(2)];
  const x0 = box[0] - mx;
  const y0 = box[2] - my;
  const z0 = box[4] - mz;
  return {
    x0,
    y0,
    z0,
    dims: [box[1] + mx - x0 + 1, box[3] + my - y0 + 1, box[5] + mz - z0 + 1],
  };
}

/** Inclusive bounding box of the non-zero voxels of two masks; x0 > x1 when both are empty. */
export function maskBox(a: MaskArray, b: MaskArray, dims: Dims): Int32Array {
  const [nx, ny, nz] = dims;
  const box = Int32Array.of(nx, -1, ny, -1, nz, -1);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (a[i] === 0 && b[i] === 0) continue;
        if (x < box[0]) box[0] = x;
        if (x > box[1]) box[1] = x;
        if (y < box[2]) box[2] = y;
        if (y > box[3]) box[3] = y;
        if (z < box[4]) box[4] = z;
        if (z > box[5]) box[5] = z;
      }
    }
  }
  return box;
}

/** Voxels where `labels` holds `value` are left out of an extracted mask (the other map's ignore value). */
export interface Exclusion {
  labels: LabelArray;
  value: number;
}

/**
 * Copies the crop out of `source` as a 0/1 mask: 1 where `source` equals `value` (or, with `value` null, is
 * non-zero) and the voxel is not excluded. The margin outside the full grid is 0.
 */
export function extractMask(
  source: MaskArray,
  full: Dims,
  crop: Crop,
  value: number | null,
  exclude: Exclusion | null,
): Uint8Array {
  const [nx, ny, nz] = full;
  const [cx, cy, cz] = crop.dims;
  const out = new Uint8Array(cx * cy * cz);
  for (let k = 0; k < cz; k++) {
    const z = crop.z0 + k;
    if (z < 0 || z >= nz) continue;
    for (let j = 0; j < cy; j++) {
      const y = crop.y0 + j;
      if (y < 0 || y >= ny) continue;
      const rowOut = (k * cy + j) * cx;
      const rowIn = (z * ny + y) * nx;
      for (let i = Math.max(0, -crop.x0); i < cx && crop.x0 + i < nx; i++) {
        const at = rowIn + crop.x0 + i;
        const inSet = value === null ? source[at] !== 0 : source[at] === value;
        if (inSet && (exclude === null || exclude.labels[at] !== exclude.value)) out[rowOut + i] = 1;
      }
    }
  }
  return out;
}
