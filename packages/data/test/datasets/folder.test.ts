import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolume, listImagePairs, loadFolderDataset, loadLabelledCases, writeNifti } from '../../src';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'seglens-folder-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, bytes: Uint8Array): void {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
}

const png = (width: number, height: number, values: number[]) =>
  encodePng({ width, height, data: Uint8Array.from(values), channels: 1, depth: 8 });
const rgbJpeg = (width: number, height: number) =>
  jpeg.encode({ data: new Uint8Array(width * height * 4).fill(128), width, height }, 90).data;

describe('folder datasets: images/ + masks/', () => {
  it('pairs masks named like the image, with or without _mask, across extensions', async () => {
    write('images/a.jpg', rgbJpeg(4, 2));
    write('images/b.png', png(4, 2, [0, 1, 2, 3, 4, 5, 6, 7]));
    write('masks/a.png', png(4, 2, [0, 255, 255, 0, 0, 0, 0, 0]));
    write('masks/b_mask.png', png(4, 2, [255, 0, 0, 0, 0, 0, 0, 255]));
    write('images/notes.txt', new Uint8Array([1]));
    const listing = await listImagePairs(root);
    expect(listing.kind).toBe('2d');
    expect(listing.pairs.map((p) => [p.id, p.label.replace(root, '')])).toEqual([
      ['a.jpg', '/masks/a.png'],
      ['b.png', '/masks/b_mask.png'],
    ]);
  });

  it('names the image without a mask, the ambiguous one, and empty or missing folders', async () => {
    await expect(listImagePairs(root)).rejects.toThrow(`dataset folder ${root}: no images/ folder`);
    mkdirSync(join(root, 'images'));
    await expect(listImagePairs(root)).rejects.toThrow(
      'needs exactly one of masks/ (PNG/JPEG masks) or labels/',
    );
    mkdirSync(join(root, 'masks'));
    await expect(listImagePairs(root)).rejects.toThrow(
      `dataset folder ${root}: images/ holds no PNG/JPEG files`,
    );
    write('images/c.png', png(2, 1, [0, 0]));
    await expect(listImagePairs(root)).rejects.toThrow(
      /no mask for images\/c\.png \(looked for c\.png, c\.jpg, c\.jpeg, c_mask\.png/,
    );
    write('masks/c.png', png(2, 1, [0, 0]));
    write('masks/c_mask.png', png(2, 1, [0, 0]));
    await expect(listImagePairs(root)).rejects.toThrow('images/c.png has several masks (c.png, c_mask.png)');
  });

  it('rejects masks of another size or with values other than 0/255, naming the file', async () => {
    write('images/a.png', png(2, 2, [1, 2, 3, 4]));
    write('masks/a.png', png(2, 1, [0, 255]));
    await expect(loadLabelledCases(root)).rejects.toThrow(
      /masks\/a\.png: mask is 2x1 but its image .*images\/a\.png is 2x2/,
    );
    write('masks/a.png', png(2, 2, [0, 255, 3, 0]));
    await expect(loadLabelledCases(root)).rejects.toThrow(
      /masks\/a\.png: holds 255 \(binary foreground\) and 3 at pixel 0,1 \(a class index\)/,
    );
    await expect(loadLabelledCases(root, { maskMode: 'binary' })).rejects.toThrow(
      /masks\/a\.png: binary mask holds 3 at pixel 0,1/,
    );
    const [thresholded] = await loadLabelledCases(root, { maskThreshold: 2 });
    expect([...thresholded.labels.voxels]).toEqual([0, 1, 1, 0]);
    const [multi] = await loadLabelledCases(root, { maskMode: 'labels' });
    expect([...multi.labels.voxels]).toEqual([0, 255, 3, 0]);
  });

  it('loads end to end into batches', async () => {
    for (const name of ['x', 'y', 'z', 'w', 'v']) {
      write(`images/${name}.jpg`, rgbJpeg(8, 8));
      write(
        `masks/${name}_mask.png`,
        png(
          8,
          8,
          Array.from({ length: 64 }, (_, p) => (p < 16 ? 255 : 0)),
        ),
      );
    }
    const ds = await loadFolderDataset(root, { size: [4, 4], split: { seed: 1, validationFraction: 0.4 } });
    expect(ds.card.name).toMatch(/^seglens-folder-/);
    expect(ds.card.fit).toBe('resize');
    expect(ds.card.inputShape).toEqual([4, 4, 3]);
    expect(ds.card.split.validation).toHaveLength(2);
    const [batch] = [...ds.train.batches({ batchSize: 8 })];
    expect(batch.shape).toEqual([3, 4, 4, 3]);
    // Rows 0-1 of 8 are foreground; nearest 8 -> 4 keeps row 1 of the source, i.e. output row 0.
    expect([...batch.labels.slice(0, 8)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('folder datasets: images/ + labels/ (NIfTI)', () => {
  it('pairs volumes by name and slices them', async () => {
    const image = createVolume({ voxels: new Int16Array(4 * 3 * 2).fill(7), dims: [4, 3, 2] });
    const labels = createVolume({
      voxels: Uint8Array.from({ length: 24 }, (_, n) => (n < 12 ? 0 : 1)),
      dims: [4, 3, 2],
    });
    for (const name of ['p.nii.gz', 'q.nii.gz']) {
      write(`images/${name}`, writeNifti(image));
      write(`labels/${name}`, writeNifti(labels, { labels: true }));
    }
    const ds = await loadFolderDataset(root, {
      size: [4, 4],
      split: { train: ['p.nii.gz'], validation: ['q.nii.gz'] },
    });
    expect(ds.card.fit).toBe('pad');
    expect(ds.train.sampleCount).toBe(2);
    // 4x3 slices padded to 4x4: 2 slices x 16 pixels, one slice of 12 foreground.
    expect(ds.validation.classVoxelCounts(2)).toEqual([20, 12]);
    write('images/r.nii.gz', writeNifti(image));
    await expect(listImagePairs(root)).rejects.toThrow(
      /no label for images\/r\.nii\.gz \(looked for r\.nii\.gz in .*labels\)/,
    );
  });

  it('rejects a label map on another grid and a corrupt file, naming them', async () => {
    const image = createVolume({ voxels: new Int16Array(24), dims: [4, 3, 2] });
    write('images/s.nii.gz', writeNifti(image));
    write('labels/s.nii.gz', writeNifti({ ...image, voxels: new Uint8Array(24), origin: [0, 0, 5] }));
    await expect(loadFolderDataset(root, { size: [4, 4] })).rejects.toThrow(
      /: s\.nii\.gz image and labels have the same size but different geometry/,
    );
    write('labels/s.nii.gz', writeNifti(image).subarray(0, 40));
    await expect(loadLabelledCases(root)).rejects.toThrow(
      /labels\/s\.nii\.gz: corrupt or truncated gzip data/,
    );
  });
});
