/**
 * tf.grad of every registry loss against central finite differences of the same float32 function, on a few
 * logit coordinates of 2D multi-class, binary and 3D inputs; ignored pixels must get exactly zero gradient.
 */
import { lossNames, lossRegistry, type LossName } from '../src';
import { randomCase, type Case } from './helpers/random';
import { tensors, tf, useBackend } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const H = 5e-3;

function lossAt(name: LossName, c: Case, logits: number[]): number {
  return tf.tidy(() => {
    const z = tf.tensor(logits, c.shape, 'float32');
    const y = tf.tensor(c.labels, c.shape.slice(0, -1), 'int32');
    return lossRegistry[name].fn(z, y).dataSync()[0];
  });
}

function analyticGradient(name: LossName, c: Case): Float32Array {
  const { logits, labels } = tensors(c);
  const grad = tf.grad((z: tf.Tensor) => lossRegistry[name].fn(z, labels))(logits);
  const g = grad.dataSync() as Float32Array;
  tf.dispose([logits, labels, grad]);
  return g;
}

/** Coordinates to probe: the entries with the largest gradients (so the check is not trivially 0 ≈ 0) and one more. */
function probes(g: Float32Array, count: number): number[] {
  const order = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]));
  return [...order.slice(0, count - 1), order[Math.floor(order.length / 2)]];
}

const inputs: Array<[string, Case]> = [
  ['2D multi-class with ignored pixels', randomCase([2, 3, 3, 3], 21, 0.2, 1.5)],
  ['binary', randomCase([2, 3, 4, 1], 22, 0.1, 1.5)],
  ['3D', randomCase([1, 2, 3, 2, 3], 23, 0, 1.5)],
];

describe.each(inputs)('%s', (_name, c) => {
  test.each(lossNames.map((n) => [n]))('%s: tf.grad matches central differences', (name) => {
    const g = analyticGradient(name, c);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    for (const j of probes(g, 4)) {
      const plus = [...c.logits];
      const minus = [...c.logits];
      plus[j] += H;
      minus[j] -= H;
      const numeric = (lossAt(name, c, plus) - lossAt(name, c, minus)) / (2 * H);
      expect(Math.abs(g[j] - numeric)).toBeLessThanOrEqual(2e-4 + 1e-2 * Math.abs(numeric));
    }
    const channels = c.shape[c.shape.length - 1];
    c.labels.forEach((label, pixel) => {
      if (label !== c.ignoreIndex) return;
      for (let k = 0; k < channels; k++) expect(Math.abs(g[pixel * channels + k])).toBe(0);
    });
  });
});
