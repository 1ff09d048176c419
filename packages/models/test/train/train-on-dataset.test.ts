// trainOnDataset(): the glue the CLI uses, on the real data folders with tiny settings.
import { readdir } from 'node:fs/promises';
import { datasetDir, DATASET_FOLDERS, loadLabelledCases, splitCases } from '@seglens/data';
import { loadModel } from '../../src/io';
import { segment } from '../../src/infer';
import { trainOnDataset } from '../../src/train';
import { withTempDir } from '../io/fixtures';

describe('trainOnDataset', () => {
  it('trains hippocampus from the data folder, writes model and checkpoint, and resumes', async () => {
    await withTempDir(async (dir) => {
      const events: string[] = [];
      const common = {
        dataset: 'hippocampus' as const,
        limit: 5,
        validationFraction: 0.4,
        splitSeed: 3,
        input: { size: [64, 64] as [number, number] },
        unet: { depth: 2, baseFilters: 4 },
        loss: 'rce' as const,
        batchSize: 16,
        learningRate: 1e-3,
        seed: 2,
        outDir: dir,
        weightDtype: 'float16' as const,
      };
      const first = await trainOnDataset({
        ...common,
        epochs: 1,
        onProgress: (e) => e.type !== 'step' && events.push(e.type),
      });
      expect(events).toEqual(['loaded', 'prepared', 'epoch']);
      expect((await readdir(dir)).sort()).toEqual(['checkpoint', 'model']);
      const loaded = await loadModel(dir);
      expect(loaded.card).toEqual(first.model.card);
      // The split is @seglens/data's seeded split of the first five cases.
      const ids = (await loadLabelledCases(datasetDir(DATASET_FOLDERS.hippocampus), { limit: 5 })).map(
        (c) => c.id,
      );
      const split = splitCases(ids, { seed: 3, validationFraction: 0.4 });
      expect(loaded.card.training!.dataset).toEqual({
        name: 'msd-hippocampus',
        trainCases: split.train,
        validationCases: split.validation,
        split: 'by case, seed 3, 40% validation',
      });
      expect(loaded.card).toMatchObject({
        name: 'hippocampus-rce',
        task: 'hippocampus',
        modality: 'MR',
        weightDtype: 'float16',
        input: {
          channels: 1,
          size: [64, 64],
          sliceAxis: 2,
          fit: 'pad',
          normalization: { kind: 'percentile', lower: 0.5, upper: 99.5 },
        },
        architecture: { inputChannels: 1, classes: 3, depth: 2, baseFilters: 4 },
      });
      expect(loaded.card.classes.map((c) => c.name)).toEqual([
        'background',
        'anterior hippocampus',
        'posterior hippocampus',
      ]);
      expect(loaded.card.validation!.perClass.map((c) => c.index)).toEqual([1, 2]);
      expect(loaded.card.training!.backend).toBe('wasm');
      // float16 weights: 2 bytes per parameter
      expect(loaded.card.files.slice(1).reduce((n, f) => n + f.bytes, 0)).toBe(2 * loaded.net.countParams());
      loaded.net.dispose();
      first.model.net.dispose();
      const second = await trainOnDataset({ ...common, epochs: 2, resume: true });
      expect(second.resumedFrom).toBe(1);
      expect(second.history.map((h) => h.epoch)).toEqual([1, 2]);
      const volume = (await loadLabelledCases(datasetDir(DATASET_FOLDERS.hippocampus), { limit: 1 }))[0]
        .image;
      const { labels } = await segment(second.model, volume);
      expect(labels.dims).toEqual(volume.dims);
      second.model.net.dispose();
    });
  });

  it('trains on RGB polyp frames with the source split', async () => {
    await withTempDir(async (dir) => {
      const r = await trainOnDataset({
        dataset: 'polyp',
        limit: 4,
        input: { size: [32, 32] },
        unet: { depth: 2, baseFilters: 4 },
        loss: 'dice',
        epochs: 1,
        batchSize: 4,
        outDir: dir,
      });
      expect(r.model.card.input).toMatchObject({
        channels: 3,
        fit: 'resize',
        normalization: { kind: 'fixed', mean: [0, 0, 0], std: [255, 255, 255] },
      });
      expect(r.model.card.training!.dataset.trainCases).toHaveLength(4);
      expect(r.model.card.training!.dataset.validationCases).toHaveLength(4);
      expect(r.model.card.training!.augmentation).toEqual({ flipHorizontal: true, flipVertical: true });
      r.model.net.dispose();
    });
  });

  it('rejects an unknown dataset', async () => {
    await expect(
      trainOnDataset({ dataset: 'brain' as never, loss: 'dice', epochs: 1, outDir: '/tmp/x' }),
    ).rejects.toThrow(
      `trainOnDataset: dataset must be 'hippocampus', 'polyp' or {folder, task, modality, classNames, input}, got "brain"`,
    );
  });
});
