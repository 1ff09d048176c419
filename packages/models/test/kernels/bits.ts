// Helpers of the kernel tests that compare results bit for bit.

/** Deterministic values of very different magnitudes, so that another order of additions changes bits. */
export function spreadValues(n: number, seed: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => Math.sin((i + 1) * 1.37 + seed) * 10 ** (((i * 7 + seed) % 5) - 2),
  );
}

/** Whether two float32 arrays hold the same bytes (NaN payloads and signed zeros included). */
export const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;
