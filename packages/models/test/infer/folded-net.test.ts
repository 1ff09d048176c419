// foldBatchNorm: the same logits as net.predict up to float32 rounding, with every conv → BN → ReLU of a
// batch-norm U-Net fused; nets without batch norm run unchanged; a fold made after the weights change sees the
// new weights and an older one says it is stale (isCurrent); nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createUNet, type Normalization } from '../../src';
import { foldBatchNorm } from '../../src/infer/folded-net';

/** Batch-norm statistics and affine parameters far from the initial 0 / 1, so that folding them matters. */
function randomizeBatchNorm(net: LayersModel, seed: number): void {
  net.setWeights(
    net.getWeights().map((w, i) => {
      const name = net.weights[i].originalName;
      if (name.endsWith('/moving_variance')) return tf.randomUniform(w.shape, 0.2, 3, 'float32', seed + i);
      if (/\/(gamma|beta|moving_mean)$/.test(name))
        return tf.randomNormal(w.shape, 0.3, 0.8, 'float32', seed + i);
      return w.clone();
    }),
  );
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<{ diff: number; scale: number }> {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const scale = tf.tidy(() => tf.max(tf.abs(b)));
  const [d, s] = [(await diff.data())[0], (await scale.data())[0]];
  tf.dispose([diff, scale]);
  return { diff: d, scale: s };
}

describe.each(['wasm', 'cpu'])('foldBatchNorm on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each([
    // depth, base filters, upsampling, conv → BN pairs (two per level on the way down and two on the way up)
    [4, 4, 'transpose', 14],
    [3, 6, 'bilinear', 10],
  ] as const)(
    'depth %d, %d filters, %s: %d pairs folded, logits within 1e-5 of predict',
    async (depth, baseFilters, upsampling, pairs) => {
      const net = createUNet({ inputChannels: 2, classes: 3, depth, baseFilters, upsampling, seed: 7 });
      randomizeBatchNorm(net, 11);
      const x = tf.randomNormal([2, 16, 24, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const folded = foldBatchNorm(net);
      const logits = folded.predict(x);
      const reference = net.predict(x) as tf.Tensor;
      try {
        expect(folded.folded).toBe(pairs);
        expect(logits.shape).toEqual([2, 16, 24, 3]);
        const { diff, scale } = await maxAbsDiff(logits, reference);
        expect(scale).toBeGreaterThan(0.1);
        expect(diff).toBeLessThan(1e-5 * Math.max(1, scale));
      } finally {
        tf.dispose([logits, reference]);
        folded.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      net.dispose();
    },
  );

  it.each(['instance', 'none'] as Normalization[])(
    'a %s-norm net folds nothing and gives predict’s logits exactly',
    async (normalization) => {
      const net = createUNet({
        inputChannels: 1,
        classes: 2,
        depth: 3,
        baseFilters: 4,
        normalization,
        seed: 5,
      });
      const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
      const folded = foldBatchNorm(net);
      const logits = folded.predict(x);
      const reference = net.predict(x) as tf.Tensor;
      expect(folded.folded).toBe(0);
      expect(Array.from(await logits.data())).toEqual(Array.from(await reference.data()));
      tf.dispose([x, logits, reference]);
      folded.dispose();
      net.dispose();
    },
  );

  it('a fold made after the weights change (fine-tuning) uses the new weights; an older fold keeps its own', async () => {
    const net = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 4, seed: 9 });
    randomizeBatchNorm(net, 1);
    const x = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const old = foldBatchNorm(net);
    const oldLogits = old.predict(x);
    randomizeBatchNorm(net, 100);
    const fresh = foldBatchNorm(net);
    const freshLogits = fresh.predict(x);
    const reference = net.predict(x) as tf.Tensor;
    expect((await maxAbsDiff(freshLogits, reference)).diff).toBeLessThan(1e-5);
    expect((await maxAbsDiff(oldLogits, reference)).diff).toBeGreaterThan(1e-2);
    tf.dispose([x, oldLogits, freshLogits, reference]);
    old.dispose();
    fresh.dispose();
    net.dispose();
  });

  it('isCurrent: true until a weight is assigned (setWeights, one LayerVariable.write) or the fold is disposed', () => {
    const net = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 4, seed: 9 });
    const folded = foldBatchNorm(net);
    expect(folded.source).toBe(net);
    expect(folded.isCurrent()).toBe(true);
    tf.tidy(() => net.predict(tf.zeros([1, 8, 8, 1]))); // reading the weights is not changing them
    expect(folded.isCurrent()).toBe(true);
    // One moving variance of the last batch norm, as an optimizer step or a statistics update would write it.
    const variance = net.weights.filter((w) => w.originalName.endsWith('/moving_variance')).at(-1)!;
    variance.write(tf.onesLike(variance.read()));
    expect(folded.isCurrent()).toBe(false);
    const refolded = foldBatchNorm(net);
    expect(refolded.isCurrent()).toBe(true);
    randomizeBatchNorm(net, 3);
    expect(refolded.isCurrent()).toBe(false);
    const third = foldBatchNorm(net);
    third.dispose();
    expect(third.isCurrent()).toBe(false);
    third.dispose(); // a second dispose frees nothing twice
    folded.dispose();
    refolded.dispose();
    net.dispose();
  });
});
