/**
 * Bounding boxes: metrics of one class are computed inside the box holding the class in both maps.
 *
 * Why that is exact: the distance transform is a minimum over the set voxels, all of which lie inside the box,
 * and every query voxel lies inside it too; surfaces are found with neighbour look-ups in the full grid, so
 * the box edges add no surface. Classes usually fill a small part of a scan, so this turns the per-class cost
 * from O(N) into O(box).
 */
import type { Dims, MaskArray } from './types';

/** Inclusive box [x0, x1, y0, y1, z0, z1] of the voxels non-zero in `a` or `b`; x0 > x1 when both are empty. */
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
