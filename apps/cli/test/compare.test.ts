// `seglens compare` on two tiny models trained here: the HTML report holds the tables and one <img> per shown
// case, the montage is a PNG, and each model's numbers equal what `evaluate` reports for it alone.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'fast-png';
import { createVolume } from '@seglens/data';
import { createModelCard, createUNet, saveModelToDirectory, selectBackend } from '@seglens/models';
import { pickCases, foregroundProportion } from '../src/report/figures';
import { renderOverlay } from '../src/report/overlay';
import { cli, tempDir, trainHippocampus } from './fixtures';
import { scipyWilcoxonP } from './scipy';

interface CaseJson {
  id: string;
  perClass: Array<{
    name: string;
    dsc: number;
    hd95: number | null;
    trueProportion: number;
    predProportion: number;
  }>;
}
interface PairedJson {
  metric: string;
  meanDifference: number;
  ci95: [number, number];
  wilcoxonP: number;
  wilcoxonMethod: string;
  cases: number;
}
interface CompareJson {
  cases: number;
  models: Array<{ name: string; perClass: Array<{ name: string; dsc: number }>; perCase: CaseJson[] }>;
  perClass: Array<{
    name: string;
    paired: PairedJson;
    pairedHd95: PairedJson;
    proportions: Array<{ signedError: number }>;
    sizeBins: Array<{ low: number; high: number; cases: number }>;
  }>;
}

let dir: string;
let cleanup: () => Promise<void>;
let ce: string;
let dice: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  ce = await trainHippocampus(path.join(dir, 'ce'), 'crossEntropy');
  dice = await trainHippocampus(path.join(dir, 'dice'), 'dice');
});
afterAll(() => cleanup());

describe('seglens compare', () => {
  it('writes a report with one picture per shown case, a montage, and the evaluate numbers', async () => {
    const report = path.join(dir, 'out', 'report.html');
    const png = path.join(dir, 'out', 'montage.png');
    const data = ['--dataset', 'hippocampus', '--split', 'val', '--limit', '20', '--quiet'];
    const r = await cli([
      'compare',
      '--models',
      ce,
      dice,
      ...data,
      '--cases',
      '3',
      '--report',
      report,
      '--png',
      png,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      dataset: 'msd-hippocampus',
      split: 'val',
      cases: 4,
      nsdTolerance: 1,
      report,
      png,
    });
    expect(json.models.map((m: { name: string; loss: string }) => [m.name, m.loss])).toEqual([
      ['hippocampus-crossEntropy', 'CE'],
      ['hippocampus-dice', 'Dice'],
    ]);
    expect(json.shownCases).toHaveLength(3);
    for (const [m, modelDir] of [ce, dice].entries()) {
      const alone = JSON.parse((await cli(['evaluate', '--model', modelDir, ...data, '--json'])).stdout);
      expect({
        perClass: json.models[m].perClass,
        meanForegroundDsc: json.models[m].meanForegroundDsc,
        cases: json.models[m].cases,
      }).toEqual(alone);
    }

    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<img /g)).toHaveLength(3);
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html.match(/<table>/g)).toHaveLength(5);
    expect(html).not.toMatch(/(src|href)="(?!data:)/); // self-contained: nothing to fetch
    for (const id of json.shownCases) expect(html).toContain(`<figcaption>${id}</figcaption>`);
    expect(html).toContain(`<td>${json.models[1].perClass[0].dsc.toFixed(3)}</td>`);
    // Each picture: a PNG decoding to a row of four panels (image, truth, two models) at least 200 px wide.
    for (const [, b64] of html.matchAll(/data:image\/png;base64,([^"]+)"/g)) {
      const picture = decode(Buffer.from(b64, 'base64'));
      expect(picture.channels).toBe(3);
      expect(picture.width).toBeGreaterThanOrEqual(4 * 200);
    }
    const montage = decode(readFileSync(png));
    expect(montage.channels).toBe(3);
    expect(montage.width).toBeGreaterThanOrEqual(4 * 200);

    const text = await cli(['compare', '--models', ce, dice, ...data]);
    expect(text.stdout).toContain('Region proportions: true vs predicted (mean over cases)');
    expect(text.stdout).toMatch(/anterior hippocampus {3}DSC +\d\.\d{3} +\d\.\d{3}/);
    const m0 = json.models[0].perClass[0];
    const m1 = json.models[1].perClass[0];
    const row = (metric: string) =>
      text.stdout
        .split('\n')
        .find((l) => l.startsWith(`anterior hippocampus   ${metric}  `))
        ?.trim()
        .split(/\s{2,}/)
        .slice(2);
    expect(row('regions')).toEqual([m0, m1].map((c) => c.predRegions.toFixed(1)));
    expect(row('in false regions')).toEqual([m0, m1].map((c) => `${(c.falseRegionShare * 100).toFixed(2)}%`));
  });

  it('pairs the two models case by case: statistics recomputed from perCase and checked against scipy', async () => {
    const report = path.join(dir, 'stats', 'report.html');
    const data = ['--dataset', 'hippocampus', '--split', 'val', '--limit', '60', '--quiet'];
    const r = await cli([
      'compare',
      '--models',
      ce,
      dice,
      ...data,
      '--cases',
      '1',
      '--report',
      report,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as CompareJson;
    expect(json.cases).toBe(12);
    const [a, b] = json.models;
    // perCase is what evaluate --per-case prints for the model alone, and its means are perClass.
    const alone = JSON.parse(
      (await cli(['evaluate', '--model', ce, ...data, '--json', '--per-case'])).stdout,
    );
    expect(alone.perCase).toEqual(a.perCase);
    expect(a.perCase).toHaveLength(12);
    a.perClass.forEach((c, k) => {
      const dsc = a.perCase.map((x) => x.perClass[k].dsc);
      expect(c.dsc).toBeCloseTo(dsc.reduce((s, v) => s + v, 0) / dsc.length, 12);
    });
    const requests = json.perClass.map((c, k) => {
      const d = a.perCase.map((x, i) => x.perClass[k].dsc - b.perCase[i].perClass[k].dsc);
      expect(c.name).toBe(a.perClass[k].name);
      expect(c.paired).toMatchObject({ metric: 'dsc', cases: 12 });
      expect(c.paired.meanDifference).toBeCloseTo(d.reduce((s, v) => s + v, 0) / d.length, 12);
      expect(c.paired.ci95[0]).toBeLessThanOrEqual(c.paired.meanDifference);
      expect(c.paired.ci95[1]).toBeGreaterThanOrEqual(c.paired.meanDifference);
      // HD95 pairs only where both models have a defined (non-null) HD95.
      const hd = a.perCase.filter(
        (x, i) => x.perClass[k].hd95 !== null && b.perCase[i].perClass[k].hd95 !== null,
      );
      expect(c.pairedHd95.cases).toBe(hd.length);
      // Signed region-proportion error per model: mean of predicted − true over cases.
      json.models.forEach((m, j) => {
        const e = m.perCase.map((x) => x.perClass[k].predProportion - x.perClass[k].trueProportion);
        expect(c.proportions[j].signedError).toBeCloseTo(e.reduce((s, v) => s + v, 0) / e.length, 12);
      });
      // Size bins: thirds of the cases by true proportion, in increasing order, covering every case.
      expect(c.sizeBins.map((bin) => bin.cases)).toEqual([4, 4, 4]);
      expect(c.sizeBins[0].high).toBeLessThanOrEqual(c.sizeBins[1].low);
      expect(c.sizeBins[1].high).toBeLessThanOrEqual(c.sizeBins[2].low);
      return { d, method: c.paired.wilcoxonMethod };
    });
    const scipy = scipyWilcoxonP(requests);
    json.perClass.forEach((c, k) => expect(c.paired.wilcoxonP).toBeCloseTo(scipy[k], 10));

    const html = readFileSync(report, 'utf8');
    expect(html.match(/<figure class="chart"><svg /g)).toHaveLength(2);
    expect(html).toContain('Paired: hippocampus-crossEntropy − hippocampus-dice per case');
    // The scatter's legend names the models in model order.
    expect(html).toContain(`with 2 values: ${json.models.map((m) => m.name).join(', ')}"`);

    const noJson = await cli(['evaluate', '--model', ce, ...data, '--per-case']);
    expect(noJson.code).toBe(2);
    expect(noJson.stderr).toContain(
      '--per-case adds the per-case numbers to the JSON output: use it with --json',
    );
  });

  it('tells two models of one card name apart by their folders', async () => {
    // Two runs of one task carry the same card name; a copy of the CE run stands in for the second run.
    const again = path.join(dir, 'ce-again');
    cpSync(ce, again, { recursive: true });
    const data = ['--dataset', 'hippocampus', '--split', 'val', '--limit', '20', '--quiet'];
    const json = JSON.parse((await cli(['compare', '--models', ce, again, ...data, '--json'])).stdout);
    expect(json.models.map((m: { name: string }) => m.name)).toEqual([
      'hippocampus-crossEntropy (ce)',
      'hippocampus-crossEntropy (ce-again)',
    ]);
    expect(json.models[0].perClass).toEqual(json.models[1].perClass);
    const text = await cli(['compare', '--models', ce, again, ...data]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /class +metric +hippocampus-crossEntropy \(ce\) +hippocampus-crossEntropy \(ce-again\)/,
    );
  });

  it('refuses models whose classes differ, and names a missing model', async () => {
    // A two-class model (never trained: only its card matters here) against a three-class one.
    const twoClasses = path.join(dir, 'two-classes');
    await selectBackend({ force: 'wasm' });
    const architecture = { inputChannels: 1, classes: 2, depth: 2, baseFilters: 2 };
    const card = createModelCard({
      name: 'binary',
      task: 't',
      modality: 'MR',
      classNames: ['background', 'hippocampus'],
      input: { channels: 1, size: [16, 16], sliceAxis: 2, fit: 'pad', normalization: { kind: 'zscore' } },
      architecture,
    });
    const net = createUNet(architecture);
    await saveModelToDirectory({ net, card }, twoClasses);
    net.dispose();
    const r = await cli(['compare', '--models', ce, twoClasses, '--dataset', 'hippocampus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--models: ${twoClasses} has classes [background, hippocampus] but ${ce} has [background, anterior hippocampus, posterior hippocampus]`,
    );
    const missing = await cli([
      'compare',
      '--models',
      ce,
      path.join(dir, 'missing'),
      '--dataset',
      'hippocampus',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `--models ${path.join(dir, 'missing')}: no such directory, and not a shipped model name`,
    );
  });
});

describe('report pictures', () => {
  const mask = (fg: number) => {
    const voxels = new Uint8Array(100);
    voxels.fill(1, 0, fg);
    return createVolume({ voxels, dims: [10, 10, 1] });
  };

  it('picks cases evenly over the range of true foreground, empty ones only to fill up', () => {
    const cases = [0, 40, 10, 30, 20, 0, 50].map((fg, i) => ({
      id: `c${i}`,
      image: mask(0),
      labels: mask(fg),
    }));
    expect(foregroundProportion(cases[1].labels)).toBe(0.4);
    // With foreground, by proportion: c2 10%, c4 20%, c3 30%, c1 40%, c6 50%.
    expect(pickCases(cases, 3)).toEqual(['c2', 'c3', 'c6']);
    expect(pickCases(cases, 1)).toEqual(['c3']);
    expect(pickCases(cases, 5)).toEqual(['c2', 'c4', 'c3', 'c1', 'c6']);
    expect(pickCases(cases, 6)).toEqual(['c0', 'c2', 'c4', 'c3', 'c1', 'c6']);
  });

  it('fills a class at 30% of its colour and outlines it in full colour', () => {
    // A 4x4 grey image (value 100) with a 2x2 square of class 1 in the middle, upscaled 4x.
    const rgb = new Uint8Array(16 * 3).fill(100);
    const labels = new Uint8Array(16);
    for (const p of [5, 6, 9, 10]) labels[p] = 1;
    const out = renderOverlay(
      rgb,
      4,
      4,
      labels,
      [
        [0, 0, 0],
        [250, 0, 0],
      ],
      4,
    );
    const at = (x: number, y: number) =>
      Array.from(out.data.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3));
    expect([out.width, out.height]).toEqual([16, 16]);
    expect(at(0, 0)).toEqual([100, 100, 100]); // background untouched
    expect(at(4, 4)).toEqual([250, 0, 0]); // the square's edge
    expect(at(5, 5)).toEqual([250, 0, 0]); // two display pixels thick at 4x
    expect(at(7, 7)).toEqual([Math.round(100 * 0.7 + 250 * 0.3), 70, 70]); // inside: filled
  });
});
