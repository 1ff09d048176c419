// seglens's kernels on more threads than XNNPACK's (selectBackend's kernelThreads, the viewer's Auto): the threads
// beyond the backend's own join large kernels only, and give one thread's bits. The backend starts threaded (shared
// memory, so helpers can run); the thread count TF.js reports is stood in for, so that one process can play a
// backend on one XNNPACK thread and on two.
import * as tf from '@tensorflow/tfjs-core';
import { sameBits, spreadValues as values } from './bits';
import { selectBackend } from '../../src/backend';
import { wasmBackendMemory } from '../../src/kernels/simd/simd-module';
import { SimdPool, backendPool, setKernelThreads } from '../../src/kernels/simd/simd-pool';
import { withWinograd } from '../../src/kernels/simd/winograd-simd';

let reportedThreads = 1;
jest.mock('@tensorflow/tfjs-backend-wasm', () => ({
  ...jest.requireActual('@tensorflow/tfjs-backend-wasm'),
  getThreadsCount: () => reportedThreads,
}));

/** A 3×3 'same' convolution with bias and ReLU of `shape`'s input to `outC` channels, by F(4×4). */
function layer(shape: [number, number, number, number], outC: number): () => tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor4d(values(n, 1), shape);
  const filter = tf.tensor4d(values(9 * shape[3] * outC, 2), [3, 3, shape[3], outC]);
  const bias = tf.tensor1d(values(outC, 3));
  return () =>
    withWinograd(() => tf.fused.conv2d({ x, filter, bias, pad: 'same', strides: 1, activation: 'relu' }), 4);
}

/** Runs `conv` with `threads` threads reported for XNNPACK and `kernelThreads`: the jobs' thread counts and the result. */
async function run(
  conv: () => tf.Tensor4D,
  threads: number,
  kernelThreads: number | undefined,
): Promise<{ jobs: number[]; y: Float32Array }> {
  reportedThreads = threads;
  setKernelThreads(kernelThreads);
  const pool = backendPool(wasmBackendMemory(tf.backend())!);
  await pool.whenReady();
  const spy = jest.spyOn(SimdPool.prototype, 'run');
  try {
    const y = conv();
    const data = y.dataSync() as Float32Array;
    y.dispose();
    return { jobs: spy.mock.calls.map((call) => call[1] ?? pool.everyKernel), y: data };
  } finally {
    spy.mockRestore();
  }
}

describe('kernel threads beyond XNNPACK’s', () => {
  beforeAll(async () => {
    const s = await selectBackend({ threads: 2, kernelThreads: 2 });
    expect(s).toMatchObject({ name: 'wasm', kernelThreads: 2 });
  });
  afterAll(() => setKernelThreads(undefined));

  it('are reported and validated by selectBackend', async () => {
    await expect(selectBackend({ kernelThreads: 0 })).rejects.toThrow(
      'selectBackend: kernelThreads must be a whole number from 1 to 64, got 0',
    );
    await expect(selectBackend({ kernelThreads: 2.5 })).rejects.toThrow('got 2.5');
    reportedThreads = 1;
    expect(await selectBackend({ kernelThreads: 3 })).toMatchObject({ threads: 1, kernelThreads: 3 });
    // fewer than the backend's own: the backend's
    reportedThreads = 2;
    expect(await selectBackend({ kernelThreads: 1 })).toMatchObject({ threads: 2, kernelThreads: 2 });
    expect(await selectBackend()).toMatchObject({ threads: 2, kernelThreads: 2 });
    expect(() => setKernelThreads(65)).toThrow('kernelThreads must be a whole number from 1 to 64, got 65');
  });

  it('take a batch of 8 at 64 × 64, 32 channels, on both threads, not one 128 × 128 frame, with one thread’s bits', async () => {
    // 8 × 16 rows of tiles of 36 · 16 · 32 · 32 products: 75 million, over the two-thread minimum of large kernels
    // (LARGE_KERNEL_FACTOR × 1 million × 2); one 128 × 128 frame of 32 → 16 channels: 19 million, under it.
    const batch = layer([8, 64, 64, 32], 32);
    const frame = layer([1, 128, 128, 32], 16);
    for (const [name, conv, large] of [
      ['batch of 8', batch, true],
      ['one frame', frame, false],
    ] as const) {
      const one = await run(conv, 1, undefined);
      expect([name, one.jobs]).toEqual([name, []]);
      const extra = await run(conv, 1, 2);
      expect([name, extra.jobs]).toEqual([name, large ? [2] : []]);
      expect([name, sameBits(one.y, extra.y)]).toEqual([name, true]);
      // two threads of the backend's own: both take every kernel worth splitting, the frame's too
      const both = await run(conv, 2, undefined);
      expect([name, both.jobs]).toEqual([name, [2]]);
      expect([name, sameBits(one.y, both.y)]).toEqual([name, true]);
    }
  });
});
