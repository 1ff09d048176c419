// One slice of an image with a label map drawn over it: each class filled translucently in its colour and
// outlined in full colour, upscaled with nearest neighbours so small crops (hippocampus: 35x50 voxels) stay
// crisp. Grey images are windowed to their 0.5-99.5 percentiles; RGB images are shown as they are.
import type { Volume } from '@seglens/data';
import { Raster, type Rgb } from './raster';

/** The axial slice (k) with the most foreground in a label volume; the middle slice when there is none. */
export function mostForegroundSlice(labels: Volume): number {
  const [nx, ny, nz] = labels.dims;
  let best = Math.floor(nz / 2);
  let bestCount = 0;
  for (let k = 0; k < nz; k++) {
    let count = 0;
    for (let p = k * nx * ny; p < (k + 1) * nx * ny; p++) if (labels.voxels[p] !== 0) count++;
    if (count > bestCount) [best, bestCount] = [k, count];
  }
  return best;
}

/** The labels of slice k (row by row). */
export function labelSlice(labels: Volume, k: number): Uint8Array {
  const n = labels.dims[0] * labels.dims[1];
  return Uint8Array.from(labels.voxels.subarray(k * n, (k + 1) * n));
}

/** Slice k of an image as display RGB: grey windowed to its 0.5-99.5 percentiles, RGB (0-255) as is. */
export function displaySlice(image: Volume, k: number): Uint8Array {
  const n = image.dims[0] * image.dims[1];
  const c = image.channels;
  const values = image.voxels.subarray(k * n * c, (k + 1) * n * c);
  const rgb = new Uint8Array(n * 3);
  if (c === 3 && image.voxels instanceof Uint8Array) {
    rgb.set(values);
    return rgb;
  }
  // Grey (or the first channel of anything else), windowed.
  const grey = Float32Array.from({ length: n }, (_, p) => values[p * c]);
  const sorted = Float32Array.from(grey).sort();
  const lo = sorted[Math.floor(0.005 * (n - 1))];
  const hi = sorted[Math.ceil(0.995 * (n - 1))];
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let p = 0; p < n; p++) {
    const v = Math.max(0, Math.min(255, Math.round((grey[p] - lo) * scale)));
    rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = v;
  }
  return rgb;
}

/** Nearest-neighbour factor that brings the larger side close to `target` pixels (never below 1). */
export function displayScale(width: number, height: number, target = 200): number {
  return Math.max(1, Math.round(target / Math.max(width, height)));
}

const FILL_ALPHA = 0.3;
/** Brightness kept by the background pixels right outside an outline. */
const SHADOW = 0.3;

/** Whether a 4-neighbour within `reach` display pixels of (x, y) lies outside the image or has another label. */
function nearOtherLabel(
  labelAt: (x: number, y: number) => number,
  x: number,
  y: number,
  k: number,
  reach: number,
  W: number,
  H: number,
): boolean {
  for (let d = 1; d <= reach; d++) {
    for (const [nx, ny] of [
      [x - d, y],
      [x + d, y],
      [x, y - d],
      [x, y + d],
    ]) {
      if (nx < 0 || ny < 0 || nx >= W || ny >= H || labelAt(nx, ny) !== k) return true;
    }
  }
  return false;
}

/** Whether a 4-neighbour of a background pixel (inside the image) belongs to a class. */
function touchesRegion(
  labelAt: (x: number, y: number) => number,
  x: number,
  y: number,
  W: number,
  H: number,
): boolean {
  return (
    (x > 0 && labelAt(x - 1, y) !== 0) ||
    (x + 1 < W && labelAt(x + 1, y) !== 0) ||
    (y > 0 && labelAt(x, y - 1) !== 0) ||
    (y + 1 < H && labelAt(x, y + 1) !== 0)
  );
}

/**
 * The image (width x height, RGB) upscaled by `scale`, with `labels` (or none) over it: class k filled with
 * colors[k] at 30%, outlined at full colour two display pixels thick, and the background pixel just outside
 * the outline darkened, so that the outline stands out on any image (a red class on red mucosa too).
 */
export function renderOverlay(
  rgb: Uint8Array,
  width: number,
  height: number,
  labels: Uint8Array | null,
  colors: readonly Rgb[],
  scale: number,
): Raster {
  const W = width * scale;
  const H = height * scale;
  const out = new Raster(W, H);
  const labelAt = (x: number, y: number): number =>
    labels ? labels[Math.floor(y / scale) * width + Math.floor(x / scale)] : 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = (Math.floor(y / scale) * width + Math.floor(x / scale)) * 3;
      const base: Rgb = [rgb[s], rgb[s + 1], rgb[s + 2]];
      const k = labelAt(x, y);
      if (k === 0) {
        const shadow = labels !== null && touchesRegion(labelAt, x, y, W, H);
        const dark = (i: number) => Math.round(base[i] * SHADOW);
        out.setPixel(x, y, shadow ? [dark(0), dark(1), dark(2)] : base);
        continue;
      }
      const color = colors[k] ?? [255, 255, 255];
      const mix = (i: number) => Math.round(base[i] * (1 - FILL_ALPHA) + color[i] * FILL_ALPHA);
      out.setPixel(x, y, nearOtherLabel(labelAt, x, y, k, 2, W, H) ? color : [mix(0), mix(1), mix(2)]);
    }
  }
  return out;
}
