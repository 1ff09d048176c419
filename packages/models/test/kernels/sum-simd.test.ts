// The WebAssembly SIMD Sum and Mean over leading axes against TF.js's own wasm Sum and Mean: the same bits (same
// order of float32 additions, the same division), keepDims, every way of naming the axes, and the reductions they
// leave to TF.js.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as simd from '../../src/kernels/simd/sum-simd';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
  dtype: 'float32' | 'int32';
  simd: boolean;
}

const cases: Case[] = [
  { shape: [8, 16, 16, 16], axis: [0, 1, 2], keepDims: false, dtype: 'float32', simd: true },
  { shape: [3, 5, 7, 12], axis: [0, 1, 2], keepDims: true, dtype: 'float32', simd: true },
  // named out of order: TF.js then sums in another order, so it keeps the reduction
  { shape: [3, 5, 7, 12], axis: [2, 0, 1], keepDims: true, dtype: 'float32', simd: false },
  { shape: [1000, 4], axis: 0, keepDims: false, dtype: 'float32', simd: true },
  { shape: [2, 3, 40], axis: [-3, -2], keepDims: false, dtype: 'float32', simd: true },
  { shape: [3, 5, 7, 6], axis: [0, 1, 2], keepDims: false, dtype: 'float32', simd: false },
  { shape: [3, 5, 8], axis: [1, 2], keepDims: false, dtype: 'float32', simd: false },
  { shape: [3, 5, 8], axis: [0], keepDims: false, dtype: 'float32', simd: false },
  { shape: [6, 8], axis: 0, keepDims: false, dtype: 'int32', simd: false },
  { shape: [6, 8], axis: null as unknown as number, keepDims: false, dtype: 'float32', simd: false },
];

type Reduction = 'sum' | 'mean';

function reduce(c: Case, op: Reduction): { values: number[]; shape: number[] } {
  return tf.tidy(() => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    // values of very different magnitudes, so that a different order of additions would change the bits
    const values = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const x = tf.tensor(
      c.dtype === 'int32' ? values.map((v) => Math.round(v * 1000)) : values,
      c.shape,
      c.dtype,
    );
    const s = op === 'sum' ? tf.sum(x, c.axis, c.keepDims) : tf.mean(x, c.axis, c.keepDims);
    return { values: Array.from(s.dataSync()), shape: s.shape };
  });
}

describe.each(['sum', 'mean'] as const)('SIMD %s over leading axes on wasm', (op) => {
  let native: { values: number[]; shape: number[] }[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map((c) => reduce(c, op));
    registerFastKernels(['wasm']);
  });

  afterAll(() => restoreNativeKernels());

  it.each(
    cases.map(
      (c, i) => [`${c.dtype}[${c.shape}] axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, i] as const,
    ),
  )('gives TF.js wasm bits for %s', (_name, i) => {
    const spy = jest.spyOn(simd, op === 'sum' ? 'simdSum' : 'simdMean');
    const before = tf.memory().numTensors;
    const got = reduce(cases[i], op);
    const used = spy.mock.results.some((r) => r.value !== null);
    spy.mockRestore();
    expect(used).toBe(cases[i].simd);
    expect(got.shape).toEqual(native[i].shape);
    expect(got.values).toEqual(native[i].values);
    expect(tf.memory().numTensors).toBe(before);
  });
});
