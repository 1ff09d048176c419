// When threaded wasm cannot start (here: the Node patch refuses, as it does for a TF.js other than 4.22.0),
// selectBackend falls back to today's single-threaded wasm and says why, instead of failing.
import * as tf from '@tensorflow/tfjs-core';

jest.mock('../../src/backend/node-wasm-threads', () => ({
  prepareNodeWasmThreads: () => {
    throw new Error('unexpected wasm worker script');
  },
  unrefWasmWorkers: () => undefined,
}));

import { selectBackend } from '../../src/backend';

describe('selectBackend without threads', () => {
  it('runs wasm on one thread and reports the reason', async () => {
    const s = await selectBackend({ threads: 2 });
    expect(s).toMatchObject({ name: 'wasm', threads: 1, threadsRequested: 2, skipped: [] });
    expect(s.threadFallback).toBe('threaded wasm failed to start (initialisation threw: unexpected wasm worker script)');
    expect(tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid').dataSync()[0]).toBe(9);
  });
});
