/**
 * The viewer's list of shipped models (`models/index.json` next to the extension bundle):
 *
 *   { "format": "seglens-model-index", "formatVersion": 1,
 *     "models": [{ "name": "hippocampus-rce", "path": "hippocampus-rce/", "card": { ...its seglens.json... } }] }
 *
 * `path` is the model's folder relative to the index; the entry's key is its absolute URL (what loadModel
 * takes). Every card is validated with validateModelCard; errors name the index URL and the model.
 */
import { validateModelCard } from '@seglens/models/card';
import { entryFromCard, type CatalogEntry } from './entry';

export const MODEL_INDEX_FORMAT = 'seglens-model-index';
export const MODEL_INDEX_VERSION = 1;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}

export function parseModelIndex(json: unknown, indexUrl: string): CatalogEntry[] {
  const where = `Model index ${indexUrl}`;
  const index = json as { format?: unknown; formatVersion?: unknown; models?: unknown } | null;
  if (!index || typeof index !== 'object' || Array.isArray(index))
    throw new Error(`${where}: must be a JSON object, got ${describe(json)}`);
  if (index.format !== MODEL_INDEX_FORMAT)
    throw new Error(`${where}: format must be '${MODEL_INDEX_FORMAT}', got ${describe(index.format)}`);
  if (index.formatVersion !== MODEL_INDEX_VERSION)
    throw new Error(
      `${where}: formatVersion must be ${MODEL_INDEX_VERSION}, got ${describe(index.formatVersion)}`,
    );
  if (!Array.isArray(index.models))
    throw new Error(`${where}: models must be an array, got ${describe(index.models)}`);
  const seen = new Set<string>();
  return index.models.map((raw: unknown, i) => {
    const item = raw as { name?: unknown; path?: unknown; card?: unknown } | null;
    const name = typeof item?.name === 'string' && item.name.length > 0 ? item.name : null;
    const what = `${where}: models[${i}]${name ? ` (${name})` : ''}`;
    if (!name) throw new Error(`${what}: name must be a non-empty string, got ${describe(item?.name)}`);
    if (typeof item?.path !== 'string' || item.path.length === 0)
      throw new Error(
        `${what}: path must be the model's folder relative to the index, got ${describe(item?.path)}`,
      );
    let key: string;
    try {
      key = new URL(item.path.endsWith('/') ? item.path : `${item.path}/`, indexUrl).href;
    } catch {
      throw new Error(
        `${what}: path ${JSON.stringify(item.path)} does not resolve against ${indexUrl} (an absolute URL is needed)`,
      );
    }
    let card;
    try {
      card = validateModelCard(item.card, `${key}seglens.json`);
    } catch (error) {
      throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (card.name !== name)
      throw new Error(
        `${what}: the card's name is ${JSON.stringify(card.name)}, not ${JSON.stringify(name)}`,
      );
    if (seen.has(name)) throw new Error(`${what}: a model named ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
    return entryFromCard(card, key, 'shipped');
  });
}
