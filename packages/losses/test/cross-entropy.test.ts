/** CE and WCE: closed-form small cases, worked out by hand in the comments. */
import { crossEntropy, weightedCrossEntropy } from '../src';
import type { Case } from './helpers/random';
import { refCrossEntropy, refInverseFrequency } from './helpers/reference';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const { log: ln } = Math;
const ln3 = ln(3);

/** One image of `pixels` pixels (1-D spatial axis). */
const oneImage = (rows: number[][], labels: number[]): Case => ({
  shape: [1, rows.length, rows[0].length],
  logits: rows.flat(),
  labels,
  ignoreIndex: 255,
});

// z = [0, 0] gives p = [1/2, 1/2]; z = [ln 3, 0] gives p = [3/4, 1/4].
const half = [0, 0];
const threeToOne = [ln3, 0];

test.each<[string, Case, number]>([
  ['p_y = 1/2 and p_y = 1/4: (ln 2 + ln 4)/2', oneImage([half, threeToOne], [0, 1]), 1.5 * ln(2)],
  ['p_y = 3/4: ln(4/3)', oneImage([threeToOne], [0]), ln(4 / 3)],
  ['ignored second pixel: ln 2 alone', oneImage([half, threeToOne], [0, 255]), ln(2)],
  ['every pixel ignored: 0 by definition', oneImage([half, threeToOne], [255, 255]), 0],
  [
    'binary, σ(0) = 1/2 on foreground and σ(ln 3) = 3/4 on background: (ln 2 + ln 4)/2',
    oneImage([[0], [ln3]], [1, 0]),
    1.5 * ln(2),
  ],
])('crossEntropy: %s', (_name, c, expected) => {
  expect(valueOf(c, (z, y) => crossEntropy(z, y))).toBeCloseTo(expected, 6);
  expect(refCrossEntropy(c)).toBeCloseTo(expected, 12);
});

test.each<[string, Case, number[], number]>([
  ['weights [1, 3]: (1·ln 2 + 3·ln 4)/4', oneImage([half, threeToOne], [0, 1]), [1, 3], (7 / 4) * ln(2)],
  ['weight 0 on class 1 drops it', oneImage([half, threeToOne], [0, 1]), [2, 0], ln(2)],
  [
    'binary weights [background, foreground] = [3, 1]',
    oneImage([[0], [ln3]], [1, 0]),
    [3, 1],
    (1 * ln(2) + 3 * ln(4)) / 4,
  ],
])('crossEntropy with classWeights: %s', (_name, c, weights, expected) => {
  expect(valueOf(c, (z, y) => crossEntropy(z, y, { classWeights: weights }))).toBeCloseTo(expected, 6);
  expect(valueOf(c, (z, y) => weightedCrossEntropy(z, y, { classWeights: weights }))).toBeCloseTo(
    expected,
    6,
  );
});

test('weightedCrossEntropy without weights: mean over present classes of each class mean NLL', () => {
  // class 0: pixels with p_0 = 1/2 and 3/4; class 1: one pixel with p_1 = 1/2; class 2 absent.
  const c = oneImage(
    [
      [0, 0, -100],
      [ln3, 0, -100],
      [0, 0, -100],
    ],
    [0, 0, 1],
  );
  const expected = ((ln(2) + ln(4 / 3)) / 2 + ln(2)) / 2;
  expect(refInverseFrequency(c)).toEqual([1 / 2, 1, 0]);
  expect(valueOf(c, (z, y) => weightedCrossEntropy(z, y))).toBeCloseTo(expected, 5);
});

test('inverse-frequency WCE equals CE when every class has the same pixel count', () => {
  const c = oneImage([half, threeToOne, [1, 2], [-1, 0.5]], [0, 1, 1, 0]);
  expect(valueOf(c, (z, y) => weightedCrossEntropy(z, y))).toBeCloseTo(refCrossEntropy(c), 6);
});

test('very confident wrong logits give a large finite loss (logSoftmax, not log(softmax))', () => {
  // p_y = e^-200 / (1 + e^-200): log(softmax) would be log(0) = -Infinity in float32.
  const c = oneImage([[200, 0]], [1]);
  expect(valueOf(c, (z, y) => crossEntropy(z, y))).toBeCloseTo(200, 3);
  const binary = oneImage([[-200]], [1]);
  expect(valueOf(binary, (z, y) => crossEntropy(z, y))).toBeCloseTo(200, 3);
});
