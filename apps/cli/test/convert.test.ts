// `seglens convert` on a shipped model: float16 weights, half the files, a card whose validation is measured again
// on the converted weights (so `seglens evaluate` reproduces it to the last digit), and a refusal that writes
// nothing when accuracy does not hold, when --out holds files, or when the split is not the card's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveModelDir } from '../src/model-ref';
import { cli, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const card = (folder: string) => JSON.parse(readFileSync(path.join(folder, 'seglens.json'), 'utf8'));
const args = (out: string, ...more: string[]) => [
  'convert',
  '--model',
  'hippocampus-rce',
  '--dataset',
  'hippocampus',
  '--out',
  out,
  '--quiet',
  ...more,
];

describe('seglens convert', () => {
  it('writes float16 weights in half the bytes, with a validation that evaluate reproduces', async () => {
    const out = path.join(dir, 'hippocampus-rce-f16');
    const r = await cli([...args(out), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const original = card(resolveModelDir('hippocampus-rce'));
    expect(result).toMatchObject({
      model: 'hippocampus-rce',
      out,
      weights: 'float16',
      cases: 42,
      nsdTolerance: 1,
    });
    expect(result.meanForegroundDsc.before).toBe(original.validation.meanForegroundDsc);
    expect(Math.abs(result.meanForegroundDsc.change)).toBeLessThanOrEqual(0.002);
    expect(result.meanForegroundDsc.change).not.toBe(0); // rounding did change the weights
    // The weight file halves; the card and model.json stay about the same.
    expect(result.bytes.after).toBeLessThan(0.6 * result.bytes.before);
    const converted = card(out);
    expect(converted.weightDtype).toBe('float16');
    expect(converted.validation.meanForegroundDsc).toBe(result.meanForegroundDsc.after);
    expect(converted.validation.convolution).toBe('winograd4'); // the shipped card has none: measured direct
    expect(original.validation.convolution).toBeUndefined();
    expect(converted.validation.perClass.map((k: { name: string }) => k.name)).toEqual([
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    expect(converted.training).toEqual(original.training);
    expect(converted.description).toMatch(
      /^.+ Weights stored as float16 by seglens convert on \d{4}-\d{2}-\d{2}; validation measured on them \(the card's before: 0\.852458\)\.$/,
    );
    expect(converted.description.startsWith(original.description)).toBe(true);
    const evaluated = await cli([
      'evaluate',
      '--model',
      out,
      '--dataset',
      'hippocampus',
      '--split',
      'val',
      '--json',
      '--quiet',
    ]);
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout).meanForegroundDsc).toBe(converted.validation.meanForegroundDsc);
  });

  it('writes nothing when the DSC moves by more than --max-dsc-change', async () => {
    const out = path.join(dir, 'too-strict');
    const r = await cli(args(out, '--max-dsc-change', '0'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /model 'hippocampus-rce' in float16: validation mean foreground DSC 0\.\d{6} against the card's 0\.852458 \(change -?0\.\d{6}, more than --max-dsc-change 0\); nothing was written/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('leaves a folder that holds files alone', async () => {
    const out = path.join(dir, 'occupied');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const r = await cli(args(out));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--out ${out} already holds 1 file(s); choose a new or empty folder`);
    expect(readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it("refuses a val split that is not the card's validation list, naming a missing case", async () => {
    const out = path.join(dir, 'other-split');
    const r = await cli(args(out, '--split-seed', '3'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /the val split of msd-hippocampus \(42 cases\) is not the validation list of model 'hippocampus-rce' \(42 cases, e\.g\. hippocampus_\d+\.nii\.gz\): pass the --split-seed, --limit or --group-by it was trained with/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names a precision it does not know', async () => {
    const r = await cli(args(path.join(dir, 'x'), '--weights', 'int8'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('int8');
  });
});
