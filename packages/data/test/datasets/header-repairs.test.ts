// The BTCV header repair, checked against the anatomy of the manual labels: in LPS world coordinates the
// kidneys (labels 2, 3) lie posterior (larger y) to the gallbladder (4) and the stomach (7), and the spleen (1)
// lies on the patient's left (larger x) of the liver (6). The files as shipped get the first wrong.
import { join } from 'node:path';
import {
  ACDC_SPACING_DROPPED,
  BTCV_ROWS_MIRRORED,
  DATASET_FOLDERS,
  DATASET_HEADER_REPAIRS,
  createVolume,
  ijkToLps,
  loadLabelledCases,
  mirrorRowDirection,
  orientationCode,
  resolveDataDir,
  type Volume,
} from '../../src';

/** World (LPS, mm) centroid of each label. */
function centroids(labels: Volume): Map<number, [number, number, number]> {
  const [nx, ny, nz] = labels.dims;
  const sums = new Map<number, number[]>();
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const l = labels.voxels[(k * ny + j) * nx + i];
        if (!l) continue;
        const s = sums.get(l) ?? [0, 0, 0, 0];
        s[0] += i;
        s[1] += j;
        s[2] += k;
        s[3]++;
        sums.set(l, s);
      }
  const out = new Map<number, [number, number, number]>();
  // ijk → LPS is affine, so the centroid of the world points is the world point of the index centroid.
  for (const [l, [i, j, k, n]] of sums) out.set(l, ijkToLps(labels, [i / n, j / n, k / n]));
  return out;
}

const btcv = join(resolveDataDir(), DATASET_FOLDERS.btcvAbdomen);

describe('mirrorRowDirection', () => {
  it('points j the other way and keeps every voxel centre of the grid in the same box', () => {
    const v = createVolume({
      dims: [3, 4, 2],
      spacing: [0.5, 2, 3],
      origin: [10, 20, 30],
      voxels: new Float32Array(24),
    });
    const m = mirrorRowDirection(v);
    expect(m.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(m.voxels).toBe(v.voxels);
    // Row j of the mirrored header is where row (ny - 1 - j) was.
    expect(ijkToLps(m, [2, 0, 1])).toEqual(ijkToLps(v, [2, 3, 1]));
    expect(ijkToLps(m, [0, 3, 0])).toEqual(ijkToLps(v, [0, 0, 0]));
    expect(orientationCode(m)).toBe('LAS');
  });
});

describe('BTCV header repair on the real files', () => {
  it('is the repair of the BTCV folder', () => {
    expect(DATASET_HEADER_REPAIRS[DATASET_FOLDERS.btcvAbdomen]).toBe(BTCV_ROWS_MIRRORED);
  });

  it('puts the kidneys posterior to the gallbladder and stomach, as they are; the shipped header does not', async () => {
    const shipped = await loadLabelledCases(btcv, { limit: 3 });
    const repaired = await loadLabelledCases(btcv, { limit: 3, repairHeader: BTCV_ROWS_MIRRORED.apply });
    expect(repaired.map((c) => orientationCode(c.image))).toEqual(['LAS', 'LAS', 'LAS']);
    for (let n = 0; n < 3; n++) {
      const before = centroids(shipped[n].labels);
      const after = centroids(repaired[n].labels);
      const y = (c: Map<number, number[]>, l: number) => c.get(l)![1];
      const x = (c: Map<number, number[]>, l: number) => c.get(l)![0];
      for (const kidney of [2, 3]) {
        for (const front of [4, 7]) {
          expect(y(after, kidney)).toBeGreaterThan(y(after, front) + 20);
          expect(y(before, kidney)).toBeLessThan(y(before, front));
        }
      }
      // Left-right was right already and stays so: spleen on the left (+x in LPS) of the liver.
      expect(x(after, 1)).toBeGreaterThan(x(after, 6) + 50);
      expect(x(before, 1)).toBeGreaterThan(x(before, 6) + 50);
      // Image and labels are repaired alike (the loader's same-grid check passed) and the voxels are untouched.
      expect(repaired[n].image.direction).toEqual(repaired[n].labels.direction);
      // (A plain loop: jest's toEqual on 10M-element arrays takes minutes.)
      const [a, b] = [repaired[n].image.voxels, shipped[n].image.voxels];
      let differing = a.length === b.length ? 0 : -1;
      for (let v = 0; v < a.length && differing >= 0; v++) if (a[v] !== b[v]) differing++;
      expect(differing).toBe(0);
    }
  });
});

describe('ACDC header repair on the real files', () => {
  const acdc = join(resolveDataDir(), DATASET_FOLDERS.acdcCardiac);

  it('is the repair of the ACDC folder', () => {
    expect(DATASET_HEADER_REPAIRS[DATASET_FOLDERS.acdcCardiac]).toBe(ACDC_SPACING_DROPPED);
  });

  it('marks the voxel size unknown and keeps the grid and voxels; the files as shipped claim 1 mm', async () => {
    const shipped = await loadLabelledCases(acdc, { limit: 2 });
    const repaired = await loadLabelledCases(acdc, { limit: 2, repairHeader: ACDC_SPACING_DROPPED.apply });
    for (let n = 0; n < 2; n++) {
      // The source's real sizes (1.3-1.9 mm pixels, 5-10 mm slices) are gone: every file says 1 × 1 × 1.
      expect(shipped[n].image.spacing).toEqual([1, 1, 1]);
      expect(shipped[n].image.spacingUnknown).toBeUndefined();
      for (const v of [repaired[n].image, repaired[n].labels]) {
        expect(v.spacingUnknown).toBe(true);
        expect(v.spacing).toEqual([1, 1, 1]);
      }
      expect(repaired[n].image.origin).toEqual(shipped[n].image.origin);
      expect(repaired[n].image.direction).toEqual(shipped[n].image.direction);
      const [a, b] = [repaired[n].labels.voxels, shipped[n].labels.voxels];
      let differing = a.length === b.length ? 0 : -1;
      for (let v = 0; v < a.length && differing >= 0; v++) if (a[v] !== b[v]) differing++;
      expect(differing).toBe(0);
    }
  });
});
