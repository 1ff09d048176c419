// modelColorFamily: one distinct hue per model, lighter shades of it per class, deterministic.
import { hslToRgb, modelColorFamily, modelHue } from '../../src/analysis';

/** Hue in degrees of an RGB colour (standard formula). */
function hueOf([r, g, b]: number[]): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}
const lightness = ([r, g, b]: number[]): number => (Math.max(r, g, b) + Math.min(r, g, b)) / 510;
const hueDistance = (a: number, b: number): number => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe('modelColorFamily', () => {
  it('converts HSL like the standard formula', () => {
    expect(hslToRgb(0, 1, 0.5)).toEqual([255, 0, 0]);
    expect(hslToRgb(120, 1, 0.5)).toEqual([0, 255, 0]);
    expect(hslToRgb(240, 1, 0.25)).toEqual([0, 0, 128]);
    expect(hslToRgb(210, 0, 1)).toEqual([255, 255, 255]);
  });

  it('gives the first eight models hues at least 25° apart, and later ones the golden-angle sequence', () => {
    const hues = Array.from({ length: 8 }, (_, i) => modelHue(i));
    for (let a = 0; a < 8; a++)
      for (let b = a + 1; b < 8; b++) expect(hueDistance(hues[a], hues[b])).toBeGreaterThanOrEqual(25);
    expect(modelHue(9)).toBeCloseTo(137.50776405003785, 12);
    expect(() => modelHue(-1)).toThrow('modelColorFamily: modelIndex must be a non-negative integer, got -1');
  });

  it('shades one hue per model, base first, lighter per class, the same every time', () => {
    for (let model = 0; model < 10; model++) {
      const family = modelColorFamily(model, 4);
      expect(family).toHaveLength(4);
      expect(family).toEqual(modelColorFamily(model, 4));
      family.forEach((c) => expect(hueDistance(hueOf(c), modelHue(model))).toBeLessThan(3));
      for (let c = 1; c < 4; c++)
        expect(lightness(family[c])).toBeGreaterThan(lightness(family[c - 1]) + 0.05);
      expect(lightness(family[0])).toBeCloseTo(0.5, 2);
    }
    expect(modelColorFamily(0, 1)).toEqual([hslToRgb(210, 0.85, 0.5)]);
    expect(modelColorFamily(1, 0)).toEqual([]);
  });
});
