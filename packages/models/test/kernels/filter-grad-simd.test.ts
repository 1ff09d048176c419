// The WebAssembly SIMD filter gradient: through the registered wasm kernel against TF.js's native cpu kernel,
// and called directly on plain and shared memories against a float64 loop (row ranges included, as threads use).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as simd from '../../src/kernels/simd/filter-grad-simd';
import { simdKernelsOn, wasmBackendMemory } from '../../src/kernels/simd/simd-module';
import { SimdPool, poolArgs } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';
import type { ConvCase } from './conv-case';

type Case = ConvCase;

// Blocks of 4 input and 8 output channels, and the channels past them (one-channel loops).
const cases: Case[] = [
  { x: [2, 9, 8, 1], f: [3, 3, 1, 16], strides: 1, pad: 'same' },
  { x: [2, 9, 8, 16], f: [1, 1, 16, 2], strides: 1, pad: 'valid' },
  { x: [2, 7, 5, 6], f: [3, 3, 6, 12], strides: 2, pad: 'same' },
  { x: [1, 6, 7, 3], f: [3, 2, 3, 5], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 4], f: [3, 3, 4, 8], strides: 1, pad: 'same' },
  { x: [2, 7, 6, 4], f: [3, 3, 4, 8], strides: 1, pad: 'valid' },
  { x: [2, 9, 7, 8], f: [3, 3, 8, 16], strides: 2, pad: 'same' },
  { x: [3, 8, 8, 4], f: [2, 2, 4, 8], strides: 2, pad: 'valid' },
  { x: [1, 5, 11, 12], f: [5, 3, 12, 8], strides: [2, 1], pad: 'same' },
  {
    x: [2, 6, 5, 4],
    f: [3, 3, 4, 8],
    strides: 1,
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [2, 6, 6, 8], f: [1, 1, 8, 24], strides: 1, pad: 'valid' },
  { x: [2, 33, 35, 16], f: [3, 3, 16, 16], strides: 1, pad: 'same' },
];

function filterGrad(c: Case): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 21) as tf.Tensor4D;
    const outShape = tf.conv2d(x, tf.zeros(c.f) as tf.Tensor4D, c.strides, c.pad).shape;
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 22);
    const attrs = { filterShape: c.f, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
    return (
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor
    ).dataSync() as Float32Array;
  });
}

function worstRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / scale;
}

describe('SIMD filter gradient through the wasm kernel', () => {
  let reference: Float32Array[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('cpu');
    reference = cases.map(filterGrad);
    registerFastKernels(['wasm']);
    await tf.setBackend('wasm');
  });

  afterAll(() => {
    restoreNativeKernels();
    jest.restoreAllMocks();
  });

  it('finds the wasm backend memory and instantiates on it', () => {
    const memory = wasmBackendMemory(tf.backend());
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(simdKernelsOn(memory as WebAssembly.Memory)).not.toBeNull();
  });

  it.each(
    cases.map(
      (c, i) => [`x [${c.x}] filter [${c.f}] strides ${c.strides} pad ${JSON.stringify(c.pad)}`, i] as const,
    ),
  )('matches cpu for %s', (_name, i) => {
    const spy = jest.spyOn(simd, 'runFilterGradChunks');
    const before = tf.memory().numTensors;
    const got = filterGrad(cases[i]);
    const simdCalls = spy.mock.calls.length;
    spy.mockRestore();
    expect(simdCalls).toBe(1);
    expect(worstRelative(got, reference[i])).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves NCHW to the convolution-based kernel', () => {
    const spy = jest.spyOn(simd, 'runFilterGradChunks');
    tf.tidy(() => {
      const x = tf.randomNormal([1, 4, 6, 6]);
      const dy = tf.randomNormal([1, 8, 6, 6]);
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { filterShape: [3, 3, 4, 8], strides: 1, pad: 'same', dataFormat: 'NCHW' },
      );
    });
    const simdCalls = spy.mock.calls.length;
    spy.mockRestore();
    expect(simdCalls).toBe(0);
  });
});

/** dW by float64 loops over NHWC arrays. */
function referenceGrad(x: Float32Array, dy: Float32Array, s: simd.SimdFilterGradShape): Float64Array {
  const dw = new Float64Array(s.filterHeight * s.filterWidth * s.inChannels * s.outChannels);
  for (let b = 0; b < s.batch; b++)
    for (let oy = 0; oy < s.outHeight; oy++)
      for (let ox = 0; ox < s.outWidth; ox++)
        for (let kh = 0; kh < s.filterHeight; kh++)
          for (let kw = 0; kw < s.filterWidth; kw++) {
            const iy = oy * s.strideHeight + kh - s.padTop;
            const ix = ox * s.strideWidth + kw - s.padLeft;
            if (iy < 0 || iy >= s.inHeight || ix < 0 || ix >= s.inWidth) continue;
            for (let ci = 0; ci < s.inChannels; ci++) {
              const xv = x[((b * s.inHeight + iy) * s.inWidth + ix) * s.inChannels + ci];
              for (let co = 0; co < s.outChannels; co++) {
                dw[((kh * s.filterWidth + kw) * s.inChannels + ci) * s.outChannels + co] +=
                  xv * dy[((b * s.outHeight + oy) * s.outWidth + ox) * s.outChannels + co];
              }
            }
          }
  return dw;
}

describe('SIMD filter gradient called directly', () => {
  // 2 images of 9x10x8 -> 5x10x16 (stride 2 down, 1 across; 3x3 taps with padding 1 on top and left).
  const shape: simd.SimdFilterGradShape = {
    batch: 2,
    inHeight: 9,
    inWidth: 10,
    inChannels: 8,
    outHeight: 5,
    outWidth: 10,
    outChannels: 16,
    filterHeight: 3,
    filterWidth: 3,
    strideHeight: 2,
    strideWidth: 1,
    padTop: 1,
    padLeft: 1,
  };
  const nx = shape.batch * shape.inHeight * shape.inWidth * shape.inChannels;
  const ndy = shape.batch * shape.outHeight * shape.outWidth * shape.outChannels;
  const ndw = 3 * 3 * 8 * 16;
  let seed = 5;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const xs = Float32Array.from({ length: nx }, random);
  const dys = Float32Array.from({ length: ndy }, random);
  const expected = referenceGrad(xs, dys, shape);

  it.each([
    ['plain', new WebAssembly.Memory({ initial: 1 })],
    ['shared', new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true })],
  ])('on %s memory: whole, and as two row ranges added', (_kind, memory) => {
    const kernel = simdKernelsOn(memory);
    expect(kernel).not.toBeNull();
    // Offsets not multiples of 16: v128 loads must not assume alignment.
    const [xAt, dyAt, dwAt, dw2At] = [4, 4 + nx * 4, 8 + (nx + ndy) * 4, 8 + (nx + ndy + ndw) * 4];
    const heap = new Float32Array(memory.buffer);
    heap.set(xs, xAt / 4);
    heap.set(dys, dyAt / 4);
    heap.fill(123, dwAt / 4, dwAt / 4 + 2 * ndw); // garbage: the kernel zeroes its output first
    simd.runSimdFilterGrad(kernel!, xAt, dyAt, dwAt, shape);
    expect(worstRelative(heap.subarray(dwAt / 4, dwAt / 4 + ndw), expected)).toBeLessThan(1e-6);
    // rows 0..3 and 3..10 of the 10 (batch x outHeight) rows: the halves add up to the whole
    simd.runSimdFilterGrad(kernel!, xAt, dyAt, dwAt, shape, 0, 3);
    simd.runSimdFilterGrad(kernel!, xAt, dyAt, dw2At, shape, 3, 10);
    const sum = Array.from({ length: ndw }, (_, i) => heap[dwAt / 4 + i] + heap[dw2At / 4 + i]);
    expect(worstRelative(sum, expected)).toBeLessThan(1e-6);
    expect(heap[dwAt / 4 + ndw - 1]).not.toBe(123);
  });

  it('gives the same bits on 1, 2 and 3 threads: its fixed chunks added in order', async () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 16, shared: true });
    const heap = new Float32Array(memory.buffer);
    const [xAt, dyAt] = [0, nx * 4];
    const buffers = Array.from({ length: simd.FILTER_GRAD_CHUNKS }, (_, k) => (nx + ndy + k * ndw) * 4);
    heap.set(xs, xAt / 4);
    heap.set(dys, dyAt / 4);
    // the chunks (10 rows in 8 ranges) on this thread alone, added in chunk order
    const kernel = simdKernelsOn(memory)!;
    const bound = (k: number): number => Math.round((10 * k) / simd.FILTER_GRAD_CHUNKS);
    const sequential = new Float32Array(ndw);
    for (let k = 0; k < simd.FILTER_GRAD_CHUNKS; k++) {
      simd.runSimdFilterGrad(kernel, xAt, dyAt, buffers[0], shape, bound(k), bound(k + 1));
      const part = heap.subarray(buffers[0] / 4, buffers[0] / 4 + ndw);
      for (let i = 0; i < ndw; i++) sequential[i] = k === 0 ? part[i] : sequential[i] + part[i];
    }
    expect(worstRelative(sequential, expected)).toBeLessThan(1e-6);
    for (const threads of [1, 2, 3]) {
      const pool = new SimdPool(memory, threads);
      try {
        expect(await pool.whenReady()).toBe(threads - 1);
        heap.fill(7, buffers[0] / 4, buffers[0] / 4 + simd.FILTER_GRAD_CHUNKS * ndw);
        simd.runFilterGradChunks(pool, xAt, dyAt, buffers, shape);
        expect(Array.from(heap.subarray(buffers[0] / 4, buffers[0] / 4 + ndw))).toEqual(
          Array.from(sequential),
        );
      } finally {
        pool.dispose();
      }
      // with its helpers stopped, the pool runs every chunk itself: the same bits again
      heap.fill(7, buffers[0] / 4, buffers[0] / 4 + simd.FILTER_GRAD_CHUNKS * ndw);
      simd.runFilterGradChunks(pool, xAt, dyAt, buffers, shape);
      expect(pool.readyHelpers()).toBe(0);
      expect(Array.from(heap.subarray(buffers[0] / 4, buffers[0] / 4 + ndw))).toEqual(Array.from(sequential));
    }
  });

  it('hands work to its helper thousands of times, and reports a helper that traps instead of waiting forever', async () => {
    // A caller that reread the helper's counter before waiting could miss its final store and wait forever (that
    // hung a full test run after 65 jobs; the pool now waits on the value it compared). Many tiny handoffs exercise
    // that path, though no test can force the interleaving.
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 16, shared: true });
    const heap = new Float32Array(memory.buffer);
    const small = {
      ...shape,
      batch: 1,
      inHeight: 2,
      inWidth: 4,
      outHeight: 2,
      outWidth: 4,
      strideHeight: 1,
      padTop: 0,
      padLeft: 0,
    };
    const [xAt, dyAt] = [0, 4096];
    heap.fill(1, 0, 2048);
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      const args = (dw: number, r0: number, r1: number): number[] =>
        poolArgs([xAt, dyAt, dw, r0, r1, 2, 4, 16, 2, 4, 8, 3, 3, 1, 1, 0, 0]);
      for (let i = 0; i < 5000; i++) {
        pool.run([
          { fn: 'filterGrad', args: args(16384, 0, 1) },
          { fn: 'filterGrad', args: args(32768, 1, 2) },
        ]);
      }
      // tap (0, 0) of row 0, unpadded, sees all 4 columns of ones times ones: 4 (input and output channel 0)
      expect(heap[16384 / 4]).toBe(small.outWidth);
      // an address past the memory traps on whichever thread claims it: the caller throws instead of waiting forever,
      // and the pool takes the next job as before
      const bad = { fn: 'filterGrad' as const, args: args(memory.buffer.byteLength, 0, 1) };
      for (let i = 0; i < 50; i++) {
        expect(() => pool.run([bad, bad, bad, bad])).toThrow(
          /SimdPool.run: (a helper thread|the calling thread) failed in filterGrad/,
        );
      }
      heap[16384 / 4] = 0;
      pool.run([
        { fn: 'filterGrad', args: args(16384, 0, 1) },
        { fn: 'filterGrad', args: args(32768, 1, 2) },
      ]);
      expect(heap[16384 / 4]).toBe(small.outWidth);
    } finally {
      pool.dispose();
    }
  });

  it('rejects a wrong number of dW buffers, calls or arguments and a bad thread count by name', () => {
    const pool = new SimdPool(new WebAssembly.Memory({ initial: 1 }), 3);
    expect(() => simd.runFilterGradChunks(pool, 0, 0, [0], shape)).toThrow(
      /runFilterGradChunks: needs 8 dW buffers, got 1/,
    );
    const call = { fn: 'filterGrad' as const, args: poolArgs([]) };
    expect(() => pool.run(new Array(65).fill(call))).toThrow(/SimdPool.run: 65 calls, at most 64/);
    expect(() => pool.run([{ fn: 'filterGrad', args: [1, 2] }])).toThrow(
      /SimdPool: filterGrad takes 20 arguments, got 2/,
    );
    expect(() => pool.run([{ ...call, scratch: { arg: 20, bytes: 4 } }])).toThrow(
      /SimdPool: filterGrad's scratch argument must be 0 to 19, got 20/,
    );
    expect(() => new SimdPool(new WebAssembly.Memory({ initial: 1 }), 0)).toThrow(
      /threads must be a positive integer, got 0/,
    );
  });

  it('accepts any positive channel counts', () => {
    expect(simd.simdFilterGradFits(shape)).toBe(true);
    expect(simd.simdFilterGradFits({ ...shape, inChannels: 3, outChannels: 2 })).toBe(true);
    expect(simd.simdFilterGradFits({ ...shape, inChannels: 0 })).toBe(false);
    expect(simd.simdFilterGradFits({ ...shape, outChannels: 0 })).toBe(false);
  });
});

describe('the assembled kernels', () => {
  it('are what the committed .wat files assemble to', () => {
    const script = path.join(__dirname, '../../../../tools/build-simd-kernels.mjs');
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toMatch(
      /kernels-wasm\.ts: up to date/,
    );
  });
});
