import path from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { readDicomFolder, readDicomSeries, volumeToDicomSeries, writeDicomFiles } from '../../src/dicom';
import { createVolume, type Volume } from '../../src/volume';
import { HIPPO_SERIES, LIVER_CT_DIR, dcmtk, mismatches, tempDir } from './helpers';

// Real series are re-encoded with dcmtk (an independent encoder) into each transfer syntax; decoding them must
// give exactly the voxels of the uncompressed originals (lossless syntaxes) or of dcmtk's own decoding (lossy).

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Converts every file of `from` with a dcmtk tool into a new folder. */
function convert(from: string, name: string, tool: string, args: string[]): string {
  const out = path.join(tmp.dir, name);
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(from)) dcmtk(tool, [...args, path.join(from, file), path.join(out, file)]);
  return out;
}

function transferSyntaxOf(folder: string): string {
  const first = path.join(folder, readdirSync(folder)[0]);
  return /\(0002,0010\) UI =(\w+)/.exec(dcmtk('dcmdump', ['+P', '0002,0010', first]))![1];
}

describe('transfer syntaxes', () => {
  let liver: Volume;
  let hippo: Volume;
  beforeAll(async () => {
    liver = await readDicomFolder(LIVER_CT_DIR);
    hippo = await readDicomFolder(HIPPO_SERIES[0]);
  });

  it.each([
    ['RLE Lossless (dcmcrle)', 'dcmcrle', [], 'RLELossless'],
    ['JPEG Lossless SV1 (dcmcjpeg +e1)', 'dcmcjpeg', ['+e1', '+un'], 'JPEGLossless'],
    ['JPEG Lossless (dcmcjpeg +el)', 'dcmcjpeg', ['+el', '+un'], 'JPEGLossless'],
    ['JPEG-LS Lossless (dcmcjpls)', 'dcmcjpls', ['+un'], 'JPEGLSLossless'],
    ['Deflated Explicit VR (dcmconv +td)', 'dcmconv', ['+td'], 'DeflatedLittleEndianExplicit'],
    ['Explicit VR Big Endian (dcmconv +tb)', 'dcmconv', ['+tb'], 'BigEndianExplicit'],
  ] as [string, string, string[], string][])(
    '%s decodes to the original liver CT and hippocampus MR',
    async (label, tool, args, syntax) => {
      const name = label.replace(/\W+/g, '-');
      const liverOut = convert(LIVER_CT_DIR, `liver-${name}`, tool, args);
      expect(transferSyntaxOf(liverOut)).toMatch(new RegExp(`^${syntax}`));
      const liverBack = await readDicomFolder(liverOut);
      expect(liverBack.dims).toEqual(liver.dims);
      expect(mismatches(liverBack.voxels, liver.voxels)).toBe(0);
      const hippoBack = await readDicomFolder(convert(HIPPO_SERIES[0], `hippo-${name}`, tool, args));
      expect(mismatches(hippoBack.voxels, hippo.voxels)).toBe(0);
    },
  );

  it('JPEG-LS and RLE decode RGB Secondary Capture exactly', async () => {
    const voxels = new Uint8Array(64 * 48 * 2 * 3);
    for (let i = 0; i < voxels.length; i++) voxels[i] = (i * 7 + (i % 3) * 50) % 256;
    const rgb = createVolume({ voxels, dims: [64, 48, 2], channels: 3 });
    const source = path.join(tmp.dir, 'rgb');
    await writeDicomFiles(source, volumeToDicomSeries(rgb, { patientName: 'x', modality: 'OT' }));
    for (const [tool, args] of [
      ['dcmcrle', []],
      ['dcmcjpls', ['+un']],
    ] as [string, string[]][]) {
      const back = await readDicomFolder(convert(source, `rgb-${tool}`, tool, args));
      expect(back.channels).toBe(3);
      expect(mismatches(back.voxels, voxels)).toBe(0);
    }
  });

  it('JPEG Baseline (libjpeg-turbo) matches dcmtk decoding of the same lossy files', async () => {
    // An 8-bit grey series from the real hippocampus intensities (2..154 fit in 8 bits).
    const grey = createVolume({ ...hippo, voxels: Uint8Array.from(hippo.voxels), dicom: undefined });
    const source = path.join(tmp.dir, 'grey8');
    await writeDicomFiles(source, volumeToDicomSeries(grey, { patientName: 'x', modality: 'OT' }));
    const baseline = convert(source, 'grey8-baseline', 'dcmcjpeg', ['+eb', '+un']);
    expect(transferSyntaxOf(baseline)).toBe('JPEGBaseline');
    const reference = await readDicomFolder(convert(baseline, 'grey8-dcmdjpeg', 'dcmdjpeg', []));
    const ours = await readDicomFolder(baseline);
    let worst = 0;
    for (let i = 0; i < ours.voxels.length; i++)
      worst = Math.max(worst, Math.abs(ours.voxels[i] - reference.voxels[i]));
    // Both are IJG-derived decoders; they may round the inverse DCT differently by at most one grey level.
    expect(worst).toBeLessThanOrEqual(1);
    // And it is lossy but close to the original.
    let error = 0;
    for (let i = 0; i < ours.voxels.length; i++) error += Math.abs(ours.voxels[i] - grey.voxels[i]);
    expect(error / ours.voxels.length).toBeLessThan(3);
  });

  it('reads an enhanced multi-frame image through its per-frame functional groups', async () => {
    // Build a 3-frame image from the real liver slices with dcmjs, frames stored in the order k = 2, 0, 1, and
    // its pixel values stored without the -1024 intercept, which the functional groups carry instead.
    const order = [2, 0, 1];
    const per = 512 * 512;
    const pixels = new Int16Array(3 * per);
    order.forEach((k, f) => {
      for (let p = 0; p < per; p++) pixels[f * per + p] = liver.voxels[k * per + p] + 1024;
    });
    const dataset: Record<string, unknown> = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2.1',
      SOPInstanceUID: '2.25.1234567',
      StudyInstanceUID: liver.dicom!.studyInstanceUID,
      SeriesInstanceUID: '2.25.7654321',
      FrameOfReferenceUID: liver.dicom!.frameOfReferenceUID,
      Modality: 'CT',
      Rows: 512,
      Columns: 512,
      NumberOfFrames: 3,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      SharedFunctionalGroupsSequence: [
        {
          PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }],
          PixelMeasuresSequence: [{ PixelSpacing: [0.810547, 0.810547], SliceThickness: 1.25 }],
          PixelValueTransformationSequence: [{ RescaleIntercept: -1024, RescaleSlope: 1, RescaleType: 'HU' }],
        },
      ],
      PerFrameFunctionalGroupsSequence: order.map((k) => ({
        PlanePositionSequence: [
          {
            ImagePositionPatient: [liver.origin[0], liver.origin[1], liver.origin[2] + k].map((v) =>
              v.toFixed(6),
            ),
          },
        ],
      })),
      PixelData: pixels.buffer,
      _vrMap: { PixelData: 'OW' },
    };
    const dict = new dcmjs.data.DicomDict(
      dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
        FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
        MediaStorageSOPClassUID: dataset.SOPClassUID,
        MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
        TransferSyntaxUID: '1.2.840.10008.1.2.1',
        ImplementationClassUID: '2.25.1',
        _vrMap: { FileMetaInformationVersion: 'OB' },
      }),
    );
    dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
    const bytes = new Uint8Array(dict.write());
    const back = await readDicomSeries([{ name: 'enhanced.dcm', data: bytes }]);
    expect(back.dims).toEqual([512, 512, 3]);
    expect(back.spacing[2]).toBeCloseTo(1, 5);
    expect(back.dicom!.frameNumbers).toEqual([2, 3, 1]);
    expect(back.dicom!.sopInstanceUIDs).toEqual(['2.25.1234567', '2.25.1234567', '2.25.1234567']);
    expect(mismatches(back.voxels, liver.voxels)).toBe(0);
    // The same file RLE-compressed by dcmtk (one fragment per frame, with an offset table).
    const folder = path.join(tmp.dir, 'enhanced');
    mkdirSync(folder);
    await writeDicomFiles(folder, [bytes.buffer as ArrayBuffer]);
    const rle = await readDicomFolder(convert(folder, 'enhanced-rle', 'dcmcrle', []));
    expect(mismatches(rle.voxels, liver.voxels)).toBe(0);
  });
});
