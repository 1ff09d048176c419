// Inputs and outputs that used to go wrong quietly (issue 9): an output that is the input, a training --out
// that already holds a model or is a file, a checkpoint swap cut short by a crash, NaN/Inf voxels, and usage
// errors that came late or without the flag's name. Real hippocampus files, copied or altered in a temp folder.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  DATASET_FOLDERS,
  datasetDir,
  readDicomFolder,
  readDicomSegFile,
  readNiftiFile,
  writeNiftiFile,
} from '@seglens/data';
import { cli, tempDir, TINY } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
const hippocampus = () => datasetDir(DATASET_FOLDERS.hippocampus);
const image = (name: string) => path.join(hippocampus(), 'images', name);
const dicomStudy = (n: number) => path.join(datasetDir(DATASET_FOLDERS.hippocampusDicom), `Study${n}`);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

/** A float32 copy of a real hippocampus volume with `nan` NaN and `inf` infinite voxels spread through it. */
async function withNonFinite(file: string, out: string, nan: number, inf: number): Promise<void> {
  const { volume } = await readNiftiFile(file);
  const voxels = Float32Array.from(volume.voxels, Number);
  const stride = Math.floor(voxels.length / (nan + inf));
  for (let k = 0; k < nan + inf; k++) voxels[k * stride] = k < nan ? Number.NaN : Number.POSITIVE_INFINITY;
  await writeNiftiFile(out, { ...volume, voxels });
}

const trainArgs = (out: string, ...more: string[]) => [
  'train',
  '--dataset',
  'hippocampus',
  '--loss',
  'crossEntropy',
  '--limit',
  '4',
  '--epochs',
  '1',
  '--out',
  out,
  ...TINY,
  ...more,
];

describe('predict refuses to overwrite its input', () => {
  it('by the same path, a hard link or a symbolic link, and leaves the input as it was', async () => {
    const input = path.join(dir, 'same', 'case.nii.gz');
    mkdirSync(path.dirname(input));
    copyFileSync(image('hippocampus_001.nii.gz'), input);
    linkSync(input, path.join(dir, 'same', 'hard.nii.gz'));
    symlinkSync(input, path.join(dir, 'same', 'soft.nii.gz'));
    const before = readFileSync(input);
    for (const [out, link] of [
      [input, ''],
      [path.join(dir, 'same', 'hard.nii.gz'), ' (a link to it)'],
      [path.join(dir, 'same', 'soft.nii.gz'), ' (a link to it)'],
    ]) {
      const r = await cli(['predict', '--model', 'hippocampus-rce', '--input', input, '--out', out, '-q']);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([
        2,
        `seglens predict: --out ${out} is the input ${input}${link}; writing there would destroy it, so choose another output`,
      ]);
    }
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('refuses a SEG written over a file of the input series', async () => {
    const series = path.join(dir, 'series');
    const source = path.join(dicomStudy(1), '13_HCropVolume');
    mkdirSync(series);
    for (const f of readdirSync(source)) copyFileSync(path.join(source, f), path.join(series, f));
    const victim = path.join(series, readdirSync(series)[0]);
    const r = await cli(['predict', '--model', 'hippocampus-rce', '--input', series, '--out', victim, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${victim} is the input ${victim}`);
  });
});

describe('predict on DICOM folders', () => {
  it('names the series folder when given the study folder above it', async () => {
    const study = dicomStudy(1);
    const r = await cli(['predict', '--model', 'hippocampus-rce', '--input', study, '--out', 'x.dcm', '-q']);
    expect([r.code, r.stderr]).toEqual([
      1,
      `seglens predict: error: --input ${study}: the folder holds no files itself; DICOM files may be in its subfolder 13_HCropVolume (32 files): pass one as --input, e.g. --input ${path.join(study, '13_HCropVolume')}\n`,
    ]);
  });

  it('picks one of several series with --series, and says so when it is missing', async () => {
    const mixed = path.join(dir, 'mixed');
    mkdirSync(mixed);
    for (const n of [1, 2]) {
      const folder = path.join(dicomStudy(n), readdirSync(dicomStudy(n))[0]);
      for (const f of readdirSync(folder)) copyFileSync(path.join(folder, f), path.join(mixed, `${n}-${f}`));
    }
    const out = path.join(dir, 'mixed-seg.dcm');
    const without = await cli([
      'predict',
      '--model',
      'hippocampus-rce',
      '--input',
      mixed,
      '--out',
      out,
      '-q',
    ]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(
      /mixed series: the files hold 2 series: .*; pass --series <uid> to choose one\n$/,
    );
    const study2 = await readDicomFolder(path.join(dicomStudy(2), readdirSync(dicomStudy(2))[0]));
    const uid = study2.dicom!.seriesInstanceUID;
    const r = await cli([
      'predict',
      '--model',
      'hippocampus-rce',
      '--input',
      mixed,
      '--series',
      uid,
      '--out',
      out,
      '--json',
      '-q',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).dims).toEqual([...study2.dims]);
    // The SEG references the chosen series and lies on it.
    const seg = await readDicomSegFile(out, study2);
    expect(seg.labels.dims).toEqual(study2.dims);
  });
});

describe('outputs', () => {
  it('an overwritten prediction keeps its file mode', async () => {
    const out = path.join(dir, 'mode', 'labels.nii.gz');
    mkdirSync(path.dirname(out));
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    const input = image('hippocampus_001.nii.gz');
    const r = await cli(['predict', '--model', 'hippocampus-rce', '--input', input, '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect((await readNiftiFile(out)).volume.dims).toEqual([35, 51, 35]);
    expect(readdirSync(path.dirname(out))).toEqual(['labels.nii.gz']);
  });
});

describe('NaN and infinite voxels', () => {
  it('predict refuses them, naming the file and the count, and writes nothing', async () => {
    const input = path.join(dir, 'nan', 'case.nii.gz');
    mkdirSync(path.dirname(input));
    await withNonFinite(image('hippocampus_001.nii.gz'), input, 40, 2);
    const out = path.join(dir, 'nan', 'labels.nii.gz');
    const r = await cli(['predict', '--model', 'hippocampus-rce', '--input', input, '--out', out, '-q']);
    expect([r.code, r.stderr]).toEqual([
      1,
      `seglens predict: error: --input ${input}: 40 NaN and 2 infinite voxel values (42 of 62475, 0.07%); a model cannot segment an image with undefined intensities — fix or mask them first\n`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('evaluate and train refuse a folder dataset holding one such image, naming it', async () => {
    const root = path.join(dir, 'nan-set');
    for (const sub of ['images', 'labels']) mkdirSync(path.join(root, sub), { recursive: true });
    const names = ['hippocampus_001.nii.gz', 'hippocampus_003.nii.gz', 'hippocampus_004.nii.gz'];
    for (const n of names) {
      copyFileSync(image(n), path.join(root, 'images', n));
      copyFileSync(path.join(hippocampus(), 'labels', n), path.join(root, 'labels', n));
    }
    const bad = path.join(root, 'images', names[1]);
    await withNonFinite(image(names[1]), bad, 7, 0);
    const evaluate = await cli([
      'evaluate',
      '--model',
      'hippocampus-rce',
      '--dataset',
      `folder:${root}`,
      '--split',
      'all',
      '-q',
    ]);
    expect(evaluate.code).toBe(1);
    expect(evaluate.stderr).toContain(`${bad}: 7 NaN voxel values (7 of `);
    const train = await cli([
      'train',
      '--dataset',
      `folder:${root}`,
      '--loss',
      'crossEntropy',
      '--epochs',
      '1',
      '--out',
      path.join(dir, 'nan-run'),
      ...TINY,
    ]);
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/hippocampus_003\.nii\.gz.*: 7 NaN voxel values \(7 of /);
    expect(existsSync(path.join(dir, 'nan-run', 'checkpoint'))).toBe(false);
  });
});

describe('train --out', () => {
  it('refuses a folder holding a model but no checkpoint unless --overwrite', async () => {
    const out = path.join(dir, 'finished');
    expect((await cli(trainArgs(out))).code).toBe(0);
    // A finished run whose checkpoint was cleaned up, or a model copied there.
    renameSync(path.join(out, 'checkpoint'), path.join(dir, 'finished-checkpoint'));
    const card = readFileSync(path.join(out, 'model', 'seglens.json'));
    const again = await cli(trainArgs(out));
    expect([again.code, again.stderr.split('\n')[0]]).toEqual([
      2,
      `seglens train: --out ${out} holds a model (model/) but no checkpoint to resume; pass --overwrite to replace the model, or choose another --out`,
    ]);
    expect(readFileSync(path.join(out, 'model', 'seglens.json')).equals(card)).toBe(true);
    expect((await cli(trainArgs(out, '--overwrite'))).code).toBe(0);
  });

  it('refuses a file before reading any data', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    // A data folder that does not exist: the --out check must come first.
    const r = await cli([...trainArgs(file), '--data-dir', path.join(dir, 'no-data')]);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      `seglens train: --out ${file}: ${file} is a file, not a folder`,
    ]);
  });

  it('restores a checkpoint whose replacement a crash cut short, and --resume continues it', async () => {
    const out = path.join(dir, 'crashed');
    expect((await cli(trainArgs(out))).code).toBe(0);
    // Killed between the two renames of the swap: the previous checkpoint moved aside by a now dead process.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const aside = path.join(out, `.checkpoint.old-${dead}-${Date.now().toString(36)}-x1y2z3`);
    renameSync(path.join(out, 'checkpoint'), aside);
    const args = trainArgs(out, '--resume', '--json');
    args[args.indexOf('--epochs') + 1] = '2';
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `restored ${path.join(out, 'checkpoint')}, whose replacement was interrupted by a crash\n`,
    );
    expect(JSON.parse(r.stdout).resumedFrom).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['checkpoint', 'model']);
  });

  it('--resume without a checkpoint is a usage error; --resume-or-start starts', async () => {
    const out = path.join(dir, 'fresh');
    const r = await cli(trainArgs(out, '--resume'));
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      `seglens train: --out ${out} holds no training checkpoint to resume; pass --resume-or-start to start a new run when there is none`,
    ]);
    expect(existsSync(path.join(out, 'model'))).toBe(false);
    const started = await cli(trainArgs(out, '--resume-or-start', '--json'));
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout).resumedFrom).toBe(0);
  });
});

describe('usage errors come first and name the flag', () => {
  // A data folder that does not exist: each error must come before any data is read (else exit 1).
  const noData = () => ['--data-dir', path.join(dir, 'no-data')];

  it('--class-weights with the wrong length for the dataset', async () => {
    const r = await cli([...trainArgs(path.join(dir, 'cw'), '--class-weights', '1,5'), ...noData()]);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --class-weights has 2 values but dataset hippocampus has 3 classes (background included): give one weight per class',
    ]);
  });

  it('--base-filters and --epochs beyond their bounds', async () => {
    const filters = await cli([...trainArgs(path.join(dir, 'bf'), '--base-filters', '100000'), ...noData()]);
    expect([filters.code, filters.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --base-filters must be at most 256, got 100000',
    ]);
    const args = trainArgs(path.join(dir, 'ep'));
    args[args.indexOf('--epochs') + 1] = '100000000';
    const epochs = await cli([...args, ...noData()]);
    expect([epochs.code, epochs.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --epochs must be at most 10000, got 100000000',
    ]);
  });
});
