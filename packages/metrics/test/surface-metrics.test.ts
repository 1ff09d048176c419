import {
  averageSymmetricSurfaceDistance,
  hausdorff95,
  normalizedSurfaceDistance,
  percentile,
  percentileHausdorff,
  surfaceDistances,
  type SurfaceDistances,
} from '../src';
import {
  bruteAssd,
  bruteHd,
  bruteNsd,
  bruteSurfaceDistances,
  randomShape,
  type Triple,
} from './helpers/brute-force';

const f64 = (values: number[]) => Float64Array.from(values);

describe('percentile (linear interpolation, numpy default)', () => {
  // Expected values printed by numpy 1.24.2: np.percentile([3,1,4,1,5,9,2,6], [0,10,25,50,95,100]).
  test.each([
    [0, 1],
    [10, 1],
    [25, 1.75],
    [50, 3.5],
    [95, 7.949999999999998],
    [100, 9],
  ])('p = %d', (p, expected) => {
    expect(percentile(f64([3, 1, 4, 1, 5, 9, 2, 6]), p)).toBeCloseTo(expected, 12);
  });

  test('one value, two values, none', () => {
    expect(percentile(f64([7.5]), 95)).toBe(7.5);
    expect(percentile(f64([2, 4]), 95)).toBeCloseTo(3.9, 12); // numpy: 3.9
    expect(percentile(f64([]), 95)).toBeNaN();
  });

  test('rejects p outside [0, 100]', () => {
    expect(() => percentile(f64([1]), 101)).toThrow('percentile: p must be in [0, 100], got 101');
  });
});

describe('hand-computed surface distances', () => {
  // 2D 4x3 grid, spacing 1 x 2 mm. Truth: the whole row y = 0. Prediction: (0,2) and (1,2).
  // pred -> truth: both straight down 2 rows = 4 mm.
  // truth -> pred: (0,0) 4, (1,0) 4, (2,0) sqrt(1 + 16), (3,0) sqrt(4 + 16).
  const dims2: Triple = [4, 3, 1];
  const truth2 = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const pred2 = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
  const d2 = surfaceDistances(pred2, truth2, dims2, [1, 2, 1]);

  test('2D anisotropic: directed distances', () => {
    expect(Array.from(d2.predToTruth)).toEqual([4, 4]);
    expect(Array.from(d2.truthToPred)).toEqual([4, 4, Math.sqrt(17), Math.sqrt(20)]);
  });

  test('2D anisotropic: HD95 interpolates between the 3rd and 4th of the 4 truth distances', () => {
    // h = (4 - 1) * 0.95 = 2.85
    expect(hausdorff95(d2)).toBeCloseTo(Math.sqrt(17) + 0.85 * (Math.sqrt(20) - Math.sqrt(17)), 12);
    expect(percentileHausdorff(d2, 100)).toBeCloseTo(Math.sqrt(20), 12);
    expect(percentileHausdorff(d2, 50)).toBeCloseTo((4 + Math.sqrt(17)) / 2, 12); // h = 1.5
  });

  test('2D anisotropic: ASSD is the mean of all six distances', () => {
    expect(averageSymmetricSurfaceDistance(d2)).toBeCloseTo((16 + Math.sqrt(17) + Math.sqrt(20)) / 6, 12);
  });

  test.each([
    [3.9, 0],
    [4, 4 / 6],
    [4.2, 5 / 6],
    [4.5, 1],
  ])('2D anisotropic: NSD at %d mm', (tolerance, expected) => {
    expect(normalizedSurfaceDistance(d2, tolerance)).toBeCloseTo(expected, 12);
  });

  // 3D 3x3x3, spacing 1 x 1 x 3 mm. Truth: the centre voxel. Prediction: the centre and the corner (0,0,0),
  // which is sqrt(1 + 1 + 9) = sqrt(11) mm from the centre.
  const truth3 = new Uint8Array(27);
  truth3[13] = 1;
  const pred3 = Uint8Array.from(truth3);
  pred3[0] = 1;
  const d3 = surfaceDistances(pred3, truth3, [3, 3, 3], [1, 1, 3]);

  test('3D anisotropic: distances, HD95, ASSD, NSD', () => {
    expect(Array.from(d3.predToTruth)).toEqual([Math.sqrt(11), 0]);
    expect(Array.from(d3.truthToPred)).toEqual([0]);
    expect(hausdorff95(d3)).toBeCloseTo(0.95 * Math.sqrt(11), 12); // max(0.95 sqrt 11, 0)
    expect(averageSymmetricSurfaceDistance(d3)).toBeCloseTo(Math.sqrt(11) / 3, 12);
    expect(normalizedSurfaceDistance(d3, 1)).toBeCloseTo(2 / 3, 12);
    expect(normalizedSurfaceDistance(d3, 3.4)).toBe(1);
  });

  test('identical masks: every distance 0, HD95 0, ASSD 0, NSD 1 at tolerance 0', () => {
    const d = surfaceDistances(pred2, pred2, dims2, [1, 2, 1]);
    expect(hausdorff95(d)).toBe(0);
    expect(averageSymmetricSurfaceDistance(d)).toBe(0);
    expect(normalizedSurfaceDistance(d, 0)).toBe(1);
  });

  test('a distance equal to the tolerance up to rounding counts as within (0.1 mm x 3 = 0.3 mm)', () => {
    const a = Uint8Array.from([1, 0, 0, 0]);
    const b = Uint8Array.from([0, 0, 0, 1]);
    const d = surfaceDistances(a, b, [4, 1, 1], [0.1, 1, 1]);
    expect(d.predToTruth[0]).not.toBe(0.3); // 0.30000000000000004 in floating point
    expect(normalizedSurfaceDistance(d, 0.3)).toBe(1);
    expect(normalizedSurfaceDistance(d, 0.29)).toBe(0);
  });
});

describe('empty sets: distances undefined', () => {
  const some = Uint8Array.from([0, 1, 1, 0, 0, 0]);
  const none = new Uint8Array(6);
  test.each([
    ['prediction empty', none, some, 0, 2],
    ['truth empty', some, none, 2, 0],
    ['both empty', none, none, 0, 0],
  ])('%s: NaN for HD95, ASSD and NSD', (_name, pred, truth, fromPred, fromTruth) => {
    const d = surfaceDistances(pred, truth, [3, 2, 1], [1, 1, 1]);
    expect(d.predToTruth.length).toBe(fromPred);
    expect(d.truthToPred.length).toBe(fromTruth);
    // Surface voxels with nothing to measure to are at +Infinity.
    expect([...d.predToTruth, ...d.truthToPred].every((v) => v === Infinity)).toBe(true);
    expect(hausdorff95(d)).toBeNaN();
    expect(averageSymmetricSurfaceDistance(d)).toBeNaN();
    expect(normalizedSurfaceDistance(d, 2)).toBeNaN();
  });
});

describe('against brute force O(|∂A| |∂B|) on random shapes', () => {
  const cases: [string, Triple, Triple, number][] = [
    ['2D isotropic', [20, 17, 1], [1, 1, 1], 21],
    ['2D anisotropic', [18, 15, 1], [0.6, 1.9, 1], 22],
    ['3D isotropic', [10, 9, 8], [1, 1, 1], 23],
    ['3D anisotropic', [12, 10, 7], [0.75, 0.9, 3.3], 24],
    ['3D thick slices', [11, 12, 5], [0.5, 0.5, 5], 25],
  ];
  test.each(cases)('%s', (_name, dims, spacing, seed) => {
    for (let trial = 0; trial < 3; trial++) {
      const pred = randomShape(dims, seed * 100 + trial, 0.02);
      const truth = randomShape(dims, seed * 100 + trial + 50, 0.02);
      const got: SurfaceDistances = surfaceDistances(pred, truth, dims, spacing);
      const want = bruteSurfaceDistances(pred, truth, dims, spacing);
      expect(got.predToTruth.length).toBe(want.predToTruth.length);
      expect(got.truthToPred.length).toBe(want.truthToPred.length);
      want.predToTruth.forEach((v, i) => expect(got.predToTruth[i]).toBeCloseTo(v, 9));
      want.truthToPred.forEach((v, i) => expect(got.truthToPred[i]).toBeCloseTo(v, 9));
      expect(hausdorff95(got)).toBeCloseTo(bruteHd(want, 95), 9);
      expect(percentileHausdorff(got, 100)).toBeCloseTo(bruteHd(want, 100), 9);
      expect(averageSymmetricSurfaceDistance(got)).toBeCloseTo(bruteAssd(want), 9);
      for (const tolerance of [0, 1, 2.5]) {
        expect(normalizedSurfaceDistance(got, tolerance)).toBeCloseTo(bruteNsd(want, tolerance), 12);
      }
      expect(hausdorff95(got)).toBeGreaterThan(0); // the random shapes really differ
    }
  });
});

describe('input errors', () => {
  const m = new Uint8Array(4);
  test.each([
    [
      'pred length',
      () => surfaceDistances(new Uint8Array(3), m, [2, 2, 1], [1, 1, 1]),
      /surfaceDistances: pred has 3 values/,
    ],
    [
      'truth length',
      () => surfaceDistances(m, new Uint8Array(5), [2, 2, 1], [1, 1, 1]),
      /surfaceDistances: truth has 5 values/,
    ],
    [
      'spacing',
      () => surfaceDistances(m, m, [2, 2, 1], [1, 0, 1]),
      /surfaceDistances: spacing\[1\] must be a finite number > 0/,
    ],
    [
      'negative tolerance',
      () => normalizedSurfaceDistance({ predToTruth: f64([1]), truthToPred: f64([1]) }, -1),
      /normalizedSurfaceDistance: tolerance must be a finite number >= 0/,
    ],
    [
      'percentile',
      () => percentileHausdorff({ predToTruth: f64([1]), truthToPred: f64([1]) }, -5),
      /percentileHausdorff: p must be in \[0, 100\], got -5/,
    ],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
