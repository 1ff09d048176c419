// Folder datasets as users have them, and the ct-abdomen and cardiac presets: PNG label maps cut from real ACDC
// slices are read as classes without a flag, names come from classes.json or --class-names, --group-by keeps a
// patient's frames on one side of the split (and the card says so), and wrong input is an error naming the
// file and the value. PolypGen's 0/255 masks are the binary case.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import { datasetDir, DATASET_FOLDERS, orientationCode, readNiftiFile, type Volume } from '@seglens/data';
import { listDataset } from '../src/datasets';
import { loadSplit } from '../src/load-split';
import { cli, memoryIo, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const ACDC_NAMES = ['background', 'RV', 'myocardium', 'LV'];
const GROUP = '^(patient\\d+)_frame';
const TINY_2D = ['--size', '32', '--depth', '2', '--base-filters', '4', '--batch-size', '2', '--quiet'];

/** The slice of a case with the most labelled voxels, as 8-bit PNGs of the image and of its label map. */
function busiestSlice(image: Volume, labels: Volume): { image: Uint8Array; labels: Uint8Array } {
  const [width, height, depth] = labels.dims;
  const plane = width * height;
  let best = 0;
  let most = -1;
  for (let k = 0; k < depth; k++) {
    let n = 0;
    for (let p = k * plane; p < (k + 1) * plane; p++) if (labels.voxels[p] !== 0) n++;
    if (n > most) [best, most] = [k, n];
  }
  const png = (values: ArrayLike<number>) =>
    encodePng({ width, height, data: Uint8Array.from(values), channels: 1, depth: 8 });
  return {
    image: png(image.voxels.subarray(best * plane, (best + 1) * plane)),
    labels: png(labels.voxels.subarray(best * plane, (best + 1) * plane)),
  };
}

/** images/ + masks/ with one PNG slice per ACDC frame of `patients` (both frames each). */
async function acdcFolder(name: string, patients: string[]): Promise<string> {
  const source = datasetDir(DATASET_FOLDERS.acdcCardiac);
  const folder = path.join(dir, name);
  mkdirSync(path.join(folder, 'images'), { recursive: true });
  mkdirSync(path.join(folder, 'masks'), { recursive: true });
  for (const patient of patients) {
    for (const frame of ['frame01', 'frame02']) {
      const file = `${patient}_${frame}.nii.gz`;
      const image = (await readNiftiFile(path.join(source, 'images', file))).volume;
      const labels = (await readNiftiFile(path.join(source, 'labels', file), { labels: true })).volume;
      const slice = busiestSlice(image, labels);
      writeFileSync(path.join(folder, 'images', `${patient}_${frame}.png`), slice.image);
      writeFileSync(path.join(folder, 'masks', `${patient}_${frame}.png`), slice.labels);
    }
  }
  return folder;
}

describe('folder datasets with PNG label maps', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await acdcFolder('acdc-slices', [
      'patient001',
      'patient002',
      'patient003',
      'patient004',
      'patient006',
    ]);
    writeFileSync(path.join(folder, 'classes.json'), JSON.stringify(ACDC_NAMES));
  });

  it('trains on label maps with classes.json names, keeping each patient on one side of the split', async () => {
    const out = path.join(dir, 'acdc-run');
    const r = await cli([
      'train',
      '--dataset',
      `folder:${folder}`,
      '--loss',
      'rce',
      '--epochs',
      '1',
      '--group-by',
      GROUP,
      '--out',
      out,
      ...TINY_2D,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const card = readJson(path.join(out, 'model', 'seglens.json'));
    expect(card.classes.map((c: { name: string }) => c.name)).toEqual(ACDC_NAMES);
    const d = card.training.dataset;
    expect(d.groupBy).toBe(GROUP);
    expect(d.split).toBe('by group (5 groups), seed 0, 20% validation');
    // One of five patients validates: both of its frames, and none of its frames trains.
    expect(d.validationCases).toHaveLength(2);
    const patient = (id: string) => id.split('_')[0];
    expect(patient(d.validationCases[0])).toBe(patient(d.validationCases[1]));
    expect(d.trainCases.map(patient)).not.toContain(patient(d.validationCases[0]));

    // evaluate splits the same way with the same --group-by: it scores exactly the held-out frames.
    const e = await cli([
      'evaluate',
      '--model',
      out,
      '--dataset',
      `folder:${folder}`,
      '--group-by',
      GROUP,
      '--json',
      '--quiet',
    ]);
    expect(e.stderr).toBe('');
    expect(JSON.parse(e.stdout).cases).toBe(2);
    const listing = await listDataset({ kind: 'folder', path: folder }, { groupBy: GROUP });
    expect(listing.validation.map((p) => p.id)).toEqual(d.validationCases);
  });

  it('takes --class-names over classes.json, and names the file whose label has no class', async () => {
    const flag = await cli([
      'train',
      '--dataset',
      `folder:${folder}`,
      '--loss',
      'crossEntropy',
      '--epochs',
      '1',
      '--class-names',
      'bg,a,b',
      '--out',
      path.join(dir, 'too-few'),
      ...TINY_2D,
    ]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(
      /masks\/patient00\d_frame0\d\.png holds label 3 but --class-names names 3 classes \(labels 0\.\.2\)/,
    );
    expect(
      (
        await cli([
          'train',
          '--dataset',
          `folder:${folder}`,
          '--loss',
          'dice',
          '--out',
          path.join(dir, 'x'),
          '--class-names',
          'bg,a,a',
        ])
      ).stderr,
    ).toMatch(/^seglens train: --class-names 'bg,a,a' names class 2 'a' twice/);
  });

  it('names a file that does not match --group-by', async () => {
    const r = await cli([
      'evaluate',
      '--model',
      'hippocampus-rce',
      '--dataset',
      `folder:${folder}`,
      '--group-by',
      '^(case\\d+)',
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'patient001_frame01.png: does not match the group-by pattern ^(case\\d+); every file must name its group',
    );
  });

  it('refuses a folder mixing binary masks and label maps, and label maps with gaps, naming the files', async () => {
    const mixed = await acdcFolder('mixed', ['patient007']);
    const polyp = path.join(datasetDir(DATASET_FOLDERS.polyp), 'val');
    const frame = readdirSync(path.join(polyp, 'images')).sort()[0];
    const mask = frame.replace(/\.jpg$/, '.png');
    copyFileSync(path.join(polyp, 'images', frame), path.join(mixed, 'images', frame));
    copyFileSync(path.join(polyp, 'masks', mask), path.join(mixed, 'masks', mask));
    const args = ['train', '--loss', 'dice', '--epochs', '1', ...TINY_2D];
    const r = await cli([...args, '--dataset', `folder:${mixed}`, '--out', path.join(dir, 'mixed-run')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${path.join(mixed, 'masks', mask)} is a binary mask (0 and 255) but ${path.join(mixed, 'masks', 'patient007_frame01.png')} is a label map (class indices up to 3): the masks of a folder must all be one or the other`,
    );
    // Without the PolypGen pair, and with label 2 (myocardium) renumbered 5: labels 2..4 exist nowhere.
    rmSync(path.join(mixed, 'images', frame));
    rmSync(path.join(mixed, 'masks', mask));
    for (const f of readdirSync(path.join(mixed, 'masks'))) {
      const file = path.join(mixed, 'masks', f);
      const { decode } = await import('fast-png');
      const png = decode(readFileSync(file));
      const data = Uint8Array.from(png.data as Uint8Array, (v) => (v === 2 ? 5 : v));
      writeFileSync(file, encodePng({ width: png.width, height: png.height, data, channels: 1, depth: 8 }));
    }
    const gaps = await cli([...args, '--dataset', `folder:${mixed}`, '--out', path.join(dir, 'gap-run')]);
    expect(gaps.code).toBe(1);
    expect(gaps.stderr).toContain(
      `${path.join(mixed, 'masks', 'patient007_frame01.png')} holds label 5 but no label file holds 2, 4: name the classes in ${mixed}/classes.json or with --class-names`,
    );
  });
});

describe('the ct-abdomen and cardiac presets', () => {
  it('lists ACDC split by patient (both frames together) and BTCV by volume', async () => {
    const cardiac = await listDataset({ kind: 'cardiac' });
    expect(cardiac.name).toBe('acdc-cardiac-mr');
    expect(cardiac.kind).toBe('volume');
    expect(cardiac.train.length + cardiac.validation.length).toBe(160);
    expect(cardiac.validation).toHaveLength(32);
    const patients = new Set(cardiac.validation.map((p) => p.id.slice(0, 10)));
    expect(patients.size).toBe(16);
    for (const p of cardiac.train) expect(patients.has(p.id.slice(0, 10))).toBe(false);
    expect(cardiac.splitText).toBe(
      'seeded split of 160 cases in 80 groups (^(patient\\d+)_frame): seed 0, 20% validation',
    );
    const ct = await listDataset({ kind: 'ct-abdomen' });
    expect([ct.name, ct.modality, ct.train.length, ct.validation.length]).toEqual([
      'btcv-abdomen-ct',
      'CT',
      19,
      5,
    ]);
    expect(ct.classNames).toHaveLength(14);
    // BTCV's headers mirror its rows; every command that loads the preset's cases repairs them (LPS → LAS).
    // ACDC's files say 1 mm, a size their source dropped: loaded as of unknown size (distances in voxels).
    expect([ct.headerRepair?.name, cardiac.headerRepair?.name]).toEqual([
      'btcv-rows-mirrored',
      'acdc-spacing-dropped',
    ]);
    const [first] = await loadSplit(
      { ...ct, validation: ct.validation.slice(0, 1) },
      'val',
      memoryIo().io,
      true,
    );
    expect([orientationCode(first.image), orientationCode(first.labels)]).toEqual(['LAS', 'LAS']);
    const shipped = (await readNiftiFile(ct.validation[0].image)).volume;
    expect(orientationCode(shipped)).toBe('LPS');
  });

  it('refuses folder-only flags with a preset before reading any data', async () => {
    const out = path.join(dir, 'never');
    const names = await cli([
      'train',
      '--dataset',
      'cardiac',
      '--loss',
      'rce',
      '--out',
      out,
      '--class-names',
      'a,b',
    ]);
    expect([names.code, names.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --class-names applies to folder datasets; cardiac has its own classes (right ventricle cavity, left ventricular myocardium, left ventricle cavity)',
    ]);
    const group = await cli([
      'train',
      '--dataset',
      'ct-abdomen',
      '--loss',
      'rce',
      '--out',
      out,
      '--group-by',
      'x',
    ]);
    expect([group.code, group.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --group-by applies to folder datasets; ct-abdomen is split by its own rule',
    ]);
    const size = await cli([
      'train',
      '--dataset',
      'ct-abdomen',
      '--loss',
      'rce',
      '--out',
      out,
      '--depth',
      '7',
    ]);
    expect(size.stderr.split('\n')[0]).toBe(
      'seglens train: --size 160 must be divisible by 64 (2^(depth-1) for --depth 7); e.g. 192',
    );
  });
});
