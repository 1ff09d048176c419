// Facts checked independently with numpy (header parsed by hand with struct, voxels with np.frombuffer).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNifti, readNifti, readNiftiHeader, resolveDataDir } from '../../src';
import type { Volume } from '../../src';

const DATA = resolveDataDir();
const HIPPO = join(DATA, 'msd-hippocampus');
const CT_LABELS = join(DATA, 'ct-abdomen-totalsegmentator', 'labels.nii.gz');

function counts(volume: Volume): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of volume.voxels) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

const at = (v: Volume, i: number, j: number, k: number): number =>
  v.voxels[i + v.dims[0] * (j + v.dims[1] * k)];

describe('MSD hippocampus NIfTI', () => {
  it('reads hippocampus_001 image: dims, geometry and known voxels', () => {
    const path = join(HIPPO, 'images', 'hippocampus_001.nii.gz');
    const { volume, header } = decodeNifti(readFileSync(path), { name: path });
    expect(volume.dims).toEqual([35, 51, 35]);
    expect(volume.voxels).toBeInstanceOf(Uint8Array);
    expect(header).toMatchObject({
      version: 1,
      datatype: 2,
      sformCode: 1,
      qformCode: 1,
      affineSource: 'sform',
    });
    expect(header.affine).toEqual([
      [1, 0, 0, 1],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
      [0, 0, 0, 1],
    ]);
    // RAS (1, 1, 1) is LPS (-1, -1, 1); the i and j axes point to Right and Anterior, i.e. -L and -P.
    expect(volume.origin).toEqual([-1, -1, 1]);
    expect(volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(volume.spacing).toEqual([1, 1, 1]);
    expect(at(volume, 10, 20, 15)).toBe(56);
    expect(at(volume, 0, 0, 0)).toBe(42);
    expect(at(volume, 34, 50, 34)).toBe(12);
    let sum = 0;
    for (const v of volume.voxels) sum += v;
    expect(sum).toBe(3968524);
  });

  it('reads hippocampus_001 labels with the per-class voxel counts', () => {
    const volume = readNifti(readFileSync(join(HIPPO, 'labels', 'hippocampus_001.nii.gz')), { labels: true });
    expect([...counts(volume)].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 59527],
      [1, 1324],
      [2, 1624],
    ]);
    // numpy: the first label-2 voxel in C order (k, j, i) is (9, 30, 13).
    const first = volume.voxels.indexOf(2);
    expect(first).toBe(13 + 35 * (30 + 51 * 9));
  });

  it('turns the float32 label map of hippocampus_003 into whole-number Int32 labels', () => {
    const bytes = readFileSync(join(HIPPO, 'labels', 'hippocampus_003.nii.gz'));
    expect(readNiftiHeader(bytes).datatypeName).toBe('float32');
    const labels = readNifti(bytes, { labels: true });
    expect(labels.voxels).toBeInstanceOf(Int32Array);
    expect(labels.dims).toEqual([34, 52, 35]);
    expect([...counts(labels)].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 58527],
      [1, 1550],
      [2, 1803],
    ]);
    expect(readNifti(bytes).voxels).toBeInstanceOf(Float32Array);
  });

  it('reads all 208 image/label pairs: shapes, label values and class totals', () => {
    const files = readdirSync(join(HIPPO, 'labels')).sort();
    expect(files).toHaveLength(208);
    const min = [Infinity, Infinity, Infinity];
    const max = [0, 0, 0];
    const totals = [0, 0, 0];
    let floatImages = 0;
    for (const file of files) {
      const label = readNifti(readFileSync(join(HIPPO, 'labels', file)), { labels: true, name: file });
      const image = readNifti(readFileSync(join(HIPPO, 'images', file)), { name: file });
      expect(image.dims).toEqual(label.dims);
      if (image.voxels instanceof Float32Array) floatImages++;
      label.dims.forEach((n, a) => {
        min[a] = Math.min(min[a], n);
        max[a] = Math.max(max[a], n);
      });
      for (const v of label.voxels) totals[v]++;
    }
    expect(min).toEqual([31, 40, 24]);
    expect(max).toEqual([43, 59, 47]);
    expect(totals).toEqual([12356293, 354264, 327677]);
    // Not all "uint8": numpy finds 165 float32 images (43 uint8).
    expect(floatImages).toBe(165);
  });
});

describe('TotalSegmentator labels.nii.gz (LAS)', () => {
  const bytes = readFileSync(CT_LABELS);

  it('reads the sform, skipping the header extension', () => {
    const header = readNiftiHeader(bytes, { name: CT_LABELS });
    expect(header).toMatchObject({ dims: [512, 512, 20], sformCode: 2, qformCode: 0, voxOffset: 13168 });
    expect(header.affineSource).toBe('sform');
    expect(header.affine).toEqual([
      [-0.9765625, 0, 0, 249.51171875],
      [0, 0.9765625, 0, -61.51171875],
      [0, 0, 2, -804.5],
      [0, 0, 0, 1],
    ]);
  });

  it('maps the LAS grid to LPS geometry and keeps every label count', () => {
    const volume = readNifti(bytes, { labels: true, name: CT_LABELS });
    expect(volume.spacing).toEqual([0.9765625, 0.9765625, 2]);
    expect(volume.origin).toEqual([-249.51171875, 61.51171875, -804.5]);
    // i grows to patient Left (+x in LPS), j to Anterior (-y in LPS), k to Superior.
    expect(volume.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    const c = counts(volume);
    expect(c.size).toBe(32);
    expect(c.get(0)).toBe(4503460);
    expect(c.get(5)).toBe(366708); // liver
    expect(c.get(1)).toBe(130634); // spleen
    expect(c.get(52)).toBe(11723); // aorta
  });
});
