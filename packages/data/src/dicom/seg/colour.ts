// DICOM stores segment colours as CIELab scaled to 16 bits (PS3.3 C.10.7.1.1): L* 0..100 -> 0..65535,
// a* and b* -128..127 -> 0..65535. Conversions go through sRGB and CIE XYZ with the D65 white point.

export type Rgb = [number, number, number];
export type DicomLab = [number, number, number];

const WHITE_D65 = [0.95047, 1.0, 1.08883];

const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number): number => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const f = (t: number): number => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const fInverse = (t: number): number => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));

/** sRGB (0..255 each) to DICOM's scaled CIELab (three integers 0..65535). */
export function rgbToDicomLab(rgb: Rgb): DicomLab {
  const [r, g, b] = rgb.map((c) => toLinear(Math.min(255, Math.max(0, c)) / 255));
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const fx = f(x / WHITE_D65[0]);
  const fy = f(y / WHITE_D65[1]);
  const fz = f(z / WHITE_D65[2]);
  const L = 116 * fy - 16;
  const a = 500 * (fx - fy);
  const bb = 200 * (fy - fz);
  const clamp = (v: number): number => Math.min(65535, Math.max(0, Math.round(v)));
  return [clamp((L * 65535) / 100), clamp(((a + 128) * 65535) / 255), clamp(((bb + 128) * 65535) / 255)];
}

/** DICOM's scaled CIELab back to sRGB (0..255 each, rounded and clipped to the sRGB gamut). */
export function dicomLabToRgb(lab: DicomLab): Rgb {
  const L = (lab[0] * 100) / 65535;
  const a = (lab[1] * 255) / 65535 - 128;
  const b = (lab[2] * 255) / 65535 - 128;
  const fy = (L + 16) / 116;
  const x = WHITE_D65[0] * fInverse(fy + a / 500);
  const y = WHITE_D65[1] * fInverse(fy);
  const z = WHITE_D65[2] * fInverse(fy - b / 200);
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return [r, g, bl].map((c) => Math.min(255, Math.max(0, Math.round(fromLinear(c) * 255)))) as Rgb;
}
