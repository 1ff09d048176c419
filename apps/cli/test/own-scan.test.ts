// `evaluate` and `compare` with `--input <scan> --labels <reference>`, on references made elsewhere: the TotalSegmentator label map of a
// JPEG 2000 CT from another hospital (its own numbering, LAS axes, mapped with --label-map), the dcmqi liver SEG of
// three CT slices (matched by segment name), and an MSD hippocampus volume with its own label file. The numbers
// are checked against an independent path: the SEG `seglens predict` writes, read back, and the reference counted
// voxel by voxel; and against `evaluate --dataset` on the same case.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DATASET_FOLDERS,
  datasetDir,
  readDicomFolder,
  readDicomSegFile,
  readNiftiFile,
  resampleLabels,
  resolveDataDir,
  writeNiftiFile,
} from '@seglens/data';
import { resolveModelDir } from '../src/model-ref';
import { cli, tempDir } from './fixtures';

const DATA = resolveDataDir();
const TS = path.join(DATA, DATASET_FOLDERS.ctAbdomen);
const LIVER = path.join(DATA, DATASET_FOLDERS.ctLiverSeg);
/** TotalSegmentator's "total" values of the structures BTCV labels too (the data README lists its values). */
const TS_TO_BTCV: [number, string][] = [
  [1, 'spleen'],
  [5, 'liver'],
  [6, 'stomach'],
  [7, 'pancreas'],
  [8, 'right adrenal gland'],
  [52, 'aorta'],
  [63, 'inferior vena cava'],
  [64, 'portal and splenic vein'],
];
const LABEL_MAP = TS_TO_BTCV.map(([v, name]) => `${v}=${name}`).join(',');

interface ClassJson {
  name: string;
  dsc: number | null;
  trueProportion: number | null;
  predProportion: number | null;
}

/** A shipped model's card, read as a file (no backend needed). */
interface CardJson {
  classes: { index: number; name: string }[];
  training: { dataset: { validationCases: string[] } };
}
const card = (name: string): CardJson =>
  JSON.parse(readFileSync(path.join(resolveModelDir(name, {}), 'seglens.json'), 'utf8')) as CardJson;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

/** ct-abdomen-rce's labels of the JPEG 2000 CT, by `seglens predict` and its SEG read back: the independent path. */
async function predictedOnTheCt(name: string) {
  const seg = path.join(dir, name);
  const p = await cli([
    'predict',
    '--model',
    'ct-abdomen-rce',
    '--input',
    path.join(TS, 'dicom'),
    '--out',
    seg,
    '--quiet',
  ]);
  expect(p.code).toBe(0);
  const series = await readDicomFolder(path.join(TS, 'dicom'));
  return { series, predicted: (await readDicomSegFile(seg, series)).labels.voxels };
}

describe('seglens evaluate --input --labels', () => {
  it("scores a CT from another hospital against another tool's label map, equal to counting the SEG predict writes", async () => {
    const r = await cli([
      'evaluate',
      '--model',
      'ct-abdomen-rce',
      '--input',
      path.join(TS, 'dicom'),
      '--labels',
      path.join(TS, 'labels.nii.gz'),
      '--label-map',
      LABEL_MAP,
      '--json',
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual([
      'perClass',
      'meanForegroundDsc',
      'cases',
      'unlabelledClasses',
      'unmapped',
      'referenceCoverage',
    ]);
    expect(json.cases).toBe(1);
    // The map is on the series' own grid: it covers every voxel.
    expect(json.referenceCoverage).toBe(1);
    // Scored: the eight mapped structures, in the model's class order; the five it does not label are listed.
    const names = (json.perClass as ClassJson[]).map((c) => c.name);
    expect(new Set(names)).toEqual(new Set(TS_TO_BTCV.map(([, n]) => n)));
    expect(json.unlabelledClasses).toEqual([
      'right kidney',
      'left kidney',
      'gallbladder',
      'esophagus',
      'left adrenal gland',
    ]);
    // TotalSegmentator's colon, vertebrae, ribs, ... are none of BTCV's organs: background, and listed.
    expect(json.unmapped).toEqual(expect.arrayContaining(['20', '32', '79']));

    // The independent path: predict's SEG read back, the label map placed on the series, voxels counted.
    const { series, predicted } = await predictedOnTheCt('ts-seg.dcm');
    const truth = resampleLabels((await readNiftiFile(path.join(TS, 'labels.nii.gz'))).volume, series).voxels;
    const indexOf = new Map(card('ct-abdomen-rce').classes.map((c) => [c.name, c.index]));
    let sum = 0;
    for (const [value, name] of TS_TO_BTCV) {
      const k = indexOf.get(name)!;
      let tp = 0;
      let np = 0;
      let nt = 0;
      for (let i = 0; i < truth.length; i++) {
        const t = truth[i] === value;
        const q = predicted[i] === k;
        if (t && q) tp++;
        if (t) nt++;
        if (q) np++;
      }
      const row = (json.perClass as ClassJson[]).find((c) => c.name === name)!;
      const dsc = (2 * tp) / (np + nt);
      expect(row.dsc).toBeCloseTo(dsc, 12);
      expect(row.trueProportion).toBeCloseTo(nt / truth.length, 12);
      expect(row.predProportion).toBeCloseTo(np / truth.length, 12);
      sum += dsc;
    }
    expect(json.meanForegroundDsc).toBeCloseTo(sum / TS_TO_BTCV.length, 12);
    // Placed the right way round: the liver, 7% of the slab, overlaps almost whole (a flipped map gives < 0.5).
    const liver = (json.perClass as ClassJson[]).find((c) => c.name === 'liver')!;
    expect(liver.dsc).toBeGreaterThan(0.9);
  });

  it('matches the segments of a DICOM SEG to classes by name and scores only those', async () => {
    const r = await cli([
      'evaluate',
      '--model',
      'ct-abdomen-rce',
      '--input',
      path.join(LIVER, 'dicom'),
      '--labels',
      path.join(LIVER, 'liver.dcm'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^model ct-abdomen-rce \(RCE\(L1\)\) on .*ct-liver-dicom-seg\/dicom against .*liver\.dcm$/,
    );
    // Header, rule, the liver, the mean: the dcmqi SEG has one segment, "Liver".
    expect(lines[3].split(/\s{2,}/)[0]).toBe('liver');
    expect(lines[4].split(/\s{2,}/)[0]).toBe('mean foreground');
    expect(Number(lines[3].split(/\s{2,}/)[1])).toBeGreaterThan(0.85);
    expect(lines[5]).toMatch(
      /^not in the reference \(not scored\): spleen, right kidney, .*left adrenal gland$/,
    );
  });

  it('scores only the voxels inside a label map of part of the scan, and says how much it covers', async () => {
    // The first 10 of the 20 slices of TotalSegmentator's map, at the same place in the patient.
    const { volume } = await readNiftiFile(path.join(TS, 'labels.nii.gz'));
    const [nx, ny] = volume.dims;
    const half = { ...volume, dims: [nx, ny, 10] as [number, number, number] };
    half.voxels = volume.voxels.slice(0, nx * ny * 10);
    const file = path.join(dir, 'ts-first-10-slices.nii.gz');
    await writeNiftiFile(file, half);
    const args = ['--input', path.join(TS, 'dicom'), '--labels', file, '--label-map', LABEL_MAP, '--quiet'];
    const r = await cli(['evaluate', '--model', 'ct-abdomen-rce', ...args, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.referenceCoverage).toBe(0.5);
    // Independently: predict's labels and the half map placed on the series, counted where the map says anything.
    // Counted as background instead, the other 10 slices would make every organ found there a false positive.
    const { series, predicted } = await predictedOnTheCt('ts-half-seg.dcm');
    // Outside the map: 255, a value TotalSegmentator does not use (its labels end at 117; the array is 8-bit).
    const truth = resampleLabels(await readNiftiFile(file).then((x) => x.volume), series, {
      background: 255,
    }).voxels;
    const indexOf = new Map(card('ct-abdomen-rce').classes.map((c) => [c.name, c.index]));
    let inside = 0;
    for (const t of truth) if (t !== 255) inside++;
    expect(inside).toBe(truth.length / 2);
    for (const [value, name] of TS_TO_BTCV) {
      const k = indexOf.get(name)!;
      let [tp, np, nt, npAll] = [0, 0, 0, 0];
      for (let i = 0; i < truth.length; i++) {
        const q = predicted[i] === k;
        if (q) npAll++;
        if (truth[i] === 255) continue;
        const t = truth[i] === value;
        if (t && q) tp++;
        if (t) nt++;
        if (q) np++;
      }
      const row = (json.perClass as ClassJson[]).find((c) => c.name === name)!;
      expect([name, row.dsc]).toEqual([name, np + nt === 0 ? 1 : (2 * tp) / (np + nt)]);
      expect(row.predProportion).toBeCloseTo(np / inside, 12);
      if (name === 'liver') expect(np).toBeLessThan(npAll); // the liver reaches into the other half
    }
    const text = await cli(['evaluate', '--model', 'ct-abdomen-rce', ...args]);
    expect(text.stdout).toContain(
      "the reference covers 50.0% of the scan's voxels; the rest is not scored (not background)",
    );
    // compare: the same coverage in its JSON and in its report, and evaluate's numbers.
    const report = path.join(dir, 'half.html');
    const c = await cli([
      'compare',
      '--models',
      'ct-abdomen-rce',
      'ct-abdomen-dice',
      ...args,
      '--json',
      '--report',
      report,
    ]);
    expect(c.code).toBe(0);
    const compared = JSON.parse(c.stdout);
    expect(compared.referenceCoverage).toBe(0.5);
    expect(compared.models[0].meanForegroundDsc).toBe(json.meanForegroundDsc);
    // The report escapes the apostrophe as HTML does.
    expect((await readFile(report, 'utf8')).replaceAll('&#39;', "'")).toContain(
      "The reference covers 50.0% of the scan's voxels; the rest is not scored (not background).",
    );
  });

  it('gives the per-case numbers of evaluate --dataset for a case of the dataset', async () => {
    const id = card('hippocampus-rce').training.dataset.validationCases[0];
    const folder = datasetDir(DATASET_FOLDERS.hippocampus);
    const own = await cli([
      'evaluate',
      '--model',
      'hippocampus-rce',
      '--input',
      path.join(folder, 'images', id),
      '--labels',
      path.join(folder, 'labels', id),
      '--json',
      '--quiet',
    ]);
    expect(own.code).toBe(0);
    const split = await cli([
      'evaluate',
      '--model',
      'hippocampus-rce',
      '--dataset',
      'hippocampus',
      '--json',
      '--per-case',
      '--quiet',
    ]);
    expect(split.code).toBe(0);
    const perCase = JSON.parse(split.stdout).perCase.find((c: { id: string }) => c.id === id);
    const mine = JSON.parse(own.stdout);
    expect(mine.unlabelledClasses).toEqual([]);
    expect(mine.perClass).toEqual(perCase.perClass);
  });

  it.each([
    [
      'a label map whose values are not the model classes, without --label-map',
      ['--input', path.join(TS, 'dicom'), '--labels', path.join(TS, 'labels.nii.gz')],
      /--labels .*labels\.nii\.gz: label value \d+ is not a class of model 'ct-abdomen-rce' \(0\.\.13\); map the file's values to its classes with --label-map/,
    ],
    [
      'a --label-map class the model does not have',
      [
        '--input',
        path.join(TS, 'dicom'),
        '--labels',
        path.join(TS, 'labels.nii.gz'),
        '--label-map',
        '5=liver,2=kidney',
      ],
      /--label-map: 'kidney' is not a class of model 'ct-abdomen-rce' \(its classes: background, spleen, right kidney/,
    ],
    [
      'a malformed --label-map',
      ['--input', path.join(TS, 'dicom'), '--labels', path.join(TS, 'labels.nii.gz'), '--label-map', 'liver'],
      /--label-map liver: 'liver' is not <label value>=<class name>/,
    ],
    [
      'a SEG whose segments overlap',
      ['--input', path.join(LIVER, 'dicom'), '--labels', path.join(LIVER, 'partial_overlaps.dcm')],
      /--labels .*partial_overlaps\.dcm: its segments overlap; a reference must give each voxel one class/,
    ],
    [
      '--input with --dataset',
      [
        '--input',
        path.join(LIVER, 'dicom'),
        '--labels',
        path.join(LIVER, 'liver.dcm'),
        '--dataset',
        'ct-abdomen',
      ],
      /--dataset and --input exclude each other/,
    ],
    ['--input without --labels', ['--input', path.join(LIVER, 'dicom')], /--input needs --labels/],
    [
      'a label map of another scan (an MSD hippocampus crop against the abdominal CT)',
      [
        '--input',
        path.join(TS, 'dicom'),
        '--labels',
        path.join(datasetDir(DATASET_FOLDERS.hippocampus), 'labels', 'hippocampus_001.nii.gz'),
      ],
      /--labels .*hippocampus_001\.nii\.gz: covers none of the scan \(LPS x .* mm against the scan's LPS x .* mm\): it labels another scan or another part of the body; nothing was scored/,
    ],
    [
      'a reference file that does not exist',
      ['--input', path.join(LIVER, 'dicom'), '--labels', path.join(LIVER, 'nothing.nii.gz')],
      /--labels .*nothing\.nii\.gz: no such file or folder/,
    ],
  ])('%s: a clear error', async (_what, args, message) => {
    const r = await cli(['evaluate', '--model', 'ct-abdomen-rce', ...args, '--quiet']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it("compare: the same numbers as evaluate per model, the scan's picture, no paired statistics of one case", async () => {
    const scan = [
      '--input',
      path.join(TS, 'dicom'),
      '--labels',
      path.join(TS, 'labels.nii.gz'),
      '--label-map',
      LABEL_MAP,
    ];
    const report = path.join(dir, 'ts.html');
    const r = await cli([
      'compare',
      '--models',
      'ct-abdomen-rce',
      'ct-abdomen-dice',
      ...scan,
      '--report',
      report,
      '--json',
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.cases).toBe(1);
    expect(json.split).toBe('all');
    expect(json.unlabelledClasses).toHaveLength(5);
    // One case: each model's proportions per class, no paired differences or size bins (no spread to test).
    expect(json.perClass.map((c: { name: string }) => c.name)).toEqual(
      json.models[0].perClass.map((c: { name: string }) => c.name),
    );
    for (const c of json.perClass) expect(Object.keys(c).sort()).toEqual(['name', 'proportions']);
    for (const [i, name] of ['ct-abdomen-rce', 'ct-abdomen-dice'].entries()) {
      const e = await cli(['evaluate', '--model', name, ...scan, '--json', '--quiet']);
      const evaluated = JSON.parse(e.stdout);
      expect(json.models[i].perClass).toEqual(evaluated.perClass);
      expect(json.models[i].meanForegroundDsc).toBe(evaluated.meanForegroundDsc);
      evaluated.perClass.forEach((k: { trueProportion: number; predProportion: number }, c: number) => {
        const p = json.perClass[c].proportions[i];
        expect(p.model).toBe(name);
        expect(p.trueProportion).toBe(k.trueProportion);
        expect(p.predProportion).toBe(k.predProportion);
        expect(p.absError).toBeCloseTo(Math.abs(k.predProportion - k.trueProportion), 15);
      });
    }
    const html = await readFile(report, 'utf8');
    expect(html).toContain('Not in the reference, so not scored: right kidney, left kidney, gallbladder');
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    expect(html).toContain('No paired statistics: the difference of one case has no spread to test.');
    expect(html).not.toMatch(/Wilcoxon/);
    const text = await cli(['compare', '--models', 'ct-abdomen-rce', 'ct-abdomen-dice', ...scan, '--quiet']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^.*ct-abdomen-totalsegmentator\/dicom, split all: 1 case; /);
    expect(text.stdout).not.toMatch(/Paired/);
    expect(text.stdout).toMatch(
      /\nnot in the reference \(not scored\): right kidney, left kidney, gallbladder, esophagus, left adrenal gland\n/,
    );
  });

  it('compare: --input excludes the flags of a dataset split', async () => {
    const r = await cli([
      'compare',
      '--models',
      'ct-abdomen-rce',
      'ct-abdomen-dice',
      '--input',
      path.join(LIVER, 'dicom'),
      '--labels',
      path.join(LIVER, 'liver.dcm'),
      '--split',
      'val',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--split and --input exclude each other/);
    const stray = await cli([
      'compare',
      '--models',
      'ct-abdomen-rce',
      'ct-abdomen-dice',
      '--dataset',
      'ct-abdomen',
      '--labels',
      'x.nii.gz',
    ]);
    expect(stray.code).not.toBe(0);
    expect(stray.stderr).toMatch(/--labels applies to --input \(one scan of yours\)/);
  });
});
