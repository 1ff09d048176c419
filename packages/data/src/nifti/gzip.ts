import { gunzipSync } from 'fflate';
import { errorMessage } from '../config/node';

let crcTable: Uint32Array | undefined;

/** CRC-32 (the gzip/PNG polynomial 0xEDB88320). */
function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips and verifies the gzip trailer (CRC-32 and length of the output). fflate's gunzipSync returns short or
 * empty output for truncated and garbled streams without an error, and a half-downloaded .nii.gz must not be
 * read as a volume full of zeros.
 */
export function gunzipVerified(bytes: Uint8Array, name: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw new Error(`${name}: corrupt or truncated gzip data (${errorMessage(error)})`);
  }
  if (bytes.length < 18) throw new Error(`${name}: corrupt or truncated gzip data (${bytes.length} bytes)`);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  const expectedCrc = trailer.getUint32(0, true);
  const expectedSize = trailer.getUint32(4, true);
  if (out.length % 2 ** 32 !== expectedSize || crc32(out) !== expectedCrc) {
    throw new Error(`${name}: corrupt or truncated gzip data (CRC-32 or length check failed)`);
  }
  return out;
}
