// Slice augmentation done in place on the batch buffer, drawing only from the training Rng (the sfc32 of
// @seglens/metrics) so that a seed fixes it and a resumed run repeats it. The draws per sample, in their order,
// are part of the checkpoint contract: five always (flips, quarter turns, intensity), then two (angle, zoom) only
// when rotateDegrees or zoom is set, so runs without those keep the stream they always had. Geometric changes
// move image and labels together (image bilinear, labels nearest); intensity changes touch the image only.
import type { Rng } from '@seglens/metrics';

export interface AugmentOptions {
  /** Mirror left-right with probability 1/2. Beware anatomy with a side (left/right structures). */
  flipHorizontal?: boolean;
  /** Mirror top-bottom with probability 1/2. */
  flipVertical?: boolean;
  /** Rotate by 0, 90, 180 or 270 degrees (square inputs only). */
  rotate90?: boolean;
  /** Multiply the image by a factor uniform in [1 − s, 1 + s]. */
  intensityScale?: number;
  /** Add an offset uniform in [−s, s] (in normalised units). */
  intensityShift?: number;
  /** Rotate by an angle uniform in [−r, r] degrees about the slice centre (any input shape); r ≤ 180. */
  rotateDegrees?: number;
  /** Zoom by a factor uniform in [min, max] about the slice centre, e.g. [0.9, 1.1] (> 1 magnifies). */
  zoom?: [number, number];
}

export function checkAugment(options: AugmentOptions, size: [number, number]): void {
  const known = [
    'flipHorizontal',
    'flipVertical',
    'rotate90',
    'intensityScale',
    'intensityShift',
    'rotateDegrees',
    'zoom',
  ];
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new Error(`train: augment.${key} is not an augmentation (known: ${known.join(', ')})`);
  if (options.rotate90 && size[0] !== size[1])
    throw new Error(`train: augment.rotate90 needs a square input size, got [${size}]`);
  for (const key of ['intensityScale', 'intensityShift'] as const) {
    const v = options[key];
    if (v !== undefined && !(v >= 0 && v < 1e6))
      throw new Error(`train: augment.${key} must be a non-negative number, got ${v}`);
  }
  const r = options.rotateDegrees;
  if (r !== undefined && !(r >= 0 && r <= 180))
    throw new Error(`train: augment.rotateDegrees must be a number of degrees in [0, 180], got ${r}`);
  const z = options.zoom;
  if (
    z !== undefined &&
    !(Array.isArray(z) && z.length === 2 && z[0] > 0 && z[0] <= z[1] && Number.isFinite(z[1]))
  )
    throw new Error(`train: augment.zoom must be [min, max] with 0 < min <= max, got ${JSON.stringify(z)}`);
}

/**
 * Rotates by `angle` (radians) and zooms by `zoom` about the slice centre: destination pixel p samples the source
 * at centre + R(−angle)(p − centre) / zoom. The image is interpolated bilinearly, labels take the nearest pixel;
 * samples outside the slice are 0 (background; for the image, the normalised value 0).
 */
function rotateZoom(
  image: Float32Array,
  labels: Int32Array,
  h: number,
  w: number,
  channels: number,
  angle: number,
  zoom: number,
): void {
  const img = image.slice();
  const lab = labels.slice();
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const cos = Math.cos(angle) / zoom;
  const sin = Math.sin(angle) / zoom;
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      const sx = cx + cos * (c - cx) + sin * (r - cy);
      const sy = cy - sin * (c - cx) + cos * (r - cy);
      const out = r * w + c;
      const nx = Math.round(sx);
      const ny = Math.round(sy);
      labels[out] = nx >= 0 && nx < w && ny >= 0 && ny < h ? lab[ny * w + nx] : 0;
      if (!(sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1)) {
        for (let k = 0; k < channels; k++) image[out * channels + k] = 0;
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, w - 1);
      const y1 = Math.min(y0 + 1, h - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let k = 0; k < channels; k++) {
        const at = (y: number, x: number) => img[(y * w + x) * channels + k];
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx;
        image[out * channels + k] = top + (bottom - top) * fy;
      }
    }
}

/** Source pixel (row, column) of destination (r, c) for a flip/rotation combination. */
function sourceOf(
  r: number,
  c: number,
  h: number,
  w: number,
  flipH: boolean,
  flipV: boolean,
  quarterTurns: number,
): [number, number] {
  let rr = r;
  let cc = c;
  for (let q = 0; q < quarterTurns; q++) [rr, cc] = [cc, h - 1 - rr]; // square only when turning
  if (flipV) rr = h - 1 - rr;
  if (flipH) cc = w - 1 - cc;
  return [rr, cc];
}

/** Augments one sample in place (image [h, w, channels], labels [h, w]). */
export function augmentSample(
  image: Float32Array,
  labels: Int32Array,
  h: number,
  w: number,
  channels: number,
  options: AugmentOptions,
  rng: Rng,
): void {
  // Always draw the same number of values whatever is enabled, so switching one option does not reshuffle
  // the others' randomness.
  const flipH = rng.next() < 0.5 && !!options.flipHorizontal;
  const flipV = rng.next() < 0.5 && !!options.flipVertical;
  const turns = options.rotate90 ? rng.int(4) : (rng.int(4), 0);
  const scale = 1 + (options.intensityScale ?? 0) * (2 * rng.next() - 1);
  const shift = (options.intensityShift ?? 0) * (2 * rng.next() - 1);
  const affine = options.rotateDegrees !== undefined || options.zoom !== undefined;
  const angle = affine ? ((2 * rng.next() - 1) * (options.rotateDegrees ?? 0) * Math.PI) / 180 : 0;
  const [zoomMin, zoomMax] = options.zoom ?? [1, 1];
  const zoom = affine ? zoomMin + rng.next() * (zoomMax - zoomMin) : 1;
  if (flipH || flipV || turns > 0) {
    const img = image.slice();
    const lab = labels.slice();
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) {
        const [sr, sc] = sourceOf(r, c, h, w, flipH, flipV, turns);
        labels[r * w + c] = lab[sr * w + sc];
        for (let k = 0; k < channels; k++)
          image[(r * w + c) * channels + k] = img[(sr * w + sc) * channels + k];
      }
  }
  if (angle !== 0 || zoom !== 1) rotateZoom(image, labels, h, w, channels, angle, zoom);
  if (scale !== 1 || shift !== 0) for (let i = 0; i < image.length; i++) image[i] = image[i] * scale + shift;
}
