// Images without a physical size (PNG/JPEG frames, DICOM without PixelSpacing) are marked spacingUnknown, so
// that distances measured on them are reported in pixels instead of an invented millimetre.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  readDicomFolder,
  readDicomSeg,
  readDicomSeries,
  volumeToDicomSeries,
  writeDicomFiles,
  writeDicomSeg,
} from '../../src/dicom';
import { ACDC_SPACING_DROPPED } from '../../src/datasets';
import { resampleLabels } from '../../src/geometry';
import { readImageFile, readMaskFile } from '../../src/image';
import { readNiftiFile } from '../../src/nifti';
import type { Volume } from '../../src/volume';
import { DATA_DIR, HIPPO_SERIES, LIVER_CT_DIR, dcmtk, tempDir } from './helpers';

const POLYP_VAL = path.join(DATA_DIR, 'polypgen-256', 'val');
const FRAME = '106OLCV1_100H0014';

describe('spacingUnknown', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const writeSeg = async (seg: ArrayBuffer): Promise<string> => {
    const file = path.join(tmp.dir, 'seg.dcm');
    writeFileSync(file, new Uint8Array(seg));
    return file;
  };

  it.each([
    ['a JPEG frame', () => readImageFile(path.join(POLYP_VAL, 'images', `${FRAME}.jpg`)), true],
    ['a PNG mask', () => readMaskFile(path.join(POLYP_VAL, 'masks', `${FRAME}.png`)), true],
    [
      'a NIfTI volume',
      async () =>
        (await readNiftiFile(path.join(DATA_DIR, 'msd-hippocampus', 'images', 'hippocampus_001.nii.gz')))
          .volume,
      undefined,
    ],
    ['a DICOM series with PixelSpacing', () => readDicomFolder(HIPPO_SERIES[0]), undefined],
  ])('%s', async (_what, read, expected) => {
    const volume: Volume = await read();
    expect(volume.spacingUnknown).toBe(expected);
    if (expected) expect(volume.spacing).toEqual([1, 1, 1]);
  });

  it('writes no PixelSpacing for a frame without one, and reads it back as unknown (SEG on the same grid)', async () => {
    const image = await readImageFile(path.join(POLYP_VAL, 'images', `${FRAME}.jpg`));
    const files = volumeToDicomSeries(image, { patientName: 'Polyp^Frame', modality: 'ES' });
    const [written] = await writeDicomFiles(path.join(tmp.dir, 'polyp'), files);
    const dump = dcmtk('dcmdump', [written]);
    expect(dump).toMatch(/\(0008,0016\) UI =SecondaryCaptureImageStorage/);
    expect(dump).not.toMatch(/\(0028,0030\)/);
    const source = await readDicomSeries([new Uint8Array(files[0])]);
    expect(source.spacingUnknown).toBe(true);
    const mask = resampleLabels(await readMaskFile(path.join(POLYP_VAL, 'masks', `${FRAME}.png`)), source);
    expect(mask.spacingUnknown).toBe(true);
    // The SEG still carries pixel measures (required there; OHIF's SEG viewport reads them unchecked).
    const seg = writeDicomSeg(mask, source, {
      segments: [{ labelValue: 1, label: 'polyp' }],
      algorithm: { modelName: 'reference', lossName: 'n/a' },
    });
    const back = readDicomSeg(new Uint8Array(seg), source);
    expect(back.labels.spacingUnknown).toBe(true);
    expect(back.labels.voxels).toEqual(mask.voxels);
    expect(dcmtk('dcmdump', ['+P', '0028,0030', await writeSeg(seg)])).toMatch(/\(0028,0030\) DS \[1\\1\]/);
  });

  it('refuses CT or MR Image Storage for a volume whose spacing is unknown, naming why', async () => {
    const mask = await readMaskFile(path.join(POLYP_VAL, 'masks', `${FRAME}.png`));
    for (const modality of ['CT', 'MR'])
      expect(() => volumeToDicomSeries(mask, { patientName: 'x', modality })).toThrow(
        new RegExp(`volume: its pixel spacing is unknown .*${modality} Image Storage requires PixelSpacing`),
      );
  });

  it('writes an MR whose source dropped its size (ACDC) as Secondary Capture that keeps Modality MR, read back as unknown', async () => {
    const file = path.join(DATA_DIR, 'acdc-cardiac-mr', 'images', 'patient003_frame01.nii.gz');
    const volume = ACDC_SPACING_DROPPED.apply((await readNiftiFile(file)).volume);
    expect(() => volumeToDicomSeries(volume, { patientName: 'ACDC^patient003', modality: 'MR' })).toThrow(
      /MR Image Storage requires PixelSpacing: write it as Secondary Capture \(secondaryCapture: true\)/,
    );
    const files = volumeToDicomSeries(volume, {
      patientName: 'ACDC^patient003',
      modality: 'MR',
      secondaryCapture: true,
    });
    expect(files).toHaveLength(volume.dims[2]);
    const paths = await writeDicomFiles(path.join(tmp.dir, 'acdc'), files);
    const dump = dcmtk('dcmdump', [paths[0]]);
    expect(dump).toMatch(/\(0008,0016\) UI =SecondaryCaptureImageStorage/);
    expect(dump).toMatch(/\(0008,0060\) CS \[MR\]/);
    expect(dump).toMatch(/\(0008,0064\) CS \[WSD\]/);
    expect(dump).not.toMatch(/\(0028,0030\)/);
    // The MR IOD's own attributes are not written into a Secondary Capture.
    expect(dump).not.toMatch(/\(0018,0020\)/);
    // ACDC's images are 0..255 integers: stored in 8 bits, exactly.
    expect(dump).toMatch(/\(0028,0100\) US 8/);
    const back = await readDicomSeries(files.map((f) => new Uint8Array(f)));
    expect(back.spacingUnknown).toBe(true);
    expect(back.spacing).toEqual([1, 1, 1]);
    expect(back.dims).toEqual(volume.dims);
    expect(back.dicom?.modality).toBe('MR');
    const sum = (v: ArrayLike<number>): number => Array.from(v).reduce((a, x) => a + x, 0);
    expect(sum(back.voxels)).toBe(sum(volume.voxels));
  });

  it("reads another converter's series with PixelSpacing removed as unknown, and refuses a series that mixes", async () => {
    const names = readdirSync(LIVER_CT_DIR).filter((f) => f.endsWith('.dcm'));
    const dir = path.join(tmp.dir, 'no-spacing');
    mkdirSync(dir);
    for (const name of names) copyFileSync(path.join(LIVER_CT_DIR, name), path.join(dir, name));
    const known = await readDicomFolder(dir);
    dcmtk('dcmodify', ['-nb', '-e', '(0028,0030)', path.join(dir, names[0])]);
    await expect(readDicomFolder(dir)).rejects.toThrow(
      new RegExp(
        `PixelSpacing is (missing|present) here but (present|missing) in .*one series cannot mix pixels and millimetres`,
      ),
    );
    dcmtk('dcmodify', ['-nb', '-e', '(0028,0030)', ...names.slice(1).map((n) => path.join(dir, n))]);
    const unknown = await readDicomFolder(dir);
    expect(known.spacingUnknown).toBeUndefined();
    expect(known.spacing[0]).toBeLessThan(0.95);
    expect(unknown.spacingUnknown).toBe(true);
    expect(unknown.spacing.slice(0, 2)).toEqual([1, 1]);
    // The slice spacing still comes from the positions, and the voxels are the same.
    expect(unknown.spacing[2]).toBeCloseTo(known.spacing[2], 6);
    expect(unknown.voxels).toEqual(known.voxels);
  });

  describe('a radiograph with ImagerPixelSpacing and no PixelSpacing (read as OHIF measures it)', () => {
    const DX = '1.2.840.10008.5.1.4.1.1.1.1';
    /** The polyp frame written as one image, then turned into a DX (or left SC) by dcmodify, as a modality would. */
    const radiograph = async (name: string, sopClassUID: string, edits: string[]): Promise<Volume> => {
      const image = await readImageFile(path.join(POLYP_VAL, 'images', `${FRAME}.jpg`));
      const files = volumeToDicomSeries(image, { patientName: 'Chest^Frame', modality: 'DX' });
      const [file] = await writeDicomFiles(path.join(tmp.dir, name), files);
      const inserts = [`(0008,0016)=${sopClassUID}`, ...edits];
      dcmtk('dcmodify', ['-nb', ...inserts.flatMap((e) => ['-i', e]), file]);
      return readDicomFolder(path.dirname(file));
    };

    it.each([
      [
        'the detector pitch alone',
        ['(0018,1164)=0.15\\0.2'],
        [0.2, 0.15],
        'ImagerPixelSpacing (at the detector)',
      ],
      [
        'divided by EstimatedRadiographicMagnificationFactor',
        ['(0018,1164)=0.15\\0.2', '(0018,1114)=1.25'],
        [0.16, 0.12],
        'ImagerPixelSpacing / EstimatedRadiographicMagnificationFactor',
      ],
      [
        'scaled by source-to-patient over source-to-detector',
        ['(0018,1164)=0.15\\0.2', '(0018,1110)=1000', '(0018,1111)=800'],
        [0.16, 0.12],
        'ImagerPixelSpacing × DistanceSourceToPatient / DistanceSourceToDetector',
      ],
    ])('%s', async (what, edits, spacing, source) => {
      const volume = await radiograph(what.replace(/\W+/g, '-'), DX, edits);
      expect(volume.spacingUnknown).toBeUndefined();
      // [i, j] = [between columns, between rows]: ImagerPixelSpacing is [rows, columns] like PixelSpacing.
      expect(volume.spacing[0]).toBeCloseTo(spacing[0], 10);
      expect(volume.spacing[1]).toBeCloseTo(spacing[1], 10);
      expect(volume.dicom?.pixelSpacingSource).toBe(source);
    });

    it('takes PixelSpacing where the radiograph has it, and ignores ImagerPixelSpacing outside projection classes', async () => {
      const calibrated = await radiograph('calibrated', DX, [
        '(0018,1164)=0.15\\0.15',
        '(0028,0030)=0.1\\0.1',
      ]);
      expect(calibrated.spacing.slice(0, 2)).toEqual([0.1, 0.1]);
      expect(calibrated.dicom?.pixelSpacingSource).toBeUndefined();
      const secondary = await radiograph('secondary', '1.2.840.10008.5.1.4.1.1.7', [
        '(0018,1164)=0.15\\0.15',
      ]);
      expect(secondary.spacingUnknown).toBe(true);
      expect(secondary.spacing).toEqual([1, 1, 1]);
    });

    it('refuses an ImagerPixelSpacing that is not two positive numbers, naming the file and the value', async () => {
      await expect(radiograph('bad-pitch', DX, ['(0018,1164)=0\\0.15'])).rejects.toThrow(
        /bad-pitch.*ImagerPixelSpacing \(0018,1164\) is "0\\0\.15", not two positive numbers/,
      );
    });
  });
});
