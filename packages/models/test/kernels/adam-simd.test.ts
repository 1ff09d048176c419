// Adam's update as one WebAssembly SIMD kernel per weight (adam in kernels.wat) against the same update written as
// TF.js kernels (train/adam.ts without seglens's kernels): the same weights and moments, to the bit, after steps
// with a learning rate that changes, for weights of U-Net shapes and sizes that leave a partial block of four,
// gradients with zeros, tiny and huge values; one kernel call per weight; a clear error for mismatched inputs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Adam } from '../../src/train';
import { ADAM_UPDATE } from '../../src/kernels/simd/adam-simd';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

const SHAPES = [[3, 3, 64, 128], [3, 3, 1, 5], [16], [2, 2, 16, 8], [7]];

function values(n: number, seed: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) =>
    i % 17 === 3 ? 0 : Math.sin((i + 1) * 0.77 + seed) * scale * 10 ** (((i + seed) % 7) - 3),
  );
}

interface Run {
  weights: Uint32Array[];
  moments: Uint32Array;
  kernels: string[];
}

/** Three Adam steps (the learning rate halved before the third) from fixed weights and gradients. */
async function run(): Promise<Run> {
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  const vars = SHAPES.map((s, k) => tf.variable(tf.tensor(values(size(s), k, 1), s)));
  const adam = new Adam(vars, { learningRate: 1e-3 });
  const kernels: string[] = [];
  for (let step = 0; step < 3; step++) {
    if (step === 2) adam.learningRate /= 2;
    const grads = SHAPES.map((s, k) => tf.tensor(values(size(s), 10 * step + k, 0.1), s));
    const info = await tf.profile(() => adam.apply(grads));
    if (step === 0) kernels.push(...info.kernels.map((k) => k.name));
    tf.dispose(grads);
  }
  const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.slice().buffer);
  const result = {
    weights: vars.map((v) => bits(v.dataSync() as Float32Array)),
    moments: bits(await adam.moments()),
    kernels,
  };
  adam.dispose();
  tf.dispose(vars);
  return result;
}

describe('Adam as one SIMD kernel per weight on wasm', () => {
  let ops: Run;

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    ops = await run();
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it("gives the bits of the update written as TF.js's kernels, in one kernel call per weight", async () => {
    const fused = await run();
    expect(ops.kernels).toContain('Sqrt');
    expect(ops.kernels).not.toContain(ADAM_UPDATE);
    expect(fused.kernels.filter((k) => k === ADAM_UPDATE)).toHaveLength(SHAPES.length);
    expect(fused.kernels).not.toContain('Sqrt');
    fused.weights.forEach((w, k) => expect(Array.from(w)).toEqual(Array.from(ops.weights[k])));
    expect(Array.from(fused.moments)).toEqual(Array.from(ops.moments));
    // and the weights moved (the test would pass on an update that did nothing otherwise)
    expect(fused.weights[0]).not.toEqual(new Uint32Array(values(3 * 3 * 64 * 128, 0, 1).buffer));
  });

  it('names the inputs that do not fit', () => {
    const x = tf.zeros([4]);
    const g = tf.zeros([5]);
    const attrs = {
      beta1: 0.9,
      oneMinusBeta1: 0.1,
      beta2: 0.999,
      oneMinusBeta2: 0.001,
      step: -1e-3,
      sqrtCorrection: 1,
      epsilon: 1e-8,
    };
    expect(() => tf.engine().runKernel(ADAM_UPDATE, { x, g, m: x, v: x }, attrs)).toThrow(
      `${ADAM_UPDATE}: x, g, m and v must be float32 tensors of one shape, got float32[4], float32[5], float32[4], float32[4]`,
    );
    tf.dispose([x, g]);
  });
});
