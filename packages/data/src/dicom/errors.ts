/**
 * Every reader error names the file (or argument) it is about and why it failed, so a user with a folder of
 * hundreds of slices knows which one to look at.
 */
export class DicomError extends Error {
  constructor(
    /** The file name (or argument name) the problem is in. */
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DicomError';
  }
}

/** dicom-parser throws strings and plain objects; turn whatever was thrown into readable text. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown) {
    return describeThrown((thrown as { exception: unknown }).exception);
  }
  return String(thrown);
}
