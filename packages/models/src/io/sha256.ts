// SHA-256 through WebCrypto, which browsers and Node (>= 19, as globalThis.crypto) both have. Node-only code
// uses node:crypto instead (node/hash.ts), which also hashes without copying into a new buffer.
export type Sha256 = (bytes: Uint8Array) => Promise<string>;

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lower-case hex SHA-256 of `bytes` via crypto.subtle. */
export const sha256WebCrypto: Sha256 = async (bytes) => {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new Error('sha256: crypto.subtle is not available (it needs a secure context: https or localhost)');
  return hex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
};
