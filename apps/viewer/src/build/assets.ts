// The /_seglens/ assets: the OHIF extension, worker and mode bundles, TF.js's .wasm files and the shipped
// models with their index.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelIndex, ModelIndexEntry } from '../contracts';

/** The bundles OHIF loads by URL, and the package that builds each. */
export const PLUGIN_BUNDLES = [
  { file: 'seglens-extension.mjs', project: 'ohif-extension', from: 'extension' },
  { file: 'seglens-worker.mjs', project: 'ohif-extension', from: 'extension' },
  { file: 'seglens-mode.mjs', project: 'ohif-mode', from: 'mode' },
] as const;

export interface PluginDirs {
  /** Folder holding seglens-extension.mjs and seglens-worker.mjs (packages/ohif-extension/dist). */
  extension: string;
  /** Folder holding seglens-mode.mjs (packages/ohif-mode/dist). */
  mode: string;
}

/** Source paths of the bundles and their source maps (when present); an Error names each missing bundle. */
export function pluginFiles(dirs: PluginDirs): { source: string; name: string }[] {
  const files: { source: string; name: string }[] = [];
  const missing: string[] = [];
  for (const bundle of PLUGIN_BUNDLES) {
    const source = path.join(dirs[bundle.from], bundle.file);
    if (!existsSync(source)) {
      missing.push(`${source} (build it with \`npx nx run ${bundle.project}:build\`)`);
      continue;
    }
    files.push({ source, name: bundle.file });
    if (existsSync(`${source}.map`)) files.push({ source: `${source}.map`, name: `${bundle.file}.map` });
  }
  if (missing.length > 0)
    throw new Error(`the viewer needs the OHIF plugin bundles; missing: ${missing.join('; ')}`);
  return files;
}

/** Copies TF.js's WASM backend binaries (every dist/*.wasm) into `outDir`. */
export async function copyTfjsWasm(wasmDir: string, outDir: string): Promise<string[]> {
  const names = (await readdir(wasmDir)).filter((n) => n.endsWith('.wasm')).sort();
  if (names.length === 0)
    throw new Error(`${wasmDir} holds no .wasm files (@tensorflow/tfjs-backend-wasm incomplete?)`);
  for (const name of names) await copyFile(path.join(wasmDir, name), path.join(outDir, name));
  return names;
}

async function readCard(file: string): Promise<Record<string, unknown>> {
  let card: unknown;
  try {
    card = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable model card (${(error as Error).message})`);
  }
  if (!card || typeof card !== 'object' || (card as { format?: unknown }).format !== 'seglens-model-card') {
    throw new Error(`${file}: not a seglens model card (its "format" is not "seglens-model-card")`);
  }
  return card as Record<string, unknown>;
}

/**
 * Copies every model folder of `pretrainedDir` (model.json, seglens.json, weight shards) into `outDir/<name>/`
 * and writes nothing else; returns the index that lists them with their cards. A folder without seglens.json
 * or without the files its card lists is an Error naming it.
 */
export async function copyModels(pretrainedDir: string, outDir: string): Promise<ModelIndex> {
  const entries = await readdir(pretrainedDir, { withFileTypes: true }).catch((error: Error) => {
    throw new Error(`cannot read the shipped models in ${pretrainedDir}: ${error.message}`);
  });
  const models: ModelIndexEntry[] = [];
  for (const entry of entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(pretrainedDir, entry.name);
    const card = await readCard(path.join(dir, 'seglens.json'));
    const listed = Array.isArray(card.files)
      ? (card.files as { path?: unknown }[]).map((f) => String(f.path))
      : [];
    for (const file of listed) {
      if (!existsSync(path.join(dir, file)))
        throw new Error(`${dir}: its card lists ${file}, which is missing`);
    }
    const target = path.join(outDir, entry.name);
    await mkdir(target);
    for (const name of (await readdir(dir)).filter((n) => !n.startsWith('.')).sort()) {
      if ((await stat(path.join(dir, name))).isFile())
        await copyFile(path.join(dir, name), path.join(target, name));
    }
    models.push({ name: entry.name, path: `${entry.name}/`, card });
  }
  if (models.length === 0) throw new Error(`${pretrainedDir} holds no model folders`);
  return { format: 'seglens-model-index', formatVersion: 1, models };
}
