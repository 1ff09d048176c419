// 1-bit frames re-packed to start at bit 0, checked against frames built pixel by pixel: sizes whose pixel count
// is not a multiple of 8 (so frames start inside a byte), several frames, the last one, and the bad inputs.
import { bitFrame, frameNumbers, multipartFrames, packedLength, singlePart } from '../src/server/bit-frames';

/** Packs 0/1 pixels eight to a byte, first pixel in the least significant bit (DICOM's order). */
function pack(pixels: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(pixels.length / 8));
  pixels.forEach((p, i) => {
    if (p) out[i >> 3] |= 1 << (i & 7);
  });
  return out;
}

/** Frames of 0/1 pixels with no period that lines up with bytes or frames. */
function frames(pixels: number, count: number): number[][] {
  return Array.from({ length: count }, (_, k) =>
    Array.from({ length: pixels }, (_, i) => ((k * 31 + i * 7 + ((i * i) % 5)) % 3 === 0 ? 1 : 0)),
  );
}

describe('bitFrame', () => {
  it.each([
    [51, 35, 4],
    [50, 34, 3],
    [3, 3, 5],
    [1, 1, 9],
    [48, 36, 2],
  ])('gives each frame of %i x %i x %i frames its own bits from bit 0', (rows, columns, count) => {
    const image = { rows, columns, numberOfFrames: count };
    const all = frames(rows * columns, count);
    const pixelData = pack(all.flat());
    expect(pixelData.length).toBe(packedLength(image));
    for (let k = 0; k < count; k++) {
      expect([k + 1, Array.from(bitFrame(pixelData, image, k + 1))]).toEqual([
        k + 1,
        Array.from(pack(all[k])),
      ]);
    }
  });

  it('zeroes the bits after the frame even when the next frame starts in its last byte', () => {
    // 3 x 3 = 9 pixels: frame 1 ends at bit 0 of byte 1, where frame 2's first pixels sit (all ones here).
    const pixelData = pack([...new Array(9).fill(0), ...new Array(9).fill(1)]);
    const image = { rows: 3, columns: 3, numberOfFrames: 2 };
    expect(Array.from(bitFrame(pixelData, image, 1))).toEqual([0, 0]);
    expect(Array.from(bitFrame(pixelData, image, 2))).toEqual([0xff, 0x01]);
  });

  it('reads the last frame of Pixel Data padded to an even length, and refuses frames and sizes that do not fit', () => {
    const image = { rows: 51, columns: 35, numberOfFrames: 3 };
    const all = frames(51 * 35, 3);
    const even = new Uint8Array(packedLength(image) + 1); // 670 bytes + 1 of padding
    even.set(pack(all.flat()));
    expect(Array.from(bitFrame(even, image, 3))).toEqual(Array.from(pack(all[2])));
    expect(() => bitFrame(even, image, 4)).toThrow('frame 4 does not exist: the image has frames 1 to 3');
    expect(() => bitFrame(even, image, 0)).toThrow('frame 0 does not exist');
    expect(() => bitFrame(even.subarray(0, 600), image, 1)).toThrow(
      'the Pixel Data holds 600 bytes, fewer than the 670 of 3 frames of 51 x 35 1-bit pixels',
    );
    expect(() => bitFrame(even, { ...image, rows: 0 }, 1)).toThrow(
      "a 1-bit image's rows must be a positive integer, not 0",
    );
  });
});

describe('frameNumbers', () => {
  it('reads a WADO-RS frame list and names a frame the instance does not have', () => {
    expect(frameNumbers('3', 31)).toEqual([3]);
    expect(frameNumbers('1,31,2', 31)).toEqual([1, 31, 2]);
    expect(() => frameNumbers('1,32', 31)).toThrow(
      '"32" in the frame list "1,32" is not a frame of this instance (1 to 31)',
    );
    expect(() => frameNumbers('0', 31)).toThrow('"0" in the frame list "0"');
    expect(() => frameNumbers('1,,2', 31)).toThrow('"" in the frame list "1,,2"');
  });
});

describe('multipart bodies', () => {
  it('writes one octet-stream part per frame, and reads a single part back', () => {
    const { type, body } = multipartFrames([Uint8Array.of(1, 2, 3), Uint8Array.of(0xff)], 'b0undary');
    expect(type).toBe(
      'multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"; boundary=b0undary',
    );
    const part = (n: number) =>
      `--b0undary\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\nContent-Length: ${n}\r\n\r\n`;
    expect(body.toString('latin1')).toBe(`${part(3)}\x01\x02\x03\r\n${part(1)}\xff\r\n--b0undary--\r\n`);
    const one = multipartFrames([Uint8Array.of(13, 10, 45, 45)], 'x');
    expect(Array.from(singlePart(one.body, one.type))).toEqual([13, 10, 45, 45]);
    expect(() => singlePart(body, type)).toThrow('has not exactly one part for boundary "b0undary"');
    expect(() => singlePart(body, 'application/octet-stream')).toThrow(
      'expected a multipart/related answer with a boundary, got "application/octet-stream"',
    );
  });
});
