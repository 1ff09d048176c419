// Overlay colours by role: fixed per role on every study, colour-blind-safe hues, class shades that stay
// visible on a grey MR and on a real PolypGen endoscopy frame.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetDir, readImageFile } from '@seglens/data';
import { FINE_TUNED_ROLE, modelRoles, roleColorFamily, roleName } from '../../src/analysis';

const lightness = ([r, g, b]: number[]): number => (Math.max(r, g, b) + Math.min(r, g, b)) / 510;
const distance = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('overlay colours by role', () => {
  it('gives RCE the first role and Dice the second whatever the catalogue order; fine-tuned models their own', () => {
    const hippocampus = [
      { key: 'ce', loss: 'crossEntropy' },
      { key: 'dice', loss: 'dice' },
      { key: 'rce', loss: 'rce' },
    ];
    expect(Object.fromEntries(modelRoles(hippocampus))).toEqual({ rce: 0, ce: 1, dice: 3 });
    const polyp = [
      { key: 'polyp-dice', loss: 'dice' },
      { key: 'polyp-rce', loss: 'rce' },
      { key: 'polyp-rce-ft', loss: 'rce', fineTunedFrom: 'polyp-rce' },
    ];
    expect(Object.fromEntries(modelRoles(polyp))).toEqual({
      'polyp-rce': 0,
      'polyp-dice': 1,
      'polyp-rce-ft': FINE_TUNED_ROLE,
    });
    expect([0, 1, 2].map(roleName)).toEqual(['blue', 'orange', 'reddish purple']);
  });

  it('shades classes within 38-62 % lightness, class 1 in the role colour, no two alike', () => {
    for (let role = 0; role < 6; role++) {
      for (const n of [1, 2, 3, 5]) {
        const family = roleColorFamily(role, n);
        expect(family).toHaveLength(n);
        for (const c of family) {
          expect(lightness(c)).toBeGreaterThanOrEqual(0.375);
          expect(lightness(c)).toBeLessThanOrEqual(0.625);
        }
        expect(lightness(family[0])).toBeCloseTo(0.5, 1);
        for (let a = 0; a < n; a++)
          for (let b = a + 1; b < n; b++) expect(distance(family[a], family[b])).toBeGreaterThan(15);
      }
    }
    expect(() => roleColorFamily(-1, 2)).toThrow(
      'roleColorFamily: role must be a non-negative integer, got -1',
    );
  });

  it("keeps the first three roles' classes apart from each other and from grey and a real endoscopy frame", async () => {
    const images = join(datasetDir('polypgen-256'), 'val', 'images');
    const frame = await readImageFile(join(images, readdirSync(images).sort()[0]));
    const v = frame.voxels as ArrayLike<number>;
    const mean = [0, 1, 2].map((c) => {
      let s = 0;
      for (let i = c; i < v.length; i += 3) s += v[i];
      return s / (v.length / 3);
    });
    const colours = [0, 1, 2].flatMap((role) => roleColorFamily(role, 2).map((c, k) => ({ role, k, c })));
    for (const { c, k } of colours) {
      for (const grey of [60, 128, 200]) expect(distance(c, [grey, grey, grey])).toBeGreaterThan(100);
      // The polyp models have one foreground class: its colour must stand off the reddish frame
      // (mean RGB about 162, 104, 80), and every first class does by more than 90.
      if (k === 0) expect(distance(c, mean)).toBeGreaterThan(90);
    }
    for (const a of colours)
      for (const b of colours) if (a.role !== b.role) expect(distance(a.c, b.c)).toBeGreaterThan(60);
  });
});
