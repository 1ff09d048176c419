// Multithreaded wasm in Node (off in TF.js itself): the backend comes up with 2 XNNPACK threads by default on
// this 2-core machine (the machine's cores), computes the same numbers, and leaves no global patched.
import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism } from 'node:os';
import { selectBackend } from '../../src/backend';

describe('selectBackend threads', () => {
  it('runs wasm on the machine\'s cores by default in Node and restores the globals it patched', async () => {
    const blob = globalThis.Blob;
    const createObjectURL = URL.createObjectURL;
    const s = await selectBackend();
    const cores = availableParallelism();
    expect(s).toMatchObject({ name: 'wasm', threads: cores, wasmThreads: cores, threadsRequested: cores, simd: true });
    expect(s.threadFallback).toBeUndefined();
    expect(globalThis.Blob).toBe(blob);
    expect(URL.createObjectURL).toBe(createObjectURL);
    // A 64-channel 1x1 convolution of ones with weight 0.5 sums to 32 everywhere, on both threads' halves.
    const y = tf.conv2d(tf.ones([2, 16, 16, 64]) as tf.Tensor4D, tf.fill([1, 1, 64, 8], 0.5) as tf.Tensor4D, 1, 'valid');
    expect(new Set(y.dataSync())).toEqual(new Set([32]));
  });

  it('says why it cannot change the thread count of a running backend', async () => {
    const s = await selectBackend({ threads: 1 });
    expect(s.threads).toBe(availableParallelism());
    expect(s.threadsRequested).toBe(1);
    // Asking again for what it runs is no fallback; asking for more is, with the reason.
    expect((await selectBackend()).threadFallback).toBeUndefined();
    const again = await selectBackend({ threads: availableParallelism() + 2 });
    expect(again.threadFallback).toBe(`the wasm backend was already initialised with ${availableParallelism()} thread(s) in this process`);
  });

  it('rejects a bad thread count by name', async () => {
    await expect(selectBackend({ threads: 0 })).rejects.toThrow(/threads must be a positive integer, got 0/);
    await expect(selectBackend({ wasmThreads: 1.5 })).rejects.toThrow(/wasmThreads must be a positive integer, got 1.5/);
  });
});
