import { euclideanDistanceTransform, type Dims, type Spacing } from '../src';
import { bruteEdt, randomShape, rng, type Triple } from './helpers/brute-force';

describe('euclideanDistanceTransform', () => {
  test('2D, anisotropic: distances from one seed are sqrt((2x)^2 + (3y)^2)', () => {
    const mask = new Uint8Array(6);
    mask[0] = 1; // (0, 0) on a 3x2 grid
    const d = euclideanDistanceTransform(mask, [3, 2, 1], [2, 3, 1]);
    expect(Array.from(d)).toEqual([0, 2, 4, 3, Math.sqrt(13), 5]);
  });

  test('3D, anisotropic: distances from the corner are sqrt(x^2 + 4y^2 + 9z^2)', () => {
    const mask = new Int16Array(8);
    mask[0] = 7; // any non-zero value is in the set
    const d = euclideanDistanceTransform(mask, [2, 2, 2], [1, 2, 3]);
    const expected = [0, 1, 2, Math.sqrt(5), 3, Math.sqrt(10), Math.sqrt(13), Math.sqrt(14)];
    expected.forEach((v, i) => expect(d[i]).toBeCloseTo(v, 12));
  });

  test('two seeds: each voxel takes the nearer one', () => {
    // 1D line of 7 voxels (y, z of length 1) at 0.5 mm, seeds at x = 0 and x = 5.
    const mask = Uint8Array.from([1, 0, 0, 0, 0, 1, 0]);
    const d = euclideanDistanceTransform(mask, [7, 1, 1], [0.5, 1, 1]);
    expect(Array.from(d)).toEqual([0, 0.5, 1, 1, 0.5, 0, 0.5]);
  });

  test('an empty mask gives +Infinity everywhere', () => {
    const d = euclideanDistanceTransform(new Uint8Array(12), [3, 2, 2], [1, 1, 1]);
    expect(Array.from(d).every((v) => v === Infinity)).toBe(true);
  });

  const randomCases: [string, Triple, Triple, number][] = [
    ['2D isotropic', [17, 13, 1], [1, 1, 1], 1],
    ['2D anisotropic', [15, 19, 1], [0.7, 2.3, 1], 2],
    ['3D isotropic', [9, 8, 7], [1, 1, 1], 3],
    ['3D anisotropic', [11, 7, 6], [0.8, 1.3, 4.5], 4],
    ['3D thin slab', [12, 1, 9], [0.5, 1, 2.5], 5],
    ['3D sparse', [10, 9, 8], [1.1, 0.6, 3], 6],
  ];
  test.each(randomCases)('matches brute force on random masks: %s', (_name, dims, spacing, seed) => {
    for (let trial = 0; trial < 3; trial++) {
      const mask = randomShape(dims, seed * 100 + trial, seed === 6 ? 0.01 : 0.03);
      const setVoxels = mask.reduce((s, v) => s + v, 0);
      expect(setVoxels).toBeGreaterThan(0);
      expect(setVoxels).toBeLessThan(mask.length);
      const got = euclideanDistanceTransform(mask, dims, spacing);
      const want = bruteEdt(mask, dims, spacing);
      want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 9));
    }
  });

  test('a lone random seed in a large anisotropic volume matches the closed form', () => {
    const random = rng(42);
    const dims: Triple = [23, 17, 11];
    const spacing: Triple = [0.43, 1.7, 3.1];
    const seed = [Math.floor(random() * 23), Math.floor(random() * 17), Math.floor(random() * 11)];
    const mask = new Uint8Array(23 * 17 * 11);
    mask[seed[0] + 23 * (seed[1] + 17 * seed[2])] = 1;
    const d = euclideanDistanceTransform(mask, dims, spacing);
    const at = (x: number, y: number, z: number) => d[x + 23 * (y + 17 * z)];
    expect(at(0, 0, 0)).toBeCloseTo(Math.hypot(seed[0] * 0.43, seed[1] * 1.7, seed[2] * 3.1), 10);
    expect(at(22, 16, 10)).toBeCloseTo(
      Math.hypot((22 - seed[0]) * 0.43, (16 - seed[1]) * 1.7, (10 - seed[2]) * 3.1),
      10,
    );
  });

  const badArgs: [string, () => unknown, RegExp][] = [
    [
      'length mismatch',
      () => euclideanDistanceTransform(new Uint8Array(5), [2, 2, 1], [1, 1, 1]),
      /mask has 5 values but dims 2x2x1 need 4/,
    ],
    [
      'zero dim',
      () => euclideanDistanceTransform(new Uint8Array(0), [0, 2, 1], [1, 1, 1]),
      /dims\[0\] must be a positive integer, got 0/,
    ],
    [
      'fractional dim',
      () => euclideanDistanceTransform(new Uint8Array(4), [2, 2.5, 1] as Dims, [1, 1, 1]),
      /dims\[1\]/,
    ],
    [
      'negative spacing',
      () => euclideanDistanceTransform(new Uint8Array(4), [2, 2, 1], [1, -1, 1]),
      /spacing\[1\] must be a finite number > 0/,
    ],
    [
      'NaN spacing',
      () => euclideanDistanceTransform(new Uint8Array(4), [2, 2, 1], [NaN, 1, 1] as Spacing),
      /spacing\[0\]/,
    ],
    [
      'short spacing',
      () => euclideanDistanceTransform(new Uint8Array(4), [2, 2, 1], [1, 1] as unknown as Spacing),
      /spacing must be \[sx, sy, sz\]/,
    ],
    [
      'not a typed array',
      () => euclideanDistanceTransform([1, 0, 0, 0] as unknown as Uint8Array, [2, 2, 1], [1, 1, 1]),
      /mask must be a typed array/,
    ],
  ];
  test.each(badArgs)('rejects bad input: %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
