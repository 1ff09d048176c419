import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolume, listImagePairs, loadLabelledCases, writeNifti } from '../../src';

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

  it('decodes every pair once: RGB images, 0/255 masks as class indices, split units from caseIdOf', async () => {
    for (const name of ['x', 'y', 'z']) {
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
    const cases = await loadLabelledCases(root, { caseIdOf: (file) => (file === 'z.jpg' ? 'xz' : file) });
    expect(cases.map((c) => [c.id, c.caseId])).toEqual([
      ['x.jpg', 'x.jpg'],
      ['y.jpg', 'y.jpg'],
      ['z.jpg', 'xz'],
    ]);
    expect(cases[0].image).toMatchObject({ dims: [8, 8, 1], channels: 3 });
    expect(cases[0].labels).toMatchObject({ dims: [8, 8, 1], channels: 1 });
    // Rows 0-1 of 8 are foreground.
    expect(Array.from(cases[0].labels.voxels.slice(8, 24))).toEqual([
      ...new Array(8).fill(1),
      ...new Array(8).fill(0),
    ]);
    expect((await loadLabelledCases(root, { limit: 2 })).map((c) => c.id)).toEqual(['x.jpg', 'y.jpg']);
  });
});

describe('folder datasets: images/ + labels/ (NIfTI)', () => {
  it('pairs volumes by name and decodes them', async () => {
    const image = createVolume({ voxels: new Int16Array(4 * 3 * 2).fill(7), dims: [4, 3, 2] });
    const labels = createVolume({
      voxels: Uint8Array.from({ length: 24 }, (_, n) => (n < 12 ? 0 : 1)),
      dims: [4, 3, 2],
    });
    for (const name of ['p.nii.gz', 'q.nii.gz']) {
      write(`images/${name}`, writeNifti(image));
      write(`labels/${name}`, writeNifti(labels, { labels: true }));
    }
    const cases = await loadLabelledCases(root);
    expect(cases.map((c) => c.id)).toEqual(['p.nii.gz', 'q.nii.gz']);
    expect(cases[1].image).toMatchObject({ dims: [4, 3, 2], channels: 1 });
    expect(Array.from(cases[1].labels.voxels)).toEqual(Array.from(labels.voxels));
    write('images/r.nii.gz', writeNifti(image));
    await expect(listImagePairs(root)).rejects.toThrow(
      /no label for images\/r\.nii\.gz \(looked for r\.nii\.gz in .*labels\)/,
    );
  });

  it('rejects a label map on another grid and a corrupt file, naming them', async () => {
    const image = createVolume({ voxels: new Int16Array(24), dims: [4, 3, 2] });
    write('images/s.nii.gz', writeNifti(image));
    write('labels/s.nii.gz', writeNifti({ ...image, voxels: new Uint8Array(24), origin: [0, 0, 5] }));
    await expect(loadLabelledCases(root)).rejects.toThrow(
      /labels\/s\.nii\.gz: label map has the size of its image .*images\/s\.nii\.gz but another origin, spacing or direction/,
    );
    write('labels/s.nii.gz', writeNifti(image).subarray(0, 40));
    await expect(loadLabelledCases(root)).rejects.toThrow(
      /labels\/s\.nii\.gz: corrupt or truncated gzip data/,
    );
  });
});
