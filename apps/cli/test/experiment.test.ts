// `seglens experiment` on real hippocampus volumes with tiny U-Nets: every run trained and evaluated once, a
// second invocation skips them all, and the summary's numbers are recomputed from the runs' own evaluations.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli, tempDir } from './fixtures';

interface Evaluation {
  summary: { meanForegroundDsc: number; perClass: Array<{ dsc: number }> };
  perCase: Array<{ id: string; perClass: Array<{ dsc: number }> }>;
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('seglens experiment', () => {
  it('trains the grid once, skips finished runs, and summarises over seeds with paired statistics', async () => {
    const out = path.join(dir, 'grid');
    const argv = [
      'experiment',
      '--dataset',
      'hippocampus',
      '--losses',
      'crossEntropy,dice',
      '--seeds',
      '1,2',
      '--out',
      out,
      '--limit',
      '20',
      '--epochs',
      '1',
      '--size',
      '32',
      '--depth',
      '3',
      '--base-filters',
      '8',
      '--lr',
      '5e-3',
      '--batch-size',
      '8',
      '--json',
      '--quiet',
    ];
    const first = await cli(argv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const r = JSON.parse(first.stdout);
    expect(
      r.runs.map((x: { loss: string; seed: number; status: string }) => `${x.loss}/${x.seed}/${x.status}`),
    ).toEqual(['crossEntropy/1/trained', 'crossEntropy/2/trained', 'dice/1/trained', 'dice/2/trained']);
    const evals: Record<string, Evaluation[]> = {};
    for (const loss of ['crossEntropy', 'dice'])
      evals[loss] = await Promise.all(
        [1, 2].map(
          async (s) =>
            JSON.parse(
              await readFile(path.join(out, 'runs', `${loss}-seed${s}`, 'evaluation.json'), 'utf8'),
            ) as Evaluation,
        ),
      );
    // Mean and sample SD over seeds of each run's mean foreground DSC.
    r.perLoss.forEach((l: { loss: string; meanForegroundDsc: { mean: number; sd: number } }) => {
      const v = evals[l.loss].map((e) => e.summary.meanForegroundDsc);
      expect(l.meanForegroundDsc.mean).toBeCloseTo(mean(v), 12);
      expect(l.meanForegroundDsc.sd).toBeCloseTo(Math.abs(v[0] - v[1]) / Math.SQRT2, 12);
    });
    // Paired: per case, DSC averaged over seeds, first loss minus second, over the 4 validation cases.
    expect(r.perClass).toHaveLength(2);
    r.perClass.forEach((c: { paired: { meanDifference: number; cases: number } }, k: number) => {
      const perCase = (loss: string) =>
        evals[loss][0].perCase.map((_, i) => mean(evals[loss].map((e) => e.perCase[i].perClass[k].dsc)));
      const a = perCase('crossEntropy');
      const b = perCase('dice');
      expect(c.paired.cases).toBe(4);
      expect(c.paired.meanDifference).toBeCloseTo(mean(a.map((x, i) => x - b[i])), 12);
    });
    const md = await readFile(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain('# seglens experiment: hippocampus');
    expect(md).toContain('| crossEntropy | 1 |');
    // Hippocampus volumes have a voxel size: HD95 in mm, recorded with each run's evaluation.
    expect(r.distanceUnit).toBe('mm');
    expect(evals.dice.map((e) => (e as Evaluation & { distanceUnit: string }).distanceUnit)).toEqual([
      'mm',
      'mm',
    ]);
    expect(md).toMatch(/\| [^|]+ HD95 mm \| /);
    expect(md).toContain('| HD95 mm |');

    const again = await cli(argv);
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second.runs.every((x: { status: string }) => x.status === 'skipped')).toBe(true);
    expect(second.perLoss).toEqual(r.perLoss);
    expect(second.perClass).toEqual(r.perClass);

    // Runs evaluated before the unit was recorded take it from the preset: polyp frames are 2-D, in pixels.
    const old = path.join(dir, 'old-polyp');
    for (const loss of ['crossEntropy', 'dice'])
      for (const s of [1, 2]) {
        const { distanceUnit: _unit, ...rest } = JSON.parse(
          await readFile(path.join(out, 'runs', `${loss}-seed${s}`, 'evaluation.json'), 'utf8'),
        );
        await mkdir(path.join(old, 'runs', `${loss}-seed${s}`), { recursive: true });
        await writeFile(path.join(old, 'runs', `${loss}-seed${s}`, 'evaluation.json'), JSON.stringify(rest));
      }
    const polyp = await cli([
      'experiment',
      '--dataset',
      'polyp',
      '--losses',
      'crossEntropy,dice',
      '--seeds',
      '1,2',
      '--out',
      old,
      '--json',
      '--quiet',
    ]);
    expect(polyp.code).toBe(0);
    expect(JSON.parse(polyp.stdout).distanceUnit).toBe('px');
    expect(await readFile(path.join(old, 'summary.md'), 'utf8')).toMatch(/\| [^|]+ HD95 px \| /);

    const bad = await cli([
      'experiment',
      '--dataset',
      'hippocampus',
      '--losses',
      'dice',
      '--seeds',
      '1',
      '--out',
      out,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--losses needs at least two losses to compare');
    const zero = await cli([
      'experiment',
      '--dataset',
      'hippocampus',
      '--losses',
      'dice,rce',
      '--seeds',
      '0',
      '--out',
      out,
    ]);
    expect(zero.stderr).toContain('--seeds: 0 is not an integer ≥ 1');
  }, 600000);
});
