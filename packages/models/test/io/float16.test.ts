import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { encodeFloat16, float32ToFloat16Bits } from '../../src/io';

describe('float32ToFloat16Bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest half
    [65520, 0x7c00], // rounds up to infinity (IEEE round to nearest)
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // exact tie with 0 rounds to even (zero)
    [1.5 * 2 ** -25, 0x0001],
    [0.1, 0x2e66], // 0.0999755859375, as numpy.float16(0.1)
    [1 + 2 ** -11, 0x3c00], // tie between 1 and 1+2^-10 rounds to even
    [1 + 3 * 2 ** -11, 0x3c02], // tie rounds up to even
  ])('%p -> half bits %i', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const bits = float32ToFloat16Bits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
  });

  it("round-trips through TF.js's own float16 decoder within half precision", () => {
    const values = new Float32Array(2000).map((_, i) => Math.sin(i * 0.37) * 10 ** ((i % 9) - 4));
    const encoded = encodeFloat16(values);
    const [decoded] = [
      tf.io.decodeWeights(encoded.buffer as ArrayBuffer, [
        { name: 'w', shape: [values.length], dtype: 'float32', quantization: { dtype: 'float16' } },
      ]).w,
    ];
    const back = decoded.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // relative error 2^-11 for normals; absolute 2^-25 in the subnormal range
      expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
    }
    decoded.dispose();
  });
});
