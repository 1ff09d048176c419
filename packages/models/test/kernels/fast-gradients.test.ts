// Batch norm's leaner gradients give TF.js's own: Mean's to the bit, FusedBatchNorm's within float32 rounding,
// alone and through a batch-norm layer in training (moments, normalisation, γ and β), on wasm and cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { layers } from '@tensorflow/tfjs-layers';
import { registerFastGradients, restoreNativeGradients } from '../../src/kernels';

/** Gradients of f with respect to xs with TF.js's own gradients, then with seglens's. */
function bothWays(
  f: (...xs: tf.Tensor[]) => tf.Scalar,
  xs: tf.Tensor[],
): { native: tf.Tensor[]; fast: tf.Tensor[] } {
  restoreNativeGradients();
  const native = tf.grads(f)(xs);
  expect(registerFastGradients()).toEqual(['FusedBatchNorm', 'Mean', 'Relu', 'Square']);
  const fast = tf.grads(f)(xs);
  return { native, fast };
}

async function maxRelDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [d, s] = await Promise.all([tf.max(tf.abs(tf.sub(a, b))).data(), tf.max(tf.abs(b)).data()]);
  return d[0] / Math.max(s[0], 1e-30);
}

describe.each(['wasm', 'cpu'])('fast gradients on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });
  afterAll(() => registerFastGradients());

  it.each([
    ['leading axes [0, 1, 2]', [0, 1, 2]],
    ['one inner axis', [2]],
    ['every axis (no axis: null in the kernel)', undefined],
    ['a negative axis, keepDims', [-1]],
  ] as const)('Mean over %s: the same bits', async (_label, axes) => {
    const axis = axes === undefined ? undefined : [...axes];
    const keepDims = axis?.[0] === -1;
    const x = tf.randomNormal([2, 5, 3, 4], 0, 1, 'float32', 1);
    const w = tf.randomNormal(tf.mean(x, axis, keepDims).shape, 0, 1, 'float32', 2);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, axis, keepDims), w)) as tf.Scalar;
    const { native, fast } = bothWays(f, [x]);
    expect(Array.from(await fast[0].data())).toEqual(Array.from(await native[0].data()));
    tf.dispose([x, w, ...native, ...fast]);
  });

  it('FusedBatchNorm: every input within 1e-5 of TF.js’s gradient', async () => {
    const x = tf.randomNormal([3, 6, 5, 4], 1, 2, 'float32', 3);
    const mean = tf.tensor1d([0.5, -1, 2, 0]);
    const variance = tf.tensor1d([0.3, 2, 5, 1]);
    const gamma = tf.tensor1d([1.5, -0.7, 0.2, 1]);
    const beta = tf.tensor1d([0.1, 0.2, -0.3, 0]);
    const w = tf.randomNormal(x.shape, 0, 1, 'float32', 4);
    const f = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.batchNorm(a as tf.Tensor4D, m, v, b, g, 1e-5), w)) as tf.Scalar;
    const { native, fast } = bothWays(f, [x, mean, variance, gamma, beta]);
    for (let i = 0; i < 5; i++) {
      expect(fast[i].shape).toEqual(native[i].shape);
      expect(await maxRelDiff(fast[i], native[i])).toBeLessThan(1e-5);
    }
    tf.dispose([x, mean, variance, gamma, beta, w, ...native, ...fast]);
  });

  it('a batch-norm layer in training: input, γ and β gradients within 1e-4 of TF.js’s', async () => {
    const layer = layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 });
    const x = tf.randomNormal([4, 8, 8, 3], 2, 3, 'float32', 5);
    layer.apply(x, { training: true }); // builds γ and β
    const w = tf.randomNormal(x.shape, 0, 1, 'float32', 6);
    const run = () => {
      const f = () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar;
      const { value, grads } = tf.variableGrads(f);
      const dx = tf.grad(
        (t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, w)) as tf.Scalar,
      )(x);
      value.dispose();
      return [
        dx,
        ...Object.keys(grads)
          .sort()
          .map((k) => grads[k]),
      ];
    };
    restoreNativeGradients();
    const native = run();
    registerFastGradients();
    const fast = run();
    expect(native.length).toBe(3); // dx, β, γ
    for (let i = 0; i < native.length; i++) expect(await maxRelDiff(fast[i], native[i])).toBeLessThan(1e-4);
    // The input gradient of a batch norm sums to ~0 per channel: a real check that the moments' part flows.
    const channelSums = await tf.sum(fast[0], [0, 1, 2]).data();
    const scale = (await tf.max(tf.abs(fast[0])).data())[0];
    for (const v of channelSums) expect(Math.abs(v)).toBeLessThan(1e-3 * scale * 256);
    tf.dispose([x, w, ...native, ...fast]);
    layer.dispose();
  });

  it('restoreNativeGradients puts TF.js’s own configs back, registerFastGradients ours again', () => {
    restoreNativeGradients();
    const native = tf.getGradient('FusedBatchNorm');
    registerFastGradients();
    const ours = tf.getGradient('FusedBatchNorm');
    expect(ours).not.toBe(native);
    expect(registerFastGradients()).toEqual(['FusedBatchNorm', 'Mean', 'Relu', 'Square']); // again: harmless
    expect(tf.getGradient('FusedBatchNorm')).toBe(ours);
    restoreNativeGradients();
    expect(tf.getGradient('FusedBatchNorm')).toBe(native);
    registerFastGradients();
  });
});
