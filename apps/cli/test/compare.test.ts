// `seglens compare` on two tiny models trained here: the HTML report holds the tables and one <img> per shown
// case, the montage is a PNG, and each model's numbers equal what `evaluate` reports for it alone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'fast-png';
import { createVolume } from '@seglens/data';
import { createModelCard, createUNet, saveModelToDirectory, selectBackend } from '@seglens/models';
import { pickCases, foregroundProportion } from '../src/report/figures';
import { renderOverlay } from '../src/report/overlay';
import { cli, tempDir, trainHippocampus } from './fixtures';

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
    expect(html.match(/<table>/g)).toHaveLength(2);
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
