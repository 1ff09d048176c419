// The models the user fine-tuned or imported, saved in this browser's IndexedDB (key indexeddb://<name>). Only
// their cards are read, from seglens's card database, which needs no TF.js: the worker saves, loads and deletes.
import { listModelsInIndexedDB } from '@seglens/models/card';
import { entryFromCard, type CatalogEntry } from './entry';

export async function savedModelEntries(): Promise<CatalogEntry[]> {
  const stored = await listModelsInIndexedDB();
  return stored.map(({ name, card }) => ({
    ...entryFromCard(card, `indexeddb://${name}`, 'indexeddb'),
    name,
  }));
}
