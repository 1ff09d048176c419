import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATA_DIR_ENV, datasetDir, locateDataDir, resolveDataDir, writeFileAtomic } from '../../src';

/** <tmp>/work/repo (an npm workspace root with packages/pkg inside) and, optionally, <tmp>/work/shared/data. */
function makeTree(withShared: boolean): { root: string; repo: string; pkg: string; shared: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'seglens-config-')));
  const repo = join(root, 'work', 'repo');
  const pkg = join(repo, 'packages', 'pkg');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'r', workspaces: ['packages/*'] }));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'p' }));
  const shared = join(root, 'work', 'shared', 'data');
  if (withShared) mkdirSync(join(shared, 'msd-hippocampus'), { recursive: true });
  return { root, repo, pkg, shared };
}

describe('resolveDataDir', () => {
  const trees: string[] = [];
  afterAll(() => trees.forEach((t) => rmSync(t, { recursive: true, force: true })));

  it('defaults to ../shared/data beside the repository root, from the root or from a package folder', () => {
    const t = makeTree(true);
    trees.push(t.root);
    for (const cwd of [t.repo, t.pkg]) {
      expect(locateDataDir({ cwd, env: {} })).toEqual({ dir: t.shared, source: 'shared' });
    }
  });

  it('falls back to <repo>/data when ../shared/data does not exist', () => {
    const t = makeTree(false);
    trees.push(t.root);
    expect(locateDataDir({ cwd: t.pkg, env: {} })).toEqual({ dir: join(t.repo, 'data'), source: 'local' });
  });

  it('prefers the flag, then SEGLENS_DATA_DIR; relative values are taken from cwd', () => {
    const t = makeTree(true);
    trees.push(t.root);
    const env = { [DATA_DIR_ENV]: '/elsewhere/data' };
    expect(locateDataDir({ cwd: t.pkg, env })).toEqual({ dir: '/elsewhere/data', source: 'env' });
    expect(locateDataDir({ cwd: t.pkg, env, flag: 'mine' })).toEqual({
      dir: join(t.pkg, 'mine'),
      source: 'flag',
    });
    expect(resolveDataDir({ cwd: t.repo, env: { [DATA_DIR_ENV]: '' } })).toBe(t.shared);
    expect(() => resolveDataDir({ cwd: t.repo, flag: ' ' })).toThrow(
      'resolveDataDir: the --data-dir flag is empty',
    );
  });

  it("finds this repository's real data directory from the package folder", () => {
    // The test runner's cwd is packages/data; the shared data sits at <repo>/../shared/data (or SEGLENS_DATA_DIR).
    const expected = process.env[DATA_DIR_ENV]
      ? resolve(process.env[DATA_DIR_ENV])
      : resolve('../../../shared/data');
    expect(resolveDataDir()).toBe(expected);
    expect(readdirSync(resolveDataDir())).toEqual(
      expect.arrayContaining(['msd-hippocampus', 'polypgen-256']),
    );
  });
});

describe('datasetDir', () => {
  it('returns the folder when present and explains how to get it when missing', () => {
    const t = makeTree(true);
    try {
      expect(datasetDir('msd-hippocampus', { cwd: t.repo, env: {} })).toBe(join(t.shared, 'msd-hippocampus'));
      expect(() => datasetDir('polypgen-256', { cwd: t.repo, env: {} })).toThrow(
        `Dataset folder "polypgen-256" is missing from the data directory ${t.shared} (chosen by the default ` +
          '../shared/data next to the repository). Run `npm run fetch-data` to download the public data sets',
      );
      expect(() => datasetDir('polypgen-256', { dataDir: join(t.root, 'x') })).toThrow(
        /chosen by the --data-dir flag/,
      );
      expect(() => datasetDir('../etc', { dataDir: t.root })).toThrow(
        'datasetDir: invalid dataset folder name "../etc"',
      );
    } finally {
      rmSync(t.root, { recursive: true, force: true });
    }
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target in one step and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seglens-atomic-'));
    try {
      const path = join(dir, 'card.json');
      writeFileSync(path, 'old');
      await writeFileAtomic(path, '{"new":true}');
      expect(readFileSync(path, 'utf8')).toBe('{"new":true}');
      expect(readdirSync(dir)).toEqual(['card.json']);
      const target = join(dir, 'missing', 'x.bin');
      await expect(writeFileAtomic(target, new Uint8Array([1]))).rejects.toThrow(
        `writeFileAtomic: could not write ${target}`,
      );
      expect(readdirSync(dir)).toEqual(['card.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seglens-atomic-'));
    try {
      const path = join(dir, 'labels.nii');
      writeFileSync(path, 'old', { mode: 0o640 });
      await writeFileAtomic(path, 'new');
      expect(statSync(path).mode & 0o7777).toBe(0o640);
      writeFileSync(join(dir, 'exec.sh'), 'old');
      const exec = join(dir, 'exec.sh');
      chmodSync(exec, 0o751);
      await writeFileAtomic(exec, 'new');
      expect(statSync(exec).mode & 0o7777).toBe(0o751);
      expect(readFileSync(exec, 'utf8')).toBe('new');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
