/** Region proportions ŷ and p̂: hand cases, the temperature's direction, ignored pixels, binary mode. */
import { gtProportions, predProportions } from '../src';
import { randomCase, type Case } from './helpers/random';
import { refGt, refPred } from './helpers/reference';
import { tensors, tf, useBackend } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const { log: ln } = Math;

function read(t: tf.Tensor): number[][] {
  const out = t.arraySync() as number[][];
  t.dispose();
  return out;
}

function expectRows(actual: number[][], expected: number[][], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, b) => {
    expect(row.length).toBe(expected[b].length);
    row.forEach((v, k) => expect(v).toBeCloseTo(expected[b][k], digits));
  });
}

test('gtProportions counts each image separately and skips ignored pixels', () => {
  const labels = tf.tensor2d(
    [
      [0, 0, 1, 255],
      [2, 2, 2, 1],
    ],
    [2, 4],
    'int32',
  );
  expectRows(read(gtProportions(labels, 3)), [
    [2 / 3, 1 / 3, 0],
    [0, 1 / 4, 3 / 4],
  ]);
  labels.dispose();
});

test('an absent class gets the tiny positive EPS/(n + EPS), never 0 (so log ŷ stays finite)', () => {
  const labels = tf.tensor2d([[0, 0, 0]], [1, 3], 'int32');
  const [[, absent]] = read(gtProportions(labels, 2));
  labels.dispose();
  expect(absent).toBeGreaterThan(0);
  expect(absent).toBeLessThan(1e-10);
});

test('binary gtProportions: the foreground share, shape [B, 1]', () => {
  const labels = tf.tensor3d(
    [
      [
        [1, 0],
        [0, 255],
      ],
    ],
    [1, 2, 2],
    'int32',
  );
  expectRows(read(gtProportions(labels, 1)), [[1 / 3]]);
  labels.dispose();
});

// Two pixels with logits [ln 3, 0]: softmax(τ·z) = [3^τ, 1]/(3^τ + 1).
test.each([
  [1, 3 / 4],
  [2, 9 / 10],
  [0.5, Math.sqrt(3) / (Math.sqrt(3) + 1)],
])('predProportions multiplies the logits by τ = %p (τ > 1 sharpens)', (temperature, p0) => {
  const logits = tf.tensor3d([
    [
      [ln(3), 0],
      [ln(3), 0],
    ],
  ]);
  expectRows(read(predProportions(logits, null, { temperature })), [[p0, 1 - p0]]);
  logits.dispose();
});

test('predProportions defaults to τ = 10 and leaves out ignored pixels', () => {
  const c: Case = { shape: [1, 3, 2], logits: [0.1, 0, 0, 0, 5, -5], labels: [0, 1, 255], ignoreIndex: 255 };
  const { logits, labels } = tensors(c);
  // softmax(10·[0.1, 0]) = [e, 1]/(e + 1) and softmax([0, 0]) = [1/2, 1/2]; the ignored third pixel is skipped.
  const p0 = (Math.E / (Math.E + 1) + 1 / 2) / 2;
  expectRows(read(predProportions(logits, labels)), [[p0, 1 - p0]]);
  expectRows(read(predProportions(logits, labels)), refPred(c));
  tf.dispose([logits, labels]);
});

test('with a large τ, p̂ approaches the proportions of the hard (argmax) prediction', () => {
  const c = randomCase([2, 8, 8, 3], 11, 0, 3);
  const { logits } = tensors(c);
  const soft = read(predProportions(logits, null, { temperature: 1000 }));
  const hard = [0, 1].map((b) => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 64; i++) {
      const row = c.logits.slice((b * 64 + i) * 3, (b * 64 + i) * 3 + 3);
      counts[row.indexOf(Math.max(...row))]++;
    }
    return counts.map((n) => n / 64);
  });
  expectRows(soft, hard, 3);
  logits.dispose();
});

test.each([
  ['2D', [2, 5, 4, 3]],
  ['3D', [2, 3, 3, 3, 4]],
  ['binary', [3, 4, 4, 1]],
])('both proportions match the reference on random %s inputs with ignored pixels', (_name, shape) => {
  const c = randomCase(shape as number[], 3, 0.3);
  const { logits, labels } = tensors(c);
  const numClasses = c.shape[c.shape.length - 1];
  expectRows(read(gtProportions(labels, numClasses)), refGt(c));
  expectRows(read(predProportions(logits, labels, { temperature: 3 })), refPred(c, 3));
  expectRows(read(predProportions(logits, null, { temperature: 3 })), refPred(c, 3, true));
  tf.dispose([logits, labels]);
});

test('each row of p̂ and ŷ sums to 1 in multi-class mode', () => {
  const c = randomCase([4, 6, 6, 5], 8, 0.2);
  const { logits, labels } = tensors(c);
  for (const row of [...read(predProportions(logits, labels)), ...read(gtProportions(labels, 5))]) {
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
  tf.dispose([logits, labels]);
});
