// seglens's BatchMatMul for an inner size of 1 (outer products) and Max over the last axis on wasm against TF.js's
// own wasm kernels: the same bits for the shapes the losses use and for transposed, batched and broadcast operands,
// NaNs and signed zeros included; every other shape, axis or dtype still goes to TF.js's kernel.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradients
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';
import * as smallOps from '../../src/kernels/wasm-small-ops';
import * as simdModule from '../../src/kernels/simd/simd-module';

function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(i * 0.37 + seed) * 10 ** ((i % 7) - 3);
  if (n > 9) {
    v[3] = -0;
    v[7] = NaN;
    v[9] = Infinity;
  }
  return v;
}

/** The shape and bits of a result; NaNs compare as NaN (their payload is not specified). */
function bits(t: tf.Tensor): Array<number | 'NaN' | string> {
  const f = t.dataSync() as Float32Array;
  const shape = `[${t.shape}]`;
  return [
    shape,
    ...Array.from(new Uint32Array(f.slice().buffer), (b, i) => (Number.isNaN(f[i]) ? 'NaN' : b)),
  ];
}

interface Case {
  name: string;
  run: () => tf.Tensor;
  /** Whether seglens's kernel takes it (else TF.js's own). */
  ours: boolean;
  kernel: 'BatchMatMul' | 'Max';
}

const mat = (shape: number[], seed: number) =>
  tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );

const cases: Case[] = [
  // the losses: repeat along the class axis, sumLast's gradient, pixelSums' gradient (batched, transposed)
  {
    name: 'repeat [4096,1]x[1,14]',
    run: () => tf.matMul(mat([4096, 1], 1), tf.ones([1, 14])),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'sumLast grad [4096,1]x[14,1]ᵀ',
    run: () => tf.matMul(mat([4096, 1], 2), mat([14, 1], 3), false, true),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'batched [32,1,128]ᵀx[32,1,14]',
    run: () => tf.matMul(mat([32, 1, 128], 4), mat([32, 1, 14], 5), true, false),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'both transposed [3,1,5]ᵀx[3,7,1]ᵀ',
    run: () => tf.matMul(mat([3, 1, 5], 6), mat([3, 7, 1], 7), true, true),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'broadcast batch [2,3,6,1]x[1,1,1,4]',
    run: () => tf.matMul(mat([2, 3, 6, 1], 8), mat([1, 1, 1, 4], 9)),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'broadcast rank [6,1]x[1,1,1,4]',
    run: () => tf.matMul(mat([6, 1], 15), mat([1, 1, 1, 4], 16)),
    ours: true,
    kernel: 'BatchMatMul',
  },
  {
    name: 'inner 14 [4096,14]x[14,1] (TF.js)',
    run: () => tf.matMul(mat([4096, 14], 10), mat([14, 1], 11)),
    ours: false,
    kernel: 'BatchMatMul',
  },
  {
    name: 'max over classes [8,512,14]',
    run: () => tf.max(mat([8, 512, 14], 12), -1),
    ours: true,
    kernel: 'Max',
  },
  { name: 'max keepDims [5,3]', run: () => tf.max(mat([5, 3], 13), 1, true), ours: true, kernel: 'Max' },
  {
    name: 'max over a leading axis (TF.js)',
    run: () => tf.max(mat([6, 5], 14), 0),
    ours: false,
    kernel: 'Max',
  },
  {
    name: 'max of int32 (TF.js)',
    run: () =>
      tf.max(
        tf.tensor(
          [
            [3, -1],
            [2, 8],
          ],
          undefined,
          'int32',
        ),
        -1,
      ),
    ours: false,
    kernel: 'Max',
  },
];

describe('outer-product BatchMatMul and last-axis Max on wasm', () => {
  let native: Array<Array<number | 'NaN' | string>>;

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map((c) => tf.tidy(() => bits(c.run())));
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it.each(cases.map((c, i) => [c.name, i] as const))('gives TF.js bits: %s', (_name, i) => {
    const before = tf.memory().numTensors;
    expect(tf.tidy(() => bits(cases[i].run()))).toEqual(native[i]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same bits in its JavaScript loops, without WebAssembly SIMD', () => {
    const spy = jest.spyOn(simdModule, 'simdKernelsOn').mockReturnValue(null);
    try {
      cases.forEach((c, i) => expect([c.name, tf.tidy(() => bits(c.run()))]).toEqual([c.name, native[i]]));
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each(cases.map((c, i) => [c.name, i] as const))(
    'is taken by seglens only where it applies: %s',
    (_name, i) => {
      const c = cases[i];
      const spy = jest.spyOn(smallOps, c.kernel === 'BatchMatMul' ? 'wasmOuterMatMul' : 'wasmMaxLastAxis');
      try {
        tf.tidy(() => c.run());
        expect(spy).toHaveBeenCalledTimes(1);
        // null: handed to TF.js's own kernel
        expect(spy.mock.results[0].value === null).toBe(!c.ours);
      } finally {
        spy.mockRestore();
      }
    },
  );
});
