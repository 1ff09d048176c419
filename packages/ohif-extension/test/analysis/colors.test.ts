// hslToRgb: the HSL conversion behind the role colours of analysis/roles.ts.
import { hslToRgb } from '../../src/analysis';

describe('hslToRgb', () => {
  it.each([
    [0, 1, 0.5, [255, 0, 0]],
    [120, 1, 0.5, [0, 255, 0]],
    [240, 1, 0.25, [0, 0, 128]],
    [210, 0, 1, [255, 255, 255]],
    [-120, 1, 0.5, [0, 0, 255]],
    [210, 0.85, 0.5, [19, 128, 236]],
  ])('hsl(%d°, %d, %d) is %j like the standard formula', (h, s, l, rgb) => {
    expect(hslToRgb(h, s, l)).toEqual(rgb);
  });
});
