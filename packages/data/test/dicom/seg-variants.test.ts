import path from 'node:path';
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { readDicomFolder, readDicomSeg, readDicomSegFile } from '../../src/dicom';
import type { Volume } from '../../src/volume';
import { LIVER_CT_DIR, LIVER_DIR, mismatches } from './helpers';

// Variants of the real dcmqi liver.dcm made with dcmjs: a FRACTIONAL encoding of the same masks, and a copy
// without source-image references, which must be placed by ImagePositionPatient.

type Dataset = Record<string, unknown>;

function load(file: string): { meta: Dataset; dataset: Dataset } {
  const bytes = readFileSync(file);
  const dict = dcmjs.data.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta),
    dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict),
  };
}

function save(meta: Dataset, dataset: Dataset): Uint8Array {
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

describe('DICOM SEG variants', () => {
  let ct: Volume;
  let binary: Volume;
  beforeAll(async () => {
    ct = await readDicomFolder(LIVER_CT_DIR);
    binary = (await readDicomSegFile(path.join(LIVER_DIR, 'liver.dcm'), ct)).labels;
  });

  it('reads FRACTIONAL frames with a threshold on value / MaximumFractionalValue', () => {
    const { meta, dataset } = load(path.join(LIVER_DIR, 'liver.dcm'));
    const packed = new Uint8Array((dataset.PixelData as ArrayBuffer[])[0]);
    const per = 512 * 512;
    // In-mask pixels get 200/255 (0.78); out-of-mask pixels of the top half get 100/255 (0.39), below 0.5.
    const fractional = new Uint8Array(3 * per);
    for (let b = 0; b < 3 * per; b++) {
      const inside = (packed[b >> 3] >> (b & 7)) & 1;
      fractional[b] = inside ? 200 : b % per < per / 2 ? 100 : 0;
    }
    Object.assign(dataset, {
      SegmentationType: 'FRACTIONAL',
      SegmentationFractionalType: 'PROBABILITY',
      MaximumFractionalValue: 255,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelData: [fractional.buffer],
    });
    const bytes = save(meta, dataset);
    const seg = readDicomSeg({ name: 'fractional.dcm', data: bytes }, ct);
    expect(seg.segmentationType).toBe('FRACTIONAL');
    expect(mismatches(seg.labels.voxels, binary.voxels)).toBe(0);
    // A threshold of 0.3 now also takes the 100/255 pixels of the top halves.
    const loose = readDicomSeg({ name: 'fractional.dcm', data: bytes }, ct, { fractionalThreshold: 0.3 });
    let count = 0;
    for (const v of loose.labels.voxels) count += v;
    let expected = 0;
    for (let b = 0; b < 3 * per; b++) expected += fractional[b] >= 0.3 * 255 ? 1 : 0;
    expect(count).toBe(expected);
    expect(count).toBeGreaterThan(36233 + 35645 + 35220);
  });

  it('places frames by ImagePositionPatient when they carry no source-image reference', () => {
    const { meta, dataset } = load(path.join(LIVER_DIR, 'liver.dcm'));
    for (const frame of dataset.PerFrameFunctionalGroupsSequence as Dataset[])
      delete frame.DerivationImageSequence;
    const seg = readDicomSeg({ name: 'no-refs.dcm', data: save(meta, dataset) }, ct);
    expect(mismatches(seg.labels.voxels, binary.voxels)).toBe(0);
    // Moved half a slice off the grid, a frame no longer lies on a slice.
    const frames = dataset.PerFrameFunctionalGroupsSequence as Dataset[];
    const plane = (frames[1].PlanePositionSequence as Dataset[])[0];
    const ipp = plane.ImagePositionPatient as number[];
    plane.ImagePositionPatient = [ipp[0], ipp[1], Number(ipp[2]) + 0.5];
    expect(() => readDicomSeg({ name: 'off-grid.dcm', data: save(meta, dataset) }, ct)).toThrow(
      /off-grid\.dcm: frame 2 at \[-235\.2, -226\.8, -127\.19\] does not lie on a slice of the source series/,
    );
  });
});
