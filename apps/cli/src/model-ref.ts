// `--model <dir|name>`: a model directory (a saved model, or a `train --out` folder whose best model is in
// model/), or the name of a model shipped in packages/models/pretrained/<name>/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MODEL_CARD_FILE } from '@seglens/models';
import { UsageError } from './errors';

/** The models the lead trains and ships with the repository (see packages/models/pretrained). */
export const SHIPPED_MODELS = [
  'hippocampus-rce',
  'hippocampus-dice',
  'hippocampus-ce',
  'polyp-rce',
  'polyp-dice',
  'cardiac-rce',
  'cardiac-dice',
  'cardiac-ce',
  'ct-abdomen-rce',
  'ct-abdomen-dice',
  'ct-abdomen-ce',
] as const;

/**
 * packages/models/pretrained, found through the installed @seglens/models package (a symlink to
 * packages/models in the workspace), so it works from the sources, the bundle and any working directory.
 */
export function pretrainedDir(): string {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'noop.js');
  const manifest = createRequire(from).resolve('@seglens/models/package.json');
  return path.join(path.dirname(manifest), 'pretrained');
}

function isModelDir(dir: string): boolean {
  return existsSync(path.join(dir, MODEL_CARD_FILE)) || existsSync(path.join(dir, 'model', MODEL_CARD_FILE));
}

/** Shipped models whose folder is present (trained and committed). */
export function availableShippedModels(dir = pretrainedDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory() && isModelDir(path.join(dir, name)))
    .sort();
}

/**
 * The directory `ref` names: an existing folder (relative to `cwd`), else a shipped model. Unknown names and
 * shipped models that are not present yet are usage errors listing what is available.
 */
export function resolveModelDir(
  ref: string,
  options: { cwd?: string; flag?: string; pretrained?: string } = {},
): string {
  const flag = options.flag ?? '--model';
  const cwd = options.cwd ?? process.cwd();
  const asPath = path.resolve(cwd, ref);
  if (existsSync(asPath)) {
    if (!statSync(asPath).isDirectory())
      throw new UsageError(
        `${flag} ${ref}: is a file; give the model's directory (the folder holding ${MODEL_CARD_FILE})`,
      );
    if (!isModelDir(asPath))
      throw new UsageError(
        `${flag} ${ref}: ${asPath} holds no ${MODEL_CARD_FILE} (nor model/${MODEL_CARD_FILE}), so it is not a seglens model directory`,
      );
    return asPath;
  }
  const dir = options.pretrained ?? pretrainedDir();
  const available = availableShippedModels(dir);
  const availableText =
    available.length > 0 ? `available: ${available.join(', ')}` : `none is present in ${dir} yet`;
  if ((SHIPPED_MODELS as readonly string[]).includes(ref) || available.includes(ref)) {
    const shipped = path.join(dir, ref);
    if (isModelDir(shipped)) return shipped;
    throw new UsageError(
      `${flag} ${ref}: the shipped model '${ref}' is not in ${shipped} (it has not been trained yet; ${availableText}). Train one with \`seglens train\` and pass its --out directory`,
    );
  }
  throw new UsageError(
    `${flag} ${ref}: no such directory, and not a shipped model name (shipped: ${SHIPPED_MODELS.join(', ')}; ${availableText})`,
  );
}
