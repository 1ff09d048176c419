import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveDataDir } from '@seglens/data';
import { buildViewer } from '../src/build';
import { PRETRAINED_DIR } from '../src/paths';
import { buildFixtureViewer, FIXTURE_BUNDLES, type BuiltViewer } from './helpers';

let viewer: BuiltViewer;
beforeAll(async () => {
  viewer = await buildFixtureViewer();
});
afterAll(() => viewer?.cleanup());

describe('buildViewer', () => {
  it('writes every part on the first build', () => {
    expect(viewer.result.rebuilt).toEqual([
      'app-config.js',
      'app-config-orthanc.js',
      'ohif-patches',
      'plugins',
      'tfjs',
      'models',
      'demo/hippocampus-1',
      'demo/hippocampus-2',
      'demo/hippocampus-3',
      'demo/hippocampus-labelled',
      'demo/ct-abdomen',
      'demo/ct-liver-seg',
      'demo/ct-abdomen-labelled',
      'demo/cardiac-labelled',
      'demo/polyp',
    ]);
    expect(viewer.result.dataDir).toBe(resolveDataDir());
  });

  it('copies the plugin bundles (with their source maps) byte for byte into _seglens/', async () => {
    for (const [file, text] of Object.entries(FIXTURE_BUNDLES)) {
      const copied = await readFile(path.join(viewer.outDir, '_seglens', path.basename(file)), 'utf8');
      expect(copied).toBe(text);
    }
    expect(existsSync(path.join(viewer.outDir, '_seglens', 'seglens-mode.mjs.map'))).toBe(false);
  });

  it('rebuilds nothing when no input changed, and only the bundles when a bundle changed', async () => {
    const options = { outDir: viewer.outDir, plugins: viewer.plugins };
    expect((await buildViewer(options)).rebuilt).toEqual([]);
    const changed = 'export default { id: "fixture-mode", version: 2 };\n';
    await writeFile(path.join(viewer.plugins.mode, 'seglens-mode.mjs'), changed);
    expect((await buildViewer(options)).rebuilt).toEqual(['plugins']);
    expect(await readFile(path.join(viewer.outDir, '_seglens', 'seglens-mode.mjs'), 'utf8')).toBe(changed);
  });

  it('rebuilds a part whose output was deleted', async () => {
    await rm(path.join(viewer.outDir, '_seglens', 'tfjs'), { recursive: true });
    await rm(path.join(viewer.outDir, 'demo', 'polyp'), { recursive: true });
    const result = await buildViewer({ outDir: viewer.outDir, plugins: viewer.plugins });
    expect(result.rebuilt).toEqual(['tfjs', 'demo/polyp']);
    expect(existsSync(path.join(viewer.outDir, 'demo', 'polyp'))).toBe(true);
  });

  it("rewrites OHIF's patched chunks when one of them was deleted", async () => {
    const list = path.join(viewer.outDir, 'ohif-patches.json');
    const { chunks } = JSON.parse(await readFile(list, 'utf8')) as { chunks: string[] };
    const patched = await readFile(path.join(viewer.outDir, chunks[1]), 'utf8');
    await rm(path.join(viewer.outDir, chunks[1]));
    const result = await buildViewer({ outDir: viewer.outDir, plugins: viewer.plugins });
    expect(result.rebuilt).toEqual(['ohif-patches']);
    expect(await readFile(path.join(viewer.outDir, chunks[1]), 'utf8')).toBe(patched);
    expect((await buildViewer({ outDir: viewer.outDir, plugins: viewer.plugins })).rebuilt).toEqual([]);
  });

  it('names each missing plugin bundle and the command that builds it', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'seglens-viewer-empty-'));
    try {
      const build = buildViewer({
        outDir: path.join(empty, 'dist'),
        plugins: { extension: empty, mode: viewer.plugins.mode },
      });
      await expect(build).rejects.toThrow(path.join(empty, 'seglens-extension.mjs'));
      await expect(build).rejects.toThrow('npx nx run ohif-extension:build');
      await expect(build).rejects.toThrow(path.join(empty, 'seglens-worker.mjs'));
      expect(existsSync(path.join(empty, 'dist'))).toBe(false);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names a missing data directory and npm run fetch-data', async () => {
    const missing = path.join(tmpdir(), 'seglens-no-such-data-dir');
    const build = buildViewer({
      outDir: path.join(viewer.root, 'other'),
      dataDir: missing,
      plugins: viewer.plugins,
    });
    await expect(build).rejects.toThrow(`the data directory ${missing} does not exist`);
    await expect(build).rejects.toThrow('npm run fetch-data');
  });

  it('names a missing demo input (the labelled hippocampus case) and npm run fetch-data', async () => {
    const partial = await mkdtemp(path.join(tmpdir(), 'seglens-viewer-partial-data-'));
    try {
      // Everything but msd-hippocampus, which holds the NIfTI of the labelled case.
      for (const folder of [
        'msd-hippocampus-dicom',
        'ct-abdomen-totalsegmentator',
        'ct-liver-dicom-seg',
        'polypgen-256',
      ]) {
        await symlink(path.join(resolveDataDir(), folder), path.join(partial, folder));
      }
      const card = JSON.parse(
        await readFile(path.join(PRETRAINED_DIR, 'hippocampus-rce', 'seglens.json'), 'utf8'),
      );
      const caseFile: string = card.training.dataset.validationCases[0];
      const build = buildViewer({
        outDir: path.join(partial, 'dist'),
        dataDir: partial,
        plugins: viewer.plugins,
      });
      await expect(build).rejects.toThrow(
        `demo study "hippocampus-labelled" needs ${path.join(partial, 'msd-hippocampus', 'images', caseFile)}, which is missing`,
      );
      await expect(build).rejects.toThrow('npm run fetch-data');
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  });
});
