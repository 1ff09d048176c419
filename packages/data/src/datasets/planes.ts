// Taking 2-D planes out of volumes: one slice along an axis, optionally with neighbouring slices as extra
// channels (2.5-D), in the channels-last layout the warps and TF.js expect.
import type { Volume, VoxelArray } from '../volume';
import type { Plane } from '../geometry/warp2d';

export type SliceAxis = 0 | 1 | 2;

type VoxelArrayConstructor = new (length: number) => VoxelArray;

/** Width and height of the planes cut across `axis`: axis 2 gives (i, j) planes, 1 gives (i, k), 0 gives (j, k). */
export function planeSize(dims: Volume['dims'], axis: SliceAxis): { width: number; height: number } {
  if (axis === 2) return { width: dims[0], height: dims[1] };
  if (axis === 1) return { width: dims[0], height: dims[2] };
  return { width: dims[1], height: dims[2] };
}

/**
 * Plane `index` across `axis`, with `context` slices on each side as extra channels (clamped at the volume's
 * ends, so edge slices repeat). Channel order per pixel: neighbour -context..+context, and within each neighbour
 * the volume's own channels.
 */
export function extractPlane(volume: Volume, axis: SliceAxis, index: number, context = 0): Plane {
  const { dims, channels, voxels } = volume;
  const { width, height } = planeSize(dims, axis);
  const depth = dims[axis];
  const neighbours = 2 * context + 1;
  const outChannels = channels * neighbours;
  const data = new (voxels.constructor as VoxelArrayConstructor)(width * height * outChannels);
  const [sx, sy, sz] = [1, dims[0], dims[0] * dims[1]];
  // Steps (in voxels) along the plane's x and y and across slices.
  const [stepX, stepY, stepSlice] = axis === 2 ? [sx, sy, sz] : axis === 1 ? [sx, sz, sy] : [sy, sz, sx];
  for (let n = 0; n < neighbours; n++) {
    const slice = Math.min(depth - 1, Math.max(0, index + n - context));
    const base = slice * stepSlice;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = (base + y * stepY + x * stepX) * channels;
        const to = (y * width + x) * outChannels + n * channels;
        for (let c = 0; c < channels; c++) data[to + c] = voxels[from + c];
      }
    }
  }
  return { data, width, height, channels: outChannels };
}
