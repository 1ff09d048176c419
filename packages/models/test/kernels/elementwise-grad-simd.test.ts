// seglens's gradients of ReLU and Square (one kernel each on wasm) against TF.js's own (Step, Cast, Multiply; Cast,
// Multiply, Multiply): the same bits, signed zeros and NaNs included, on SIMD, in the JavaScript loop used without
// SIMD, on a pool of two threads, and TF.js's own gradients on backends without the kernels.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients
import * as simdModule from '../../src/kernels/simd/simd-module';
import { RELU_GRAD, SQUARE_GRAD } from '../../src/kernels/simd/elementwise-grad-simd';
import { SimdPool, runSplit } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

const shapes = [[8, 16, 16, 16], [7], [3, 5, 7], [2, 1, 1, 4]];

/** x with positives, negatives, zeros of both signs and a NaN; dy likewise, so every branch of step is taken. */
function inputs(n: number): { x: number[]; dy: number[] } {
  const x = Array.from({ length: n }, (_, i) =>
    i % 11 === 3 ? 0 : i % 11 === 4 ? -0 : Math.sin(i * 0.9) * 10 ** ((i % 5) - 2),
  );
  const dy = Array.from({ length: n }, (_, i) =>
    i % 13 === 5 ? -0 : Math.cos(i * 1.3) * 10 ** ((i % 3) - 1),
  );
  if (n > 5) {
    x[5] = NaN;
    dy[2] = NaN;
    dy[1] = Infinity;
  }
  return { x, dy };
}

interface Op {
  name: string;
  op: (t: tf.Tensor) => tf.Tensor;
  kernel: string;
  /** TF.js's kernels that the one kernel replaces. */
  replaces: string[];
  /** The expected gradient of one element, NaN where it is NaN. */
  expected: (dy: number, x: number) => number;
  /** The pool's kernel. */
  simd: 'reluGrad' | 'squareGrad';
}

const ops: Op[] = [
  {
    name: 'Relu',
    op: tf.relu,
    kernel: RELU_GRAD,
    replaces: ['Step', 'Cast', 'Multiply'],
    expected: (dy, x) => (Number.isNaN(x) ? NaN : x > 0 ? Math.fround(dy) : Math.fround(dy) * 0),
    simd: 'reluGrad',
  },
  {
    name: 'Square',
    op: tf.square,
    kernel: SQUARE_GRAD,
    replaces: ['Cast', 'Multiply'],
    expected: (dy, x) => Math.fround(Math.fround(dy) * Math.fround(2 * Math.fround(x))),
    simd: 'squareGrad',
  },
];

/** The gradient's bits. */
function gradient(o: Op, shape: number[]): { bits: number[] } {
  const n = shape.reduce((a, b) => a * b, 1);
  const { x, dy } = inputs(n);
  let bits: number[] = [];
  tf.tidy(() => {
    const xt = tf.tensor(x, shape);
    const dyt = tf.tensor(dy, shape);
    const g = tf.grad(o.op)(xt, dyt);
    bits = Array.from(new Uint32Array((g.dataSync() as Float32Array).slice().buffer));
  });
  return { bits };
}

/** Kernels run by one gradient. */
async function kernelsOf(o: Op, shape: number[]): Promise<string[]> {
  const { x, dy } = inputs(shape.reduce((a, b) => a * b, 1));
  const xt = tf.tensor(x, shape);
  const dyt = tf.tensor(dy, shape);
  const info = await tf.profile(() => tf.grad(o.op)(xt, dyt));
  tf.dispose([xt, dyt]);
  return info.kernels.map((k) => k.name);
}

/** NaNs compare as NaNs (their payload is not specified), every other value to the bit. */
function expectSameBits(got: number[], want: number[]): void {
  const nan = (b: number) => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
  expect(got.map((b) => (nan(b) ? 'NaN' : b))).toEqual(want.map((b) => (nan(b) ? 'NaN' : b)));
}

/** Checks one computed gradient element by element against `expected` (the first 4096: expect is slow). */
function expectValues(o: Op, bits: number[]): void {
  const { x, dy } = inputs(bits.length);
  const values = new Float32Array(Uint32Array.from(bits).buffer);
  values.subarray(0, 4096).forEach((v, k) => {
    const want = o.expected(dy[k], x[k]);
    if (Number.isNaN(want)) expect(v).toBeNaN();
    else expect(v).toBe(want);
  });
}

describe.each(ops)('$name gradient on wasm', (o) => {
  let native: number[][];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = shapes.map((s) => gradient(o, s).bits);
    registerFastKernels(['wasm', 'cpu']);
  });

  afterAll(() => {
    restoreNativeKernels();
    jest.restoreAllMocks();
  });

  it(`runs one kernel instead of TF.js's three`, async () => {
    const names = await kernelsOf(o, [8, 16, 16, 16]);
    expect(names).toContain(o.kernel);
    for (const replaced of o.replaces) expect(names).not.toContain(replaced);
  });

  it.each(shapes.map((s, i) => [`[${s}]`, i] as const))('gives TF.js bits for %s', (_name, i) => {
    const before = tf.memory().numTensors;
    const { bits } = gradient(o, shapes[i]);
    expectSameBits(bits, native[i]);
    // the values themselves, signed zeros and NaNs as the formula gives them
    expectValues(o, bits);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same bits in its JavaScript loop, without WebAssembly SIMD', () => {
    const spy = jest.spyOn(simdModule, 'simdKernelsOn').mockReturnValue(null);
    const { bits } = gradient(o, shapes[0]);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expectSameBits(bits, native[0]);
  });

  it('keeps TF.js own gradient on cpu, which has no such kernel', async () => {
    await tf.setBackend('cpu');
    try {
      const names = await kernelsOf(o, [3, 5, 7]);
      expect(names).not.toContain(o.kernel);
      expect(names).toContain(o.replaces[0]);
      expectSameBits(gradient(o, [3, 5, 7]).bits, native[2]);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('rejects inputs of two shapes by name', () => {
    expect(() => tf.engine().runKernel(o.kernel, { dy: tf.zeros([2, 3]), x: tf.zeros([3, 2]) })).toThrow(
      new RegExp(
        `${o.kernel}: dy and x must be float32 tensors of one shape, got float32\\[2,3\\] and float32\\[3,2\\]`,
      ),
    );
  });

  it('gives the same bits on a pool of 1 and 2 threads, with a partial block of four at the end', async () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared: true });
    const kernels = simdModule.simdKernelsOn(memory)!;
    const n = 10_007;
    const { x, dy } = inputs(n);
    const f32 = new Float32Array(memory.buffer);
    f32.set(x, 0);
    f32.set(dy, n);
    const [outA, outB] = [8 * n, 12 * n];
    kernels[o.simd](0, 4 * n, outA, 0, n);
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      runSplit(pool, o.simd, n, (i0, i1) => [0, 4 * n, outB, i0, i1], 1000, 4);
    } finally {
      pool.dispose();
    }
    const bits = (at: number) => Array.from(new Uint32Array(memory.buffer, at, n));
    expectSameBits(bits(outB), bits(outA));
    expectValues(o, bits(outA));
    const last = o.expected(dy[n - 1], x[n - 1]);
    expect(f32[outA / 4 + n - 1]).toBe(last);
  });
});
