// seglens's kernels on more threads than XNNPACK's (selectBackend's kernelThreads, the viewer's Auto): the threads
// beyond the backend's own join large kernels only, and give one thread's bits; and the kernels that split their
// work (Winograd's convolutions, softmax, the up-convolution) give one thread's bits on two threads of the
// backend's own. The backend starts threaded (shared memory, so helpers can run); the thread count TF.js reports is
// stood in for, so that one process can play a backend on one XNNPACK thread and on two.
import * as tf from '@tensorflow/tfjs-core';
import { sameBits, spreadValues as values } from './bits';
import { selectBackend } from '../../src/backend';
import { wasmBackendMemory } from '../../src/kernels/simd/simd-module';
import { SimdPool, backendPool, setKernelThreads } from '../../src/kernels/simd/simd-pool';
import { withWinograd, type WinogradTile } from '../../src/kernels/simd/winograd-simd';

let reportedThreads = 1;
jest.mock('@tensorflow/tfjs-backend-wasm', () => ({
  ...jest.requireActual('@tensorflow/tfjs-backend-wasm'),
  getThreadsCount: () => reportedThreads,
}));

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/**
 * A 3×3 convolution of `shape`'s input to `outC` channels by F(tile×tile) (or XNNPACK's direct sum): 'same' with bias
 * and ReLU unless told.
 */
function layer(
  shape: [number, number, number, number],
  outC: number,
  { tile = 4, pad = 'same', bias = true }: { tile?: WinogradTile | 'direct'; pad?: Pad; bias?: boolean } = {},
): () => tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor4d(values(n, 1), shape);
  const filter = tf.tensor4d(values(9 * shape[3] * outC, 2), [3, 3, shape[3], outC]);
  const b = bias ? tf.tensor1d(values(outC, 3)) : undefined;
  const activation = bias ? 'relu' : 'linear';
  const conv = () => tf.fused.conv2d({ x, filter, bias: b, pad, strides: 1, activation });
  return tile === 'direct' ? conv : () => withWinograd(conv, tile);
}

/** Runs `conv` with `threads` threads reported for XNNPACK and `kernelThreads`: the jobs' thread counts and the result. */
async function run(
  conv: () => tf.Tensor,
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

  // Each thread takes whole rows of tiles with its own scratch, so no output may depend on which thread ran it:
  // partial tiles at the right and bottom edges, padding on one side only, and a wide input (scratch of 36 × 128
  // floats per patch) each sized to split (at least twice the minimum of rows per thread).
  const geometries: [string, [number, number, number, number], number, Parameters<typeof layer>[2]][] = [
    ['partial tiles, bias + ReLU', [2, 33, 35, 16], 32, {}],
    ["'valid', no bias", [2, 36, 37, 16], 32, { pad: 'valid', bias: false }],
    [
      'explicit uneven padding',
      [2, 33, 34, 16],
      32,
      {
        pad: [
          [0, 0],
          [2, 0],
          [1, 3],
          [0, 0],
        ],
      },
    ],
    ['wide input, narrow output, 128 → 8', [2, 32, 37, 128], 8, {}],
  ];
  it.each(
    ([2, 4] as const).flatMap((tile) =>
      geometries.map(([name, ...g]) => [`F(${tile}×${tile})`, name, tile, ...g] as const),
    ),
  )(
    '%s with %s: on two threads of the backend’s own, one thread’s bits',
    async (_f, _name, tile, shape, outC, options) => {
      const conv = layer(shape, outC, { ...options, tile });
      const one = await run(conv, 1, undefined);
      expect(one.jobs).toEqual([]);
      const two = await run(conv, 2, undefined);
      expect(two.jobs).toEqual([2]);
      expect(sameBits(one.y, two.y)).toBe(true);
      // it ran Winograd: another order of additions than XNNPACK's direct sum outside withWinograd
      const direct = await run(layer(shape, outC, { ...options, tile: 'direct' }), 1, undefined);
      expect(sameBits(one.y, direct.y)).toBe(false);
    },
  );

  it('softmax on two threads (each row alone): one thread’s bits', async () => {
    // 8 × 128 × 128 rows of 3: enough for the pool to split
    const t = tf.tensor4d(values(8 * 128 * 128 * 3, 4), [8, 128, 128, 3]);
    const one = await run(() => tf.softmax(t), 1, undefined);
    expect(one.jobs).toEqual([]);
    const two = await run(() => tf.softmax(t), 2, undefined);
    expect(two.jobs).toEqual([2]);
    expect(sameBits(one.y, two.y)).toBe(true);
    t.dispose();
  });

  it.each([
    // 8 × 16 × 16 pixels of 128 channels: enough to split; 1 × 5 × 7: 35 pixels, the last block of three, on one
    ['decoder level of the 16-filter U-Net', [8, 16, 16, 128], 64, [2]],
    ['odd sizes (too small to split)', [1, 5, 7, 24], 8, []],
  ] as const)('the up-convolution, %s: one thread’s bits', async (_name, shape, ci, jobs) => {
    const [b, h, w, co] = shape;
    const dy = tf.tensor4d(values(b * h * w * co, 5), [b, h, w, co]);
    const filter = tf.tensor4d(values(4 * ci * co, 6), [2, 2, ci, co]);
    const up = () => tf.conv2dTranspose(dy, filter, [b, 2 * h, 2 * w, ci], 2, 'valid');
    const one = await run(up, 1, undefined);
    expect(one.jobs).toEqual([]);
    const two = await run(up, 2, undefined);
    expect(two.jobs).toEqual(jobs);
    expect(sameBits(one.y, two.y)).toBe(true);
    tf.dispose([dy, filter]);
  });
});
