// The real `seglens` binary, spawned as a user runs it from the repository root: the committed shim builds
// the bundle when there is none, prints help, runs `evaluate --json`, and stops train, evaluate and predict on
// a real SIGINT in the middle of their work with exit code 130, no partial output and the last checkpoint
// intact. The signal is sent when the command reports that its long loop has begun; nothing is timed.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATASET_FOLDERS, datasetDir, readNiftiFile, writeNiftiFile } from '@seglens/data';
import { cli, tempDir, trainHippocampus, TINY } from './fixtures';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'apps', 'cli', 'bin', 'seglens.cjs');

let dir: string;
let cleanup: () => Promise<void>;
const afterCleanup: string[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await cleanup();
  for (const d of afterCleanup) rmSync(d, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/**
 * Spawns the binary and sends one SIGINT the first time `ready` matches what it printed to stderr (its
 * progress) — i.e. once the long loop under test has begun. Resolves with the exit code and the output.
 */
function interruptWhen(
  args: string[],
  ready: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string; signalled: boolean }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (!signalled && ready.test(stderr)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, signalled })));
}

describe('the seglens binary', () => {
  it('builds its bundle when there is none and prints help', () => {
    // Inside the repository (the bundle resolves TF.js and friends from its node_modules), beside dist/.
    const cold = path.join(repoRoot, 'apps', 'cli', 'dist', `.cold-${process.pid}`);
    const bundle = path.join(cold, 'seglens.cjs');
    afterCleanup.push(cold);
    const r = run(['--help'], { SEGLENS_CLI_BUNDLE: bundle });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(bundle)).toBe(true);
    // A second run finds the bundle fresh and does not rebuild it.
    const built = statSync(bundle).mtimeMs;
    expect(run(['--version'], { SEGLENS_CLI_BUNDLE: bundle }).stdout).toBe('0.1.0\n');
    expect(statSync(bundle).mtimeMs).toBe(built);
    for (const command of ['train', 'evaluate', 'predict', 'compare', 'experiment', 'convert', 'bench'])
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const usage = run(['train', '--dataset', 'mnist'], { SEGLENS_CLI_BUNDLE: bundle });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^seglens train: /);
  });

  it('prints the same evaluate --json as the in-process command', async () => {
    const model = await trainHippocampus(path.join(dir, 'model'), 'logDice');
    const args = [
      'evaluate',
      '--model',
      model,
      '--dataset',
      'hippocampus',
      '--split',
      'all',
      '--limit',
      '2',
      '--json',
    ];
    const r = run(args);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('segmenting with hippocampus-logDice: 2/2 cases (100%)');
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse((await cli([...args, '--quiet'])).stdout));
  });

  it('stops training on SIGINT with exit code 130, keeping the last checkpoint', async () => {
    const out = path.join(dir, 'interrupted');
    const child = spawn(
      process.execPath,
      [
        bin,
        'train',
        '--dataset',
        'hippocampus',
        '--loss',
        'crossEntropy',
        '--limit',
        '6',
        '--epochs',
        '100',
        '--out',
        out,
        ...TINY,
      ],
      { cwd: repoRoot },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (/^ +1 +\d/m.test(stdout) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const saved = JSON.parse(
      readFileSync(path.join(out, 'checkpoint', 'training-state.json'), 'utf8'),
    ).epochsDone;
    expect(saved).toBeGreaterThanOrEqual(1);
    expect(stderr).toContain(
      `training stopped; the checkpoint of epoch ${saved} is intact in ${out}/checkpoint (continue with --resume)`,
    );
    expect(stderr.trimEnd().endsWith('seglens train: interrupted')).toBe(true);
  });

  it('stops training within the epoch on SIGINT: no checkpoint of a half-done epoch', async () => {
    const out = path.join(dir, 'mid-epoch');
    // Batches of 1 slice: hundreds of steps in the first epoch, the signal comes before the first of them.
    const tiny = [...TINY.filter((a) => a !== '--quiet')];
    tiny[tiny.indexOf('--batch-size') + 1] = '1';
    const r = await interruptWhen(
      [
        'train',
        '--dataset',
        'hippocampus',
        '--loss',
        'crossEntropy',
        '--limit',
        '10',
        '--epochs',
        '3',
        '--out',
        out,
        ...tiny,
      ],
      /steps per epoch/,
    );
    expect(r.signalled).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'training stopped before the first epoch finished; no new checkpoint was written\n',
    );
    expect(existsSync(path.join(out, 'checkpoint'))).toBe(false);
    expect(existsSync(path.join(out, 'model'))).toBe(false);
  });

  it('stops evaluate on SIGINT with 130 and prints no result', async () => {
    const r = await interruptWhen(
      [
        'evaluate',
        '--model',
        'hippocampus-rce',
        '--dataset',
        'hippocampus',
        '--split',
        'all',
        '--limit',
        '60',
        '--json',
      ],
      /segmenting with hippocampus-rce: \d+\/60 cases/,
    );
    expect(r.signalled).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().endsWith('seglens evaluate: interrupted')).toBe(true);
  });

  it('stops convert on SIGINT with 130 and writes no model', async () => {
    const out = path.join(dir, 'converted-interrupted');
    const r = await interruptWhen(
      ['convert', '--model', 'hippocampus-rce', '--dataset', 'hippocampus', '--out', out, '--json'],
      /scoring hippocampus-rce in float16: \d+\/42 cases/,
    );
    expect(r.signalled).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().endsWith('seglens convert: interrupted')).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it('stops predict on SIGINT with 130 and writes nothing', async () => {
    // A real MR volume stacked 60 times along z (2100 slices): seconds of segmenting after the first tenth.
    const { volume } = await readNiftiFile(
      path.join(datasetDir(DATASET_FOLDERS.hippocampus), 'images', 'hippocampus_001.nii.gz'),
    );
    const copies = 60;
    const voxels = new Uint8Array(volume.voxels.length * copies);
    for (let k = 0; k < copies; k++) voxels.set(volume.voxels, k * volume.voxels.length);
    const input = path.join(dir, 'tall.nii.gz');
    await writeNiftiFile(input, {
      ...volume,
      voxels,
      dims: [volume.dims[0], volume.dims[1], volume.dims[2] * copies],
    });
    const folder = path.join(dir, 'predict-interrupted');
    const out = path.join(folder, 'labels.nii.gz');
    const r = await interruptWhen(
      ['predict', '--model', 'hippocampus-rce', '--input', input, '--out', out],
      /segmenting tall\.nii\.gz: \d+\/2100 slices/,
    );
    expect(r.signalled).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });
  it('says "permission denied", not "no such file", for folders it may not read or write', () => {
    // Permissions do not bind root: as root, the binary runs as the unprivileged user nobody (util-linux setpriv).
    const asUser = (args: string[]) =>
      process.getuid?.() === 0
        ? spawnSync(
            'setpriv',
            ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args],
            {
              cwd: repoRoot,
              encoding: 'utf8',
            },
          )
        : run(args);
    expect(run(['--version']).status).toBe(0); // a fresh bundle, so the other user need not write one
    const root = mkdtempSync(path.join(tmpdir(), 'seglens-perm-'));
    afterCleanup.push(root);
    chmodSync(root, 0o755);
    const locked = path.join(root, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const input = path.join(locked, 'case.nii.gz');
    copyFileSync(
      path.join(datasetDir(DATASET_FOLDERS.hippocampus), 'images', 'hippocampus_001.nii.gz'),
      input,
    );
    const predict = asUser([
      'predict',
      '--model',
      'hippocampus-rce',
      '--input',
      input,
      '--out',
      path.join(root, 'x.nii.gz'),
    ]);
    expect([predict.status, predict.stderr]).toEqual([
      1,
      `seglens predict: error: --input ${input}: cannot read it: permission denied\n`,
    ]);
    const readOnly = path.join(root, 'read-only');
    mkdirSync(readOnly, { mode: 0o555 });
    const out = path.join(readOnly, 'run');
    const train = asUser([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--out',
      out,
      '--data-dir',
      path.join(root, 'no-data'),
    ]);
    expect([train.status, train.stderr]).toEqual([
      1,
      `seglens train: error: --out ${out}: cannot write in ${readOnly}: permission denied\n`,
    ]);
  });
});
