// Models in the browser's IndexedDB: the network through TF.js's own `indexeddb://` store (so tf.io's model
// management sees it), and beside it, in seglens's own database, the card and the exact model.json text.
// Loading re-splits the stored weights into the card's shards and verifies every hash, as for files. The card
// database itself, and listing it, is card-store.ts (no TF.js, so the viewer's main thread can list models).
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_CARD_FILE, type ModelCard } from '../card';
import { parseCardBytes } from '../card/validate';
import { tfUrl, withStore, type CardRecord } from './card-store';
import { encodeModel, MODEL_JSON, networkFromBytes, verifyFile, type EncodeOptions } from './model-files';
import { sha256WebCrypto } from './sha256';
import type { SeglensModel } from './types';

function checkName(name: string, caller: string): void {
  if (typeof name !== 'string' || name.length === 0)
    throw new Error(`${caller}: name must be a non-empty string`);
}

/** Saves the model under `name`; returns the card as stored. The card is written last, as the commit. */
export async function saveModelToIndexedDB(
  model: SeglensModel,
  name: string,
  options: EncodeOptions = {},
): Promise<ModelCard> {
  checkName(name, 'saveModelToIndexedDB');
  const { files, card } = await encodeModel(model, sha256WebCrypto, options);
  const modelJsonText = new TextDecoder().decode(files.get(MODEL_JSON));
  const json = JSON.parse(modelJsonText) as {
    modelTopology: tf.io.ModelArtifacts['modelTopology'];
    weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
  };
  const shards = card.files.slice(1).map((f) => files.get(f.path) as Uint8Array);
  const weightData = tf.io.concatenateArrayBuffers(shards.map((s) => s.slice().buffer));
  const handlers = tf.io.getSaveHandlers(tfUrl(name));
  if (handlers.length === 0 || !handlers[0].save)
    throw new Error('saveModelToIndexedDB: TF.js has no indexeddb:// handler here (browsers only)');
  await handlers[0].save({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData,
    format: 'layers-model',
  });
  const record: CardRecord = {
    name,
    card: new TextDecoder().decode(files.get(MODEL_CARD_FILE)),
    modelJson: modelJsonText,
  };
  await withStore('readwrite', (store) => store.put(record));
  return card;
}

/** Loads and verifies the model saved under `name`. */
export async function loadModelFromIndexedDB(name: string): Promise<SeglensModel> {
  checkName(name, 'loadModelFromIndexedDB');
  const source = tfUrl(name);
  const record = (await withStore('readonly', (store) => store.get(name))) as CardRecord | undefined;
  if (!record) throw new Error(`loadModelFromIndexedDB: no seglens model card is stored for ${source}`);
  const encoder = new TextEncoder();
  const card = parseCardBytes(encoder.encode(record.card), `${source}/${MODEL_CARD_FILE}`);
  const modelJsonBytes = encoder.encode(record.modelJson);
  await verifyFile(card, MODEL_JSON, modelJsonBytes, sha256WebCrypto, source);
  const handlers = tf.io.getLoadHandlers(source);
  if (handlers.length === 0 || !handlers[0].load)
    throw new Error('loadModelFromIndexedDB: TF.js has no indexeddb:// handler here (browsers only)');
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handlers[0].load();
  } catch (error) {
    throw new Error(`loadModelFromIndexedDB: TF.js could not read ${source}: ${(error as Error).message}`);
  }
  if (artifacts.weightData === undefined) throw new Error(`loadModelFromIndexedDB: ${source} has no weights`);
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const shards: Uint8Array[] = [];
  let offset = 0;
  for (const f of card.files.slice(1)) {
    const shard = weights.subarray(offset, Math.min(weights.length, offset + f.bytes));
    await verifyFile(card, f.path, shard, sha256WebCrypto, source);
    shards.push(shard);
    offset += f.bytes;
  }
  if (offset !== weights.length)
    throw new Error(
      `loadModelFromIndexedDB: ${source} holds ${weights.length} weight bytes but the card lists ${offset}`,
    );
  const net = await networkFromBytes(modelJsonBytes, shards, card, source);
  return { net, card };
}

/** Removes the model and its card. */
export async function deleteModelFromIndexedDB(name: string): Promise<void> {
  checkName(name, 'deleteModelFromIndexedDB');
  await withStore('readwrite', (store) => store.delete(name));
  await tf.io.removeModel(tfUrl(name)).catch(() => undefined);
}
