// The fast kernels against TF.js's own cpu kernels (the reference), on small random problems covering
// strides 1 and 2, 'same'/'valid'/explicit padding, asymmetric kernels, batch > 1 and several channel counts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients
import { registerFastKernels, restoreNativeKernels, fastKernelRegistrations } from '../../src/kernels';
import type { ConvCase } from './conv-case';

type Case = ConvCase;

const cases: Case[] = [
  { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [3, 8, 8, 5], f: [3, 3, 5, 2], strides: 2, pad: 'same' },
  { x: [3, 9, 7, 2], f: [3, 2, 2, 5], strides: 2, pad: 'valid' },
  { x: [1, 8, 8, 4], f: [2, 2, 4, 3], strides: 2, pad: 'valid' },
  { x: [2, 10, 9, 3], f: [5, 3, 3, 2], strides: [2, 1], pad: 'same' },
  { x: [2, 6, 6, 1], f: [1, 1, 1, 3], strides: 1, pad: 'valid' },
  { x: [2, 6, 5, 2], f: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
];

interface Grads {
  dx: Float32Array;
  dFilter: Float32Array;
  transposed: Float32Array;
}

/** Both gradients of sum(conv2d(x, f) * w) for fixed random x, f, w, and a conv2dTranspose forward pass. */
function gradients(c: Case): Grads {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 11) as tf.Tensor4D;
    const f = tf.randomNormal(c.f, 0, 1, 'float32', 12) as tf.Tensor4D;
    const outShape = tf.conv2d(x, f, c.strides, c.pad).shape;
    const w = tf.randomNormal(outShape, 0, 1, 'float32', 13) as tf.Tensor4D;
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), w)));
    const [dx, dFilter] = g([x, f]);
    const transposed = tf.conv2dTranspose(w, f, c.x, c.strides, c.pad);
    return { dx: dx.dataSync() as Float32Array, dFilter: dFilter.dataSync() as Float32Array, transposed: transposed.dataSync() as Float32Array };
  });
}

/** The Conv2DBackpropFilter kernel directly (it has no public op). */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: number, pad: 'same' | 'valid', dataFormat = 'NHWC'): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { filterShape, strides, pad, dataFormat }) as tf.Tensor;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  let worst = 0;
  actual.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]))));
  expect(worst / scale).toBeLessThan(1e-5);
}

describe('fast convolution-gradient kernels', () => {
  let reference: Grads[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('cpu');
    reference = cases.map(gradients);
    registerFastKernels();
  });

  afterAll(() => restoreNativeKernels());

  it('are registered for wasm (forward convolutions, element-wise Add, Sub and Multiply, convolution and max-pool gradients, bias-gradient sums, data movement (Reverse and PadV2 included), batch norm, ReLU and Square gradients, Adam\'s update, the losses\' Exp, outer products and maxima, Softmax) and cpu (filter)', () => {
    expect(fastKernelRegistrations().map((r) => `${r.backendName}/${r.kernelName}`).sort()).toEqual([
      'cpu/Conv2DBackpropFilter',
      'wasm/Add',
      'wasm/BatchMatMul',
      'wasm/Concat',
      'wasm/Conv2D',
      'wasm/Conv2DBackpropFilter',
      'wasm/Conv2DBackpropInput',
      'wasm/Exp',
      'wasm/FusedBatchNorm',
      'wasm/FusedConv2D',
      'wasm/Identity',
      'wasm/Max',
      'wasm/MaxPoolGrad',
      'wasm/Mean',
      'wasm/Multiply',
      'wasm/PadV2',
      'wasm/Reverse',
      'wasm/SeglensAdamUpdate',
      'wasm/SeglensReluGrad',
      'wasm/SeglensSquareGrad',
      'wasm/Slice',
      'wasm/Softmax',
      'wasm/SplitV',
      'wasm/Sub',
      'wasm/Sum',
      'wasm/Tile',
    ]);
  });

  it.each(['wasm', 'cpu'])('match the cpu reference on %s', async (backend) => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    cases.forEach((c, i) => {
      const got = gradients(c);
      expectClose(got.dx, reference[i].dx);
      expectClose(got.dFilter, reference[i].dFilter);
      expectClose(got.transposed, reference[i].transposed);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('handle NCHW (channels-first) data like the native cpu kernels', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 3, 6, 5], 0, 1, 'float32', 1) as tf.Tensor4D;
        const dy = tf.randomNormal([2, 4, 3, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
        const f = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
        const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW' };
        const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 4] }) as tf.Tensor;
        const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: [2, 3, 6, 5] }) as tf.Tensor;
        return [dFilter.dataSync() as Float32Array, dx.dataSync() as Float32Array];
      });
    restoreNativeKernels();
    await tf.setBackend('cpu');
    const expected = run();
    registerFastKernels();
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const got = run();
      expectClose(got[0], expected[0]);
      expectClose(got[1], expected[1]);
    }
  });

  it('reject a dy whose shape does not fit the convolution, naming the kernel', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 6, 6, 2]) as tf.Tensor4D;
    const dy = tf.zeros([1, 5, 5, 3]) as tf.Tensor4D;
    expect(() => filterGrad(x, dy, [3, 3, 2, 3], 1, 'same')).toThrow(/Conv2DBackpropFilter: dy has shape \[1,5,5,3\]/);
  });

  it('compute a hand-checked 1-D example: filter gradient of a 2-tap valid convolution', async () => {
    await tf.setBackend('wasm');
    // x = [1, 2, 3], dy = [10, 20] (outputs of taps at positions 0 and 1): dW[k] = sum_o x[o + k] dy[o].
    const x = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    const dy = tf.tensor4d([10, 20], [1, 1, 2, 1]);
    expect(Array.from(filterGrad(x, dy, [1, 2, 1, 1], 1, 'valid').dataSync())).toEqual([1 * 10 + 2 * 20, 2 * 10 + 3 * 20]);
    // and the input gradient with filter [5, 7]: dx[i] = sum_k dy[i - k] w[k] = [50, 100 + 70, 140].
    const w = tf.tensor4d([5, 7], [1, 2, 1, 1]);
    expect(Array.from(tf.conv2dTranspose(dy, w, [1, 1, 3, 1], 1, 'valid').dataSync())).toEqual([50, 170, 140]);
  });

  it('refuse an unknown backend by name', () => {
    expect(() => registerFastKernels(['webgl' as 'cpu'])).toThrow(/registerFastKernels: backends must be 'wasm' or 'cpu', got 'webgl'/);
  });
});
