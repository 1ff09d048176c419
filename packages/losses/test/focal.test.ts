/** Focal loss: closed-form cases and its reduction to CE at γ = 0. */
import { crossEntropy, focal } from '../src';
import { randomCase, type Case } from './helpers/random';
import { refFocal } from './helpers/reference';
import { tensors, tf, useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const { log: ln } = Math;
const oneImage = (rows: number[][], labels: number[]): Case => ({
  shape: [1, rows.length, rows[0].length],
  logits: rows.flat(),
  labels,
  ignoreIndex: 255,
});

test.each<[string, Case, number, number]>([
  // p_y = 1/2: (1/2)^2·ln 2; p_y = 1/4: (3/4)^2·ln 4
  [
    'γ = 2, p_y = 1/2 and 1/4',
    oneImage(
      [
        [0, 0],
        [ln(3), 0],
      ],
      [0, 1],
    ),
    2,
    ((1 / 4) * ln(2) + (9 / 16) * ln(4)) / 2,
  ],
  ['γ = 1, p_y = 3/4', oneImage([[ln(3), 0]], [0]), 1, (1 / 4) * ln(4 / 3)],
  ['γ = 0.5, p_y = 1/3 of three equal logits', oneImage([[1, 1, 1]], [2]), 0.5, Math.sqrt(2 / 3) * ln(3)],
  ['binary γ = 2: σ(ln 3) = 3/4 on a foreground pixel', oneImage([[ln(3)]], [1]), 2, (1 / 16) * ln(4 / 3)],
  [
    'binary γ = 2: σ(ln 3) = 3/4 on a background pixel, p_y = 1/4',
    oneImage([[ln(3)]], [0]),
    2,
    (9 / 16) * ln(4),
  ],
  [
    'ignored pixel left out',
    oneImage(
      [
        [0, 0],
        [ln(3), 0],
      ],
      [0, 255],
    ),
    2,
    (1 / 4) * ln(2),
  ],
])('focal: %s', (_name, c, gamma, expected) => {
  expect(valueOf(c, (z, y) => focal(z, y, { gamma }))).toBeCloseTo(expected, 6);
  expect(refFocal(c, gamma)).toBeCloseTo(expected, 12);
});

test.each([
  ['multi-class', [2, 4, 4, 3]],
  ['binary', [2, 4, 4, 1]],
])('focal with γ = 0 is CE (%s)', (_name, shape) => {
  const c = randomCase(shape as number[], 77, 0.1);
  expect(valueOf(c, (z, y) => focal(z, y, { gamma: 0 }))).toBeCloseTo(
    valueOf(c, (z, y) => crossEntropy(z, y)),
    6,
  );
});

test('focal is at most CE for γ > 0 and decreases with γ', () => {
  const c = randomCase([2, 6, 6, 4], 5, 0);
  const values = [0, 0.5, 1, 2, 5].map((gamma) => valueOf(c, (z, y) => focal(z, y, { gamma })));
  for (let j = 1; j < values.length; j++) expect(values[j]).toBeLessThan(values[j - 1]);
});

test('a perfectly confident correct pixel costs 0, with a finite gradient even for γ < 1', () => {
  const c = oneImage(
    [
      [30, -30],
      [0, 0],
    ],
    [0, 1],
  );
  expect(valueOf(c, (z, y) => focal(z, y, { gamma: 0.5 }))).toBeCloseTo((Math.SQRT1_2 * ln(2)) / 2, 6);
  const { logits, labels } = tensors(c);
  const grad = tf.grad((z: tf.Tensor) => focal(z, labels, { gamma: 0.5 }))(logits);
  const g = Array.from(grad.dataSync());
  tf.dispose([logits, labels, grad]);
  expect(g.every(Number.isFinite)).toBe(true);
  // The saturated first pixel has p_y = 1 in float32: no gradient flows to it.
  expect(Math.abs(g[0]) + Math.abs(g[1])).toBeLessThan(1e-12);
});
