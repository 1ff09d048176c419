// SEGs of series whose Rows·Columns is not a multiple of 8 (the 51×35 hippocampus crop) must show in OHIF where
// the model put them. In a BINARY SEG most of their frames start inside a byte, and dcmjs 0.52's
// AsyncDicomReader (Cornerstone's reader for DICOM files and wadouri URLs) returns those frames with the bits of
// each byte reversed, or throws on the pad byte. writeDicomSeg writes them FRACTIONAL (one byte per pixel), so
// every frame starts on a byte. Both series below are real (the hippocampus DICOM crops); each test decodes the
// frames exactly as dcmjs's streaming reader delivers them and compares them, pixel by pixel, with the labels.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { readDicomFolder, readDicomSegFile, writeDicomSegFile } from '../../src/dicom';
import { segEncodingFor } from '../../src/dicom/seg/write';
import { createVolume, type Volume } from '../../src/volume';
import { HIPPO_SERIES, dcmtk, mismatches, tempDir } from './helpers';

/** dcmjs's streaming reader (untyped here): Pixel Data comes back as one [ArrayBuffer] per frame. */
interface AsyncReader {
  stream: { addBuffer(buffer: ArrayBuffer): void; setComplete(): void };
  readFile(options: object): Promise<unknown>;
  dict: Record<string, { Value: unknown[] }>;
}
const { AsyncDicomReader } = (dcmjs as unknown as { async: { AsyncDicomReader: new () => AsyncReader } })
  .async;

/** Each frame's pixels (0/1) as dcmjs's AsyncDicomReader delivers them, decoded per Bits Allocated. */
async function framesAsDcmjsReadsThem(file: string, pixels: number): Promise<Uint8Array[]> {
  const bytes = readFileSync(file);
  const reader = new AsyncDicomReader();
  reader.stream.addBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  reader.stream.setComplete();
  await reader.readFile({});
  const bitsAllocated = reader.dict['00280100'].Value[0];
  return reader.dict['7FE00010'].Value.map((frame) => {
    const data = new Uint8Array((frame as ArrayBuffer[])[0]);
    const out = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++)
      out[p] = bitsAllocated === 1 ? (data[p >> 3] >> (p & 7)) & 1 : data[p] > 127 ? 1 : 0;
    return out;
  });
}

/**
 * The attributes that say how the frames are encoded, each frame's (segment, slice) and the Pixel Data length,
 * as dcmdump reads them.
 */
function layoutOf(file: string): {
  attributes: string[];
  frames: [number, number][];
  pixelDataLength: number;
} {
  const text = dcmtk('dcmdump', ['+L', file]);
  const attributes = ['0028,0100', '0028,0101', '0062,0001', '0062,0010', '0062,000e'].map((tag) => {
    const line = text.split('\n').find((l) => l.includes(`(${tag})`));
    return line ? /\) ([A-Z]{2} \S+)/.exec(line)![1] : 'absent';
  });
  const frames = [...text.matchAll(/\(0020,9157\) UL (\d+)\\(\d+)/g)].map(
    (m) => [Number(m[1]), Number(m[2]) - 1] as [number, number],
  );
  const pixelDataLength = Number(/\(7fe0,0010\) OB .*# *(\d+),/.exec(text)![1]);
  return { attributes, frames, pixelDataLength };
}

describe('writeDicomSeg on series whose frames do not fill whole bytes', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  /** Label 1: a 6×5 block on slices 8..14; label 2 on slices 12..last next to it, sharing slices 12..14. */
  function labelsFor(series: Volume, last: number): Volume {
    const [nx, ny] = series.dims;
    const voxels = new Uint8Array(series.voxels.length);
    for (let k = 8; k <= last; k++) {
      for (let j = 20; j < 25; j++) {
        for (let i = 10; i < 22; i++) {
          const label = i < 16 ? (k <= 14 ? 1 : 0) : k >= 12 && k <= last ? 2 : 0;
          if (label) voxels[(k * ny + j) * nx + i] = label;
        }
      }
    }
    return createVolume({ ...series, voxels, dicom: undefined });
  }

  const FRACTIONAL = ['US 8', 'US 8', 'CS [FRACTIONAL]', 'CS [OCCUPANCY]', 'US 255'];
  const BINARY = ['US 1', 'US 1', 'CS [BINARY]', 'absent', 'absent'];
  it.each([
    // 51 rows × 35 columns = 1785 bits a frame: FRACTIONAL (8 bits, OCCUPANCY, 0 or 255), 1785 bytes a frame.
    // 7 + 7 non-empty frames fill an even number of bytes.
    { series: 0, last: 18, encoding: 'FRACTIONAL', attributes: FRACTIONAL, nonEmpty: 14, frames: 14 },
    // 7 + 6 would need a pad byte, which dcmjs rejects: one empty frame more (label 1 on slice 0).
    { series: 0, last: 17, encoding: 'FRACTIONAL', attributes: FRACTIONAL, nonEmpty: 13, frames: 14 },
    // 48 × 36 = 1728 bits = 216 bytes a frame: BINARY (1 bit), as every SEG reader expects; 13 frames are even.
    { series: 1, last: 17, encoding: 'BINARY', attributes: BINARY, nonEmpty: 13, frames: 13 },
  ])(
    'series $series with $nonEmpty non-empty frames: $encoding, $frames frames, each read by dcmjs where the labels are',
    async ({ series, last, encoding, attributes, frames: frameCount }) => {
      const source = await readDicomFolder(HIPPO_SERIES[series]);
      const [nx, ny] = source.dims;
      expect(segEncodingFor(ny, nx)).toBe(encoding);
      const labels = labelsFor(source, last);
      const file = path.join(tmp.dir, `series-${series}-${last}.dcm`);
      await writeDicomSegFile(file, labels, source, {
        segments: [
          { labelValue: 1, label: 'anterior hippocampus' },
          { labelValue: 2, label: 'posterior hippocampus' },
        ],
        algorithm: { modelName: 'hippocampus-rce', lossName: 'RCE' },
      });

      const layout = layoutOf(file);
      expect(layout.attributes).toEqual(attributes);
      expect(layout.frames).toHaveLength(frameCount);
      // No pad byte: Pixel Data is exactly the frames.
      const bytesPerFrame = encoding === 'BINARY' ? (nx * ny) / 8 : nx * ny;
      expect(layout.pixelDataLength).toBe(frameCount * bytesPerFrame);
      const frames = await framesAsDcmjsReadsThem(file, nx * ny);
      expect(frames).toHaveLength(frameCount);
      layout.frames.forEach(([segment, k], f) => {
        const expected = labels.voxels
          .subarray(k * nx * ny, (k + 1) * nx * ny)
          .map((v) => (v === segment ? 1 : 0));
        expect({ frame: f, wrong: mismatches(frames[f], expected) }).toEqual({ frame: f, wrong: 0 });
      });

      const back = await readDicomSegFile(file, source);
      expect(back.segmentationType).toBe(encoding);
      expect(mismatches(back.labels.voxels, labels.voxels)).toBe(0);
    },
  );

  it('can still be forced to BINARY, which our reader reads right and dcmjs 0.52 misplaces (why FRACTIONAL)', async () => {
    const source = await readDicomFolder(HIPPO_SERIES[0]);
    const [nx, ny] = source.dims;
    const labels = labelsFor(source, 18);
    const file = path.join(tmp.dir, 'forced-binary.dcm');
    await writeDicomSegFile(file, labels, source, {
      segments: [
        { labelValue: 1, label: 'anterior hippocampus' },
        { labelValue: 2, label: 'posterior hippocampus' },
      ],
      algorithm: { modelName: 'hippocampus-rce', lossName: 'RCE' },
      encoding: 'BINARY',
    });
    const layout = layoutOf(file);
    expect(layout.attributes).toEqual(BINARY);
    // 14 frames × 1785 bits = 24990 bits = 3124 bytes (rounded up), even: no pad byte, so dcmjs does not throw.
    expect(layout.pixelDataLength).toBe(3124);
    expect((await readDicomSegFile(file, source)).labels.voxels).toEqual(labels.voxels);
    // Frames 0 and 8 start on a byte and come back right; the others come back with pixels moved. When this
    // fails, dcmjs reads such frames right and segEncodingFor can write BINARY again.
    const frames = await framesAsDcmjsReadsThem(file, nx * ny);
    const wrong = layout.frames.map(([segment, k], f) =>
      mismatches(
        frames[f],
        labels.voxels.subarray(k * nx * ny, (k + 1) * nx * ny).map((v) => (v === segment ? 1 : 0)),
      ),
    );
    expect(wrong.map((w, f) => (f % 8 === 0 ? w : w > 0))).toEqual(
      wrong.map((_, f) => (f % 8 === 0 ? 0 : true)),
    );
  });
});
