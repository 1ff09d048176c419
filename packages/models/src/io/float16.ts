// float32 -> IEEE 754 half precision, rounding to nearest even (as numpy's astype(float16) does), for the
// float16 weight storage option. TF.js decodes these on load (weights manifest `quantization: {dtype:
// 'float16'}`), so only the encoder lives here.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Half-precision bits of one number. */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const f = u32[0];
  const sign = (f >>> 16) & 0x8000;
  const exponent = f & 0x7f800000;
  if (exponent >= 0x47800000) {
    // Too large for half, or inf / NaN (keep NaN a NaN).
    if (exponent === 0x7f800000 && (f & 0x7fffff) !== 0) return sign | 0x7e00;
    return sign | 0x7c00;
  }
  if (exponent <= 0x38000000) {
    // Subnormal half (or zero): below 2^-25 everything rounds to zero.
    if (exponent < 0x33000000) return sign;
    const e = exponent >>> 23;
    let sig = 0x800000 + (f & 0x7fffff);
    const lost = (f & 0x7ff) !== 0; // bits the extra shift drops, which break a tie
    sig >>>= 113 - e;
    if ((sig & 0x3fff) !== 0x1000 || lost) sig += 0x1000;
    return sign | (sig >>> 13);
  }
  let sig = f & 0x7fffff;
  if ((sig & 0x3fff) !== 0x1000) sig += 0x1000;
  // A carry out of the significand correctly bumps the exponent (up to infinity).
  return sign | (((exponent - 0x38000000) >>> 13) + (sig >>> 13));
}

/** Half-precision copy of a float32 array. */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
  return out;
}
