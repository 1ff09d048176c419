// Saving a model to, and loading it from, a directory (Node only).
import { MODEL_CARD_FILE, type ModelCard } from '../../card';
import { decodeModel, encodeModel, type EncodeOptions } from '../model-files';
import type { SeglensModel } from '../types';
import { exists, nodePath, readFileIn, writeDirectoryAtomic } from './directory';
import { sha256Node } from './hash';

/**
 * Saves model.json, the weight shards and seglens.json into `dir`, replacing whatever was there in one step.
 * Returns the card as written (with every file's SHA-256).
 */
export async function saveModelToDirectory(
  model: SeglensModel,
  dir: string,
  options: EncodeOptions = {},
): Promise<ModelCard> {
  const { files, card } = await encodeModel(model, sha256Node, options);
  await writeDirectoryAtomic(dir, files, 'saveModelToDirectory');
  return card;
}

/**
 * Loads a model directory, verifying every file against the card. A training output directory (with the
 * best model in `model/`) is accepted too.
 */
export async function loadModelFromDirectory(dir: string): Promise<SeglensModel> {
  const caller = 'loadModelFromDirectory';
  const path = nodePath(caller);
  let root = path.resolve(dir);
  if (
    !(await exists(path.join(root, MODEL_CARD_FILE), caller)) &&
    (await exists(path.join(root, 'model', MODEL_CARD_FILE), caller))
  ) {
    root = path.join(root, 'model');
  }
  if (!(await exists(path.join(root, MODEL_CARD_FILE), caller))) {
    throw new Error(`${caller}: ${root} has no ${MODEL_CARD_FILE} (not a seglens model directory)`);
  }
  return decodeModel((name) => readFileIn(root, name, caller), sha256Node, root);
}
