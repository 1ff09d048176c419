import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createUNet } from '../../src/unet';

// Weights of two U-Nets built from the same config, as flat arrays.
function weights(seed: number): Float32Array[] {
  const model = createUNet({ inputChannels: 1, classes: 3, depth: 2, baseFilters: 4, inputSize: [16, 16], seed });
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createUNet seeds', () => {
  // Seed 0 is the CLI's and many users' first choice; TF.js alone would treat it as "unseeded".
  test.each([0, 1, 7])('seed %i builds identical weights twice', (seed) => {
    const a = weights(seed);
    const b = weights(seed);
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i])));
  });

  test('different seeds build different weights', () => {
    const a = weights(0);
    const b = weights(1);
    expect(Array.from(a[0])).not.toEqual(Array.from(b[0]));
  });

});
