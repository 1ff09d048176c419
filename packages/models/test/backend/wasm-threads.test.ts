// Multithreaded wasm in Node (off in TF.js itself): the backend comes up with 2 XNNPACK threads, computes the
// same numbers, and leaves no global patched.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend';

describe('selectBackend({ wasmThreads })', () => {
  it('runs wasm with 2 threads in Node and restores the globals it patched', async () => {
    const blob = globalThis.Blob;
    const createObjectURL = URL.createObjectURL;
    const s = await selectBackend({ wasmThreads: 2 });
    expect(s).toMatchObject({ name: 'wasm', wasmThreads: 2 });
    expect(globalThis.Blob).toBe(blob);
    expect(URL.createObjectURL).toBe(createObjectURL);
    // A 64-channel 1x1 convolution of ones with weight 0.5 sums to 32 everywhere, on both threads' halves.
    const y = tf.conv2d(tf.ones([2, 16, 16, 64]) as tf.Tensor4D, tf.fill([1, 1, 64, 8], 0.5) as tf.Tensor4D, 1, 'valid');
    expect(new Set(y.dataSync())).toEqual(new Set([32]));
  });

  it('rejects a bad thread count by name', async () => {
    await expect(selectBackend({ wasmThreads: 0 })).rejects.toThrow(/wasmThreads must be a positive integer, got 0/);
  });
});
