// The WebAssembly SIMD FusedBatchNorm against TF.js's own wasm kernel: the same bits for per-channel statistics
// (channel counts with and without a partial block of four, with and without scale and offset), TF.js's kernel for
// anything else, and the same bits whether one thread or two run the rows.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as simd from '../../src/kernels/simd/batch-norm-simd';
import { simdKernelsOn } from '../../src/kernels/simd/simd-module';
import { SimdPool, runSplit } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

interface Case {
  shape: number[];
  /** Length of the statistics (the last axis for per-channel ones). */
  stats: number;
  scale: boolean;
  offset: boolean;
  epsilon: number;
  simd: boolean;
}

const cases: Case[] = [
  { shape: [8, 16, 16, 16], stats: 16, scale: true, offset: true, epsilon: 1e-5, simd: true },
  { shape: [3, 5, 7, 6], stats: 6, scale: true, offset: true, epsilon: 1e-3, simd: true },
  { shape: [2, 3, 5], stats: 5, scale: false, offset: true, epsilon: 1e-5, simd: true },
  { shape: [4, 3], stats: 3, scale: true, offset: false, epsilon: 0.1, simd: true },
  { shape: [7, 2, 9, 8], stats: 8, scale: false, offset: false, epsilon: 1e-5, simd: true },
  // statistics broadcast over the whole tensor, or over its first axis: TF.js's kernel
  { shape: [4, 4, 4], stats: 1, scale: true, offset: true, epsilon: 1e-5, simd: false },
  { shape: [4, 2, 3], stats: 24, scale: true, offset: true, epsilon: 1e-5, simd: false },
];

/** Deterministic values of very different magnitudes, so that another order or precision would change bits. */
function values(n: number, seed: number, positive = false): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = Math.sin((i + 1) * 1.7 + seed) * 10 ** (((i + seed) % 7) - 3);
    return positive ? Math.abs(v) + 1e-7 : v;
  });
}

function normalise(c: Case): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(values(n, 1), c.shape);
    const statShape = c.stats === n ? c.shape : [c.stats];
    const mean = tf.tensor(values(c.stats, 2), statShape);
    const variance = tf.tensor(values(c.stats, 3, true), statShape);
    const offset = c.offset ? tf.tensor(values(c.stats, 4), statShape) : undefined;
    const scale = c.scale ? tf.tensor(values(c.stats, 5), statShape) : undefined;
    const y = tf.batchNorm(x, mean, variance, offset, scale, c.epsilon);
    return { values: y.dataSync() as Float32Array, shape: y.shape };
  });
}

describe('SIMD FusedBatchNorm on wasm', () => {
  let native: { values: Float32Array; shape: number[] }[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map(normalise);
    registerFastKernels(['wasm']);
  });

  afterAll(() => restoreNativeKernels());

  it.each(
    cases.map(
      (c, i) =>
        [
          `[${c.shape}] stats ${c.stats} scale ${c.scale} offset ${c.offset} epsilon ${c.epsilon}`,
          i,
        ] as const,
    ),
  )('gives TF.js wasm bits for %s', (_name, i) => {
    const spy = jest.spyOn(simd, 'simdBatchNorm');
    const before = tf.memory().numTensors;
    const got = normalise(cases[i]);
    const used = spy.mock.results.some((r) => r.value !== null);
    spy.mockRestore();
    expect(used).toBe(cases[i].simd);
    expect(got.shape).toEqual(native[i].shape);
    // compare the bits: Float32Array equality would pass -0 for 0
    expect(Array.from(new Uint32Array(got.values.buffer))).toEqual(
      Array.from(new Uint32Array(native[i].values.buffer)),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('normalises as the formula says (a check that does not lean on TF.js)', () => {
    const y = tf.tidy(() =>
      tf.batchNorm(
        tf.tensor2d([
          [1, 10],
          [3, -2],
        ]),
        tf.tensor1d([2, 4]),
        tf.tensor1d([4, 9]),
        tf.tensor1d([0.5, 0]),
        tf.tensor1d([2, 3]),
        0,
      ),
    );
    // (1-2)*2/2 + 0.5, (10-4)*3/3; (3-2)*2/2 + 0.5, (-2-4)*3/3
    expect(Array.from(y.dataSync())).toEqual([-0.5, 6, 1.5, -6]);
    y.dispose();
  });
});

describe('batchNorm rows on a pool', () => {
  it('gives the same bits on 1 and 2 threads', async () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared: true });
    const kernels = simdKernelsOn(memory)!;
    const [rows, c] = [3001, 6];
    // offsets and divisors (doubles) at 0, means and scales (floats) after them, then x and two outputs
    const f64 = new Float64Array(memory.buffer);
    const f32 = new Float32Array(memory.buffer);
    f64.set(values(c, 4), 0);
    f64.set(
      values(c, 3, true).map((v) => Math.fround(Math.sqrt(v))),
      c,
    );
    f32.set(values(c, 2), 4 * c);
    f32.set(values(c, 5), 5 * c);
    const xAt = 24 * c;
    f32.set(values(rows * c, 1), xAt / 4);
    const [outA, outB] = [xAt + 4 * rows * c, xAt + 8 * rows * c];
    const args = (out: number) => (r0: number, r1: number) => [xAt, out, r0, r1, c, 16 * c, 20 * c, 0, 8 * c];
    kernels.batchNorm(...args(outA)(0, rows));
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      runSplit(pool, 'batchNorm', rows, args(outB), 1000);
    } finally {
      pool.dispose();
    }
    const bits = (at: number) => Array.from(new Uint32Array(memory.buffer, at, rows * c));
    expect(bits(outB)).toEqual(bits(outA));
    // row 0, channel 0 by the formula, in the kernel's precisions
    const expected = Math.fround(
      f64[0] + Math.fround(Math.fround(f32[xAt / 4] - f32[4 * c]) * f32[5 * c]) / f64[c],
    );
    expect(f32[outA / 4]).toBe(expected);
  });
});
