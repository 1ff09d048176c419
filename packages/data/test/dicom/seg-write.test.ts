import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  readDicomFolder,
  readDicomSeg,
  readDicomSegFile,
  readDicomStudyInfo,
  writeDicomSeg,
  writeDicomSegFile,
  rgbToDicomLab,
  dicomLabToRgb,
} from '../../src/dicom';
import { createVolume, type Volume } from '../../src/volume';
import { CT_J2K_DIR, HIPPO_SERIES, LIVER_CT_DIR, LIVER_DIR, dcmtk, mismatches, tempDir } from './helpers';

const algorithm = { modelName: 'unet-small', lossName: 'Dice' };

/** dcmdump's text for a file, failing the test if dcmdump reports any problem on stderr. */
function dump(file: string): string {
  return dcmtk('dcmdump', ['+L', file]);
}

/** Number of dump lines matching a pattern. */
function count(text: string, pattern: RegExp): number {
  return text.split('\n').filter((l) => pattern.test(l)).length;
}

describe('writeDicomSeg', () => {
  let ct: Volume;
  let liverLabels: Volume;
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    ct = await readDicomFolder(LIVER_CT_DIR);
    // Real labels: the dcmqi liver segmentation, plus a second label (a 20x10 block on the middle slice) so
    // that two segments and empty (segment, slice) pairs are exercised.
    const liver = await readDicomSegFile(path.join(LIVER_DIR, 'liver.dcm'), ct);
    const voxels = Uint8Array.from(liver.labels.voxels);
    for (let j = 100; j < 110; j++) for (let i = 200; i < 220; i++) voxels[(1 * 512 + j) * 512 + i] = 2;
    liverLabels = createVolume({ ...liver.labels, voxels });
  });

  it('round-trips labels: write then read gives the same label map', async () => {
    const file = path.join(tmp.dir, 'roundtrip.dcm');
    await writeDicomSegFile(file, liverLabels, ct, {
      segments: [
        { labelValue: 1, label: 'Liver', rgb: [221, 130, 101] },
        { labelValue: 2, label: 'Block' },
      ],
      algorithm,
      study: readDicomStudyInfo(readFileSync(path.join(LIVER_CT_DIR, '01.dcm'))),
    });
    const back = await readDicomSegFile(file, ct);
    expect(back.frameCount).toBe(4); // liver on 3 slices + block on 1: empty frames are not written
    expect(back.overlapping).toBe(false);
    expect(mismatches(back.labels.voxels, liverLabels.voxels)).toBe(0);
    expect(back.segments.map((s) => [s.number, s.label, s.algorithmType, s.algorithmName])).toEqual([
      [1, 'Liver', 'AUTOMATIC', 'unet-small (loss: Dice)'],
      [2, 'Block', 'AUTOMATIC', 'unet-small (loss: Dice)'],
    ]);
    expect(back.segments[0].rgb).toEqual([221, 130, 101]);
  });

  it('writes SEMIAUTOMATIC, the algorithm name and the version when asked (a fine-tuned model)', async () => {
    const file = path.join(tmp.dir, 'semi.dcm');
    await writeDicomSegFile(file, liverLabels, ct, {
      segments: [
        { labelValue: 1, label: 'Liver' },
        { labelValue: 2, label: 'Block' },
      ],
      algorithm: { ...algorithm, type: 'SEMIAUTOMATIC', name: 'unet-small', version: 'card-sha256:0123abcd' },
    });
    const back = await readDicomSegFile(file, ct);
    expect(back.segments.map((s) => [s.algorithmType, s.algorithmName])).toEqual([
      ['SEMIAUTOMATIC', 'unet-small'],
      ['SEMIAUTOMATIC', 'unet-small'],
    ]);
    expect(dump(file)).toMatch(/\(0018,1020\) LO \[card-sha256:0123abcd\]/);
  });

  it('writes a file dcmdump parses, with the attributes a SEG requires', async () => {
    const file = path.join(tmp.dir, 'check.dcm');
    await writeDicomSegFile(file, liverLabels, ct, {
      segments: [
        { labelValue: 1, label: 'Liver' },
        { labelValue: 2, label: 'Block' },
      ],
      algorithm,
      study: readDicomStudyInfo(readFileSync(path.join(LIVER_CT_DIR, '01.dcm'))),
    });
    const text = dump(file);
    expect(text).toMatch(/\(0008,0016\) UI =SegmentationStorage/);
    expect(text).toMatch(/\(0002,0010\) UI =LittleEndianExplicit/);
    expect(text).toMatch(/\(0008,0060\) CS \[SEG\]/);
    expect(text).toMatch(/\(0062,0001\) CS \[BINARY\]/);
    expect(text).toMatch(/\(0028,0100\) US 1 /);
    expect(text).toMatch(/\(0028,0008\) IS \[4\]/);
    expect(text).toMatch(/\(0010,0010\) PN \[JANCT000\]/);
    expect(text).toMatch(
      /\(0020,000d\) UI \[1\.2\.392\.200103\.20080913\.113635\.0\.2009\.6\.22\.21\.43\.10\.22941\.1\]/,
    );
    expect(text).toMatch(
      /\(0020,0052\) UI \[1\.2\.392\.200103\.20080913\.113635\.3\.2009\.6\.22\.21\.44\.34\.23882\.1\]/,
    );
    // SegmentSequence with two items, each with AUTOMATIC algorithm, name, colour and codes.
    expect(count(text, /\(0062,0004\) US/)).toBe(2);
    expect(count(text, /\(0062,0008\) CS \[AUTOMATIC\]/)).toBe(2);
    expect(count(text, /\(0062,0009\) LO \[unet-small \(loss: Dice\)\]/)).toBe(2);
    expect(count(text, /\(0062,000d\) US \d+\\\d+\\\d+/)).toBe(2);
    expect(count(text, /\(0062,0003\) SQ/)).toBe(2);
    expect(count(text, /\(0062,000f\) SQ/)).toBe(2);
    // Shared and per-frame functional groups.
    expect(text).toMatch(/\(5200,9229\) SQ/);
    expect(text).toMatch(/\(0020,0037\) DS \[1\\0\\0\\0\\1\\0\]/);
    expect(text).toMatch(/\(0028,0030\) DS \[0\.810547\\0\.810547\]/);
    expect(text).toMatch(/\(5200,9230\) SQ .*#=4/);
    expect(count(text, /\(0062,000b\) US/)).toBe(4); // SegmentIdentificationSequence per frame
    expect(count(text, /\(0020,9157\) UL/)).toBe(4); // DimensionIndexValues per frame
    expect(count(text, /\(0008,1155\) UI/)).toBe(3 + 4); // referenced instances + one source image per frame
    expect(text).toMatch(/\(0020,9165\) AT \(0062,000b\)/);
    expect(text).toMatch(/\(0020,9165\) AT \(0020,0032\)/);
    expect(text).toMatch(/\(0008,1115\) SQ/);
    // Every decimal string fits DS's 16 characters.
    for (const m of text.matchAll(/ DS \[([^\]]*)\]/g))
      for (const v of m[1].split('\\')) expect(v.length).toBeLessThanOrEqual(16);
    // Bit-packed PixelData: 4 frames x 512 x 512 bits.
    expect(text).toMatch(/\(7fe0,0010\) OB .*# 131072,/);
  });

  it('references the derived UIDs of the anonymised J2K CT and reads back onto it', async () => {
    const abdomen = await readDicomFolder(CT_J2K_DIR);
    const labels = createVolume({
      ...abdomen,
      voxels: new Uint8Array(abdomen.voxels.length),
      dicom: undefined,
    });
    // Threshold bone (> 300 HU) as a stand-in prediction on slices 5..9.
    for (let p = 5 * 512 * 512; p < 10 * 512 * 512; p++) if (abdomen.voxels[p] > 300) labels.voxels[p] = 1;
    const bytes = writeDicomSeg(labels, abdomen, { segments: [{ labelValue: 1, label: 'Bone' }], algorithm });
    const back = readDicomSeg(new Uint8Array(bytes), abdomen);
    expect(back.frameCount).toBe(5);
    expect(mismatches(back.labels.voxels, labels.voxels)).toBe(0);
    const file = path.join(tmp.dir, 'abdomen.dcm');
    await writeDicomSegFile(file, labels, abdomen, {
      segments: [{ labelValue: 1, label: 'Bone' }],
      algorithm,
    });
    expect(dump(file)).toContain(`(0020,000e) UI [${abdomen.dicom!.seriesInstanceUID}]`);
  });

  it('maps label values to segment numbers 1..n in the order of the definitions', async () => {
    const hippo = await readDicomFolder(HIPPO_SERIES[0]);
    const voxels = new Uint8Array(hippo.voxels.length);
    voxels[10] = 7;
    voxels[20 + 35 * 51 * 3] = 4;
    const labels = createVolume({ ...hippo, voxels, dicom: undefined });
    const bytes = writeDicomSeg(labels, hippo, {
      segments: [
        { labelValue: 7, label: 'Seven' },
        { labelValue: 4, label: 'Four' },
      ],
      algorithm,
    });
    const back = readDicomSeg(bytes, hippo);
    expect(back.labels.voxels[10]).toBe(1);
    expect(back.labels.voxels[20 + 35 * 51 * 3]).toBe(2);
    expect(back.segments.map((s) => s.label)).toEqual(['Seven', 'Four']);
  });

  it('rejects labels the definitions do not cover, empty maps and other grids', async () => {
    const hippo = await readDicomFolder(HIPPO_SERIES[0]);
    const voxels = new Uint8Array(hippo.voxels.length);
    voxels[100] = 3;
    const labels = createVolume({ ...hippo, voxels, dicom: undefined });
    expect(() =>
      writeDicomSeg(labels, hippo, { segments: [{ labelValue: 1, label: 'One' }], algorithm }),
    ).toThrow(/labels: slice 0 contains label value 3, which no segment describes/);
    expect(() =>
      writeDicomSeg(labels, hippo, {
        segments: [{ labelValue: 3, label: 'Three' }],
        algorithm,
        seriesInstanceUID: 'abc',
      }),
    ).toThrow(/seriesInstanceUID: "abc" is not a valid DICOM UID/);
    expect(() =>
      writeDicomSeg(labels, hippo, {
        segments: [{ labelValue: 3, label: 'Three' }],
        algorithm,
        encoding: 'LABELMAP' as 'BINARY',
      }),
    ).toThrow(/encoding: "LABELMAP" is not BINARY or FRACTIONAL/);
    const empty = createVolume({ ...hippo, voxels: new Uint8Array(hippo.voxels.length), dicom: undefined });
    expect(() =>
      writeDicomSeg(empty, hippo, { segments: [{ labelValue: 1, label: 'One' }], algorithm }),
    ).toThrow(/labels: no voxel carries a described label/);
    const shifted = createVolume({ ...labels, origin: [5, 0, 1] });
    expect(() =>
      writeDicomSeg(shifted, hippo, { segments: [{ labelValue: 3, label: 'Three' }], algorithm }),
    ).toThrow(/labels: geometry .* differs from the source series/);
  });
});

describe('CIELab colours', () => {
  it('match published sRGB -> CIELab values and round-trip', () => {
    // sRGB white is L* 100, a* = b* = 0 -> [65535, 32896, 32896] (a*, b* offset 128 scaled by 65535/255).
    expect(rgbToDicomLab([255, 255, 255])).toEqual([65535, 32896, 32896]);
    expect(rgbToDicomLab([0, 0, 0])).toEqual([0, 32896, 32896]);
    // sRGB red is L* 53.24, a* 80.09, b* 67.20 (D65).
    const [L, a, b] = rgbToDicomLab([255, 0, 0]);
    expect((L * 100) / 65535).toBeCloseTo(53.24, 1);
    expect((a * 255) / 65535 - 128).toBeCloseTo(80.09, 1);
    expect((b * 255) / 65535 - 128).toBeCloseTo(67.2, 1);
    for (const rgb of [
      [221, 130, 101],
      [12, 200, 77],
      [128, 128, 128],
    ] as [number, number, number][]) {
      expect(dicomLabToRgb(rgbToDicomLab(rgb))).toEqual(rgb);
    }
  });
});
