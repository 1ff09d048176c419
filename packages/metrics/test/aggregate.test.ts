import { averageEvaluations, evaluateSegmentation, meanIgnoringNaN, type EvaluateOptions } from '../src';

const options: EvaluateOptions = { dims: [6, 1, 1], spacing: [2, 1, 1], numClasses: 3, nsdTolerance: 2 };
// Case A: class 1 perfect (DSC 1, HD95 0); class 2 predicted one voxel (2 mm) to the right.
const caseA = evaluateSegmentation(Uint8Array.of(1, 1, 0, 0, 2, 0), Uint8Array.of(1, 1, 0, 2, 0, 0), options);
// Case B: class 1 half found; class 2 absent from the ground truth and predicted (DSC 0, distances NaN).
const caseB = evaluateSegmentation(Uint8Array.of(1, 0, 0, 0, 0, 2), Uint8Array.of(1, 1, 0, 0, 0, 0), options);

describe('meanIgnoringNaN', () => {
  test.each([
    [[1, 2, NaN, 3], 2, 3],
    [[NaN, NaN], NaN, 0],
    [[], NaN, 0],
    [[0.5], 0.5, 1],
  ])('%j', (values, mean, count) => {
    const m = meanIgnoringNaN(values);
    expect(m.count).toBe(count);
    if (Number.isNaN(mean)) expect(m.mean).toBeNaN();
    else expect(m.mean).toBeCloseTo(mean, 12);
  });
});

describe('averageEvaluations', () => {
  const avg = averageEvaluations([caseA, caseB]);

  test('the cases are what the comments say', () => {
    expect([caseA.perClass[0].dsc, caseA.perClass[1].dsc, caseA.perClass[1].hd95]).toEqual([1, 0, 2]);
    expect(caseB.perClass[0].dsc).toBeCloseTo(2 / 3, 12);
    expect(caseB.perClass[1].flags.distanceUndefinedReason).toBe('truth-empty');
  });

  test('per class: mean over cases, NaN skipped, with the number of cases used', () => {
    expect(avg.cases).toBe(2);
    const [c1, c2] = avg.perClass;
    expect(c1.classIndex).toBe(1);
    expect(c1.metrics.dsc.mean).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(c1.metrics.dsc.count).toBe(2);
    expect(c2.metrics.dsc).toEqual({ mean: 0, count: 2 });
    expect(c2.metrics.hd95).toEqual({ mean: 2, count: 1 });
    expect(c2.metrics.nsd).toEqual({ mean: 1, count: 1 });
  });

  test('foreground: mean of the class means, with the number of classes used', () => {
    expect(avg.meanForeground.dsc.mean).toBeCloseTo(((1 + 2 / 3) / 2 + 0) / 2, 12);
    expect(avg.meanForeground.dsc.count).toBe(2);
    // class 1 HD95: case A 0, case B: pred {0} vs truth {0, 1}: truth -> pred 0, 2 mm -> P95 = 1.9; mean 0.95.
    expect(avg.meanForeground.hd95.mean).toBeCloseTo((0.95 + 2) / 2, 12);
  });

  test.each([
    ['no cases', [], /cases must be a non-empty array/],
    [
      'different classes',
      [
        caseA,
        evaluateSegmentation(Uint8Array.of(0, 0, 0, 0, 0, 0), Uint8Array.of(0, 0, 0, 0, 0, 0), {
          ...options,
          classes: [2],
        }),
      ],
      /cases\[1\] reports classes \[2\] but cases\[0\] reports \[1,2\]/,
    ],
  ] as const)('rejects %s', (_name, cases, message) => {
    expect(() => averageEvaluations(cases)).toThrow(message);
  });
});
