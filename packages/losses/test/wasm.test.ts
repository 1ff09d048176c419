/**
 * The same losses on the WASM backend (single-threaded in Node): values against the float64 reference,
 * MONAI's published values, gradients against finite differences of the float64 reference, decomposition
 * identity, and no leaks.
 */
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropy, decompose, dice, focal, lossNames, lossRegistry } from '../src';
import { imageOf, monaiCases } from './helpers/monai';
import { randomCase, type Case } from './helpers/random';
import { refByName } from './helpers/reference';
import { tensors, tf, useBackend, valueOf } from './helpers/setup';

beforeAll(async () => {
  await useBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

const inputs: Array<[string, Case]> = [
  ['2D multi-class with ignored pixels', randomCase([2, 4, 5, 3], 91, 0.2)],
  ['3D multi-class', randomCase([2, 2, 3, 3, 4], 92, 0.1)],
  ['binary', randomCase([2, 4, 4, 1], 93, 0.1)],
];

describe.each(inputs)('%s', (_name, c) => {
  test.each(lossNames.map((n) => [n]))('%s: value matches the float64 reference', (name) => {
    expect(valueOf(c, (z, y) => lossRegistry[name].fn(z, y))).toBeCloseTo(refByName[name](c), 4);
  });

  test.each(lossNames.map((n) => [n]))('%s: gradient matches finite differences of the reference', (name) => {
    const { logits, labels } = tensors(c);
    const before = tf.memory().numTensors;
    const grad = tf.grad((z: tf.Tensor) => lossRegistry[name].fn(z, labels))(logits);
    const g = grad.dataSync();
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels]);
    const h = 1e-5;
    for (const j of [0, 7, 13, c.logits.length - 1]) {
      const shifted = (d: number): Case => ({ ...c, logits: c.logits.map((v, i) => (i === j ? v + d : v)) });
      const numeric = (refByName[name](shifted(h)) - refByName[name](shifted(-h))) / (2 * h);
      expect(Math.abs(g[j] - numeric)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(numeric));
    }
  });

  test('decomposition identities hold', () => {
    const { logits, labels } = tensors(c);
    for (const kind of ['ce', 'logDice'] as const) {
      const d = decompose(kind, logits, labels);
      expect(Math.abs(d.total - (d.matching + d.regionSize + d.constant))).toBeLessThan(1e-5);
    }
    tf.dispose([logits, labels]);
  });
});

test('MONAI published values on wasm', () => {
  const perImage = (c: Case, smooth: number) =>
    [0, 1]
      .slice(0, c.shape[0])
      .reduce((a, b) => a + valueOf(imageOf(c, b), (z, y) => dice(z, y, { smooth })), 0) / c.shape[0];
  for (const k of ['sigmoidDice', 'sigmoidDiceTwoImages', 'softmaxDice'] as const) {
    const { c, smooth, expected } = monaiCases[k];
    expect(Math.abs(perImage(c, smooth) - expected)).toBeLessThanOrEqual(1e-5 * expected + 1e-6);
  }
  const { c, expected } = monaiCases.softmaxFocal;
  expect(Math.abs(valueOf(c, (z, y) => focal(z, y)) - expected)).toBeLessThanOrEqual(3e-4);
});

test('long sums stay accurate on wasm (two-stage reduction): CE of 2^20 pixels with equal logits is ln 2', () => {
  // WASM accumulates a reduction in float32 term by term: tf.sum of 2^20 copies of ln 2, divided by 2^20, is off
  // by 4.5e-3 on this backend; the two stages of 1024 terms each bring that to about 7e-6.
  const pixels = 2 ** 20;
  const logits = tf.zeros([1, 1024, 1024, 2]);
  const labels = tf.tensor(
    new Int32Array(pixels).map((_, i) => i % 2),
    [1, 1024, 1024],
    'int32',
  );
  const loss = crossEntropy(logits, labels);
  const value = loss.dataSync()[0];
  tf.dispose([logits, labels, loss]);
  expect(Math.abs(value - Math.LN2)).toBeLessThan(2e-5);
});
