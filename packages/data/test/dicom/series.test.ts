import { readFileSync } from 'node:fs';
import { readDicomFolder, readDicomSeries, listDicomFiles } from '../../src/dicom';
import { CT_J2K_DIR, HIPPO_SERIES, LIVER_CT_DIR, voxelAt } from './helpers';

// Expected values were verified outside this package (see test/dicom/REFERENCE.md): positions and UIDs with
// dcmdump, pixel values from dcmdump +W raw dumps read with numpy, JPEG 2000 codestreams decoded with Pillow.

describe('readDicomFolder on the JPEG 2000 abdominal CT (20 slices)', () => {
  let ct: Awaited<ReturnType<typeof readDicomFolder>>;
  beforeAll(async () => {
    ct = await readDicomFolder(CT_J2K_DIR);
  });

  it('orders slices by position along the normal, not by file name', () => {
    expect(ct.dims).toEqual([512, 512, 20]);
    // Slice k = 0 is the most inferior (z = -804.5, file ...16592); file ...16573 (z = -766.5) is last.
    expect(ct.origin).toEqual([-249.51171875, -437.51171875, -804.5]);
    expect(ct.dicom!.sopInstanceUIDs[0]).toBe('1.3.12.2.1107.5.1.4.60064.30000022120808113428000016592');
    expect(ct.dicom!.sopInstanceUIDs[19]).toBe('1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573');
    expect(ct.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('has 0.9765625 mm pixels and 2 mm slice spacing (not the 3 mm SliceThickness)', () => {
    expect(ct.spacing).toEqual([0.9765625, 0.9765625, 2]);
  });

  it('decodes JPEG 2000 and applies the rescale intercept (-1024) into Int16 HU', () => {
    expect(ct.voxels).toBeInstanceOf(Int16Array);
    expect(voxelAt(ct, 256, 256, 19)).toBe(94);
    expect(voxelAt(ct, 100, 300, 19)).toBe(-82);
    expect(voxelAt(ct, 400, 200, 19)).toBe(-1004);
    expect(voxelAt(ct, 0, 0, 19)).toBe(-1024);
    expect(voxelAt(ct, 256, 256, 0)).toBe(86);
    expect(voxelAt(ct, 100, 300, 0)).toBe(33);
    let sum = 0;
    let max = -Infinity;
    for (let i = 19 * 512 * 512; i < 20 * 512 * 512; i++) {
      sum += ct.voxels[i];
      if (ct.voxels[i] > max) max = ct.voxels[i];
    }
    expect(sum).toBe(-163079110);
    expect(max).toBe(1436);
  });

  it('fills the DICOM identity, deriving the Study/Series UIDs this anonymised export left blank', () => {
    const d = ct.dicom!;
    expect(d.modality).toBe('CT');
    expect(d.sopClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(d.frameOfReferenceUID).toBe('1.3.12.2.1107.5.1.4.60064.30000022120807274275100000041');
    expect(d.studyInstanceUID).toMatch(/^2\.25\.\d+$/);
    expect(d.seriesInstanceUID).toMatch(/^2\.25\.\d+$/);
    expect(d.seriesInstanceUID).not.toBe(d.studyInstanceUID);
    expect(d.frameNumbers).toBeUndefined();
  });
});

describe('readDicomSeries on the uncompressed liver CT (implicit VR, 3 slices)', () => {
  it('sorts by geometry and applies the rescale', async () => {
    const files = await listDicomFiles(LIVER_CT_DIR);
    // Give the files in reverse name order with anonymous buffers: the result must not depend on either.
    const buffers = files.reverse().map((f) => readFileSync(f));
    const v = await readDicomSeries(buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    expect(v.dims).toEqual([512, 512, 3]);
    expect(v.spacing[0]).toBeCloseTo(0.810547, 6);
    expect(v.spacing[2]).toBeCloseTo(1, 5);
    expect(v.origin[2]).toBeCloseTo(-128.690002, 5);
    expect(v.dicom!.sopInstanceUIDs).toEqual([
      '1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23433.1',
      '1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23432.1',
      '1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23431.1',
    ]);
    expect(v.voxels).toBeInstanceOf(Int16Array);
    // 01.dcm (k = 2), 02.dcm (k = 1), 03.dcm (k = 0)
    expect(voxelAt(v, 256, 256, 2)).toBe(-145);
    expect(voxelAt(v, 100, 300, 2)).toBe(25);
    expect(voxelAt(v, 256, 256, 1)).toBe(-92);
    expect(voxelAt(v, 256, 256, 0)).toBe(-134);
    expect(voxelAt(v, 0, 0, 0)).toBe(-3024);
  });

  it('gives Float32 voxels on request', async () => {
    const v = await readDicomFolder(LIVER_CT_DIR, { voxelType: 'float32' });
    expect(v.voxels).toBeInstanceOf(Float32Array);
    expect(voxelAt(v, 256, 256, 2)).toBe(-145);
  });
});

describe('readDicomFolder on the three hippocampus MR series', () => {
  it.each([
    [0, [35, 51, 32]],
    [1, [36, 48, 35]],
    [2, [34, 50, 40]],
  ])('series %i has the dims dcmdump reports', async (index, dims) => {
    const v = await readDicomFolder(HIPPO_SERIES[index]);
    expect(v.dims).toEqual(dims);
    expect(v.spacing).toEqual([1, 1, 1]);
    expect(v.origin).toEqual([0, 0, 1]);
    expect(v.dicom!.modality).toBe('MR');
  });

  it('reads the stored values of Study1 (sum and spot values from numpy)', async () => {
    const v = await readDicomFolder(HIPPO_SERIES[0]);
    expect(v.dicom!.seriesInstanceUID).toBe(
      '1.2.826.0.1.3680043.8.498.10112548596522579645160189153146185462',
    );
    expect(v.dicom!.studyInstanceUID).toBe(
      '1.3.6.1.4.1.14519.5.2.1.4429.7055.290332099546120305394775536058',
    );
    let sum = 0;
    for (const x of v.voxels) sum += x;
    expect(sum).toBe(3346681);
    expect(voxelAt(v, 0, 0, 0)).toBe(78);
    expect(voxelAt(v, 1, 0, 0)).toBe(70);
    // 10.dcm sits at z = 10 (k = 9) although it sorts second by name.
    expect(voxelAt(v, 17, 25, 9)).toBe(73);
    expect(voxelAt(v, 34, 50, 31)).toBe(100);
  });
});
