// multipart/related bodies (RFC 2387) as DICOMweb uses them: WADO-RS answers with one part per instance, STOW-RS
// takes one part per instance. Bytes, not text: DICOM parts are binary.

const CRLF = new Uint8Array([13, 10]);
const encoder = new TextEncoder();

/** The boundary parameter of a multipart Content-Type, unquoted. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (
    let i = haystack.indexOf(first, from);
    i !== -1 && i <= last;
    i = haystack.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The bodies of the parts of a multipart/related body (part headers dropped). */
export function parseMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const delimiter = encoder.encode(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new Error(`multipart body: no boundary "${boundary}" found`);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[afterDelimiter] === 45 && body[afterDelimiter + 1] === 45) return parts;
    const headersEnd = indexOf(body, encoder.encode('\r\n\r\n'), afterDelimiter);
    if (headersEnd < 0) throw new Error('multipart body: a part has no end of headers');
    const next = indexOf(body, encoder.encode(`\r\n--${boundary}`), headersEnd + 4);
    if (next < 0) throw new Error('multipart body: the last part is not closed (truncated answer?)');
    parts.push(body.subarray(headersEnd + 4, next));
    at = next + 2;
  }
}

/** A multipart/related body of DICOM parts, and its Content-Type. */
export function buildMultipart(
  parts: readonly Uint8Array[],
  type = 'application/dicom',
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `seglens-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encoder.encode(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`), part, CRLF);
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.length;
  }
  return { body, contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}
