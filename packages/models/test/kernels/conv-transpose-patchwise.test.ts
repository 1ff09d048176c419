// The U-Net's up-convolution (2×2 transposed convolution, stride 2) on wasm: each output pixel comes from one input
// pixel, so it is the product dy [pixels, co] · w [co, 2·2·ci] rearranged. seglens runs that product as a 1×1
// forward convolution on the backend's threads, or (wasm with SIMD, kw·ci in eights) as one SIMD kernel that writes
// each pixel's products in place (upconv-simd.ts); this checks both give, to the bit, what TF.js's own GEMM
// (BatchMatMul, the kernel they replaced) gives, and that the test values would show another order of additions. On 1
// and 2 threads: kernel-threads.test.ts, on a threaded backend (this file's has one thread).
import * as tf from '@tensorflow/tfjs-core';
import { sameBits, spreadValues as values } from './bits';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';

// [batch, height, width, channels in] of the up-convolution's input, and its output channels.
const cases: [string, [number, number, number, number], number][] = [
  ['decoder level of the 16-filter U-Net', [8, 16, 16, 128], 64],
  ['decoder level of the 8-filter U-Net', [2, 32, 32, 16], 8],
  ['odd sizes', [1, 5, 7, 24], 12],
  // 2·2·3 = 12 product columns, not a multiple of 8: the 1×1 convolution is XNNPACK's own, with the same bits
  ['three output channels', [2, 6, 4, 16], 3],
];

/** Output channels ci of conv2dTranspose: dy has co channels, the filter is [2, 2, ci, co]. */
function upConvolution(shape: [number, number, number, number], ci: number): Float32Array {
  const [b, h, w, co] = shape;
  const dy = tf.tensor4d(values(b * h * w * co, 1), shape);
  const filter = tf.tensor4d(values(4 * ci * co, 2), [2, 2, ci, co]);
  const y = tf.conv2dTranspose(dy, filter, [b, 2 * h, 2 * w, ci], 2, 'valid');
  const out = y.dataSync() as Float32Array;
  tf.dispose([dy, filter, y]);
  return out;
}

/** The same through TF.js's BatchMatMul, rearranged in JavaScript (data movement only). */
function viaGemm(shape: [number, number, number, number], ci: number): Float32Array {
  const [b, h, w, co] = shape;
  const dy = tf.tensor2d(values(b * h * w * co, 1), [b * h * w, co]);
  const filter = tf.tensor4d(values(4 * ci * co, 2), [2, 2, ci, co]);
  const wm = tf.reshape(tf.transpose(filter, [3, 0, 1, 2]), [co, 4 * ci]);
  const m = tf.matMul(dy, wm).dataSync() as Float32Array;
  tf.dispose([dy, filter, wm]);
  const out = new Float32Array(b * 2 * h * 2 * w * ci);
  for (let p = 0; p < b * h * w; p++) {
    const [n, y, x] = [Math.floor(p / (h * w)), Math.floor(p / w) % h, p % w];
    for (let ky = 0; ky < 2; ky++)
      for (let kx = 0; kx < 2; kx++)
        for (let c = 0; c < ci; c++)
          out[((n * 2 * h + 2 * y + ky) * 2 * w + 2 * x + kx) * ci + c] =
            m[p * 4 * ci + (ky * 2 + kx) * ci + c];
  }
  return out;
}

describe('the 2×2, stride-2 up-convolution on wasm', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
  });
  afterAll(() => restoreNativeKernels());

  it.each(cases)("%s: seglens's kernels give TF.js's GEMM bits", (_, shape, ci) => {
    restoreNativeKernels();
    const gemm = viaGemm(shape, ci);
    registerFastKernels(['wasm']);
    const ours = upConvolution(shape, ci);
    restoreNativeKernels();
    expect(sameBits(ours, gemm)).toBe(true);
  });

  it('the test values tell orders apart: adding the channels from the last gives other bits', () => {
    const [b, h, w, co] = cases[0][1];
    const ci = cases[0][2];
    const gemm = viaGemm(cases[0][1], ci);
    const dy = values(b * h * w * co, 1);
    const f = values(4 * ci * co, 2);
    let differ = 0;
    for (let p = 0; p < 64; p++)
      for (let c = 0; c < ci; c++) {
        let acc = 0;
        for (let k = co - 1; k >= 0; k--)
          acc = Math.fround(acc + Math.fround(dy[p * co + k] * f[c * co + k]));
        const [n, y, x] = [Math.floor(p / (h * w)), Math.floor(p / w) % h, p % w];
        if (!Object.is(acc, gemm[((n * 2 * h + 2 * y) * 2 * w + 2 * x) * ci + c])) differ++;
      }
    expect(differ).toBeGreaterThan(100);
  });
});
