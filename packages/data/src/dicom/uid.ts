// DICOM UIDs of the "2.25" form: the decimal value of a 128-bit number (PS3.5 B.2), so no organisation root is
// needed. Random ones identify new objects; hashed ones stand in for UIDs a data set left blank.

/** A new random UID (2.25.<128-bit random number>). Works in Node ≥ 19 and browsers through Web Crypto. */
export function newUid(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString()}`;
}

const FNV_PRIME_128 = 0x0000000001000000000000000000013bn;
const FNV_OFFSET_128 = 0x6c62272e07bb014262b821756295c58dn;
const MASK_128 = (1n << 128n) - 1n;

/**
 * A UID derived from text by the 128-bit FNV-1a hash: the same text always gives the same UID, so files whose
 * Study/Series/SOP Instance UIDs were blanked by anonymisation get identical stand-ins in every reader and tool
 * of this package (series reader, SEG writer, OHIF manifest).
 */
export function uidFromText(text: string): string {
  let hash = FNV_OFFSET_128;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME_128) & MASK_128;
  }
  return `2.25.${hash.toString()}`;
}

/** True for a syntactically valid UID: digits and dots, no leading zeros in components, at most 64 characters. */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
