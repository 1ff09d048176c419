// Light, seeded augmentation. Geometric parts (flips, rotation, scaling, shifts) become one 2-D affine map that
// is composed with the resize/pad map, so each sample is interpolated once; intensity jitter acts on normalised
// values.
import type { Affine2D } from '../geometry/warp2d';

export interface AugmentationOptions {
  /** Probability of a left-right flip; default 0.5. */
  flipX?: number;
  /** Probability of an up-down flip; default 0. */
  flipY?: number;
  /** Largest rotation in degrees (uniform in [-r, r]); default 10. */
  rotateDegrees?: number;
  /** Zoom range [min, max]; default [0.9, 1.1]. */
  scale?: [number, number];
  /** Largest shift as a fraction of the width/height; default 0.05. */
  translate?: number;
  /** Largest additive change of normalised intensities; default 0.1. */
  brightness?: number;
  /** Largest relative change of normalised intensities (v * (1 + c)); default 0.1. */
  contrast?: number;
}

export type Augmentation = Required<AugmentationOptions>;

export const DEFAULT_AUGMENTATION: Augmentation = {
  flipX: 0.5,
  flipY: 0,
  rotateDegrees: 10,
  scale: [0.9, 1.1],
  translate: 0.05,
  brightness: 0.1,
  contrast: 0.1,
};

export function resolveAugmentation(options: AugmentationOptions = {}): Augmentation {
  const a = { ...DEFAULT_AUGMENTATION, ...options };
  const probabilities = [a.flipX, a.flipY];
  if (probabilities.some((p) => !(p >= 0 && p <= 1)))
    throw new Error('augmentation: flip probabilities must be in [0, 1]');
  if (!(a.scale[0] > 0 && a.scale[0] <= a.scale[1]))
    throw new Error(`augmentation: bad scale range [${a.scale}]`);
  for (const key of ['rotateDegrees', 'translate', 'brightness', 'contrast'] as const) {
    if (!(a[key] >= 0)) throw new Error(`augmentation: ${key} must be >= 0, got ${a[key]}`);
  }
  return a;
}

/** f after g: maps x to f(g(x)). */
export function composeAffine(f: Affine2D, g: Affine2D): Affine2D {
  return [
    f[0] * g[0] + f[1] * g[3],
    f[0] * g[1] + f[1] * g[4],
    f[0] * g[2] + f[1] * g[5] + f[2],
    f[3] * g[0] + f[4] * g[3],
    f[3] * g[1] + f[4] * g[4],
    f[3] * g[2] + f[4] * g[5] + f[5],
  ];
}

/** One sample's random draw: the geometric map (output pixel -> un-augmented pixel) and the intensity jitter. */
export interface AugmentDraw {
  matrix: Affine2D;
  gain: number;
  bias: number;
}

/** Draws one augmentation for a width x height output with `random` (always the same number of draws). */
export function drawAugmentation(
  a: Augmentation,
  width: number,
  height: number,
  random: () => number,
): AugmentDraw {
  const fx = random() < a.flipX ? -1 : 1;
  const fy = random() < a.flipY ? -1 : 1;
  const angle = ((random() * 2 - 1) * a.rotateDegrees * Math.PI) / 180;
  const zoom = a.scale[0] + random() * (a.scale[1] - a.scale[0]);
  const tx = (random() * 2 - 1) * a.translate * width;
  const ty = (random() * 2 - 1) * a.translate * height;
  const gain = 1 + (random() * 2 - 1) * a.contrast;
  const bias = (random() * 2 - 1) * a.brightness;
  // About the image centre: source = centre + shift + R(angle) * F * (x - centre) / zoom.
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cos = Math.cos(angle) / zoom;
  const sin = Math.sin(angle) / zoom;
  const m: Affine2D = [cos * fx, -sin * fy, 0, sin * fx, cos * fy, 0];
  m[2] = cx + tx - (m[0] * cx + m[1] * cy);
  m[5] = cy + ty - (m[3] * cx + m[4] * cy);
  return { matrix: m, gain, bias };
}
