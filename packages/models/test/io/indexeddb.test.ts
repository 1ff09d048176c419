// IndexedDB round trip, with fake-indexeddb standing in for the browser's database and TF.js told that it is
// in a browser (its indexeddb:// handler refuses to run otherwise).
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import {
  deleteModelFromIndexedDB,
  listModelsInIndexedDB,
  loadModel,
  ModelIntegrityError,
  saveModelToIndexedDB,
} from '../../src/io';
import { predict, tinyModel, useWasm } from './fixtures';

describe('IndexedDB', () => {
  beforeAll(async () => {
    await useWasm();
    tf.env().set('IS_BROWSER', true);
    (globalThis as { self?: unknown }).self = globalThis;
  });
  afterAll(() => tf.env().set('IS_BROWSER', false));

  it('saves and loads with verified hashes; float16 too', async () => {
    const model = tinyModel();
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    for (const weightDtype of ['float32', 'float16'] as const) {
      const card = await saveModelToIndexedDB(model, `tiny-${weightDtype}`, {
        weightDtype,
        shardBytes: 1024,
      });
      expect(card.files.length).toBeGreaterThan(2);
      const loaded = await loadModel(`indexeddb://tiny-${weightDtype}`);
      expect(loaded.card).toEqual(card);
      const a = predict(model, x);
      const b = predict(loaded, x);
      a.forEach((v, i) =>
        expect(Math.abs(v - b[i])).toBeLessThanOrEqual(weightDtype === 'float32' ? 0 : 0.02),
      );
      loaded.net.dispose();
    }
    await deleteModelFromIndexedDB('tiny-float16');
    await expect(loadModel('indexeddb://tiny-float16')).rejects.toThrow(
      'loadModelFromIndexedDB: no seglens model card is stored for indexeddb://tiny-float16',
    );
    x.dispose();
    model.net.dispose();
  });

  it('detects weights replaced behind the card', async () => {
    const a = tinyModel({}, {}, 1);
    const b = tinyModel({}, {}, 2);
    const card = await saveModelToIndexedDB(a, 'swapped');
    // Overwrite only TF.js's copy of the weights, as a foreign tool (or a half-finished save) would.
    const artifacts = await tf.io.getLoadHandlers('indexeddb://swapped')[0].load!();
    const other: tf.io.ModelArtifacts[] = [];
    await b.net.save(
      tf.io.withSaveHandler(
        async (art) => (
          other.push(art),
          { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
        ),
      ),
    );
    await tf.io.getSaveHandlers('indexeddb://swapped')[0].save!({
      ...artifacts,
      weightData: other[0].weightData,
    });
    const error = await loadModel('indexeddb://swapped').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect((error as Error).message).toContain(
      `Model file group1-shard1of1.bin in indexeddb://swapped is corrupt or modified: sha256 expected ${card.files[1].sha256}, actual `,
    );
    a.net.dispose();
    b.net.dispose();
  });

  it('lists the saved models with their cards, sorted by name', async () => {
    const before = (await listModelsInIndexedDB()).map((m) => m.name);
    const b = tinyModel({}, {}, 3);
    const a = tinyModel({ classes: 2 }, {}, 4);
    const cardB = await saveModelToIndexedDB(b, 'list-b');
    const cardA = await saveModelToIndexedDB(a, 'list-a');
    const listed = await listModelsInIndexedDB();
    expect(listed.map((m) => m.name)).toEqual([...before, 'list-a', 'list-b'].sort());
    expect(listed.find((m) => m.name === 'list-a')!.card).toEqual(cardA);
    expect(listed.find((m) => m.name === 'list-b')!.card).toEqual(cardB);
    await deleteModelFromIndexedDB('list-b');
    expect((await listModelsInIndexedDB()).map((m) => m.name)).not.toContain('list-b');
    a.net.dispose();
    b.net.dispose();
  });

  it('names a stored card that does not validate', async () => {
    const open = indexedDB.open('seglens-models', 1);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('cards', 'readwrite');
      tx.objectStore('cards').put({ name: 'broken', card: '{"format":"x"}', modelJson: '{}' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    await expect(listModelsInIndexedDB()).rejects.toThrow(
      'Invalid model card indexeddb://broken/seglens.json: format must be \'seglens-model-card\', got "x"',
    );
    await deleteModelFromIndexedDB('broken');
    await expect(listModelsInIndexedDB()).resolves.toBeInstanceOf(Array);
  });
});
