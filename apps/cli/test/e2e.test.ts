// The real `seglens` binary, spawned as a user runs it from the repository root: the committed shim builds
// the bundle when there is none, prints help, runs `evaluate --json`, and stops a training run on SIGINT with
// exit code 130 and the last checkpoint intact.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
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
    for (const command of ['train', 'evaluate', 'predict', 'compare', 'bench'])
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
});
