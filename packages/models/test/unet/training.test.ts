// A real training run on wasm (which needs the fast Conv2DBackpropFilter to train at all): a tiny U-Net fits a
// fixed batch, so its loss must fall.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend';
import { createUNet, benchmarkUNet, type Normalization } from '../../src/unet';

describe('training on wasm', () => {
  beforeAll(async () => {
    expect((await selectBackend()).name).toBe('wasm');
  });

  it.each<Normalization>(['none', 'batch', 'instance'])('lowers the loss on a fixed batch (%s normalisation)', (normalization) => {
    const model = createUNet({ inputChannels: 1, classes: 2, depth: 3, baseFilters: 4, normalization, seed: 5 });
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 6);
    // A learnable target: class 1 where the image is bright.
    const labels = tf.oneHot(tf.reshape(tf.cast(tf.greater(x, 0), 'int32'), [-1]), 2);
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let step = 0; step < 15; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, tf.reshape(model.apply(x, { training: true }) as tf.Tensor, [-1, 2])) as tf.Scalar,
        true,
      )!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.7 * losses[0]);
    tf.dispose([x, labels]);
    optimizer.dispose();
    model.dispose();
  });

  it('benchmarks a small network and reports its numbers', async () => {
    const r = await benchmarkUNet({ size: 16, batch: 2, trainSteps: 2, inferBatches: 2, config: { inputChannels: 1, classes: 2, depth: 2, baseFilters: 4 } });
    expect(r.backend).toBe('wasm');
    expect(r.parameters).toBe(createUNetParams());
    expect(r.trainMsPerStep).toBeGreaterThan(0);
    expect(r.inferMsPerImage).toBeGreaterThan(0);
    expect(Number.isFinite(r.lastLoss)).toBe(true);
    await expect(benchmarkUNet({ size: 12, config: { inputChannels: 1, classes: 2, depth: 4 } })).rejects.toThrow(/multiples of 8/);
  });
});

function createUNetParams(): number {
  const m = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 4 });
  const n = m.countParams();
  m.dispose();
  return n;
}
