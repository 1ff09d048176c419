// Acceptance test: TotalSegmentator's labels.nii.gz (LAS) lands on its own DICOM slices (LPS). Expected positions
// come from the headers by hand: NIfTI RAS x = -0.9765625 i + 249.51, y = 0.9765625 j - 61.51, z = 2 k - 804.5;
// DICOM LPS x = -249.51 + 0.9765625 col, y = -437.51 + 0.9765625 row, z = ImagePositionPatient z. So NIfTI voxel
// (i, j, k) is column i, row 511 - j of the slice at z = 2 k - 804.5. Voxel facts below were found with numpy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ijkToLps, readDicomFolder, readNifti, resampleLabels, resolveDataDir, type Volume } from '../../src';

const CT = join(resolveDataDir(), 'ct-abdomen-totalsegmentator');

describe('labels.nii.gz on the DICOM series', () => {
  let ct: Volume;
  let labels: Volume;
  let onCt: Volume;
  beforeAll(async () => {
    ct = await readDicomFolder(join(CT, 'dicom'));
    labels = readNifti(readFileSync(join(CT, 'labels.nii.gz')), { labels: true });
    onCt = resampleLabels(labels, ct);
  });

  /** Slice index of the DICOM volume at world z (mm). */
  const sliceAt = (z: number): number => {
    for (let s = 0; s < ct.dims[2]; s++) if (Math.abs(ijkToLps(ct, [0, 0, s])[2] - z) < 1e-3) return s;
    throw new Error(`no slice at z=${z}`);
  };
  const at = (v: Volume, i: number, j: number, k: number): number =>
    v.voxels[i + v.dims[0] * (j + v.dims[1] * k)];

  it('puts known liver and aorta voxels at column i, row 511 - j of the slice at z = 2k - 804.5', () => {
    expect(onCt.dims).toEqual([512, 512, 20]);
    expect(onCt.dicom?.sopInstanceUIDs).toEqual(ct.dicom?.sopInstanceUIDs);
    // numpy: liver centroids (j, i) on NIfTI slices 0, 7, 19 and the aorta centroid on slice 7.
    for (const [i, j, k, label] of [
      [172, 234, 0, 5],
      [176, 233, 7, 5],
      [182, 233, 19, 5],
      [263, 215, 7, 52],
    ]) {
      expect(at(labels, i, j, k)).toBe(label);
      expect(at(onCt, i, 511 - j, sliceAt(2 * k - 804.5))).toBe(label);
    }
  });

  it('moves every voxel one to one: per-slice liver counts match the NIfTI slices', () => {
    const perSlice = (v: Volume, slice: number, label: number): number => {
      let n = 0;
      const size = v.dims[0] * v.dims[1];
      for (let p = slice * size; p < (slice + 1) * size; p++) if (v.voxels[p] === label) n++;
      return n;
    };
    // numpy: liver voxels on NIfTI slices 0, 7 and 19.
    expect(perSlice(onCt, sliceAt(-804.5), 5)).toBe(16512);
    expect(perSlice(onCt, sliceAt(-790.5), 5)).toBe(18064);
    expect(perSlice(onCt, sliceAt(-766.5), 5)).toBe(18962);
    let total = 0;
    for (const v of onCt.voxels) if (v === 5) total++;
    expect(total).toBe(366708);
  });

  it('lands bone labels on bone and soft-tissue labels on soft tissue (mean HU)', () => {
    const meanHu = (label: number): number => {
      let sum = 0;
      let n = 0;
      for (let p = 0; p < onCt.voxels.length; p++) {
        if (onCt.voxels[p] === label) {
          sum += ct.voxels[p];
          n++;
        }
      }
      return sum / n;
    };
    // Vertebrae are posterior: a flipped row axis would put them on anterior soft tissue (< 100 HU).
    expect(meanHu(32)).toBeGreaterThan(200);
    expect(meanHu(33)).toBeGreaterThan(200);
    const liver = meanHu(5);
    expect(liver).toBeGreaterThan(20);
    expect(liver).toBeLessThan(150);
  });
});
