import { evaluateSegmentation, type EvaluateOptions, type LabelArray } from '../src';
import {
  bruteAssd,
  bruteHd,
  bruteNsd,
  bruteSurfaceDistances,
  randomShape,
  type Triple,
} from './helpers/brute-force';

// The 4x3 maps of overlap.test.ts, now with 1 x 2 mm pixels.
// truth:  1 1 1 1 | 0 0 2 2 | 0 0 0 2
// pred:   1 1 0 0 | 0 2 2 2 | 1 1 0 0
const truth = Uint8Array.from([1, 1, 1, 1, 0, 0, 2, 2, 0, 0, 0, 2]);
const pred = Uint8Array.from([1, 1, 0, 0, 0, 2, 2, 2, 1, 1, 0, 0]);
const base: EvaluateOptions = { dims: [4, 3, 1], spacing: [1, 2, 1], numClasses: 3, nsdTolerance: 1 };

describe('evaluateSegmentation: hand-computed 2D case', () => {
  const result = evaluateSegmentation(pred, truth, {
    ...base,
    classNames: ['background', 'liver', 'kidney'],
  });
  const [c1, c2] = result.perClass;

  test('reports the foreground classes by default, with names', () => {
    expect(result.perClass.map((c) => [c.classIndex, c.name])).toEqual([
      [1, 'liver'],
      [2, 'kidney'],
    ]);
    expect(result.validVoxels).toBe(12);
    expect(result.ignoredVoxels).toBe(0);
  });

  test('class 1: overlap metrics and distances', () => {
    // tp 2, fp 2, fn 2. Surfaces: all 4 voxels of each. pred -> truth: 0, 0, 4, 4 (two rows of 2 mm down);
    // truth -> pred: 0, 0, 1, 2 (along the row).
    expect(c1.counts).toEqual({ tp: 2, fp: 2, fn: 2, tn: 6 });
    expect([c1.dsc, c1.iou, c1.precision, c1.recall]).toEqual([0.5, 2 / 6, 0.5, 0.5]);
    expect([c1.predSurfaceVoxels, c1.truthSurfaceVoxels]).toEqual([4, 4]);
    expect(c1.hd95).toBeCloseTo(4, 12); // max(P95[0,0,4,4] = 4, P95[0,0,1,2] = 1.85)
    expect(c1.assd).toBeCloseTo(11 / 8, 12);
    expect(c1.nsd).toBeCloseTo(5 / 8, 12); // within 1 mm: 2 of pred, 3 of truth
    expect(c1.flags).toEqual({
      predEmpty: false,
      truthEmpty: false,
      distancesDefined: true,
      distanceUndefinedReason: null,
    });
  });

  test('class 2: overlap metrics and distances', () => {
    // pred (1,1) (2,1) (3,1) -> truth: 1, 0, 0; truth (2,1) (3,1) (3,2) -> pred: 0, 0, 2 (one row down).
    expect(c2.counts).toEqual({ tp: 2, fp: 1, fn: 1, tn: 8 });
    expect(c2.dsc).toBeCloseTo(2 / 3, 12);
    expect(c2.hd95).toBeCloseTo(1.8, 12); // max(P95[0,0,1] = 0.9, P95[0,0,2] = 1.8)
    expect(c2.assd).toBeCloseTo(3 / 6, 12);
    expect(c2.nsd).toBeCloseTo(5 / 6, 12);
  });

  test('region proportions and the foreground means', () => {
    expect([c1.trueProportion, c1.predProportion, c1.proportionError]).toEqual([4 / 12, 4 / 12, 0]);
    expect(result.meanForegroundDsc).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    expect(result.meanForeground.hd95).toEqual({ mean: expect.closeTo(2.9, 12), count: 2 });
    expect(result.nsdTolerance).toBe(1);
    expect(result.hausdorffPercentile).toBe(95);
  });

  test('includeBackground adds class 0; classes picks and orders classes', () => {
    const all = evaluateSegmentation(pred, truth, { ...base, includeBackground: true });
    expect(all.perClass.map((c) => c.classIndex)).toEqual([0, 1, 2]);
    expect(all.perClass[0].counts).toEqual({ tp: 2, fp: 3, fn: 3, tn: 4 });
    expect(all.meanForegroundDsc).toBeCloseTo(result.meanForegroundDsc, 12); // class 0 is not foreground
    const picked = evaluateSegmentation(pred, truth, { ...base, classes: [2, 0] });
    expect(picked.perClass.map((c) => [c.classIndex, c.name])).toEqual([
      [2, 'class 2'],
      [0, 'class 0'],
    ]);
    expect(picked.perClass[0].hd95).toBe(c2.hd95);
  });

  test('hausdorffPercentile 100 gives the classic Hausdorff distance', () => {
    const hd = evaluateSegmentation(pred, truth, { ...base, hausdorffPercentile: 100 });
    expect(hd.perClass[1].hd95).toBe(2);
  });
});

describe('evaluateSegmentation: region proportions', () => {
  test('over-segmentation gives a positive proportion error', () => {
    const r = evaluateSegmentation(Uint8Array.of(0, 1, 1, 1, 1, 1), Uint8Array.of(0, 1, 1, 1, 0, 0), {
      dims: [6, 1, 1],
      spacing: [1, 1, 1],
      numClasses: 2,
      nsdTolerance: 0,
    });
    const c = r.perClass[0];
    expect([c.trueProportion, c.predProportion]).toEqual([3 / 6, 5 / 6]);
    expect(c.proportionError).toBeCloseTo(1 / 3, 12);
    expect(c.absProportionError).toBeCloseTo(1 / 3, 12);
  });
});

describe('evaluateSegmentation: empty-set rules and flags', () => {
  // 1D line of 6 voxels. truth has classes 1 and 2, pred has 1 and 3; class 4 is in neither.
  const t = Uint8Array.of(1, 1, 0, 2, 2, 0);
  const p = Uint8Array.of(1, 1, 0, 0, 3, 3);
  const r = evaluateSegmentation(p, t, {
    dims: [6, 1, 1],
    spacing: [1, 1, 1],
    numClasses: 5,
    nsdTolerance: 1,
  });
  test.each([
    // class, dsc, iou, precision, recall, predEmpty, truthEmpty, reason
    [1, 1, 1, 1, 1, false, false, null],
    [2, 0, 0, 0, 0, true, false, 'prediction-empty'],
    [3, 0, 0, 0, 0, false, true, 'truth-empty'],
    [4, 1, 1, 1, 1, true, true, 'both-empty'],
  ] as const)('class %d', (k, dsc, iou, prec, rec, predEmpty, truthEmpty, reason) => {
    const c = r.perClass[k - 1];
    expect(c.classIndex).toBe(k);
    expect([c.dsc, c.iou, c.precision, c.recall]).toEqual([dsc, iou, prec, rec]);
    expect(c.flags).toEqual({
      predEmpty,
      truthEmpty,
      distancesDefined: reason === null,
      distanceUndefinedReason: reason,
    });
    if (reason === null) {
      expect([c.hd95, c.assd, c.nsd]).toEqual([0, 0, 1]);
    } else {
      expect([c.hd95, c.assd, c.nsd].every(Number.isNaN)).toBe(true);
    }
  });

  test('foreground means skip NaN and say how many classes they used', () => {
    expect(r.meanForeground.dsc).toEqual({ mean: 0.5, count: 4 });
    expect(r.meanForeground.hd95).toEqual({ mean: 0, count: 1 });
    expect(r.meanForegroundDsc).toBe(0.5);
  });
});

describe('evaluateSegmentation: ignore value', () => {
  test('a predicted voxel under the ignore value counts nowhere: not in DSC, not on the surface', () => {
    // The pred voxel at x = 7 would be 6 mm from the truth, but the truth says "ignore" there.
    const t = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 255);
    const p = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 1);
    const options: EvaluateOptions = { dims: [8, 1, 1], spacing: [1, 1, 1], numClasses: 2, nsdTolerance: 0 };
    const r = evaluateSegmentation(p, t, { ...options, ignoreIndex: 255 });
    const c = r.perClass[0];
    expect([r.validVoxels, r.ignoredVoxels]).toEqual([7, 1]);
    expect([c.dsc, c.hd95, c.assd, c.nsd]).toEqual([1, 0, 0, 1]);
    expect(c.trueProportion).toBe(2 / 7);
    expect(() => evaluateSegmentation(p, t, options)).toThrow(/truth\[7\] is 255/);
  });
});

/** Random label map: background 0, then each class painted as random blobs (later classes on top). */
function randomLabels(dims: Triple, numClasses: number, seed: number): Uint8Array {
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 1; k < numClasses; k++) {
    const blob = randomShape(dims, seed * 31 + k, 0.005);
    blob.forEach((v, i) => {
      if (v) labels[i] = k;
    });
  }
  return labels;
}

describe('evaluateSegmentation against brute force on random multi-class maps', () => {
  const cases: [string, Triple, Triple, number, number | undefined][] = [
    ['2D anisotropic', [19, 16, 1], [0.7, 1.6, 1], 41, undefined],
    ['3D anisotropic', [11, 10, 6], [0.8, 1.1, 3.5], 42, undefined],
    ['3D with ignore value', [10, 11, 5], [1, 0.9, 2], 43, 9],
  ];
  test.each(cases)('%s', (_name, dims, spacing, seed, ignoreIndex) => {
    const numClasses = 4;
    const p: LabelArray = randomLabels(dims, numClasses, seed);
    const t: LabelArray = randomLabels(dims, numClasses, seed + 1000);
    if (ignoreIndex !== undefined) for (let i = 0; i < t.length; i += 7) t[i] = ignoreIndex;
    const tolerance = 1.5;
    const r = evaluateSegmentation(p, t, { dims, spacing, numClasses, nsdTolerance: tolerance, ignoreIndex });
    const valid = (i: number) => p[i] !== ignoreIndex && t[i] !== ignoreIndex;
    for (const c of r.perClass) {
      const k = c.classIndex;
      const a = p.map((v, i) => (v === k && valid(i) ? 1 : 0));
      const b = t.map((v, i) => (v === k && valid(i) ? 1 : 0));
      let tp = 0;
      let sa = 0;
      let sb = 0;
      a.forEach((v, i) => {
        tp += v & b[i];
        sa += v;
        sb += b[i];
      });
      expect(c.dsc).toBeCloseTo((2 * tp) / (sa + sb), 12);
      const d = bruteSurfaceDistances(a, b, dims, spacing);
      expect(c.predSurfaceVoxels).toBe(d.predToTruth.length);
      expect(c.truthSurfaceVoxels).toBe(d.truthToPred.length);
      expect(c.hd95).toBeCloseTo(bruteHd(d, 95), 9);
      expect(c.assd).toBeCloseTo(bruteAssd(d), 9);
      expect(c.nsd).toBeCloseTo(bruteNsd(d, tolerance), 12);
      expect(c.flags.distancesDefined).toBe(true); // every class is present in both random maps
      const nValid = p.filter((_, i) => valid(i)).length;
      expect(c.trueProportion).toBeCloseTo(sb / nValid, 12);
      expect(c.predProportion).toBeCloseTo(sa / nValid, 12);
    }
  });
});

describe('evaluateSegmentation: input errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'pred length',
      () => evaluateSegmentation(pred.subarray(1), truth, base),
      /evaluateSegmentation: pred has 11 values but dims 4x3x1 need 12/,
    ],
    ['truth length', () => evaluateSegmentation(pred, new Uint8Array(13), base), /truth has 13 values/],
    [
      'label out of range',
      () => evaluateSegmentation(pred, truth, { ...base, numClasses: 2 }),
      /pred\[5\] is 2/,
    ],
    [
      'bad spacing',
      () => evaluateSegmentation(pred, truth, { ...base, spacing: [1, Infinity, 1] }),
      /spacing\[1\] must be a finite number > 0/,
    ],
    [
      'missing nsdTolerance',
      () => evaluateSegmentation(pred, truth, { ...base, nsdTolerance: undefined as unknown as number }),
      /nsdTolerance must be a finite number >= 0 \(mm\), got undefined/,
    ],
    [
      'class out of range',
      () => evaluateSegmentation(pred, truth, { ...base, classes: [1, 3] }),
      /classes contains 3, not a class index in \[0, 2\]/,
    ],
    [
      'duplicate class',
      () => evaluateSegmentation(pred, truth, { ...base, classes: [1, 1] }),
      /classes lists class 1 twice/,
    ],
    [
      'classNames length',
      () => evaluateSegmentation(pred, truth, { ...base, classNames: ['a'] }),
      /classNames must have numClasses \(3\) entries, got 1/,
    ],
    [
      'ignoreIndex is a class',
      () => evaluateSegmentation(pred, truth, { ...base, ignoreIndex: 1 }),
      /ignoreIndex 1 is a class index/,
    ],
    [
      'hausdorffPercentile',
      () => evaluateSegmentation(pred, truth, { ...base, hausdorffPercentile: 150 }),
      /hausdorffPercentile must be in \[0, 100\], got 150/,
    ],
    [
      'numClasses',
      () => evaluateSegmentation(pred, truth, { ...base, numClasses: 1.5 }),
      /numClasses must be a positive integer, got 1.5/,
    ],
  ];
  test.each(cases)('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
