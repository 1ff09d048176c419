import path from 'node:path';
import {
  readDicomFolder,
  readDicomSegFile,
  readDicomSeries,
  readDicomFiles,
  listDicomFiles,
  DicomError,
} from '../../src/dicom';
import type { Volume } from '../../src/volume';
import { HIPPO_SERIES, LIVER_CT_DIR, LIVER_DIR } from './helpers';

// Frame contents were counted independently: dcmdump +W dumped the bit-packed PixelData, numpy unpacked it
// (bitorder little) and the frame -> SOP instance -> slice mapping was read off dcmdump (see REFERENCE.md).

function countPerSlice(v: Volume, value: number): number[] {
  const per = v.dims[0] * v.dims[1];
  return Array.from({ length: v.dims[2] }, (_, k) => {
    let n = 0;
    for (let p = 0; p < per; p++) if (v.voxels[k * per + p] === value) n++;
    return n;
  });
}

describe('readDicomSeg on the shared dcmqi SEGs', () => {
  let ct: Volume;
  beforeAll(async () => {
    ct = await readDicomFolder(LIVER_CT_DIR);
  });

  it('liver.dcm: one binary segment on all 3 slices', async () => {
    const seg = await readDicomSegFile(path.join(LIVER_DIR, 'liver.dcm'), ct);
    expect(seg.segmentationType).toBe('BINARY');
    expect(seg.frameCount).toBe(3);
    expect(seg.overlapping).toBe(false);
    expect(seg.masks).toBeUndefined();
    expect(seg.segments).toHaveLength(1);
    expect(seg.segments[0]).toMatchObject({
      number: 1,
      label: 'Liver',
      algorithmType: 'SEMIAUTOMATIC',
      algorithmName: 'SlicerEditor',
      cielab: [41661, 41167, 40792],
    });
    expect(seg.labels.dims).toEqual(ct.dims);
    expect(seg.labels.origin).toEqual(ct.origin);
    expect(seg.labels.voxels).toBeInstanceOf(Uint8Array);
    // Frame 1 references ...23433 (k = 0), frame 2 ...23432 (k = 1), frame 3 ...23431 (k = 2).
    expect(countPerSlice(seg.labels, 1)).toEqual([36233, 35645, 35220]);
    // The first foreground pixel of frame 1 in raster order is row 145, column 254 (numpy argwhere).
    const per = 512 * 512;
    const first = seg.labels.voxels.subarray(0, per).findIndex((x) => x === 1);
    expect([Math.floor(first / 512), first % 512]).toEqual([145, 254]);
  });

  it('partial_overlaps.dcm: 5 overlapping segments in 7 frames, highest segment number wins', async () => {
    const seg = await readDicomSegFile(path.join(LIVER_DIR, 'partial_overlaps.dcm'), ct);
    expect(seg.frameCount).toBe(7);
    expect(seg.segments.map((s) => s.label)).toEqual([
      'GREEN',
      'ORANGE',
      'PURPLE',
      'LIGHT_BLUE',
      'DARK_BLUE',
    ]);
    expect(seg.segments[3].category).toEqual({
      value: '49755003',
      scheme: 'SCT',
      meaning: 'Morphologically Altered Structure',
    });
    expect(seg.segments[4].type).toEqual({ value: '29092000', scheme: 'SCT', meaning: 'Vein' });
    expect(seg.overlapping).toBe(true);
    expect(countPerSlice(seg.labels, 1)).toEqual([0, 6518, 0]);
    expect(countPerSlice(seg.labels, 2)).toEqual([0, 11838, 0]);
    expect(countPerSlice(seg.labels, 3)).toEqual([117, 117, 10509]);
    expect(countPerSlice(seg.labels, 4)).toEqual([6693, 0, 0]);
    expect(countPerSlice(seg.labels, 5)).toEqual([4713, 0, 0]);
    const masks = seg.masks!;
    expect([...masks.keys()]).toEqual([1, 2, 3, 4, 5]);
    const total = (m: Uint8Array): number => m.reduce((n, x) => n + x, 0);
    expect([1, 2, 3, 4, 5].map((n) => total(masks.get(n)!))).toEqual([9602, 11888, 10743, 6693, 4713]);
    // Voxels of slice k = 1 that belong to more than one segment.
    let multi = 0;
    for (let p = 512 * 512; p < 2 * 512 * 512; p++) {
      let n = 0;
      for (const m of masks.values()) n += m[p];
      if (n > 1) multi++;
    }
    expect(multi).toBe(3106);
  });

  it('rejects a SEG whose referenced instances are not in the series', async () => {
    const files = await readDicomFiles((await listDicomFiles(LIVER_CT_DIR)).slice(0, 2));
    const twoSlices = await readDicomSeries(files);
    await expect(readDicomSegFile(path.join(LIVER_DIR, 'liver.dcm'), twoSlices)).rejects.toThrow(
      /liver\.dcm: frame 1 references SOP instance 1\.2\.392\.200103\.20080913\.113635\.2\.2009\.6\.22\.21\.43\.10\.23433\.1, which is not in the source series/,
    );
  });

  it('rejects a SEG read onto a series of another size or series', async () => {
    const hippo = await readDicomFolder(HIPPO_SERIES[0]);
    const error = await readDicomSegFile(path.join(LIVER_DIR, 'liver.dcm'), hippo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomError);
    expect((error as DicomError).message).toMatch(
      /liver\.dcm: Rows x Columns 512x512 differ from the source series' 51x35/,
    );
  });

  it('rejects an image given as a SEG', async () => {
    await expect(readDicomSegFile(path.join(LIVER_CT_DIR, '01.dcm'), ct)).rejects.toThrow(
      /01\.dcm: not a DICOM SEG: SOPClassUID is 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2/,
    );
  });
});
