/**
 * Colours of the models' overlays: each model gets its own base colour (a hue), and its foreground classes
 * get shades of it, so that two models' overlays never look alike while one model's classes still read as
 * a family.
 *
 * modelColorFamily(modelIndex, classCount) returns `classCount` RGB colours for the foreground classes in
 * order; [0] is the base colour, HSL (hue, 85 %, 50 %), and class c gets lightness 50 % + 32 % · c/(n − 1),
 * i.e. progressively lighter shades of the same hue. Hues: the first eight models take eight well-separated
 * hues (blue, orange, green, magenta, yellow, violet, cyan, red); later ones step by the golden angle
 * (137.5°) from 0°. Pure and deterministic.
 */
export type Rgb = [number, number, number];

const BASE_HUES = [210, 30, 140, 320, 55, 270, 180, 0];
const GOLDEN_ANGLE = 137.50776405003785;
const SATURATION = 0.85;
const BASE_LIGHTNESS = 0.5;
const LIGHTNESS_SPAN = 0.32;

/** HSL (hue in degrees, saturation and lightness 0..1) to RGB 0-255. */
export function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 60;
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1
      ? [chroma, x, 0]
      : h < 2
        ? [x, chroma, 0]
        : h < 3
          ? [0, chroma, x]
          : h < 4
            ? [0, x, chroma]
            : h < 5
              ? [x, 0, chroma]
              : [chroma, 0, x];
  const m = lightness - chroma / 2;
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as Rgb;
}

/** The hue (degrees) of model `modelIndex`'s colour family. */
export function modelHue(modelIndex: number): number {
  if (!Number.isInteger(modelIndex) || modelIndex < 0)
    throw new Error(`modelColorFamily: modelIndex must be a non-negative integer, got ${modelIndex}`);
  return modelIndex < BASE_HUES.length
    ? BASE_HUES[modelIndex]
    : ((modelIndex - BASE_HUES.length) * GOLDEN_ANGLE) % 360;
}

export function modelColorFamily(modelIndex: number, classCount: number): Rgb[] {
  const hue = modelHue(modelIndex);
  if (!Number.isInteger(classCount) || classCount < 0)
    throw new Error(`modelColorFamily: classCount must be a non-negative integer, got ${classCount}`);
  return Array.from({ length: classCount }, (_, c) =>
    hslToRgb(
      hue,
      SATURATION,
      BASE_LIGHTNESS + (classCount > 1 ? (LIGHTNESS_SPAN * c) / (classCount - 1) : 0),
    ),
  );
}
