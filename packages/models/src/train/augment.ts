// Slice augmentation done in place on the batch buffer, drawing only from the training Rng (the sfc32 of
// @seglens/metrics) so that a seed fixes it and a resumed run repeats it. Its five draws per sample, in this
// order, are part of the checkpoint contract. Flips and right-angle rotations move image and labels together;
// intensity changes touch the image only.
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
}

export function checkAugment(options: AugmentOptions, size: [number, number]): void {
  const known = ['flipHorizontal', 'flipVertical', 'rotate90', 'intensityScale', 'intensityShift'];
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
  if (scale !== 1 || shift !== 0) for (let i = 0; i < image.length; i++) image[i] = image[i] * scale + shift;
}
