// Where NIfTI converted to DICOM lands, judged by readers that are not ours: dcmtk's dcmdump reads the written
// ImageOrientationPatient, ImagePositionPatient and pixel values; the NIfTI side is read straight from the
// header and voxel bytes here (a few lines of zlib and DataView, not @seglens/data's reader); and the
// TotalSegmentator labels are compared with the scanner's own CT slices they were made from.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readNifti } from '../../src/nifti';
import { volumeToDicomSeries, writeDicomFiles } from '../../src/dicom';
import { CT_J2K_DIR, DATA_DIR, dcmtk, tempDir } from './helpers';

/** A NIfTI-1 file's dims, sform rows and uint8 voxels, read without @seglens/data. */
function rawNifti(file: string): { dims: number[]; srow: number[][]; voxels: Uint8Array } {
  const bytes = gunzipSync(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getInt32(0, true)).toBe(348);
  expect(view.getInt16(70, true)).toBe(2); // uint8
  expect(view.getInt16(254, true)).toBeGreaterThan(0); // sform_code set
  const dims = [1, 2, 3].map((d) => view.getInt16(40 + 2 * d, true));
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => view.getFloat32(280 + 16 * r + 4 * c, true)));
  const offset = view.getFloat32(108, true);
  return { dims, srow, voxels: bytes.subarray(offset, offset + dims[0] * dims[1] * dims[2]) };
}

interface Dumped {
  iop: number[];
  ipp: number[];
  rows: number;
  columns: number;
  pixels: number[];
}

/** IOP, IPP, size and stored pixel values of one DICOM file, as dcmdump prints them. */
function dump(file: string): Dumped {
  const text = dcmtk('dcmdump', [
    '+L',
    '+P',
    '0020,0037',
    '+P',
    '0020,0032',
    '+P',
    '0028,0010',
    '+P',
    '0028,0011',
    '+P',
    '7fe0,0010',
    file,
  ]);
  const field = (tag: string): string => {
    const line = text.split('\n').find((l) => l.startsWith(`(${tag})`));
    if (!line) throw new Error(`${file}: dcmdump printed no (${tag})`);
    return line.slice(15).trim();
  };
  const ds = (tag: string): number[] =>
    field(tag)
      .replace(/^\[|\].*$/g, '')
      .split('\\')
      .map(Number);
  const us = (tag: string): number => Number(field(tag).split(/\s+/)[0]);
  return {
    iop: ds('0020,0037'),
    ipp: ds('0020,0032'),
    rows: us('0028,0010'),
    columns: us('0028,0011'),
    pixels: field('7fe0,0010')
      .split(/\s+/)[0]
      .split('\\')
      .map((h) => parseInt(h, 16)),
  };
}

describe('NIfTI written as DICOM, read back by dcmtk', () => {
  const tmp = tempDir('seglens-orient-');
  afterAll(() => tmp.cleanup());

  it('writes an RAS hippocampus crop as LPS slices: IOP 1\\0\\0\\0\\1\\0, every voxel at its NIfTI world position', async () => {
    const file = path.join(DATA_DIR, 'msd-hippocampus/images/hippocampus_001.nii.gz');
    const raw = rawNifti(file);
    // The header: 35 x 51 x 35 voxels, sform = identity with offset (1, 1, 1): voxel (i, j, k) at RAS
    // (i + 1, j + 1, k + 1), i.e. LPS (-i - 1, -j - 1, k + 1). Rows then run to the left from i = 34.
    expect(raw.dims).toEqual([35, 51, 35]);
    expect(raw.srow).toEqual([
      [1, 0, 0, 1],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
    ]);
    const files = volumeToDicomSeries(readNifti(readFileSync(file)), {
      patientName: 'Test^Hippocampus',
      modality: 'MR',
    });
    const written = await writeDicomFiles(path.join(tmp.dir, 'hippo'), files);
    expect(written).toHaveLength(35);
    const [nx, ny] = raw.dims;
    const seen = new Set<number>();
    for (const f of written) {
      const d = dump(f);
      expect(d.iop).toEqual([1, 0, 0, 0, 1, 0]);
      expect([d.columns, d.rows]).toEqual([nx, ny]);
      // The first pixel (column 0, row 0) is the NIfTI voxel (34, 50, k) at LPS (-35, -51, k + 1).
      expect(d.ipp.slice(0, 2)).toEqual([-35, -51]);
      const k = d.ipp[2] - 1;
      seen.add(k);
      for (let row = 0; row < ny; row++)
        for (let col = 0; col < nx; col++) {
          const expected = raw.voxels[nx - 1 - col + nx * (ny - 1 - row + ny * k)];
          if (d.pixels[row * nx + col] !== expected)
            throw new Error(
              `slice z=${k + 1} row ${row} column ${col}: ${d.pixels[row * nx + col]} != ${expected}`,
            );
        }
    }
    expect(seen.size).toBe(35);
  });

  it("puts TotalSegmentator's LAS label map on the scanner's own CT slices: same IOP and IPP, liver on liver", async () => {
    const labelsFile = path.join(DATA_DIR, 'ct-abdomen-totalsegmentator/labels.nii.gz');
    const raw = rawNifti(labelsFile);
    const files = volumeToDicomSeries(readNifti(readFileSync(labelsFile), { labels: true }), {
      patientName: 'Test^Labels',
      modality: 'OT',
    });
    const written = await writeDicomFiles(path.join(tmp.dir, 'labels'), files);
    const ctByZ = new Map<number, Dumped>();
    for (const name of readdirSync(CT_J2K_DIR)) {
      // The CT is JPEG 2000: only its geometry is dumped (no pixel data needed).
      const text = dcmtk('dcmdump', ['+P', '0020,0037', '+P', '0020,0032', path.join(CT_J2K_DIR, name)]);
      const value = (tag: string): number[] =>
        (text.split('\n').find((l) => l.startsWith(`(${tag})`)) ?? '')
          .slice(15)
          .replace(/^\s*\[|\].*$/g, '')
          .split('\\')
          .map(Number);
      const ipp = value('0020,0032');
      ctByZ.set(ipp[2], { iop: value('0020,0037'), ipp, rows: 512, columns: 512, pixels: [] });
    }
    expect(ctByZ.size).toBe(20);
    // Liver (5) and aorta (52) voxels (i, j, k) of the NIfTI, found with numpy; the NIfTI's sform (LAS,
    // x = -0.9765625 i + 249.51, y = 0.9765625 j - 61.51, z = 2 k - 804.5) puts them at column i, row 511 - j.
    const known: Array<[number, number, number, number]> = [
      [172, 234, 0, 5],
      [176, 233, 7, 5],
      [182, 233, 19, 5],
      [263, 215, 7, 52],
    ];
    for (const [i, j, k, label] of known) expect(raw.voxels[i + 512 * (j + 512 * k)]).toBe(label);
    for (const f of written) {
      const d = dump(f);
      const ct = ctByZ.get(d.ipp[2]);
      if (!ct) throw new Error(`${f}: no CT slice at z = ${d.ipp[2]}`);
      expect(d.iop).toEqual(ct.iop);
      d.ipp.forEach((v, a) => expect(v).toBeCloseTo(ct.ipp[a], 3));
      const k = (d.ipp[2] + 804.5) / 2;
      for (const [i, j, kk, label] of known) if (kk === k) expect(d.pixels[i + 512 * (511 - j)]).toBe(label);
    }
  });
});
