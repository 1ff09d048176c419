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
import type { Dims, MaskArray } from './types';
import { checkDims, checkLength } from './validate';

/** @internal Surface mask without argument checks, for callers that already validated. */
export function surfaceMask(mask: MaskArray, dims: Dims): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = new Uint8Array(nx * ny * nz);
  const useX = nx > 1;
  const useY = ny > 1;
  const useZ = nz > 1;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (mask[i] === 0) continue;
        const onSurface =
          (useX && (x === 0 || x === nx - 1 || mask[i - 1] === 0 || mask[i + 1] === 0)) ||
          (useY && (y === 0 || y === ny - 1 || mask[i - nx] === 0 || mask[i + nx] === 0)) ||
          (useZ && (z === 0 || z === nz - 1 || mask[i - plane] === 0 || mask[i + plane] === 0));
        if (onSurface) out[i] = 1;
      }
    }
  }
  return out;
}

/**
 * Surface voxels of `mask` (non-zero = in the set) as a mask of the same layout: 1 on surface voxels, else 0.
 * See the module comment for the connectivity and the image-border rule.
 */
export function surfaceVoxels(mask: MaskArray, dims: Dims): Uint8Array {
  const n = checkDims('surfaceVoxels', dims);
  checkLength('surfaceVoxels', 'mask', mask, n, dims);
  return surfaceMask(mask, dims);
}
