import { selectBackend } from '../../src/backend';
import { createUNet, unetCost, REFERENCE_UNET, type UNetConfig } from '../../src/unet';

describe('unetCost', () => {
  beforeAll(async () => {
    await selectBackend({ force: 'cpu' });
  });

  it('gives the reference network its published 481,762 parameters', () => {
    expect(unetCost(REFERENCE_UNET, 128, 128).parameters).toBe(481762);
  });

  it.each<[string, UNetConfig]>([
    ['reference', REFERENCE_UNET],
    ['batch norm', { ...REFERENCE_UNET, normalization: 'batch' }],
    ['instance norm, RGB, 4 classes', { inputChannels: 3, classes: 4, normalization: 'instance' }],
    ['2.5D (5 slices), depth 3, base 8', { inputChannels: 5, classes: 3, depth: 3, baseFilters: 8, normalization: 'batch' }],
    ['bilinear, depth 5, base 4', { inputChannels: 1, classes: 2, depth: 5, baseFilters: 4, upsampling: 'bilinear', normalization: 'none' }],
    ['depth 1', { inputChannels: 1, classes: 2, depth: 1, baseFilters: 4 }],
  ])('counts the same parameters as tfjs-layers: %s', (_name, config) => {
    const model = createUNet(config);
    try {
      const cost = unetCost(config, 32, 32);
      expect(cost.parameters).toBe(model.countParams());
      const trainable = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
      expect(cost.trainableParameters).toBe(trainable);
    } finally {
      model.dispose();
    }
  });

  it('computes MACs by hand for a depth-2 network', () => {
    // 8x8 grey input, base 2, 2 classes, no norm. Level 0 (64 px): conv 1->2 and 2->2; level 1 (16 px): 2->4, 4->4;
    // up 4->2 (64 px, one tap each); decoder 4->2, 2->2 at 64 px; head 2->2 at 64 px.
    const macs = 9 * (1 * 2 + 2 * 2) * 64 + 9 * (2 * 4 + 4 * 4) * 16 + 4 * 2 * 64 + 9 * (4 * 2 + 2 * 2) * 64 + 2 * 2 * 64;
    const cost = unetCost({ inputChannels: 1, classes: 2, depth: 2, baseFilters: 2, normalization: 'none' }, 8, 8);
    expect(cost.macsPerImage).toBe(macs);
    expect(cost.flopsPerImage).toBe(2 * macs);
  });

  it('reports 1.15 GFLOP per 128x128 image for the reference network', () => {
    expect(unetCost(REFERENCE_UNET, 128, 128).flopsPerImage).toBe(1150812160);
  });

  it('rejects sizes that do not halve evenly, naming them', () => {
    expect(() => unetCost(REFERENCE_UNET, 100, 128)).toThrow(/unetCost height and width must be .*multiples of 8.*\[100,128\]/);
    expect(() => unetCost(REFERENCE_UNET)).toThrow(/unetCost: give height and width/);
  });
});
