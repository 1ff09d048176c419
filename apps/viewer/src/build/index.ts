// buildViewer: writes apps/viewer/dist, the folder the server serves before OHIF's own dist:
//   app-config.js, app-config-orthanc.js   window.config for each mode
//   <OHIF chunk>.js, ohif-patches.json      OHIF's chunks that ohif-patches.ts fixes, under their own names
//   _seglens/seglens-{extension,worker,mode}.mjs (+ .map), _seglens/tfjs/*.wasm, _seglens/models/...
//   demo/index.json, demo/<id>.json, demo/<id>/... (generated DICOM)
// Each part is rebuilt only when its inputs changed, so a second build takes well under a second.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { resolveDataDir } from '@seglens/data';
import type { DemoStudyEntry } from '../contracts';
import { buildDemo } from '../demo/build';
import {
  DEFAULT_DIST_DIR,
  EXTENSION_DIST_DIR,
  MODE_DIST_DIR,
  ohifDistDir,
  PRETRAINED_DIR,
  tfjsWasmDir,
} from '../paths';
import { APP_CONFIG_FILES, appConfigScript, type ViewerMode } from './app-config';
import { copyModels, copyTfjsWasm, pluginFiles, type PluginDirs } from './assets';
import { copyAtomic, fingerprint, removeTempLeftovers, replaceDir, writeIfChanged } from './fs-steps';
import { OHIF_PATCHES, patchesInPlace, writeOhifPatches } from './ohif-patches';
import { BuildRecord } from './record';

export interface BuildViewerOptions {
  /** Default apps/viewer/dist. */
  outDir?: string;
  /** Default: resolveDataDir() (SEGLENS_DATA_DIR, ../shared/data, ./data). */
  dataDir?: string;
  /** Folders of the plugin bundles; default packages/ohif-extension/dist and packages/ohif-mode/dist. */
  plugins?: Partial<PluginDirs>;
  /** Rebuild every part even when its inputs did not change. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface BuildViewerResult {
  outDir: string;
  dataDir: string;
  studies: DemoStudyEntry[];
  /** Parts rebuilt by this run (e.g. "models", "demo/polyp"); the others were up to date. */
  rebuilt: string[];
}

/** The data directory, checked to exist (an Error names it and the fix). */
export function checkedDataDir(dataDir?: string): string {
  const dir = dataDir ? path.resolve(dataDir) : resolveDataDir();
  if (!existsSync(dir)) {
    throw new Error(
      `the data directory ${dir} does not exist: run \`npm run fetch-data\` to download the public data sets, ` +
        `or point SEGLENS_DATA_DIR (or --data-dir) at a folder that has them`,
    );
  }
  return dir;
}

export async function buildViewer(options: BuildViewerOptions = {}): Promise<BuildViewerResult> {
  const outDir = path.resolve(options.outDir ?? DEFAULT_DIST_DIR);
  const dataDir = checkedDataDir(options.dataDir);
  // Checked first: without the bundles the viewer is useless, so fail before spending time on the demo.
  const plugins = pluginFiles({
    extension: options.plugins?.extension ?? EXTENSION_DIST_DIR,
    mode: options.plugins?.mode ?? MODE_DIST_DIR,
  });
  const seglensDir = path.join(outDir, '_seglens');
  await mkdir(seglensDir, { recursive: true });
  await removeTempLeftovers(outDir);
  await removeTempLeftovers(seglensDir);
  const record = await BuildRecord.load(outDir);
  const rebuilt: string[] = [];
  const log = options.log ?? (() => undefined);

  // One part: rebuilt when forced, when its output is gone, or when its inputs' fingerprint changed.
  const part = async (
    name: string,
    inputs: string[],
    output: string,
    make: () => Promise<void>,
    extra?: unknown,
  ): Promise<void> => {
    const stamp = await fingerprint(inputs, { part: name, ...(extra === undefined ? {} : { extra }) });
    if (!options.force && existsSync(output) && record.get(name) === stamp) return;
    const started = Date.now();
    await make();
    await record.set(name, stamp);
    rebuilt.push(name);
    log(`${name}: built in ${Date.now() - started} ms`);
  };

  for (const [mode, file] of Object.entries(APP_CONFIG_FILES) as [ViewerMode, string][]) {
    if (await writeIfChanged(path.join(outDir, file), appConfigScript(mode))) rebuilt.push(file);
  }

  const ohifDir = ohifDistDir();
  const patchList = path.join(outDir, 'ohif-patches.json');
  // The list is the part's output: without every chunk it names, it is as good as gone.
  if (!patchesInPlace(outDir, patchList)) await rm(patchList, { force: true });
  await part(
    'ohif-patches',
    [ohifDir],
    patchList,
    async () => {
      const chunks = await writeOhifPatches(ohifDir, outDir);
      const list = { patches: OHIF_PATCHES.map((p) => p.name), chunks };
      await writeIfChanged(patchList, JSON.stringify(list, null, 2) + '\n');
    },
    OHIF_PATCHES,
  );

  await part(
    'plugins',
    plugins.map((p) => p.source),
    path.join(seglensDir, plugins[0].name),
    async () => {
      for (const p of plugins) await copyAtomic(p.source, path.join(seglensDir, p.name));
    },
  );

  const wasmDir = tfjsWasmDir();
  const wasmFiles = (await readdir(wasmDir))
    .filter((n) => n.endsWith('.wasm'))
    .map((n) => path.join(wasmDir, n));
  const tfjsDir = path.join(seglensDir, 'tfjs');
  await part('tfjs', wasmFiles, tfjsDir, () =>
    replaceDir(tfjsDir, async (tmp) => void (await copyTfjsWasm(wasmDir, tmp))),
  );

  const modelsDir = path.join(seglensDir, 'models');
  await part('models', [PRETRAINED_DIR], modelsDir, () =>
    replaceDir(modelsDir, async (tmp) => {
      const index = await copyModels(PRETRAINED_DIR, tmp);
      await writeIfChanged(path.join(tmp, 'index.json'), JSON.stringify(index, null, 2) + '\n');
    }),
  );

  const demoDir = path.join(outDir, 'demo');
  await mkdir(demoDir, { recursive: true });
  const demo = await buildDemo({ demoDir, dataDir, record, force: options.force, log });
  return { outDir, dataDir, studies: demo.studies, rebuilt: [...rebuilt, ...demo.rebuilt] };
}
