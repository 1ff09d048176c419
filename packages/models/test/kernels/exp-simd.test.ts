// Exp on wasm in WebAssembly SIMD (expf in kernels.wat) against the correctly rounded e^x: within 1 ulp over the
// whole float32 range that has a finite, non-zero result (subnormals included), exact at the special values; the
// same bits on a pool of 1 and 2 threads and in a partial block of four; TF.js's own kernel on cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients
import * as simdModule from '../../src/kernels/simd/simd-module';
import { SimdPool, runSplit } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

const bitsOf = (v: number): number => new Uint32Array(Float32Array.of(v).buffer)[0];

/** |a − b| in units in the last place of float32 (both finite and of one sign, or both 0). */
function ulps(a: number, b: number): number {
  return Math.abs(bitsOf(a) - bitsOf(b));
}

/** x from −104 to 89 (every exponent a result can have), plus a dense run near 0 where most softmax inputs lie. */
function inputs(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i % 2 ? -104 + (193 * i) / n : Math.sin(i) * 8;
  return x;
}

describe('Exp on wasm (SIMD)', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm', 'cpu']);
  });
  afterAll(() => restoreNativeKernels());

  it('is within 1 ulp of the correctly rounded e^x, subnormal results too, and runs as one Exp kernel', async () => {
    const x = inputs(200_003);
    const t = tf.tensor1d(x);
    const info = await tf.profile(() => tf.exp(t));
    expect(info.kernels.map((k) => k.name)).toEqual(['Exp']);
    const y = tf.exp(t).dataSync();
    let worst = 0;
    let subnormal = 0;
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(Math.exp(x[i]));
      if (want < 1.1754943508222875e-38 && want > 0) subnormal++;
      worst = Math.max(worst, ulps(y[i], want));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(subnormal).toBeGreaterThan(1000); // the range reaches the subnormals (x < −87.3)
    t.dispose();
  });

  it('gives the special values exactly', () => {
    const special = [
      0,
      -0,
      1,
      -1,
      Infinity,
      -Infinity,
      NaN,
      88.72283,
      88.7229,
      89,
      1e30,
      -103.9,
      -104,
      -1e30,
    ];
    const y = Array.from(tf.exp(tf.tensor1d(special)).dataSync());
    expect(y.slice(0, 7)).toEqual([1, 1, Math.fround(Math.E), Math.fround(1 / Math.E), Infinity, 0, NaN]);
    expect(ulps(y[7], Math.fround(Math.exp(Math.fround(88.72283))))).toBeLessThanOrEqual(1); // the largest finite results
    expect(y.slice(8, 11)).toEqual([Infinity, Infinity, Infinity]);
    expect(y[11]).toBeGreaterThan(0); // a subnormal
    expect(y.slice(12)).toEqual([0, 0]);
  });

  it('gives the same bits on a pool of 1 and 2 threads, and in a partial block of four at the end', async () => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 32, shared: true });
    const kernels = simdModule.simdKernelsOn(memory)!;
    const n = 10_007;
    new Float32Array(memory.buffer).set(inputs(n), 0);
    const [outA, outB] = [4 * n, 8 * n];
    kernels.expf(0, outA, 0, n);
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      runSplit(pool, 'expf', n, (i0, i1) => [0, outB, i0, i1], 1000, 4);
    } finally {
      pool.dispose();
    }
    const bits = (at: number, count = n) => Array.from(new Uint32Array(memory.buffer, at, count));
    expect(bits(outB)).toEqual(bits(outA));
    // The last 3 elements (n = 4·2501 + 3) came from the partial block: the same bits as inside a full one.
    const tail = new Float32Array(memory.buffer, 0, n).slice(n - 3);
    new Float32Array(memory.buffer).set(Float32Array.of(...tail, 5), 12 * n);
    kernels.expf(48 * n, 52 * n, 0, 4);
    expect(bits(52 * n, 3)).toEqual(bits(outA + 4 * (n - 3), 3));
  });

  it("leaves the cpu backend to TF.js's own kernel", async () => {
    const spy = jest.spyOn(simdModule, 'simdKernelsOn');
    await tf.setBackend('cpu');
    try {
      spy.mockClear();
      expect(tf.exp(tf.scalar(1)).dataSync()[0]).toBe(Math.fround(Math.E));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      await tf.setBackend('wasm');
      spy.mockRestore();
    }
  });
});
