// The models the user fine-tuned or imported, saved in this browser's IndexedDB (key indexeddb://<name>).
import { listModelsInIndexedDB } from '@seglens/models';
import { entryFromCard, type CatalogEntry } from './entry';

export async function savedModelEntries(): Promise<CatalogEntry[]> {
  const stored = await listModelsInIndexedDB();
  return stored.map(({ name, card }) => ({
    ...entryFromCard(card, `indexeddb://${name}`, 'indexeddb'),
    name,
  }));
}
