// The WebAssembly SIMD MaxPoolGrad against TF.js's native cpu kernel: values with ties (the first maximum of a
// window takes the gradient), NaN and -Infinity windows, padding, and the shapes it leaves to TF.js's wasm kernel.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradients
import * as loop from '../../src/kernels/simd/max-pool-grad-loop';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

interface Case {
  x: [number, number, number, number];
  size: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid';
  simd: boolean;
}

const cases: Case[] = [
  { x: [2, 8, 8, 4], size: 2, strides: 2, pad: 'valid', simd: true },
  { x: [3, 9, 7, 8], size: 2, strides: 2, pad: 'valid', simd: true },
  { x: [2, 9, 7, 4], size: 2, strides: 2, pad: 'same', simd: true },
  { x: [1, 10, 11, 12], size: 3, strides: 3, pad: 'same', simd: true },
  { x: [2, 6, 9, 4], size: [2, 3], strides: [2, 3], pad: 'valid', simd: true },
  { x: [2, 9, 9, 4], size: 3, strides: 2, pad: 'same', simd: false },
  { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid', simd: false },
  { x: [1, 7, 8, 5], size: [3, 2], strides: [1, 2], pad: 'same', simd: false },
];

/**
 * Values on a coarse grid, so that windows hold ties, shifted so that many windows are all negative; one window of
 * NaN and one of -Infinity.
 */
function input(shape: Case['x']): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: n }, (_, i) => Math.round(Math.sin(i * 12.9898) * 3) - 2);
  const c = shape[3];
  for (const at of [0, 1, shape[2], shape[2] + 1]) values[at * c] = NaN; // the first 2x2 window of channel 0
  for (const at of [0, 1, shape[2], shape[2] + 1]) values[at * c + 1] = -Infinity; // and of channel 1
  return tf.tensor4d(values, shape);
}

function maxPoolGrad(c: Case): Float32Array {
  return tf.tidy(() => {
    const x = input(c.x);
    const pooled = tf.maxPool(x, c.size, c.strides, c.pad);
    // distinct weights per output, so that a gradient routed to the wrong window shows
    const w = tf.reshape(tf.range(1, 1 + pooled.size), pooled.shape);
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.size, c.strides, c.pad), w)),
    );
    return g(x).dataSync() as Float32Array;
  });
}

describe('SIMD MaxPoolGrad on wasm', () => {
  let reference: Float32Array[];
  let nativeWasm: Float32Array[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('cpu');
    reference = cases.map(maxPoolGrad);
    // TF.js's own wasm kernel (see the last test)
    await tf.setBackend('wasm');
    nativeWasm = cases.map(maxPoolGrad);
    registerFastKernels(['wasm']);
    await tf.setBackend('wasm');
  });

  afterAll(() => restoreNativeKernels());

  it.each(cases.map((c, i) => [`x [${c.x}] window ${c.size} strides ${c.strides} ${c.pad}`, i] as const))(
    'matches cpu exactly for %s',
    (_name, i) => {
      const spy = jest.spyOn(loop, 'maxPoolGradLoop');
      const before = tf.memory().numTensors;
      const got = maxPoolGrad(cases[i]);
      const loops = spy.mock.calls.length;
      spy.mockRestore();
      // the SIMD kernel for non-overlapping windows with channels in fours, the loop for the rest
      expect(loops).toBe(cases[i].simd ? 0 : 1);
      expect(Array.from(got)).toEqual(Array.from(reference[i]));
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("differs from TF.js 4.22's own wasm kernel exactly where that one is wrong", () => {
    // TF.js's wasm kernel passes no gradient out of windows whose maximum is not above 0, gives a tie to the last
    // maximum (cpu: the first) and a NaN window's gradient to its first position. Where it differs from cpu,
    // seglens's result is cpu's.
    const c = cases[0];
    const x = input(c.x).dataSync();
    let wrong = 0;
    reference[0].forEach((v, i) => {
      if (nativeWasm[0][i] !== v) wrong++;
    });
    expect(wrong).toBeGreaterThan(0);
    // every position where native wasm differs lies in a window whose maximum is not above 0, is tied, or is NaN
    const [, h, w, ch] = c.x;
    reference[0].forEach((v, i) => {
      if (nativeWasm[0][i] === v) return;
      const k = i % ch;
      const ix = Math.floor(i / ch) % w;
      const iy = Math.floor(i / (ch * w)) % h;
      const b = Math.floor(i / (ch * w * h));
      const window = [0, 1].flatMap((dy) =>
        [0, 1].map((dx) => x[((b * h + (iy - (iy % 2) + dy)) * w + (ix - (ix % 2) + dx)) * ch + k]),
      );
      const max = Math.max(...window);
      const tie = window.filter((value) => value === max).length > 1;
      expect(max <= 0 || Number.isNaN(max) || tie).toBe(true);
    });
  });

  it('gives a hand-checked window its gradient at the first maximum', () => {
    // one 2x2 window per channel: channel 0 [1, 5, 5, 2] -> position 1; channels 1-3 all 7 -> position 0
    const x = tf.tensor4d([1, 7, 7, 7, 5, 7, 7, 7, 5, 7, 7, 7, 2, 7, 7, 7], [1, 2, 2, 4]);
    const dx = tf.grad((t: tf.Tensor) =>
      tf.sum(
        tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), tf.tensor4d([10, 20, 30, 40], [1, 1, 1, 4])),
      ),
    )(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 20, 30, 40, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
