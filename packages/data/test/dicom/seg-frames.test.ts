// The SEG we write, decoded the way a viewer's SEG loader does it (OHIF/dcmjs: frame f is bits
// [f*Rows*Columns, (f+1)*Rows*Columns) of PixelData, placed on the source image its ReferencedSOPInstanceUID
// names, with the segment its ReferencedSegmentNumber names), with dcmtk doing the parsing instead of our
// reader, so a fault shared by writeDicomSeg and readDicomSeg cannot hide. Data: the two-segment
// hippocampus_004 labels the viewer's hippocampus-labelled demo ships.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  readDicomSeries,
  readNiftiFile,
  resampleLabels,
  resolveDataDir,
  volumeToDicomSeries,
  writeDicomSegFile,
  type Volume,
} from '../../src';
import { dcmtk, tempDir } from './helpers';

const HIPPO = path.join(resolveDataDir(), 'msd-hippocampus');
const CASE = 'hippocampus_004.nii.gz';

interface DecodedFrame {
  sopInstanceUID: string;
  segment: number;
  pixels: Uint8Array;
}

/** Per-frame source SOP instance, segment number and unpacked pixels, as dcmtk reads the file. */
function decodeFrames(
  file: string,
  rawDir: string,
): { rows: number; columns: number; frames: DecodedFrame[] } {
  const text = dcmtk('dcmdump', ['+L', '+W', rawDir, file]);
  const rows = Number(/\(0028,0010\) US (\d+)/.exec(text)![1]);
  const columns = Number(/\(0028,0011\) US (\d+)/.exec(text)![1]);
  const frameCount = Number(/\(0028,0008\) IS \[(\d+)\]/.exec(text)![1]);
  // After the PerFrameFunctionalGroupsSequence starts, each frame item holds exactly one source image
  // reference and one ReferencedSegmentNumber.
  const perFrame = text.slice(text.indexOf('(5200,9230)'));
  const uids = [...perFrame.matchAll(/\(0008,1155\) UI \[([^\]]+)\]/g)].map((m) => m[1]);
  const segments = [...perFrame.matchAll(/\(0062,000b\) US (\d+)/g)].map((m) => Number(m[1]));
  expect(uids).toHaveLength(frameCount);
  expect(segments).toHaveLength(frameCount);
  const rawName = readdirSync(rawDir).find((f) => f.endsWith('.raw'))!;
  const packed = readFileSync(path.join(rawDir, rawName));
  const perFrameBits = rows * columns;
  // Frames follow each other bit by bit (PS3.5 8.1.1 and 8.2: no padding between frames).
  expect(packed.length).toBe(
    Math.ceil((frameCount * perFrameBits) / 8) + (Math.ceil((frameCount * perFrameBits) / 8) % 2),
  );
  const frames = uids.map((sopInstanceUID, f) => {
    const pixels = new Uint8Array(perFrameBits);
    for (let p = 0; p < perFrameBits; p++) {
      const bit = f * perFrameBits + p;
      pixels[p] = (packed[bit >> 3] >> (bit & 7)) & 1;
    }
    return { sopInstanceUID, segment: segments[f], pixels };
  });
  return { rows, columns, frames };
}

describe('writeDicomSeg frames as a viewer decodes them', () => {
  const tmp = tempDir('seglens-seg-frames-');
  afterAll(() => tmp.cleanup());
  let source: Volume;
  let labels: Volume;
  let file: string;

  beforeAll(async () => {
    const { volume: image } = await readNiftiFile(path.join(HIPPO, 'images', CASE));
    const { volume: nifti } = await readNiftiFile(path.join(HIPPO, 'labels', CASE), { labels: true });
    const instances = volumeToDicomSeries(image, {
      patientName: 'Frames^Test',
      patientId: 'frames',
      modality: 'MR',
    });
    source = await readDicomSeries(
      instances.map((data, i) => ({ name: `IM${i}.dcm`, data: new Uint8Array(data) })),
    );
    labels = resampleLabels(nifti, source);
    file = path.join(tmp.dir, 'labels.dcm');
    await writeDicomSegFile(file, labels, source, {
      segments: [
        { labelValue: 1, label: 'anterior hippocampus' },
        { labelValue: 2, label: 'posterior hippocampus' },
      ],
      algorithm: { modelName: 'reference', lossName: 'n/a' },
    });
  });

  it('puts every label voxel, and only those, on the image and segment each frame references', () => {
    const { rows, columns, frames } = decodeFrames(file, tmp.dir);
    const [nx, ny, nz] = source.dims;
    expect([columns, rows]).toEqual([nx, ny]);
    const uids = source.dicom!.sopInstanceUIDs;
    const decoded = new Uint8Array(labels.voxels.length);
    const counts = new Map<number, number>();
    for (const { sopInstanceUID, segment, pixels } of frames) {
      const k = uids.indexOf(sopInstanceUID);
      expect(k).toBeGreaterThanOrEqual(0);
      for (let p = 0; p < pixels.length; p++) {
        if (!pixels[p]) continue;
        const index = k * nx * ny + p;
        // Two frames setting the same pixel of the same image is what makes a viewer split the segments into
        // overlapping layers; a label map never overlaps.
        expect(decoded[index]).toBe(0);
        decoded[index] = segment;
        counts.set(segment, (counts.get(segment) ?? 0) + 1);
      }
    }
    let wrong = 0;
    for (let i = 0; i < labels.voxels.length; i++) if (decoded[i] !== labels.voxels[i]) wrong++;
    expect(wrong).toBe(0);
    // The NIfTI's own counts of labels 1 and 2 (resampling onto the DICOM grid only reorders slices).
    expect([counts.get(1), counts.get(2)]).toEqual([1832, 1866]);
    // One frame per (segment, slice) that has voxels, and every slice has at most one frame per segment.
    const pairs = new Set(frames.map((f) => `${f.segment}/${f.sopInstanceUID}`));
    expect(pairs.size).toBe(frames.length);
    expect(frames.every((f) => f.pixels.some((v) => v))).toBe(true);
    expect(nz).toBe(uids.length);
  });
});
