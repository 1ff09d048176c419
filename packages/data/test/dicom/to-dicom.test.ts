import path from 'node:path';
import { readDicomFolder, readDicomSeries, volumeToDicomSeries, writeDicomFiles } from '../../src/dicom';
import { reorient } from '../../src/geometry';
import { createVolume, type Volume } from '../../src/volume';
import { HIPPO_SERIES, LIVER_CT_DIR, dcmtk, mismatches, tempDir } from './helpers';

const asInputs = (files: ArrayBuffer[]): Uint8Array[] => files.map((f) => new Uint8Array(f));

function expectSameGeometry(a: Volume, b: Volume): void {
  expect(b.dims).toEqual(a.dims);
  b.spacing.forEach((v, i) => expect(v).toBeCloseTo(a.spacing[i], 6));
  b.origin.forEach((v, i) => expect(v).toBeCloseTo(a.origin[i], 5));
  b.direction.forEach((v, i) => expect(v).toBeCloseTo(a.direction[i], 6));
}

describe('volumeToDicomSeries', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('writes a CT Int16 volume that reads back identical (real liver CT, HU)', async () => {
    const ct = await readDicomFolder(LIVER_CT_DIR);
    const volume = createVolume({ ...ct, dicom: undefined });
    const files = volumeToDicomSeries(volume, {
      patientName: 'Test^Liver',
      modality: 'CT',
      seriesDescription: 'copy',
    });
    expect(files).toHaveLength(3);
    const back = await readDicomSeries(asInputs(files));
    expectSameGeometry(volume, back);
    expect(back.voxels).toBeInstanceOf(Int16Array);
    expect(mismatches(back.voxels, volume.voxels)).toBe(0);
    expect(back.dicom!.sopClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
    const [first] = await writeDicomFiles(path.join(tmp.dir, 'ct'), files);
    const text = dcmtk('dcmdump', [first]);
    expect(text).toMatch(/\(0008,0016\) UI =CTImageStorage/);
    expect(text).toMatch(/\(0010,0010\) PN \[Test\^Liver\]/);
    expect(text).toMatch(/\(0028,1052\) DS \[0\]/);
    expect(text).toMatch(/\(0018,0050\) DS \[1\]/);
    // What dciodvfy asks of a CT image: ImageType's third value, and Patient Position (empty: not known).
    expect(text).toMatch(/\(0008,0008\) CS \[DERIVED\\SECONDARY\\AXIAL\]/);
    expect(text).toMatch(/\(0018,5100\) CS \(no value available\)/);
  });

  it('writes the VOI window on every slice when asked, and rejects a window without width', async () => {
    const ct = await readDicomFolder(LIVER_CT_DIR);
    const volume = createVolume({ ...ct, dicom: undefined });
    const files = volumeToDicomSeries(volume, {
      patientName: 'Test^Liver',
      modality: 'CT',
      window: { center: 40, width: 400 }, // the abdominal soft-tissue window
    });
    const paths = await writeDicomFiles(path.join(tmp.dir, 'ct-window'), files);
    for (const file of paths) {
      const text = dcmtk('dcmdump', [file]);
      expect(text).toMatch(/\(0028,1050\) DS \[40\]/);
      expect(text).toMatch(/\(0028,1051\) DS \[400\]/);
    }
    expect(() =>
      volumeToDicomSeries(volume, { patientName: 'x', modality: 'CT', window: { center: 40, width: 0 } }),
    ).toThrow(/window.*center must be finite and width positive, got 40 and 0/);
  });

  it('quantises a non-integer volume to 16 bits within half a rescale step (MR)', async () => {
    const hippo = await readDicomFolder(HIPPO_SERIES[0]);
    const voxels = Float32Array.from(hippo.voxels, (v) => v * 0.37 + 0.1);
    const volume = createVolume({ ...hippo, voxels, dicom: undefined });
    const files = volumeToDicomSeries(volume, { patientName: 'Test^MR', modality: 'MR' });
    const back = await readDicomSeries(asInputs(files));
    expectSameGeometry(volume, back);
    expect(back.voxels).toBeInstanceOf(Float32Array);
    const step = (154 * 0.37 - 2 * 0.37) / 65535; // value range of this series (2..154) over 16 bits
    let worst = 0;
    for (let i = 0; i < voxels.length; i++) worst = Math.max(worst, Math.abs(back.voxels[i] - voxels[i]));
    expect(worst).toBeLessThanOrEqual(step / 2 + 1e-5);
    expect(back.dicom!.sopClassUID).toBe('1.2.840.10008.5.1.4.1.1.4');
    const [first] = await writeDicomFiles(path.join(tmp.dir, 'mr'), files);
    const text = dcmtk('dcmdump', [first]);
    expect(text).toMatch(/\(0008,0008\) CS \[DERIVED\\SECONDARY\\OTHER\]/);
    expect(text).toMatch(/\(0018,0080\) DS \(no value available\)/);
    expect(text).toMatch(/\(0018,5100\) CS \(no value available\)/);
  });

  it('writes RGB as Secondary Capture with SamplesPerPixel 3, a sagittal stack in sagittal display order', async () => {
    const [nx, ny, nz] = [7, 5, 4];
    const voxels = new Uint8Array(nx * ny * nz * 3);
    for (let i = 0; i < voxels.length; i++) voxels[i] = (i * 37) % 256;
    // A sagittal stack: i along -y (anterior), j along -z (down), k along +x; right-handed.
    const volume = createVolume({
      voxels,
      dims: [nx, ny, nz],
      channels: 3,
      spacing: [0.5, 0.75, 2.5],
      origin: [-10, 20.25, 30],
      direction: [0, -1, 0, 0, 0, -1, 1, 0, 0],
    });
    const files = volumeToDicomSeries(volume, { patientName: 'Test^RGB', modality: 'XC' });
    const back = await readDicomSeries(asInputs(files));
    // Stored as sagittal slices still, rows to posterior and columns to inferior (AIL -> PIR: i and k reversed).
    const stored = reorient(volume, 'PIR');
    expectSameGeometry(stored, back);
    expect(back.channels).toBe(3);
    expect(mismatches(back.voxels, stored.voxels)).toBe(0);
    const [first] = await writeDicomFiles(path.join(tmp.dir, 'rgb'), files);
    const text = dcmtk('dcmdump', [first]);
    expect(text).toMatch(/\(0008,0016\) UI =SecondaryCaptureImageStorage/);
    expect(text).toMatch(/\(0028,0002\) US 3/);
    expect(text).toMatch(/\(0028,0004\) CS \[RGB\]/);
    expect(text).toMatch(/\(0020,0037\) DS \[0\\1\\0\\0\\0\\-1\]/);
    expect(text).toMatch(/\(0028,0030\) DS \[0\.75\\0\.5\]/);
    // Secondary Capture needs no IOP, so Patient Orientation (Type 2C) is there, empty.
    expect(text).toMatch(/\(0020,0020\) CS \(no value available\)/);
    expect(text).not.toMatch(/\(0018,5100\)/);
  });

  it('writes a left-handed volume with its slices reversed, along the normal', async () => {
    const voxels = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i);
    const volume = createVolume({
      voxels,
      dims: [4, 3, 3],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, -1],
      origin: [0, 0, 10],
    });
    const back = await readDicomSeries(
      asInputs(volumeToDicomSeries(volume, { patientName: 'x', modality: 'OT' })),
    );
    expect(back.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(back.origin).toEqual([0, 0, 8]);
    expect(Array.from(back.voxels.subarray(0, 12))).toEqual(Array.from(voxels.subarray(24, 36)));
  });

  it.each([
    [
      { studyDescription: 'x'.repeat(65) },
      /studyDescription: "x{65}" has 65 characters; DICOM's LO allows 64/,
    ],
    [{ seriesDescription: 'a\\b' }, /seriesDescription: "a\\b" contains a backslash/],
    [{ patientId: 'p'.repeat(70) }, /patientId: "p{70}" has 70 characters/],
    [
      { patientName: `${'N'.repeat(65)}^A` },
      /patientName: .* has a component group of 67 characters; DICOM's PN allows 64/,
    ],
  ])('refuses text options that do not fit their VR (%j)', (options, message) => {
    const grey = createVolume({ voxels: new Uint8Array(8), dims: [2, 2, 2] });
    expect(() => volumeToDicomSeries(grey, { patientName: 'x', modality: 'OT', ...options })).toThrow(
      message,
    );
    // 64 characters fit.
    expect(
      volumeToDicomSeries(grey, { patientName: 'x', modality: 'OT', studyDescription: 'y'.repeat(64) }),
    ).toHaveLength(2);
  });

  it('rejects volumes DICOM slices cannot describe', () => {
    const sheared = createVolume({
      voxels: new Uint8Array(8),
      dims: [2, 2, 2],
      direction: [1, 0, 0, 0, 1, 0, 0.6, 0, 0.8],
    });
    expect(() => volumeToDicomSeries(sheared, { patientName: 'x', modality: 'OT' })).toThrow(
      /volume: the k axis is not perpendicular/,
    );
    const rgbFloat = createVolume({ voxels: new Float32Array(24), dims: [2, 2, 2], channels: 3 });
    expect(() => volumeToDicomSeries(rgbFloat, { patientName: 'x', modality: 'OT' })).toThrow(
      /volume: RGB volumes must hold a Uint8Array/,
    );
    const grey = createVolume({ voxels: new Uint8Array(8), dims: [2, 2, 2] });
    expect(() =>
      volumeToDicomSeries(grey, { patientName: 'x', modality: 'OT', studyInstanceUID: '1.2.03' }),
    ).toThrow(/studyInstanceUID: "1\.2\.03" is not a valid DICOM UID/);
    const nan = createVolume({ voxels: Float32Array.from([0, NaN, 1, 2]), dims: [2, 2, 1] });
    expect(() => volumeToDicomSeries(nan, { patientName: 'x', modality: 'MR' })).toThrow(
      /volume: voxel 1 is NaN/,
    );
  });
});
