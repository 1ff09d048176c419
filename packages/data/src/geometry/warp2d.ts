// 2-D sampling for training and inference: one pass that maps every output pixel back into the source image, so
// resizing, padding and augmentation (flips, rotation, scaling) cost a single interpolation. Coordinates are
// pixel centres: pixel x covers [x - 0.5, x + 0.5), as in TF.js resizeBilinear with halfPixelCenters.

import type { VoxelArray } from '../volume';

/** Typed arrays a plane can hold (the Volume's). */
export type PlaneArray = VoxelArray;

/** A 2-D image: `height` rows of `width` pixels, `channels` interleaved values per pixel (channels-last). */
export interface Plane<T extends PlaneArray = PlaneArray> {
  data: T;
  width: number;
  height: number;
  channels: number;
}

/**
 * Affine map from output pixel (x, y) to source pixel coordinates: [a, b, c, d, e, f] means
 * xs = a*x + b*y + c and ys = d*x + e*y + f.
 */
export type Affine2D = [number, number, number, number, number, number];

type PlaneArrayConstructor = new (length: number) => PlaneArray;

// Module-scope alias: global lookups in hot loops are slow inside sandboxes such as jest's vm context.
const { floor } = Math;

function checkPlane(plane: Plane, caller: string): void {
  const { width, height, channels, data } = plane;
  if (!(width > 0 && height > 0 && channels > 0) || data.length !== width * height * channels) {
    throw new Error(
      `${caller}: plane of ${width}x${height}x${channels} needs ${width * height * channels} values, got ${data.length}`,
    );
  }
}

/** The map that stretches a srcWidth x srcHeight image onto outWidth x outHeight (pixel centres aligned). */
export function resizeMatrix(
  srcWidth: number,
  srcHeight: number,
  outWidth: number,
  outHeight: number,
): Affine2D {
  const sx = srcWidth / outWidth;
  const sy = srcHeight / outHeight;
  return [sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5];
}

/**
 * The map that centres a srcWidth x srcHeight image in outWidth x outHeight without scaling (pad or crop). When
 * the difference is odd, the extra padded or cropped pixel is at the end (right or bottom).
 */
export function centerMatrix(
  srcWidth: number,
  srcHeight: number,
  outWidth: number,
  outHeight: number,
): Affine2D {
  return [1, 0, Math.trunc((srcWidth - outWidth) / 2) + 0, 0, 1, Math.trunc((srcHeight - outHeight) / 2) + 0];
}

/**
 * Bilinear sampling of `src` at `matrix`-mapped positions into `out` (outWidth*outHeight*channels values from
 * `offset`). Positions more than half a pixel outside the source get `fill`; near the border the edge pixels are
 * repeated. For images, not labels.
 */
export function warpBilinear(
  src: Plane,
  matrix: Affine2D,
  out: Float32Array,
  outWidth: number,
  outHeight: number,
  options: { offset?: number; fill?: number } = {},
): void {
  checkPlane(src, 'warpBilinear');
  const { data, width, height, channels } = src;
  const [a, b, c, d, e, f] = matrix;
  const fill = options.fill ?? 0;
  let n = options.offset ?? 0;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++, n += channels) {
      const xs = a * x + b * y + c;
      const ys = d * x + e * y + f;
      if (xs < -0.5 || ys < -0.5 || xs >= width - 0.5 || ys >= height - 0.5) {
        out.fill(fill, n, n + channels);
        continue;
      }
      const x0 = floor(xs);
      const y0 = floor(ys);
      const fx = xs - x0;
      const fy = ys - y0;
      const xa = x0 < 0 ? 0 : x0;
      const ya = y0 < 0 ? 0 : y0;
      const xb = x0 + 1 >= width ? width - 1 : x0 + 1;
      const yb = y0 + 1 >= height ? height - 1 : y0 + 1;
      const p00 = (ya * width + xa) * channels;
      const p10 = (ya * width + xb) * channels;
      const p01 = (yb * width + xa) * channels;
      const p11 = (yb * width + xb) * channels;
      for (let ch = 0; ch < channels; ch++) {
        const top = data[p00 + ch] + (data[p10 + ch] - data[p00 + ch]) * fx;
        const bottom = data[p01 + ch] + (data[p11 + ch] - data[p01 + ch]) * fx;
        out[n + ch] = top + (bottom - top) * fy;
      }
    }
  }
}

/** Nearest-neighbour version of {@link warpBilinear}, for label maps (values are copied, never blended). */
export function warpNearest(
  src: Plane,
  matrix: Affine2D,
  out: PlaneArray,
  outWidth: number,
  outHeight: number,
  options: { offset?: number; fill?: number } = {},
): void {
  checkPlane(src, 'warpNearest');
  const { data, width, height, channels } = src;
  const [a, b, c, d, e, f] = matrix;
  const fill = options.fill ?? 0;
  let n = options.offset ?? 0;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++, n += channels) {
      const xi = floor(a * x + b * y + c + 0.5);
      const yi = floor(d * x + e * y + f + 0.5);
      if (xi < 0 || yi < 0 || xi >= width || yi >= height) {
        out.fill(fill, n, n + channels);
        continue;
      }
      const p = (yi * width + xi) * channels;
      for (let ch = 0; ch < channels; ch++) out[n + ch] = data[p + ch];
    }
  }
}

/** Stretches an image to outWidth x outHeight with bilinear interpolation. */
export function resizeBilinear(src: Plane, outWidth: number, outHeight: number): Plane<Float32Array> {
  const data = new Float32Array(outWidth * outHeight * src.channels);
  warpBilinear(src, resizeMatrix(src.width, src.height, outWidth, outHeight), data, outWidth, outHeight);
  return { data, width: outWidth, height: outHeight, channels: src.channels };
}

/** Stretches a label map to outWidth x outHeight by nearest neighbour; the array type is kept. */
export function resizeNearest<T extends PlaneArray>(
  src: Plane<T>,
  outWidth: number,
  outHeight: number,
): Plane<T> {
  const data = new (src.data.constructor as PlaneArrayConstructor)(outWidth * outHeight * src.channels) as T;
  warpNearest(src, resizeMatrix(src.width, src.height, outWidth, outHeight), data, outWidth, outHeight);
  return { data, width: outWidth, height: outHeight, channels: src.channels };
}

/** Centres the plane in outWidth x outHeight, padding with `fill` or cropping the borders; the type is kept. */
export function padOrCrop<T extends PlaneArray>(
  src: Plane<T>,
  outWidth: number,
  outHeight: number,
  fill = 0,
): Plane<T> {
  const data = new (src.data.constructor as PlaneArrayConstructor)(outWidth * outHeight * src.channels) as T;
  warpNearest(src, centerMatrix(src.width, src.height, outWidth, outHeight), data, outWidth, outHeight, {
    fill,
  });
  return { data, width: outWidth, height: outHeight, channels: src.channels };
}
