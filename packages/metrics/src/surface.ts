/**
 * Surface (boundary) voxels of a binary mask.
 *
 * A voxel is on the surface when it is in the mask and at least one of its face neighbours is not: 6-connected
 * in 3D, 4-connected in 2D. The image border counts as outside the mask, so a mask voxel on the border is a
 * surface voxel; this is scipy's `binary_erosion` default (border_value 0) that MONAI's edge finding uses,
 * and it guarantees that every non-empty mask has a non-empty surface. An axis of length 1 has no
 * neighbours at all, which is what makes a 2D image (nz = 1) use 4-connectivity instead of calling every
 * pixel a surface voxel.
 */
import type { Dims, LabelArray, MaskArray } from './types';
import { checkDims, checkLength } from './validate';

/** Voxels where `labels` holds `value` are left out of a set (the other map's ignore value). */
export interface Exclusion {
  labels: LabelArray;
  value: number;
}

/** @internal The surface of one set inside a box of the full grid, in box coordinates. */
export interface BoxSurface {
  /** Size of the box. */
  dims: Dims;
  /** 1 on surface voxels, box layout. */
  mask: Uint8Array;
  /** Box indices of the surface voxels, ascending. */
  indices: Uint32Array;
}

/**
 * @internal Surface, within the inclusive box [x0, x1, y0, y1, z0, z1] of the full grid, of the set
 * {i : source[i] === value (or !== 0 when value is null), and not excluded}. The box must hold the whole set;
 * neighbours are looked up in the full grid, so the box edges do not create surface.
 */
export function boxSurface(
  source: MaskArray,
  full: Dims,
  box: ArrayLike<number>,
  value: number | null,
  exclude: Exclusion | null,
): BoxSurface {
  const [nx, ny, nz] = full;
  const plane = nx * ny;
  const [x0, x1, y0, y1, z0, z1] = [box[0], box[1], box[2], box[3], box[4], box[5]];
  const dims: Dims = [x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1];
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const found: number[] = [];
  const inSet =
    value === null
      ? exclude === null
        ? (i: number) => source[i] !== 0
        : (i: number) => source[i] !== 0 && exclude.labels[i] !== exclude.value
      : exclude === null
        ? (i: number) => source[i] === value
        : (i: number) => source[i] === value && exclude.labels[i] !== exclude.value;
  const useX = nx > 1;
  const useY = ny > 1;
  const useZ = nz > 1;
  let b = 0;
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      let i = (z * ny + y) * nx + x0;
      for (let x = x0; x <= x1; x++, i++, b++) {
        if (!inSet(i)) continue;
        const onSurface =
          (useX && (x === 0 || x === nx - 1 || !inSet(i - 1) || !inSet(i + 1))) ||
          (useY && (y === 0 || y === ny - 1 || !inSet(i - nx) || !inSet(i + nx))) ||
          (useZ && (z === 0 || z === nz - 1 || !inSet(i - plane) || !inSet(i + plane)));
        if (onSurface) {
          mask[b] = 1;
          found.push(b);
        }
      }
    }
  }
  return { dims, mask, indices: Uint32Array.from(found) };
}

/**
 * Surface voxels of `mask` (non-zero = in the set) as a mask of the same layout: 1 on surface voxels, else 0.
 * See the module comment for the connectivity and the image-border rule.
 */
export function surfaceVoxels(mask: MaskArray, dims: Dims): Uint8Array {
  const n = checkDims('surfaceVoxels', dims);
  checkLength('surfaceVoxels', 'mask', mask, n, dims);
  return boxSurface(mask, dims, [0, dims[0] - 1, 0, dims[1] - 1, 0, dims[2] - 1], null, null).mask;
}
