// Frames of 1-bit (BitsAllocated 1) images, as WADO-RS must return them. DICOM packs such pixels eight to a byte,
// first pixel in the least significant bit, and concatenates the frames without padding (PS3.5 8.1.1): frame k
// starts at bit k·Rows·Columns, inside a byte whenever Rows·Columns is not a multiple of 8. A WADO-RS frame is
// encoded on its own instead (PS3.18 8.7.3.3, like pydicom's get_packed_frame): its first pixel is bit 0 of its
// first byte and its last byte is zero-padded. Cornerstone's SEG loader reads frames that way too: a frame
// shorter than Rows·Columns bytes is unpacked from bit 0.

/** The Explicit VR Little Endian transfer syntax, which uncompressed WADO-RS frames are in. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface BitImage {
  rows: number;
  columns: number;
  numberOfFrames: number;
}

/** Bytes of all frames of a 1-bit image concatenated (before the Pixel Data's even-length padding). */
export const packedLength = (image: BitImage): number =>
  Math.ceil((image.rows * image.columns * image.numberOfFrames) / 8);

/**
 * Frame `frame` (1-based, as in WADO-RS) of the Pixel Data of a native 1-bit image, re-packed to start at
 * bit 0: ceil(Rows·Columns / 8) bytes, the bits past the frame's end zero.
 */
export function bitFrame(pixelData: Uint8Array, image: BitImage, frame: number): Uint8Array {
  const { rows, columns, numberOfFrames } = image;
  for (const [name, v] of Object.entries({ rows, columns, numberOfFrames })) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`a 1-bit image's ${name} must be a positive integer, not ${v}`);
  }
  if (!Number.isInteger(frame) || frame < 1 || frame > numberOfFrames) {
    throw new Error(`frame ${frame} does not exist: the image has frames 1 to ${numberOfFrames}`);
  }
  if (pixelData.length < packedLength(image)) {
    throw new Error(
      `the Pixel Data holds ${pixelData.length} bytes, fewer than the ${packedLength(image)} of ` +
        `${numberOfFrames} frames of ${rows} x ${columns} 1-bit pixels`,
    );
  }
  const pixels = rows * columns;
  const out = new Uint8Array(Math.ceil(pixels / 8));
  const first = (frame - 1) * pixels;
  const shift = first % 8;
  const start = (first - shift) / 8;
  if (shift === 0) {
    out.set(pixelData.subarray(start, start + out.length));
  } else {
    // Each output byte takes the high bits of one input byte and the low bits of the next.
    for (let i = 0; i < out.length; i++) {
      const next = start + i + 1 < pixelData.length ? pixelData[start + i + 1] : 0;
      out[i] = ((pixelData[start + i] >> shift) | (next << (8 - shift))) & 0xff;
    }
  }
  const tail = pixels % 8;
  if (tail !== 0) out[out.length - 1] &= (1 << tail) - 1; // the next frame's first pixels are not this frame's
  return out;
}

/** The frame numbers of a WADO-RS frame list ("3" or "1,4,2"), each checked against the image's frames. */
export function frameNumbers(list: string, numberOfFrames: number): number[] {
  return list.split(',').map((word) => {
    const n = /^[0-9]+$/.test(word) ? Number(word) : NaN;
    if (!(n >= 1 && n <= numberOfFrames)) {
      throw new Error(
        `"${word}" in the frame list "${list}" is not a frame of this instance (1 to ${numberOfFrames})`,
      );
    }
    return n;
  });
}

/** A multipart/related body of uncompressed frames, one part each, and its Content-Type. */
export function multipartFrames(frames: Uint8Array[], boundary: string): { type: string; body: Buffer } {
  const partType = `application/octet-stream; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
  const parts: Buffer[] = [];
  for (const frame of frames) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Type: ${partType}\r\nContent-Length: ${frame.length}\r\n\r\n`),
      Buffer.from(frame),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { type: `multipart/related; type="${partType}"; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/** The one part of a multipart/related answer (Orthanc's WADO-RS bulk data), or an error saying what is wrong. */
export function singlePart(body: Buffer, contentType: string): Buffer {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!contentType.toLowerCase().startsWith('multipart/related') || !m) {
    throw new Error(`expected a multipart/related answer with a boundary, got "${contentType}"`);
  }
  const boundary = m[1] ?? m[2];
  const open = body.indexOf(`--${boundary}`);
  const headersEnd = open < 0 ? -1 : body.indexOf('\r\n\r\n', open);
  const close = body.lastIndexOf(`\r\n--${boundary}`);
  if (
    open < 0 ||
    headersEnd < 0 ||
    close < headersEnd + 4 ||
    body.indexOf(`\r\n--${boundary}`, headersEnd) !== close
  ) {
    throw new Error(
      `the multipart answer (${body.length} bytes) has not exactly one part for boundary "${boundary}"`,
    );
  }
  return body.subarray(headersEnd + 4, close);
}
