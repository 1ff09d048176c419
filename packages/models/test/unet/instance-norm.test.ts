import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { createUNet, InstanceNormalization } from '../../src/unet';

describe('InstanceNormalization', () => {
  beforeAll(async () => {
    await selectBackend({ force: 'cpu' });
  });

  it('normalises each image and channel over its own pixels', () => {
    // One 2x2 image, 2 channels: channel 0 = [1, 2, 3, 4] (mean 2.5, var 1.25), channel 1 constant 5.
    const x = tf.tensor4d([1, 5, 2, 5, 3, 5, 4, 5], [1, 2, 2, 2]);
    const layer = new InstanceNormalization({ epsilon: 1e-5 });
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    const sd = Math.sqrt(1.25 + 1e-5);
    const expected = [(1 - 2.5) / sd, 0, (2 - 2.5) / sd, 0, (3 - 2.5) / sd, 0, (4 - 2.5) / sd, 0];
    expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 5));
    expect(layer.countParams()).toBe(4);
  });

  it('round-trips through save and load with its epsilon and weights', async () => {
    const model = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, normalization: 'instance', seed: 3 });
    const gammaLayer = model.getLayer('enc1_conv1_in');
    gammaLayer.setWeights([tf.tensor1d([2, 3]), tf.tensor1d([0.5, -0.5])]);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('SeglensInstanceNormalization');
    const loaded = await loadLayersModel(tf.io.fromMemory(artifacts!));
    const x = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 4);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    const restored = loaded.getLayer('enc1_conv1_in') as InstanceNormalization;
    expect(restored).toBeInstanceOf(InstanceNormalization);
    expect(restored.epsilon).toBe(1e-5);
    expect(Array.from(restored.getWeights()[0].dataSync())).toEqual([2, 3]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects a non-image input and a bad epsilon', () => {
    expect(() => new InstanceNormalization({ epsilon: 0 })).toThrow(/epsilon must be > 0, got 0/);
    expect(() => new InstanceNormalization().apply(tf.ones([2, 3]))).toThrow(/InstanceNormalization: input must be \[batch, height, width, channels\]/);
  });
});
