// Fine-tuning through the worker on three labelled slices of a real hippocampus validation volume, with
// fake-indexeddb as the browser's database: the saved model reloads with the same predictions, DSC before
// and after equal those of full segmentations, a cancelled run saves nothing, and export/import/delete of
// saved models. TF.js's indexeddb:// handler runs only when it believes it is in a browser.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import type { Volume } from '@seglens/data';
import { confusionCounts, dice } from '@seglens/metrics';
import { listModelsInIndexedDB, loadModel, segment, type SeglensModel } from '@seglens/models';
import { fineTuneLabels, labelledSlices } from '../../src/analysis';
import { savedModelEntries } from '../../src/catalog';
import type { WorkerFineTuneRecord } from '../../src/worker/protocol';
import { copyVolume, hippocampusCase, inProcessWorker, modelDir, type InProcessWorker } from './harness';

/** Mean foreground DSC of `predicted` on the labelled (≠ 255) voxels of `labels`. */
function meanForegroundDsc(predicted: Uint8Array, labels: Uint8Array): number {
  const counts = confusionCounts(predicted, labels, { numClasses: 3, ignoreIndex: 255 });
  return (dice(counts[1]) + dice(counts[2])) / 2;
}

describe('fineTune through the worker', () => {
  let w: InProcessWorker;
  let image: Volume;
  let labels: Uint8Array;
  let slices: number[];
  let base: SeglensModel;
  const baseKey = modelDir('hippocampus-rce');

  beforeAll(async () => {
    w = inProcessWorker();
    await w.client.init({ force: 'wasm' });
    tf.env().set('IS_BROWSER', true);
    (globalThis as { self?: unknown }).self = globalThis;
    const c = await hippocampusCase();
    image = c.image;
    const all = labelledSlices(c.labels.voxels, image.dims, 2);
    slices = [
      all[Math.floor(all.length / 4)],
      all[Math.floor(all.length / 2)],
      all[Math.floor((3 * all.length) / 4)],
    ];
    labels = fineTuneLabels(c.labels.voxels, image.dims, 2, slices);
    await w.client.loadModel(baseKey);
    base = await loadModel(baseKey);
  });
  afterAll(() => {
    tf.env().set('IS_BROWSER', false);
    base.net.dispose();
    w.close();
  });

  it('trains, saves to IndexedDB with its record, and the saved model predicts the same when loaded', async () => {
    const before = (await segment(base, image)).labels.voxels as Uint8Array;
    const steps: [number, number, number][] = [];
    const epochs: number[] = [];
    const result = await w.client.fineTune(
      baseKey,
      {
        image: copyVolume(image),
        labels: labels.slice(),
        slices,
        loss: 'rce',
        epochs: 2,
        learningRate: 1e-3,
        saveAs: 'hippo-ft',
      },
      {
        onProgress: (p) =>
          p.step === undefined ? epochs.push(p.epoch) : steps.push([p.epoch, p.step, p.steps!]),
      },
    );
    // Epoch-complete messages carry no step; while an epoch runs, one message per training step.
    expect(epochs).toEqual([1, 2]);
    const perEpoch = Math.ceil(slices.length / 8);
    expect(steps).toEqual(
      [1, 2].flatMap((e) => Array.from({ length: perEpoch }, (_, i) => [e, i + 1, perEpoch])),
    );
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2]);
    result.history.forEach((h) => expect(Number.isFinite(h.loss)).toBe(true));
    expect(result.lossAfter).toBeLessThan(result.lossBefore);
    expect(result.modelKey).toBe('indexeddb://hippo-ft');
    expect(result.dscBefore).toBe(meanForegroundDsc(before, labels));

    const record = result.card.fineTuning[0] as WorkerFineTuneRecord;
    expect(result.card.name).toBe('hippo-ft');
    expect(record).toMatchObject({
      baseModel: 'hippocampus-rce',
      baseModelKey: baseKey,
      slices,
      sliceAxis: 2,
      samples: 3,
      epochs: 2,
      learningRate: 1e-3,
      loss: { name: 'rce', options: { penalty: 'l1', lambda: 1, temperature: 10, ignoreIndex: 255 } },
      lossBefore: result.lossBefore,
      lossAfter: result.lossAfter,
    });
    expect(Date.parse(record.date)).toBeGreaterThan(Date.now() - 600_000);
    expect(result.card.files.length).toBeGreaterThan(1);

    const saved = await loadModel('indexeddb://hippo-ft');
    expect(saved.card).toEqual(result.card);
    const after = (await segment(saved, image)).labels.voxels as Uint8Array;
    saved.net.dispose();
    expect(result.dscAfter).toBe(meanForegroundDsc(after, labels));
    expect((await w.client.segment(result.modelKey, copyVolume(image))).labels).toEqual(after);
    // The base model in the worker is untouched.
    expect((await w.client.segment(baseKey, copyVolume(image))).labels).toEqual(before);

    const entry = (await savedModelEntries()).find((e) => e.name === 'hippo-ft');
    expect(entry).toMatchObject({
      key: 'indexeddb://hippo-ft',
      origin: 'indexeddb',
      task: 'hippocampus',
      loss: 'rce',
      fineTunedFrom: 'hippocampus-rce',
      createdAt: record.date,
      channels: 1,
    });
  });

  it('a cancelled fine-tune rejects with AbortError, saves nothing and leaves the worker usable', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const mark = w.posted.length;
    const run = w.client.fineTune(
      baseKey,
      {
        image: copyVolume(image),
        labels: labels.slice(),
        slices,
        loss: 'dice',
        epochs: 40,
        learningRate: 1e-3,
        saveAs: 'cancelled-ft',
      },
      { signal: controller.signal, onProgress: (p) => (seen.push(p.epoch), controller.abort()) },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1]);
    // It stopped within a few steps of the cancel, not after 40 epochs.
    const epochsRun = w.posted.slice(mark).filter((m) => (m as { type: string }).type === 'progress').length;
    expect(epochsRun).toBeLessThan(6);
    expect((await listModelsInIndexedDB()).map((m) => m.name)).not.toContain('cancelled-ft');
    await expect(loadModel('indexeddb://cancelled-ft')).rejects.toThrow('no seglens model card is stored');
    const again = await w.client.segment(baseKey, copyVolume(image));
    expect(again.labels).toEqual((await segment(base, image)).labels.voxels);
  });

  it('exports, deletes and imports a saved model', async () => {
    const key = 'indexeddb://hippo-ft';
    const files = await w.client.exportModel(key);
    const reference = await w.client.segment(key, copyVolume(image));
    await w.client.deleteSavedModel(key);
    expect((await listModelsInIndexedDB()).map((m) => m.name)).not.toContain('hippo-ft');
    await expect(w.client.segment(key, copyVolume(image))).rejects.toThrow(
      'segment: no model is loaded under the key',
    );

    const shard = files.find((f) => f.name.endsWith('.bin'))!;
    const flipped = new Uint8Array(shard.data.slice(0));
    flipped[10] ^= 1;
    const corrupt = files.map((f) =>
      f === shard ? { name: f.name, data: flipped.buffer } : { name: f.name, data: f.data.slice(0) },
    );
    await expect(w.client.importModelFiles(corrupt)).rejects.toMatchObject({
      name: 'ModelIntegrityError',
      file: shard.name,
    });
    await expect(w.client.importModelFiles(files.filter((f) => f !== shard))).rejects.toThrow(
      `importModelFiles: ${shard.name} is missing among the picked files`,
    );

    const imported = await w.client.importModelFiles(files);
    expect(imported.modelKey).toBe(key);
    expect(imported.card.name).toBe('hippo-ft');
    expect((await listModelsInIndexedDB()).map((m) => m.name)).toContain('hippo-ft');
    expect((await w.client.segment(key, copyVolume(image))).labels).toEqual(reference.labels);
  });

  it('names bad fine-tuning requests', async () => {
    const job = {
      image: copyVolume(image),
      labels: labels.slice(),
      slices,
      loss: 'rce',
      epochs: 1,
      learningRate: 1e-3,
      saveAs: 'x',
    };
    const o = { transfer: false };
    await expect(w.client.fineTune(baseKey, { ...job, loss: 'focalDice' }, o)).rejects.toThrow(
      'fineTune(hippocampus-rce): loss must be a loss name of @seglens/losses, got "focalDice"',
    );
    await expect(w.client.fineTune(baseKey, { ...job, slices: [image.dims[2]] }, o)).rejects.toThrow(
      `fineTune(hippocampus-rce): slices has ${image.dims[2]}, outside 0..${image.dims[2] - 1} (axis 2)`,
    );
    await expect(w.client.fineTune(baseKey, { ...job, labels: new Uint8Array(3) }, o)).rejects.toThrow(
      `fineTune(hippocampus-rce): labels must be a Uint8Array of ${labels.length} values (one per voxel of the image), got 3`,
    );
    await expect(w.client.fineTune(baseKey, { ...job, saveAs: '' }, o)).rejects.toThrow(
      'fineTune(hippocampus-rce): saveAs must be a non-empty name without \'/\', got ""',
    );
    expect(job.image.voxels.length).toBe(image.voxels.length); // transfer: false kept the caller's buffers
  });
});
