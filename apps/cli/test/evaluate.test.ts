// `evaluate --json` on a tiny model trained here on real hippocampus cases: the JSON has exactly the
// documented shape, and every number equals an independent computation on the same predictions (segment() of
// @seglens/models, each case scored by @seglens/metrics, averaged by hand; proportions by counting voxels).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DATASET_FOLDERS, datasetDir, readNiftiFile } from '@seglens/data';
import { evaluateSegmentation, predictedRegions } from '@seglens/metrics';
import { loadModelFromDirectory, segment, selectBackend } from '@seglens/models';
import { cli, tempDir, trainHippocampus } from './fixtures';

/** The per-class numbers of `evaluate --json`, in the documented order. */
const METRICS = [
  'dsc',
  'iou',
  'hd95',
  'nsd',
  'trueProportion',
  'predProportion',
  'predRegions',
  'falseRegionShare',
];

let dir: string;
let cleanup: () => Promise<void>;
let model: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  model = await trainHippocampus(path.join(dir, 'run'), 'diceCE');
});
afterAll(() => cleanup());

/** Mean of the finite values (the metrics' rule for distances undefined in some cases). */
function finiteMean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

describe('seglens evaluate', () => {
  it('prints exactly the documented JSON, equal to an independent computation', async () => {
    const r = await cli([
      'evaluate',
      '--model',
      model,
      '--dataset',
      'hippocampus',
      '--split',
      'all',
      '--limit',
      '5',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['perClass', 'meanForegroundDsc', 'cases']);
    expect(json.perClass.map((c: object) => Object.keys(c))).toEqual([0, 1].map(() => ['name', ...METRICS]));
    expect(json.perClass.map((c: { name: string }) => c.name)).toEqual([
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    expect(json.cases).toBe(5);

    // The same five cases (the first by file name), predicted and scored without the CLI.
    const root = datasetDir(DATASET_FOLDERS.hippocampus);
    const files = (await readdir(path.join(root, 'images')))
      .filter((f) => f.endsWith('.nii.gz'))
      .sort()
      .slice(0, 5);
    await selectBackend({ force: 'wasm' });
    const net = await loadModelFromDirectory(model);
    const perCase: Array<Array<Record<string, number>>> = [];
    for (const f of files) {
      const image = (await readNiftiFile(path.join(root, 'images', f))).volume;
      const truth = (await readNiftiFile(path.join(root, 'labels', f), { labels: true })).volume;
      const pred = (await segment(net, image)).labels;
      const evaluation = evaluateSegmentation(pred.voxels, truth.voxels, {
        dims: truth.dims,
        spacing: truth.spacing,
        numClasses: 3,
        nsdTolerance: 1,
      });
      perCase.push(
        [1, 2].map((k) => {
          let t = 0;
          let p = 0;
          for (let i = 0; i < truth.voxels.length; i++) {
            if (truth.voxels[i] === k) t++;
            if (pred.voxels[i] === k) p++;
          }
          const e = evaluation.perClass[k - 1];
          const regions = predictedRegions(pred.voxels, truth.voxels, { dims: truth.dims, classIndex: k });
          return {
            predRegions: regions.regions,
            falseRegionShare: p === 0 ? Number.NaN : regions.falseRegionVoxels / p,
            dsc: e.dsc,
            iou: e.iou,
            hd95: e.hd95,
            nsd: e.nsd,
            trueProportion: t / truth.voxels.length,
            predProportion: p / truth.voxels.length,
          };
        }),
      );
    }
    net.net.dispose();
    for (const k of [0, 1]) {
      for (const metric of METRICS) {
        const expected = finiteMean(perCase.map((c) => c[k][metric]));
        if (Number.isNaN(expected)) expect(json.perClass[k][metric]).toBeNull();
        else expect(json.perClass[k][metric]).toBeCloseTo(expected, 10);
      }
    }
    expect(json.meanForegroundDsc).toBeCloseTo((json.perClass[0].dsc + json.perClass[1].dsc) / 2, 12);
    // Real-data facts: both structures are a few percent of these crops.
    for (const c of json.perClass) {
      expect(c.trueProportion).toBeGreaterThan(0.01);
      expect(c.trueProportion).toBeLessThan(0.06);
    }
    // Not a vacuous comparison: two epochs found a structure, so overlaps and distances are real numbers.
    expect(json.meanForegroundDsc).toBeGreaterThan(0.2);
    expect(json.perClass.some((c: { hd95: number | null }) => c.hd95 !== null && c.hd95 > 0)).toBe(true);
    // Every structure was found, in at least one region per case.
    expect(json.perClass.every((c: { predRegions: number }) => c.predRegions >= 1)).toBe(true);
  });

  it('prints a table of the same numbers without --json', async () => {
    const table = await cli([
      'evaluate',
      '--model',
      model,
      '--dataset',
      'hippocampus',
      '--split',
      'all',
      '--limit',
      '3',
    ]);
    const json = await cli([
      'evaluate',
      '--model',
      model,
      '--dataset',
      'hippocampus',
      '--split',
      'all',
      '--limit',
      '3',
      '--json',
      '--quiet',
    ]);
    const j = JSON.parse(json.stdout);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('model hippocampus-diceCE (DiceCE) on msd-hippocampus, split all: 3 cases');
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'class',
      'DSC',
      'IoU',
      'HD95 mm',
      'NSD@1',
      'true prop.',
      'pred prop.',
      'regions',
      'in false regions',
    ]);
    const anterior = lines[3].split(/\s{2,}/);
    expect(anterior).toEqual([
      'anterior hippocampus',
      j.perClass[0].dsc.toFixed(3),
      j.perClass[0].iou.toFixed(3),
      j.perClass[0].hd95.toFixed(2),
      j.perClass[0].nsd.toFixed(3),
      `${(j.perClass[0].trueProportion * 100).toFixed(2)}%`,
      `${(j.perClass[0].predProportion * 100).toFixed(2)}%`,
      j.perClass[0].predRegions.toFixed(1),
      `${(j.perClass[0].falseRegionShare * 100).toFixed(2)}%`,
    ]);
    expect(lines[5].split(/\s{2,}/)).toEqual(['mean foreground', j.meanForegroundDsc.toFixed(3)]);
    // Progress went to stderr, and not at all with --quiet.
    expect(table.stderr).toContain('segmenting with hippocampus-diceCE: 3/3 cases (100%)');
    expect(json.stderr).toBe('');
  });

  it('labels distances on ACDC, whose files lost their voxel size, in voxels, not mm', async () => {
    // The shipped cardiac model on patient001's two frames; the files say 1 mm, a size their source dropped
    // (@seglens/data's ACDC_SPACING_DROPPED), so HD95 is a count of voxels and says so.
    const r = await cli([
      'evaluate',
      '--model',
      'cardiac-rce',
      '--dataset',
      'cardiac',
      '--split',
      'all',
      '--limit',
      '2',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^model cardiac-rce \(.+\) on acdc-cardiac-mr, split all: 2 cases$/);
    expect(lines[1].split(/\s{2,}/).slice(3, 5)).toEqual(['HD95 voxels', 'NSD@1']);
  });

  it('warns when the evaluated cases include training cases of the model', async () => {
    // The model trained on 5 of the first 6 cases; the validation side of a 20-case split includes some.
    const r = await cli([
      'evaluate',
      '--model',
      model,
      '--dataset',
      'hippocampus',
      '--limit',
      '20',
      '--json',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: \d of the 4 val cases were training cases of model 'hippocampus-diceCE'/,
    );
  });

  it('fails with exit code 1 and names the folder when a folder dataset is missing', async () => {
    const r = await cli([
      'evaluate',
      '--model',
      model,
      '--dataset',
      'folder:/nonexistent/seglens-data',
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'seglens evaluate: error: dataset folder /nonexistent/seglens-data: no images/ folder\n',
    );
  });
});
