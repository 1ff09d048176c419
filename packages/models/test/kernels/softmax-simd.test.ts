// Softmax over the last axis on wasm in WebAssembly SIMD (softmaxRows in kernels.wat) against the exact softmax in
// float64: every probability within a few float32 roundings of it, for 2 to 14 classes and row counts that are not
// multiples of four; NaN and large logits as TF.js's kernel gives them; TF.js's own kernel where it does not apply.
// The same bits on 1 and 2 threads: kernel-threads.test.ts, on a threaded backend (this file's has one thread).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { sameBits } from './bits';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';
import { simdSoftmax } from '../../src/kernels/simd/softmax-simd';

/** Logits of one scale, as a network's: a sine spread over ±scale. */
function logits(n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.731 + 0.2) * scale);
}

/** The exact softmax of each row of [rows, c], in float64. */
function exactSoftmax(x: Float32Array, c: number): Float64Array {
  const p = new Float64Array(x.length);
  for (let r = 0; r < x.length / c; r++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) m = Math.max(m, x[r * c + k]);
    let sum = 0;
    for (let k = 0; k < c; k++) sum += Math.exp(x[r * c + k] - m);
    for (let k = 0; k < c; k++) p[r * c + k] = Math.exp(x[r * c + k] - m) / sum;
  }
  return p;
}

/**
 * The largest |p − exact| / exact over all entries, in units of its float32 bound: (4 + c) roundings of 2⁻²⁴
 * (the exponential's, the sum's c, the division's) plus the rounding of x − m itself, half an ulp of |x − m|,
 * which e^ turns into a relative error of that size (a probability far below the row's largest carries it whatever
 * computes it).
 */
function worstInBounds(p: Float32Array, exact: Float64Array, x: Float32Array, c: number): number {
  const eps = 2 ** -24;
  let worst = 0;
  for (let r = 0; r < x.length / c; r++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) m = Math.max(m, x[r * c + k]);
    for (let k = 0; k < c; k++) {
      const i = r * c + k;
      const bound = (4 + c) * eps + eps * Math.abs(x[i] - m);
      worst = Math.max(worst, Math.abs(p[i] - exact[i]) / exact[i] / bound);
    }
  }
  return worst;
}

const cases: Array<{ name: string; shape: number[]; scale: number }> = [
  { name: '2 classes, one polyp frame', shape: [1, 128, 128, 2], scale: 8 },
  { name: '3 classes, 21 rows (not a multiple of four)', shape: [3, 7, 3], scale: 6 },
  { name: '4 classes, one row', shape: [1, 4], scale: 3 },
  { name: '5 classes, 2 rows', shape: [2, 5], scale: 12 },
  { name: '14 classes (the CT models), 8 × 9 × 9', shape: [8, 9, 9, 14], scale: 10 },
];

describe('Softmax on wasm (SIMD)', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it.each(cases.map((c, i) => [c.name, i] as const))(
    '%s: within float32 rounding of the exact softmax, as TF.js’s kernel is, and one Softmax kernel',
    async (_, i) => {
      const { shape, scale } = cases[i];
      const c = shape[shape.length - 1];
      const x = logits(
        shape.reduce((a, b) => a * b, 1),
        scale,
      );
      const t = tf.tensor(x, shape);
      const info = await tf.profile(() => tf.softmax(t));
      expect(info.kernels.map((k) => k.name)).toEqual(['Softmax']);
      const ours = tf.softmax(t).dataSync() as Float32Array;
      restoreNativeKernels();
      const theirs = tf.softmax(t).dataSync() as Float32Array;
      registerFastKernels(['wasm']);
      const exact = exactSoftmax(x, c);
      // measured: 0.15 to 0.64 of the bound (TF.js's 0.15 to 0.73). A wrong maximum, sum, class or row would be off
      // by orders of magnitude more
      const [oursWorst, theirsWorst] = [worstInBounds(ours, exact, x, c), worstInBounds(theirs, exact, x, c)];
      expect(oursWorst).toBeLessThan(1);
      expect(theirsWorst).toBeLessThan(1);
      t.dispose();
    },
  );

  it('gives NaN rows for NaN logits, and stays finite for large ones', () => {
    const rows = [
      [1000, 999, 0], // e^1000 would overflow: the maximum is subtracted first
      [NaN, 0, 1],
      [0, 0, 0],
      [-1e30, 0, -1e30],
      [3, Infinity, 1],
    ];
    const p = Array.from(tf.softmax(tf.tensor2d(rows)).dataSync());
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(p[1]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 6);
    expect(p[2]).toBe(0);
    expect(p.slice(3, 6).every(Number.isNaN)).toBe(true);
    expect(p.slice(6, 9)).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    expect(p.slice(9, 12)).toEqual([0, 1, 0]);
    // +∞ − +∞ is NaN, so the row is NaN (TF.js's kernel agrees)
    expect(p.slice(12).every(Number.isNaN)).toBe(true);
    restoreNativeKernels();
    const theirs = Array.from(tf.softmax(tf.tensor2d(rows)).dataSync());
    registerFastKernels(['wasm']);
    expect(theirs.slice(3, 6).every(Number.isNaN)).toBe(true);
    expect(theirs.slice(12).every(Number.isNaN)).toBe(true);
  });

  it('gives other bits than TF.js’s own kernel', () => {
    const t = tf.tensor(logits(8 * 128 * 128 * 3, 7), [8, 128, 128, 3]);
    const ours = tf.softmax(t).dataSync() as Float32Array;
    restoreNativeKernels();
    const theirs = tf.softmax(t).dataSync() as Float32Array;
    registerFastKernels(['wasm']);
    // it did run: other exponentials than XNNPACK's
    expect(sameBits(ours, theirs)).toBe(false);
    t.dispose();
  });

  it('leaves other axes and other dtypes to TF.js (returns null)', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const ints = tf.tensor2d([[1, 2]], undefined, 'int32');
    const call = (x: tf.Tensor, dim: number) =>
      simdSoftmax({ inputs: { logits: x }, backend: tf.backend(), attrs: { dim } });
    expect(call(t, 0)).toBeNull();
    expect(call(ints, -1)).toBeNull();
    const out = call(t, 1);
    expect(out).not.toBeNull();
    tf.backend().disposeData(out!.dataId);
    tf.dispose([t, ints]);
  });
});
