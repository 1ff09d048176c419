// The unit of reported distances comes from the cases' files (Volume.spacingUnknown), not the dataset's name.
import { createVolume, type LabelledCase } from '@seglens/data';
import { defaultNsdTolerance, distanceUnitOf, kindOfCases } from '../src/distance-unit';

function labelledCase(id: string, dims: [number, number, number], spacingUnknown: boolean): LabelledCase {
  const volume = createVolume({ voxels: new Uint8Array(dims[0] * dims[1] * dims[2]), dims, spacingUnknown });
  return { id, image: volume, labels: volume };
}

describe('distanceUnitOf', () => {
  it.each([
    ['millimetres for files with a size', false, 'volume', 'mm'],
    ['millimetres for 2-D files with a size (DICOM with PixelSpacing)', false, '2d', 'mm'],
    ['pixels for 2-D images without a size', true, '2d', 'px'],
    ['voxels for volumes without a size (ACDC)', true, 'volume', 'voxels'],
  ] as const)('%s', (_, unknown, kind, unit) => {
    const cases = [labelledCase('a', [4, 4, 2], unknown), labelledCase('b', [4, 4, 2], unknown)];
    expect(distanceUnitOf(cases, kind)).toBe(unit);
  });

  it('refuses to average millimetres with pixels, naming a case of each', () => {
    const cases = [labelledCase('scan.nii.gz', [4, 4, 2], false), labelledCase('frame.png', [4, 4, 1], true)];
    expect(() => distanceUnitOf(cases, 'volume')).toThrow(
      'case frame.png has no physical voxel size but case scan.nii.gz is in millimetres: distances over both cannot be averaged',
    );
  });
});

describe('kindOfCases', () => {
  it('counts single images as 2-D and anything with more slices as volumes', () => {
    expect(kindOfCases([labelledCase('a', [4, 4, 1], true), labelledCase('b', [8, 8, 1], true)])).toBe('2d');
    expect(kindOfCases([labelledCase('a', [4, 4, 1], false), labelledCase('b', [4, 4, 3], false)])).toBe(
      'volume',
    );
    expect(kindOfCases([])).toBe('volume');
  });
});

describe('defaultNsdTolerance', () => {
  it.each([
    ['1 mm for files with a size, 2-D ones included', false, '2d', 1],
    ['1 mm for volumes with a size', false, 'volume', 1],
    ['2 pixels for images without a size (polyp frames)', true, '2d', 2],
    ['1 voxel for volumes without a size (ACDC)', true, 'volume', 1],
  ] as const)('%s', (_, unknown, kind, tolerance) => {
    const cases = [labelledCase('a', [4, 4, kind === '2d' ? 1 : 3], unknown)];
    expect(defaultNsdTolerance(distanceUnitOf(cases, kind))).toBe(tolerance);
  });
});
