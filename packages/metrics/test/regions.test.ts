import { execFileSync } from 'node:child_process';
import { evaluateSegmentation, predictedRegions, type Dims } from '../src';
import { rng } from './helpers/brute-force';

// Pictures are rows of a 2-D image (y down), one character per pixel: '.' 0, digits the class.
function picture(rows: string[]): { labels: Uint8Array; dims: Dims } {
  const labels = Uint8Array.from(rows.join('').split(''), (c) => (c === '.' ? 0 : Number(c)));
  return { labels, dims: [rows[0].length, rows.length, 1] };
}

describe('predictedRegions: hand-drawn 2-D cases', () => {
  test.each([
    {
      name: 'one region on the truth, one beside it',
      pred: ['11...', '11...', '.....', '...11', '...11'],
      truth: ['1....', '.....', '.....', '.....', '.....'],
      expected: { regions: 2, falseRegions: 1, predVoxels: 8, falseRegionVoxels: 4 },
    },
    {
      name: 'pixels touching by a corner are one region (8-connected)',
      pred: ['1....', '.1...', '..1..', '.....', '....1'],
      truth: ['.....', '.....', '..1..', '.....', '.....'],
      expected: { regions: 2, falseRegions: 1, predVoxels: 4, falseRegionVoxels: 1 },
    },
    {
      name: 'speckle: pixels two apart are separate regions, all on the truth',
      pred: ['1.1.1', '.....', '1.1.1'],
      truth: ['11111', '11111', '11111'],
      expected: { regions: 6, falseRegions: 0, predVoxels: 6, falseRegionVoxels: 0 },
    },
    {
      name: 'another class in the truth does not make a region true',
      pred: ['11...', '.....'],
      truth: ['22...', '.....'],
      expected: { regions: 1, falseRegions: 1, predVoxels: 2, falseRegionVoxels: 2 },
    },
    {
      name: 'a prediction without the class',
      pred: ['22...', '.....'],
      truth: ['11...', '.....'],
      expected: { regions: 0, falseRegions: 0, predVoxels: 0, falseRegionVoxels: 0 },
    },
  ])('$name', ({ pred, truth, expected }) => {
    const p = picture(pred);
    const t = picture(truth);
    expect(predictedRegions(p.labels, t.labels, { dims: p.dims, classIndex: 1 })).toEqual(expected);
  });

  test('voxels touching across slices by a corner are one region in 3-D (26-connected)', () => {
    const dims: Dims = [3, 3, 2];
    const pred = new Uint8Array(18);
    pred[0] = 1; // (0, 0, 0)
    pred[4 + 9] = 1; // (1, 1, 1)
    pred[8 + 9] = 1; // (2, 2, 1)
    const truth = new Uint8Array(18);
    truth[8 + 9] = 1;
    expect(predictedRegions(pred, truth, { dims, classIndex: 1 })).toEqual({
      regions: 1,
      falseRegions: 0,
      predVoxels: 3,
      falseRegionVoxels: 0,
    });
  });

  test('the ignore value: ignored voxels are in no region and touch nothing', () => {
    // The middle pixel is ignored in the truth: it splits the prediction in two, and the left half's only
    // contact with the truth's class was through it.
    const pred = Uint8Array.of(1, 1, 1, 1, 1);
    const truth = Uint8Array.of(0, 0, 255, 1, 0);
    const r = predictedRegions(pred, truth, { dims: [5, 1, 1], classIndex: 1, ignoreIndex: 255 });
    expect(r).toEqual({ regions: 2, falseRegions: 1, predVoxels: 4, falseRegionVoxels: 2 });
  });

  test.each([
    [{ dims: [4, 1, 1] as Dims, classIndex: 1 }, /predictedRegions: pred has 3 values but dims 4x1x1 need 4/],
    [{ dims: [3, 1, 1] as Dims, classIndex: -1 }, /predictedRegions: classIndex must be an integer >= 0, got -1/],
    [{ dims: [3, 1, 1] as Dims, classIndex: 2, ignoreIndex: 2 }, /ignoreIndex 2 is the class being measured/],
  ])('rejects bad options (%#)', (options, message) => {
    expect(() => predictedRegions(Uint8Array.of(1, 0, 1), Uint8Array.of(1, 0, 0), options)).toThrow(message);
  });
});

describe('evaluateSegmentation: predRegions and falseRegionShare', () => {
  const base = { spacing: [1, 1, 1] as const, numClasses: 3, nsdTolerance: 1 };

  test('per class, with the empty-set rules', () => {
    const p = picture(['11..2', '11...', '.....', '...11']);
    const t = picture(['1....', '.....', '.....', '.....']);
    const r = evaluateSegmentation(p.labels, t.labels, { ...base, dims: p.dims });
    const [one, two] = r.perClass;
    expect([one.predRegions, one.falseRegionShare]).toEqual([2, 2 / 6]);
    expect(one.regions).toEqual({ regions: 2, falseRegions: 1, predVoxels: 6, falseRegionVoxels: 2 });
    // Class 2 is only in the prediction: all of it is false.
    expect([two.predRegions, two.falseRegionShare]).toEqual([1, 1]);
    // Means over the foreground classes, like every other metric.
    expect(r.meanForeground.predRegions).toEqual({ mean: 1.5, count: 2 });
    expect(r.meanForeground.falseRegionShare.mean).toBeCloseTo((2 / 6 + 1) / 2, 12);
  });

  test('a class missing from the prediction has no regions and an undefined share', () => {
    const r = evaluateSegmentation(Uint8Array.of(0, 0, 2), Uint8Array.of(1, 0, 2), { ...base, dims: [3, 1, 1] });
    expect(r.perClass[0].predRegions).toBe(0);
    expect(r.perClass[0].falseRegionShare).toBeNaN();
    expect(r.perClass[1].falseRegionShare).toBe(0);
  });
});

// scipy's ndimage.label with a full 3x3x3 structure is an independent implementation of the same regions.
const SCRIPT = String.raw`
import json, sys
import numpy as np
from scipy import ndimage
out = []
for case in json.load(sys.stdin):
    nx, ny, nz = case['dims']
    p = np.asarray(case['pred']).reshape(nz, ny, nx) == case['k']
    t = np.asarray(case['truth']).reshape(nz, ny, nx) == case['k']
    lab, n = ndimage.label(p, structure=np.ones((3, 3, 3)))
    touched = set(np.unique(lab[p & t]).tolist())
    false = [i for i in range(1, n + 1) if i not in touched]
    out.append({'regions': int(n), 'falseRegions': len(false), 'predVoxels': int(p.sum()),
                'falseRegionVoxels': int(np.isin(lab, false).sum()) if false else 0})
print(json.dumps(out))
`;

describe('predictedRegions against scipy.ndimage.label (full connectivity)', () => {
  // Random label maps whose density puts them near the percolation threshold, where connectivity matters most.
  const cases = [
    { seed: 1, dims: [17, 13, 9] as Dims, density: 0.12 },
    { seed: 2, dims: [23, 19, 1] as Dims, density: 0.3 },
    { seed: 3, dims: [9, 31, 14] as Dims, density: 0.08 },
    { seed: 4, dims: [40, 40, 6] as Dims, density: 0.2 },
  ].map(({ seed, dims, density }) => {
    const random = rng(seed);
    const n = dims[0] * dims[1] * dims[2];
    const draw = () => (random() < density ? (random() < 0.5 ? 1 : 2) : 0);
    return { seed, dims, k: 1, pred: Array.from({ length: n }, draw), truth: Array.from({ length: n }, draw) };
  });
  const expected = JSON.parse(
    execFileSync('python3', ['-c', SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8' }),
  ) as object[];

  test.each(cases.map((c, i) => [c.seed, c, expected[i]] as const))('seed %d', (_seed, c, want) => {
    const got = predictedRegions(Uint8Array.from(c.pred), Uint8Array.from(c.truth), {
      dims: c.dims,
      classIndex: c.k,
    });
    expect(got).toEqual(want);
    expect(got.regions).toBeGreaterThan(3); // the cases exercise more than one region
  });
});
