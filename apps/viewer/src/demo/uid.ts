import { createHash } from 'node:crypto';

/**
 * A DICOM UID of the 2.25 form (PS3.5 B.2: the decimal value of a 128-bit number) taken from the SHA-256 of a
 * text, so the studies and series generated for the demo keep their UIDs from one build to the next (links
 * to /seglens/dicomjson?...&StudyInstanceUIDs=... keep working after a rebuild).
 */
export function demoUid(text: string): string {
  const digest = createHash('sha256').update(`seglens demo\0${text}`).digest();
  let value = 0n;
  for (const byte of digest.subarray(0, 16)) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString()}`;
}
