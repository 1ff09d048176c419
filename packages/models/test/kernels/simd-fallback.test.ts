// Without WebAssembly SIMD (an old browser or CPU) or a TF.js that hides its memory, seglens's SIMD kernels step
// aside: the filter gradient takes its convolution path, MaxPoolGrad its plain loop, Sum, Mean, the forward
// convolution and Add/Sub/Multiply TF.js's own kernels, Adam's update the same arithmetic in JavaScript, with the
// same results as with SIMD (to float rounding for the filter gradient, exactly for the others).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradients
import * as simdModule from '../../src/kernels/simd/simd-module';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';
import { Adam } from '../../src/train';

/** Filter gradient of a 3x3 convolution, max-pool gradient and a bias-style sum, on fixed random data. */
interface Results {
  filter: Float32Array;
  pool: Float32Array;
  sum: Float32Array;
  mean: Float32Array;
  conv: Float32Array;
  binary: Float32Array;
  adam: Float32Array;
}

function run(): Results {
  const adamWeight = tf.variable(tf.randomNormal([3, 3, 4, 8], 0, 1, 'float32', 34));
  const adam = new Adam([adamWeight], { learningRate: 1e-2 });
  for (let s = 0; s < 2; s++)
    tf.tidy(() => adam.apply([tf.randomNormal([3, 3, 4, 8], 0, 1, 'float32', 35 + s)]));
  const adamValues = adamWeight.dataSync() as Float32Array;
  adam.dispose();
  adamWeight.dispose();
  return tf.tidy(() => {
    const x = tf.randomNormal([2, 8, 8, 4], 0, 1, 'float32', 31) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 8, 8, 8], 0, 1, 'float32', 32) as tf.Tensor4D;
    const filter = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { filterShape: [3, 3, 4, 8], strides: 1, pad: 'same', dataFormat: 'NHWC' },
      ) as tf.Tensor;
    const w = tf.randomNormal([2, 4, 4, 4], 0, 1, 'float32', 33);
    const pool = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), w)))(x);
    const sum = tf.sum(dy, [0, 1, 2]);
    const mean = tf.mean(dy, [0, 1, 2], true);
    const bias = tf.randomNormal([8], 0, 1, 'float32', 36) as tf.Tensor1D;
    const conv = tf.fused.conv2d({
      x,
      filter: tf.randomNormal([3, 3, 4, 8], 0, 1, 'float32', 37) as tf.Tensor4D,
      bias,
      activation: 'relu',
      pad: 'same',
      strides: 1,
    });
    const binary = tf.sub(tf.mul(tf.add(dy, dy), bias), tf.scalar(0.5));
    return {
      conv: conv.dataSync() as Float32Array,
      binary: binary.dataSync() as Float32Array,
      adam: adamValues,
      mean: mean.dataSync() as Float32Array,
      filter: filter.dataSync() as Float32Array,
      pool: pool.dataSync() as Float32Array,
      sum: sum.dataSync() as Float32Array,
    };
  });
}

describe('SIMD kernels unavailable', () => {
  beforeAll(async () => {
    registerFastKernels(['wasm']);
    await tf.setBackend('wasm');
  });

  afterAll(() => {
    restoreNativeKernels();
    jest.restoreAllMocks();
  });

  it('gives the SIMD results through the other kernels', () => {
    const withSimd = run();
    const spy = jest.spyOn(simdModule, 'simdKernelsOn').mockReturnValue(null);
    const without = run();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    const scale = Math.max(...withSimd.filter.map(Math.abs));
    withSimd.filter.forEach((v, i) => expect(Math.abs(v - without.filter[i]) / scale).toBeLessThan(1e-5));
    expect(Array.from(without.pool)).toEqual(Array.from(withSimd.pool));
    expect(Array.from(without.sum)).toEqual(Array.from(withSimd.sum));
    expect(Array.from(without.mean)).toEqual(Array.from(withSimd.mean));
    expect(Array.from(without.conv)).toEqual(Array.from(withSimd.conv));
    expect(Array.from(without.binary)).toEqual(Array.from(withSimd.binary));
    expect(Array.from(without.adam)).toEqual(Array.from(withSimd.adam));
  });
});
