import { confusionCounts, dice, iou, precision, recall, type ConfusionCounts } from '../src';

// 4x3 label maps, rows y = 0..2 (x fastest), hand-counted below.
// truth:  1 1 1 1 | 0 0 2 2 | 0 0 0 2
// pred:   1 1 0 0 | 0 2 2 2 | 1 1 0 0
const truth = Uint8Array.from([1, 1, 1, 1, 0, 0, 2, 2, 0, 0, 0, 2]);
const pred = Uint8Array.from([1, 1, 0, 0, 0, 2, 2, 2, 1, 1, 0, 0]);

describe('confusionCounts', () => {
  test('hand-counted tp/fp/fn/tn per class', () => {
    expect(confusionCounts(pred, truth, { numClasses: 3 })).toEqual([
      { tp: 2, fp: 3, fn: 3, tn: 4 },
      { tp: 2, fp: 2, fn: 2, tn: 6 },
      { tp: 2, fp: 1, fn: 1, tn: 8 },
    ]);
  });

  test('other typed arrays give the same counts', () => {
    const a = confusionCounts(Int32Array.from(pred), Float32Array.from(truth), { numClasses: 3 });
    expect(a).toEqual(confusionCounts(pred, truth, { numClasses: 3 }));
  });

  test('the ignore value in either map removes the voxel from every count', () => {
    const t = Uint8Array.from(truth);
    t[0] = 255; // truth (0,0): class 1 in both before
    const p = Uint8Array.from(pred);
    p[11] = 255; // pred (3,2): truth is class 2 there
    // 10 valid voxels. class 1: truth {(1,0),(2,0),(3,0)}, pred {(1,0),(0,2),(1,2)} -> tp 1, fp 2, fn 2.
    // class 2: truth {(2,1),(3,1)}, pred {(1,1),(2,1),(3,1)} -> tp 2, fp 1, fn 0.
    const counts = confusionCounts(p, t, { numClasses: 3, ignoreIndex: 255 });
    expect(counts[1]).toEqual({ tp: 1, fp: 2, fn: 2, tn: 5 });
    expect(counts[2]).toEqual({ tp: 2, fp: 1, fn: 0, tn: 7 });
    for (const c of counts) expect(c.tp + c.fp + c.fn + c.tn).toBe(10);
  });

  const bad: [string, () => unknown, RegExp][] = [
    [
      'length mismatch',
      () => confusionCounts(pred, truth.subarray(1), { numClasses: 3 }),
      /pred has 12 values but truth has 11/,
    ],
    [
      'label too large',
      () => confusionCounts(pred, truth, { numClasses: 2 }),
      /pred\[5\] is 2; labels must be integers in \[0, 1\]/,
    ],
    [
      'negative label',
      () => confusionCounts(Int16Array.of(0, -1), Int16Array.of(0, 0), { numClasses: 2 }),
      /pred\[1\] is -1/,
    ],
    [
      'fractional label',
      () => confusionCounts(Float32Array.of(0, 0), Float32Array.of(1.5, 0), { numClasses: 2 }),
      /truth\[0\] is 1.5/,
    ],
    [
      'unknown 255 without ignoreIndex',
      () => confusionCounts(Uint8Array.of(255), Uint8Array.of(0), { numClasses: 2 }),
      /pred\[0\] is 255; labels must be integers in \[0, 1\]$/,
    ],
    [
      'ignoreIndex is a class',
      () => confusionCounts(pred, truth, { numClasses: 3, ignoreIndex: 2 }),
      /ignoreIndex 2 is a class index/,
    ],
    [
      'numClasses 0',
      () => confusionCounts(pred, truth, { numClasses: 0 }),
      /numClasses must be a positive integer, got 0/,
    ],
    [
      'empty maps',
      () => confusionCounts(new Uint8Array(0), new Uint8Array(0), { numClasses: 2 }),
      /pred and truth are empty/,
    ],
    [
      'plain array',
      () => confusionCounts([0] as unknown as Uint8Array, truth, { numClasses: 3 }),
      /pred must be a typed array/,
    ],
  ];
  test.each(bad)('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('dice, iou, precision, recall', () => {
  const cases: [string, ConfusionCounts, number, number, number, number][] = [
    // name, counts, dice, iou, precision, recall
    ['hand-computed class 1 above', { tp: 2, fp: 2, fn: 2, tn: 6 }, 0.5, 1 / 3, 0.5, 0.5],
    ['hand-computed class 2 above', { tp: 2, fp: 1, fn: 1, tn: 8 }, 2 / 3, 0.5, 2 / 3, 2 / 3],
    ['asymmetric', { tp: 3, fp: 1, fn: 2, tn: 4 }, 6 / 9, 3 / 6, 3 / 4, 3 / 5],
    ['perfect', { tp: 5, fp: 0, fn: 0, tn: 5 }, 1, 1, 1, 1],
    ['both empty: all 1', { tp: 0, fp: 0, fn: 0, tn: 10 }, 1, 1, 1, 1],
    ['prediction empty: all 0', { tp: 0, fp: 0, fn: 5, tn: 5 }, 0, 0, 0, 0],
    ['truth empty: all 0', { tp: 0, fp: 3, fn: 0, tn: 7 }, 0, 0, 0, 0],
    ['disjoint', { tp: 0, fp: 2, fn: 4, tn: 4 }, 0, 0, 0, 0],
  ];
  test.each(cases)('%s', (_name, counts, d, j, p, r) => {
    expect(dice(counts)).toBeCloseTo(d, 12);
    expect(iou(counts)).toBeCloseTo(j, 12);
    expect(precision(counts)).toBeCloseTo(p, 12);
    expect(recall(counts)).toBeCloseTo(r, 12);
    // DSC and IoU are tied by DSC = 2 IoU / (1 + IoU) whenever both are defined.
    expect(dice(counts)).toBeCloseTo((2 * iou(counts)) / (1 + iou(counts)), 12);
  });

  test.each([
    ['dice', dice],
    ['iou', iou],
    ['precision', precision],
    ['recall', recall],
  ] as const)('%s rejects negative or fractional counts', (name, fn) => {
    expect(() => fn({ tp: -1, fp: 0, fn: 0, tn: 0 })).toThrow(
      `${name}: counts.tp must be an integer >= 0, got -1`,
    );
    expect(() => fn({ tp: 1, fp: 0.5, fn: 0, tn: 0 })).toThrow(
      `${name}: counts.fp must be an integer >= 0, got 0.5`,
    );
  });
});
