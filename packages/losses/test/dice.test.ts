/** Soft Dice and log-Dice: hand cases, absent classes, includeBackground, smooth. */
import { dice, logDice } from '../src';
import type { Case } from './helpers/random';
import { refDice } from './helpers/reference';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const { log: ln } = Math;
const oneImage = (rows: number[][], labels: number[]): Case => ({
  shape: [1, rows.length, rows[0].length],
  logits: rows.flat(),
  labels,
  ignoreIndex: 255,
});

// Two pixels, equal logits over 2 classes (p = ½), labels [0, 1]: every class has I = ½, Σp = 1, Σt = 1, s = ½.
const twoClasses = oneImage(
  [
    [0, 0],
    [0, 0],
  ],
  [0, 1],
);
// Same over 3 classes (p = ⅓), class 2 absent: classes 0 and 1 have s = (2/3)/(2/3 + 1) = 2/5.
const absentClass = oneImage(
  [
    [0, 0, 0],
    [0, 0, 0],
  ],
  [0, 1],
);

test.each<[string, Case, { smooth?: number; includeBackground?: boolean }, number, number]>([
  ['s = ½ for both classes', twoClasses, {}, 1 / 2, ln(2)],
  [
    'an absent class adds 0 but counts in the mean: (3/5 + 3/5 + 0)/3',
    absentClass,
    {},
    2 / 5,
    (2 * ln(5 / 2)) / 3,
  ],
  [
    'includeBackground: false averages classes 1 and 2 only',
    absentClass,
    { includeBackground: false },
    3 / 10,
    ln(5 / 2) / 2,
  ],
  // s = (2·½ + 1)/(1 + 1 + 1) = ⅔ for both classes
  ['smooth = 1 enters numerator and denominator', twoClasses, { smooth: 1 }, 1 / 3, ln(3 / 2)],
  // ignoring pixel 2 leaves class 1 absent; class 0: s = (2·½)/(½ + 1) = ⅔
  [
    'an ignored pixel counts in no sum',
    oneImage(
      [
        [0, 0],
        [0, 0],
      ],
      [0, 255],
    ),
    {},
    1 / 6,
    ln(3 / 2) / 2,
  ],
  // binary: σ(0) = ½ on two pixels, labels [1, 0]: s = (2·½)/(1 + 1) = ½
  ['binary: foreground Dice only', oneImage([[0], [0]], [1, 0]), {}, 1 / 2, ln(2)],
  [
    'binary: includeBackground has no effect',
    oneImage([[0], [0]], [1, 0]),
    { includeBackground: false },
    1 / 2,
    ln(2),
  ],
  ['binary: no foreground anywhere costs 0', oneImage([[3], [-1]], [0, 0]), {}, 0, 0],
])('%s', (_name, c, options, expectedDice, expectedLogDice) => {
  expect(valueOf(c, (z, y) => dice(z, y, options))).toBeCloseTo(expectedDice, 6);
  expect(valueOf(c, (z, y) => logDice(z, y, options))).toBeCloseTo(expectedLogDice, 6);
  expect(refDice(c, options.smooth, options.includeBackground)).toBeCloseTo(expectedDice, 12);
  expect(refDice(c, options.smooth, options.includeBackground, true)).toBeCloseTo(expectedLogDice, 12);
});

test('Dice is computed over the whole batch, not per image', () => {
  // Image 0 holds the only class-1 pixel. Over the batch (p = ½ everywhere) class 0 has 3 pixels and class 1
  // one; a per-image mean would instead give image 1 a zero for its absent class 1.
  const c: Case = { shape: [2, 2, 2], logits: new Array(8).fill(0), labels: [0, 1, 0, 0], ignoreIndex: 255 };
  const s0 = (2 * (3 / 2)) / (2 + 3);
  const s1 = (2 * (1 / 2)) / (2 + 1);
  expect(valueOf(c, (z, y) => dice(z, y))).toBeCloseTo((1 - s0 + 1 - s1) / 2, 6);
});

test('a near-perfect prediction has Dice loss ≈ 0 and log-Dice ≈ 0', () => {
  const c = oneImage(
    [
      [20, 0, 0],
      [0, 20, 0],
      [0, 0, 20],
    ],
    [0, 1, 2],
  );
  expect(valueOf(c, (z, y) => dice(z, y))).toBeLessThan(1e-6);
  expect(valueOf(c, (z, y) => logDice(z, y))).toBeLessThan(1e-6);
});

test('log-Dice is an upper bound on linear Dice (Sec. 3.4: −log t ≥ 1 − t)', () => {
  const c = oneImage(
    [
      [1, 0, -1],
      [0.3, 0.2, 0.1],
      [-2, 1, 0],
      [0, 0, 3],
    ],
    [0, 1, 1, 2],
  );
  expect(valueOf(c, (z, y) => logDice(z, y))).toBeGreaterThan(valueOf(c, (z, y) => dice(z, y)));
});
