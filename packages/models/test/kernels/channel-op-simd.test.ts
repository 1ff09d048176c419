// Multiply, Sub and Add of an activation and a per-channel vector in WebAssembly SIMD against TF.js's own wasm
// kernels: the same bits, either operand order where the operation commutes, TF.js's kernels for everything else,
// and the same bits on one and two threads.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as simd from '../../src/kernels/simd/channel-op-simd';
import { simdKernelsOn } from '../../src/kernels/simd/simd-module';
import { SimdPool, runSplit } from '../../src/kernels/simd/simd-pool';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

type Op = 'mul' | 'sub' | 'add';

interface Case {
  op: Op;
  a: number[];
  b: number[];
  dtype?: 'float32' | 'int32';
  simd: boolean;
}

const cases: Case[] = [
  { op: 'mul', a: [8, 16, 16, 16], b: [16], simd: true },
  { op: 'mul', a: [16], b: [8, 16, 16, 16], simd: true },
  { op: 'sub', a: [8, 16, 16, 16], b: [1, 1, 1, 16], simd: true },
  { op: 'sub', a: [3, 5, 8], b: [8], simd: true },
  { op: 'add', a: [1, 1, 1, 12], b: [2, 7, 3, 12], simd: true },
  { op: 'add', a: [5, 8], b: [1, 8], simd: true },
  // the per-channel operand first in a subtraction, channels not in fours, same shapes, a scalar, a per-row
  // operand, integers: TF.js's kernels
  { op: 'sub', a: [8], b: [3, 5, 8], simd: false },
  { op: 'mul', a: [3, 5, 6], b: [6], simd: false },
  { op: 'mul', a: [3, 5, 8], b: [3, 5, 8], simd: false },
  { op: 'add', a: [4, 8], b: [], simd: false },
  { op: 'mul', a: [2, 3, 8], b: [2, 1, 8], simd: false },
  { op: 'add', a: [4, 8], b: [8], dtype: 'int32', simd: false },
];

/** Values of very different magnitudes and both signs, with zeros of both signs, so any other order would show. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    i % 17 === 3 ? -0 : i % 17 === 4 ? 0 : Math.sin((i + 1) * 1.3 + seed) * 10 ** (((i + seed) % 9) - 4),
  );
}

function run(c: Case): { bits: number[]; shape: number[] } {
  return tf.tidy(() => {
    const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
    const make = (s: number[], seed: number) =>
      c.dtype === 'int32'
        ? tf.tensor(
            values(size(s), seed).map((v) => Math.round(v * 1000)),
            s,
            'int32',
          )
        : tf.tensor(values(size(s), seed), s);
    const a = make(c.a, 1);
    const b = make(c.b, 2);
    const y = c.op === 'mul' ? tf.mul(a, b) : c.op === 'sub' ? tf.sub(a, b) : tf.add(a, b);
    const data = y.dataSync();
    const bits =
      data instanceof Float32Array ? Array.from(new Uint32Array(data.slice().buffer)) : Array.from(data);
    return { bits, shape: y.shape };
  });
}

describe('SIMD Multiply, Sub and Add with a per-channel operand on wasm', () => {
  let native: { bits: number[]; shape: number[] }[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map(run);
    registerFastKernels(['wasm']);
  });

  afterAll(() => restoreNativeKernels());

  it.each(cases.map((c, i) => [`${c.dtype ?? 'float32'} [${c.a}] ${c.op} [${c.b}]`, i] as const))(
    'gives TF.js wasm bits for %s',
    (_name, i) => {
      const spy = jest.spyOn(simd, 'simdChannelOp');
      const before = tf.memory().numTensors;
      const got = run(cases[i]);
      const used = spy.mock.results.some((r) => r.value !== null);
      spy.mockRestore();
      expect(used).toBe(cases[i].simd);
      expect(got.shape).toEqual(native[i].shape);
      expect(got.bits).toEqual(native[i].bits);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('computes what the operation says (a check that does not lean on TF.js)', () => {
    const y = tf.tidy(() => {
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4]);
      const v = tf.tensor1d([10, 20, 30, 40]);
      return [tf.mul(x, v), tf.sub(x, v), tf.add(v, x)].map((t) => Array.from(t.dataSync()));
    });
    expect(y).toEqual([
      [10, 40, 90, 160, 50, 120, 210, 320],
      [-9, -18, -27, -36, -5, -14, -23, -32],
      [11, 22, 33, 44, 15, 26, 37, 48],
    ]);
  });
});

describe('channelOp rows on a pool', () => {
  it.each([
    ['multiply', 0],
    ['subtract', 1],
    ['add', 2],
  ])('gives the same bits on 1 and 2 threads (%s)', async (_name, op) => {
    const memory = new WebAssembly.Memory({ initial: 8, maximum: 16, shared: true });
    const kernels = simdKernelsOn(memory)!;
    const [rows, c] = [3001, 8];
    const f32 = new Float32Array(memory.buffer);
    f32.set(values(c, 2), 0);
    f32.set(values(rows * c, 1), c);
    const aAt = 4 * c;
    const [outA, outB] = [aAt + 4 * rows * c, aAt + 8 * rows * c];
    kernels.channelOp(aAt, 0, outA, 0, rows, c, op);
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      runSplit(pool, 'channelOp', rows, (r0, r1) => [aAt, 0, outB, r0, r1, c, op], 1000);
    } finally {
      pool.dispose();
    }
    const bits = (at: number) => Array.from(new Uint32Array(memory.buffer, at, rows * c));
    expect(bits(outB)).toEqual(bits(outA));
    // the last row's last channel, by the operation
    const [x, v] = [f32[aAt / 4 + rows * c - 1], f32[c - 1]];
    expect(f32[outA / 4 + rows * c - 1]).toBe(Math.fround(op === 0 ? x * v : op === 1 ? x - v : x + v));
  });
});
