import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend';
import { createUNet, resolveUNetConfig } from '../../src/unet';

describe('createUNet', () => {
  beforeAll(async () => {
    await selectBackend({ force: 'cpu' });
  });

  it('outputs logits [batch, height, width, classes] for any size divisible by 2^(depth-1)', () => {
    const model = createUNet({ inputChannels: 3, classes: 4, depth: 3, baseFilters: 4, seed: 1 });
    try {
      for (const [h, w] of [
        [16, 16],
        [8, 24],
      ]) {
        const y = model.predict(tf.ones([2, h, w, 3])) as tf.Tensor;
        expect(y.shape).toEqual([2, h, w, 4]);
        // logits, not probabilities: some are negative and they do not sum to 1 over classes
        const values = y.dataSync();
        expect(Math.min(...values)).toBeLessThan(0);
        y.dispose();
      }
    } finally {
      model.dispose();
    }
  });

  it('names layers by their place in the network', () => {
    const model = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, normalization: 'batch', dropout: 0.5 });
    try {
      const names = model.layers.map((l) => l.name);
      expect(names).toEqual(
        expect.arrayContaining(['image', 'enc1_conv1', 'enc1_conv1_bn', 'enc1_pool', 'bottleneck_conv2', 'bottleneck_dropout', 'dec1_up', 'dec1_concat', 'head']),
      );
    } finally {
      model.dispose();
    }
  });

  it('is reproducible with a seed', () => {
    const a = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, seed: 7 });
    const b = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, seed: 7 });
    try {
      expect(Array.from(a.getLayer('enc1_conv1').getWeights()[0].dataSync())).toEqual(Array.from(b.getLayer('enc1_conv1').getWeights()[0].dataSync()));
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('fixes the input size when asked', () => {
    const model = createUNet({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, inputSize: [8, 12] });
    try {
      expect(model.inputs[0].shape).toEqual([null, 8, 12, 1]);
    } finally {
      model.dispose();
    }
  });

  it('rejects bad configurations with the field named', () => {
    expect(() => resolveUNetConfig({ inputChannels: 0, classes: 2 })).toThrow(/UNetConfig.inputChannels must be a positive integer, got 0/);
    expect(() => resolveUNetConfig({ inputChannels: 1, classes: 2.5 })).toThrow(/UNetConfig.classes/);
    expect(() => resolveUNetConfig({ inputChannels: 1, classes: 2, normalization: 'group' as 'batch' })).toThrow(/UNetConfig.normalization .* got 'group'/);
    expect(() => resolveUNetConfig({ inputChannels: 1, classes: 2, dropout: 1 })).toThrow(/UNetConfig.dropout must be in \[0, 1\), got 1/);
    expect(() => resolveUNetConfig({ inputChannels: 1, classes: 2, upsampling: 'nearest' as 'bilinear' })).toThrow(/UNetConfig.upsampling/);
    expect(() => resolveUNetConfig({ inputChannels: 1, classes: 2, depth: 3, inputSize: [10, 16] })).toThrow(/UNetConfig.inputSize must be .*multiples of 4/);
  });
});
