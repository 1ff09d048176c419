import { DicomError } from './errors';

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G). The frame starts with a 64-byte header: the number of
 * segments and up to 15 segment offsets. Each segment holds one byte plane, most significant byte first for
 * each sample, and is PackBits-coded: a header byte n in 0..127 copies the next n + 1 bytes, n in -127..-1
 * repeats the next byte 1 - n times, -128 is a no-op.
 *
 * Returns the frame as little-endian sample bytes, samples interleaved (colour-by-pixel), so the result reads
 * like native pixel data with PlanarConfiguration 0.
 */
export function decodeRleFrame(
  file: string,
  encoded: Uint8Array,
  pixels: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array {
  if (encoded.length < 64)
    throw new DicomError(file, `RLE frame of ${encoded.length} bytes is shorter than its 64-byte header`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new DicomError(
      file,
      `RLE frame has ${segments} segments where ${samplesPerPixel} sample(s) of ${bytesPerSample} byte(s) need ${expected}`,
    );
  }
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || end > encoded.length || start > end) {
      throw new DicomError(
        file,
        `RLE segment ${s + 1} offsets ${start}..${end} lie outside the ${encoded.length}-byte frame`,
      );
    }
    const written = unpackBits(encoded, start, end, plane);
    if (written < pixels)
      throw new DicomError(file, `RLE segment ${s + 1} decodes to ${written} bytes, expected ${pixels}`);
    // Segment order is sample-major, most significant byte first; native little-endian puts it last.
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = expected;
    let o = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++, o += stride) out[o] = plane[p];
  }
  return out;
}

function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array): number {
  let i = start;
  let o = 0;
  const limit = dst.length;
  while (i < end && o < limit) {
    const n = src[i++];
    if (n < 128) {
      const count = Math.min(n + 1, limit - o, end - i);
      dst.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      const count = Math.min(257 - n, limit - o);
      dst.fill(src[i++], o, o + count);
      o += count;
    }
  }
  return o;
}
