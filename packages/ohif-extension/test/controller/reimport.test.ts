// A model loaded again with "Load model…" under the name it has in this browser: the worker now holds a new,
// cold network under its key, so the panel preloads it afresh instead of still calling the old preload ready;
// the model stays ticked.
import { entryFromCard } from '../../src/catalog';
import type { ModelEntry } from '../../src/panel/state';
import { attached, harness, importedCards, readCard, until } from './fake-host';

// IndexedDB as the stand-in worker filled it: the models it imported.
jest.mock('../../src/catalog/saved', () => ({
  savedModelEntries: async () =>
    [...importedCards.values()].map((card) => ({
      ...entryFromCard(card, `indexeddb://${card.name}`, 'indexeddb'),
      name: card.name,
    })),
}));

const NAME = 'hippocampus-mine';
const KEY = `indexeddb://${NAME}`;

/** The model files "Load model…" picks: only the card matters to the stand-in worker. */
function modelFiles(): File[] {
  const card = { ...readCard('hippocampus-rce'), name: NAME };
  return [new File([JSON.stringify(card)], 'seglens.json'), new File(['{}'], 'model.json')];
}

function preloadOf(store: { get(): { models: ModelEntry[] } }): ModelEntry['preload'] {
  return store.get().models.find((m) => m.key === KEY)?.preload;
}

afterEach(() => importedCards.clear());

it('preloads a model again after "Load model…" replaced it in the worker', async () => {
  const h = await harness();
  await attached(h);
  h.controller.loadModelFiles(modelFiles());
  await h.idle();
  await until(() => h.store.get().models.some((m) => m.key === KEY));
  h.controller.toggleModel(KEY);
  await until(() => preloadOf(h.store)?.status === 'ready');
  const first = h.worker.preload.filter((s) => s === KEY).length;
  expect(first).toBe(1);

  // The same files again: the worker replaced the network under KEY with a new one, cold.
  h.controller.loadModelFiles(modelFiles());
  await h.idle();
  expect(h.store.get().models.find((m) => m.key === KEY)?.selected).toBe(true); // still ticked
  await until(() => h.worker.preload.filter((s) => s === KEY).length === 2);
  await until(() => preloadOf(h.store)?.status === 'ready');
  const order = h.worker.order.filter((o) => o.includes(NAME));
  expect(order).toEqual([`import ${NAME}`, `preload ${NAME}`, `import ${NAME}`, `preload ${NAME}`]);
});
