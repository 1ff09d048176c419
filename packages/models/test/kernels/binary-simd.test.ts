// Add, Sub and Multiply on wasm in WebAssembly SIMD (binary in kernels.wat) against TF.js's own wasm kernels: the
// same bits for tensors of one shape, a per-channel vector along the last axis, a scalar, and a broadcast first
// operand of Add and Multiply, over values that include NaN, infinities, signed zeros and subnormals; TF.js's kernel
// for anything else; and the same bits whether one thread or two run the elements.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as simd from '../../src/kernels/simd/binary-simd';
import { simdKernelsOn } from '../../src/kernels/simd/simd-module';
import { SimdPool, runSplit } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

type Op = 'add' | 'sub' | 'mul';

interface Case {
  a: number[];
  b: number[];
  /** Whether the SIMD kernel takes it (for every op, or for add and mul only when the broadcast one comes first). */
  simd: boolean | 'commutative';
}

const cases: Case[] = [
  { a: [8, 16, 16, 16], b: [8, 16, 16, 16], simd: true },
  { a: [3, 5, 7], b: [3, 5, 7], simd: true }, // 105 elements: a partial block of four
  { a: [2, 5, 5, 8], b: [8], simd: true },
  { a: [2, 5, 5, 16], b: [1, 1, 1, 16], simd: true },
  { a: [4, 6], b: [], simd: true },
  { a: [3, 7], b: [1, 1], simd: true },
  { a: [16], b: [2, 3, 16], simd: 'commutative' },
  { a: [], b: [9, 5], simd: 'commutative' },
  // TF.js's kernel: a channel count that is not a multiple of 4, a broadcast along a middle axis, a larger result
  { a: [2, 3, 6], b: [6], simd: false },
  { a: [4, 3, 8], b: [4, 1, 8], simd: false },
  { a: [4, 1], b: [1, 8], simd: false },
];

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-45, 3.4e38, -3.4e38, 1];

/** Values of every magnitude, with the special ones sprinkled in, so that any other arithmetic would change bits. */
function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) =>
    i % 13 === 5
      ? SPECIAL[(i + seed) % SPECIAL.length]
      : Math.sin((i + 1) * 1.3 + seed) * 10 ** (((i + seed) % 9) - 4),
  );
}

function compute(c: Case, op: Op): Uint32Array {
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  const a = tf.tensor(values(size(c.a), 1), c.a);
  const b = tf.tensor(values(size(c.b), 2), c.b);
  const y = op === 'add' ? tf.add(a, b) : op === 'sub' ? tf.sub(a, b) : tf.mul(a, b);
  const bits = new Uint32Array((y.dataSync() as Float32Array).slice().buffer);
  tf.dispose([a, b, y]);
  return bits;
}

const OPS: Op[] = ['add', 'sub', 'mul'];

describe('SIMD Add, Sub and Multiply on wasm', () => {
  let native: Uint32Array[][];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map((c) => OPS.map((op) => compute(c, op)));
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  const rows = cases.flatMap((c, i) => OPS.map((op, j) => [`${op} [${c.a}] [${c.b}]`, i, j] as const));
  it.each(rows)("%s: TF.js's bits", (_, i, j) => {
    const c = cases[i];
    const op = OPS[j];
    const spy = jest.spyOn(simd, 'simdBinary');
    const before = tf.memory().numTensors;
    const got = compute(c, op);
    const used = spy.mock.results.some((r) => r.value !== null);
    spy.mockRestore();
    const expected = c.simd === true || (c.simd === 'commutative' && op !== 'sub');
    expect(used).toBe(expected);
    expect(got.length).toBe(native[i][j].length);
    expect(Array.from(got)).toEqual(Array.from(native[i][j]));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('adds, subtracts and multiplies as arithmetic says (a check that does not lean on TF.js)', () => {
    const a = tf.tensor2d([1.5, -2, 3, 4, 5, 6, 7, 8], [2, 4]);
    const b = tf.tensor1d([0.5, 2, -1, 10]);
    expect(Array.from(tf.add(a, b).dataSync())).toEqual([2, 0, 2, 14, 5.5, 8, 6, 18]);
    expect(Array.from(tf.sub(a, b).dataSync())).toEqual([1, -4, 4, -6, 4.5, 4, 8, -2]);
    expect(Array.from(tf.mul(a, b).dataSync())).toEqual([0.75, -4, -3, 40, 2.5, 12, -7, 80]);
    tf.dispose([a, b]);
  });

  it('names which layouts it takes', () => {
    expect(simd.binaryLayout([2, 3, 8], [2, 3, 8])).toEqual({ mode: 0 });
    expect(simd.binaryLayout([2, 3, 8], [1, 8])).toEqual({ mode: 1, c: 8 });
    expect(simd.binaryLayout([2, 3, 8], [])).toEqual({ mode: 2 });
    expect(simd.binaryLayout([2, 3, 6], [6])).toBeNull();
    expect(simd.binaryLayout([2, 3, 8], [3, 8])).toBeNull();
    expect(simd.binaryLayout([8], [2, 8])).toBeNull();
    expect(simd.binaryLayout([0, 8], [0, 8])).toBeNull();
  });
});

describe('binary on a pool', () => {
  it('gives the same bits on 1 and 2 threads, per-channel rows whole', async () => {
    const memory = new WebAssembly.Memory({ initial: 40, maximum: 64, shared: true });
    const kernels = simdKernelsOn(memory)!;
    const [rows, c] = [20001, 8];
    const n = rows * c;
    const f32 = new Float32Array(memory.buffer);
    const [aAt, bAt, outA, outB] = [0, 4 * n, 4 * n + 64, 8 * n + 64];
    f32.set(values(n, 1), aAt / 4);
    f32.set(values(c, 2), bAt / 4);
    const args = (out: number) => (i0: number, i1: number) => [1, aAt, bAt, out, i0, i1, c, 1];
    kernels.binary(...args(outA)(0, n));
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      runSplit(pool, 'binary', n, args(outB), 1000, c);
    } finally {
      pool.dispose();
    }
    const bits = (at: number) => Array.from(new Uint32Array(memory.buffer, at, n));
    expect(bits(outB)).toEqual(bits(outA));
    // an element of the second row by the formula: a − b[channel]
    expect(f32[outA / 4 + c + 3]).toBe(Math.fround(f32[c + 3] - f32[bAt / 4 + 3]));
  });
});
