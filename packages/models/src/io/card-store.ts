// seglens's own IndexedDB database of saved models: one record per model with its card and the exact model.json
// text (the weights live in TF.js's indexeddb:// store, written by indexeddb.ts). Reading it needs no TF.js, so
// the viewer's main thread lists saved models from here without loading TF.js.
import { parseCardBytes } from '../card/validate';
import { MODEL_CARD_FILE, type ModelCard } from '../card/types';

const DB_NAME = 'seglens-models';
const STORE = 'cards';

export interface CardRecord {
  name: string;
  card: string;
  modelJson: string;
}

function idb(): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new Error('IndexedDB is not available here (it exists in browsers)');
  return factory;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const open = idb().open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'name' });
  return request(open);
}

export async function withStore<T>(
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(body(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  } finally {
    db.close();
  }
}

/** The TF.js model URL of the model saved under `name`, and the key the viewer lists it under. */
export const tfUrl = (name: string): string => `indexeddb://${name}`;

/** A model saved in IndexedDB, as listed by listModelsInIndexedDB. */
export interface StoredModelInfo {
  /** The name it was saved under: load it as `indexeddb://<name>`. */
  name: string;
  card: ModelCard;
}

/**
 * Every model saved with saveModelToIndexedDB, sorted by name, with its validated card. Reads only the cards
 * (no weights, no hash checks: loading does those). A card that does not validate is an Error naming it.
 */
export async function listModelsInIndexedDB(): Promise<StoredModelInfo[]> {
  const records = (await withStore('readonly', (store) => store.getAll())) as CardRecord[];
  const encoder = new TextEncoder();
  return records
    .map((record) => ({
      name: record.name,
      card: parseCardBytes(encoder.encode(record.card), `${tfUrl(record.name)}/${MODEL_CARD_FILE}`),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
