// trainOnDataset(): the glue the CLI uses, on the real data folders with tiny settings.
import { readdir } from 'node:fs/promises';
import {
  BTCV_ROWS_MIRRORED,
  datasetDir,
  DATASET_FOLDERS,
  loadLabelledCases,
  splitCases,
} from '@seglens/data';
import { loadModel } from '../../src/io';
import { segment } from '../../src/infer';
import { createModelCard } from '../../src/card';
import { DATASET_PRESETS, trainOnDataset, type TrainOnDatasetProgress } from '../../src/train';
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
        licence: 'CC BY-SA 4.0 (Medical Segmentation Decathlon)',
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

  it('trains the cardiac preset with both frames of a patient on one side, recording the rule and the licence', async () => {
    await withTempDir(async (dir) => {
      const r = await trainOnDataset({
        dataset: 'cardiac',
        limit: 6, // patients 001-003, two frames each
        validationFraction: 0.34,
        input: { size: [32, 32] },
        unet: { depth: 2, baseFilters: 4 },
        loss: 'rce',
        epochs: 1,
        batchSize: 8,
        outDir: dir,
      });
      const card = r.model.card;
      const d = card.training!.dataset;
      expect(d.name).toBe('acdc-cardiac-mr');
      expect(d.groupBy).toBe('^(patient\\d+)_frame');
      expect(d.licence).toBe('CC BY-NC-SA 4.0 (ACDC, MICCAI 2017; non-commercial)');
      // The files' 1 mm is a size their source dropped: recorded, so the card says distances are in voxels.
      expect(d.headerRepair).toBe('acdc-spacing-dropped');
      expect(d.split).toBe('by group (3 groups), seed 0, 34% validation');
      expect(d.trainCases).toHaveLength(4);
      expect(d.validationCases).toHaveLength(2);
      const patient = (id: string) => id.slice(0, 'patientNNN'.length);
      expect(new Set(d.validationCases.map(patient)).size).toBe(1);
      for (const id of d.trainCases) expect(d.validationCases.map(patient)).not.toContain(patient(id));
      expect(card.classes.map((c) => c.name)).toEqual([
        'background',
        'right ventricle cavity',
        'left ventricular myocardium',
        'left ventricle cavity',
      ]);
      expect(card.classes[3].color).toEqual([230, 25, 75]);
      expect(card.input.normalization).toEqual({ kind: 'percentile', lower: 0.5, upper: 99.5 });
      r.model.net.dispose();
    });
  });

  it.each([
    {
      dataset: 'ct-abdomen',
      named: 'btcv-rows-mirrored',
      repair: { name: 'btcv-rows-mirrored', reason: BTCV_ROWS_MIRRORED.reason },
    },
    { dataset: 'hippocampus', named: 'none', repair: undefined },
  ] as const)(
    'tells on loading $dataset which header repair it applied: $named',
    async ({ dataset, repair }) => {
      // Stopped once the cases are loaded: the event is what `seglens train` prints the repair from.
      const stop = new AbortController();
      let loaded: Extract<TrainOnDatasetProgress, { type: 'loaded' }> | undefined;
      await withTempDir(async (dir) => {
        await expect(
          trainOnDataset({
            dataset,
            limit: 2,
            validationFraction: 0.5,
            epochs: 1,
            loss: 'rce',
            outDir: dir,
            signal: stop.signal,
            onProgress: (e) => {
              if (e.type !== 'loaded') return;
              loaded = e;
              stop.abort();
            },
          }),
        ).rejects.toThrow(/abort/i);
      });
      expect(loaded?.trainCases).toBe(1);
      expect(loaded?.headerRepair).toEqual(repair);
    },
  );

  it('describes BTCV CT as a valid card: HU window, axial slices, 13 organs in distinct colours', () => {
    // Training on it end to end is the CLI's measured run (a BTCV validation volume alone takes most of a
    // minute to score); here the preset must make a card that validates and says what the data README says.
    const p = DATASET_PRESETS['ct-abdomen'];
    const card = createModelCard({
      name: 'ct-abdomen-rce',
      task: p.task,
      modality: p.modality,
      classNames: p.classNames,
      colors: p.colors,
      input: p.input,
      architecture: { inputChannels: 1, classes: p.classNames.length, depth: 5, baseFilters: 16 },
    });
    expect(card.input).toEqual({
      channels: 1,
      size: [160, 160],
      orientation: 'LPS',
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'window', lower: -125, upper: 275 },
    });
    expect(card.classes.map((c) => c.name)).toEqual([
      'background',
      'spleen',
      'right kidney',
      'left kidney',
      'gallbladder',
      'esophagus',
      'liver',
      'stomach',
      'aorta',
      'inferior vena cava',
      'portal and splenic vein',
      'pancreas',
      'right adrenal gland',
      'left adrenal gland',
    ]);
    expect(new Set(card.classes.map((c) => c.color.join())).size).toBe(14);
    expect(p.licence).toMatch(/^research use under the BTCV challenge's terms/);
    // The files' mirrored rows are repaired on loading (checked against the anatomy in @seglens/data's tests).
    expect(p.headerRepair).toBe(BTCV_ROWS_MIRRORED);
    // No flips: the kidneys and adrenal glands are told apart by their side.
    expect(p.augment).toEqual({ intensityScale: 0.1, intensityShift: 0.1 });
  });

  it('rejects an unknown dataset', async () => {
    await expect(
      trainOnDataset({ dataset: 'brain' as never, loss: 'dice', epochs: 1, outDir: '/tmp/x' }),
    ).rejects.toThrow(
      `trainOnDataset: dataset must be one of 'hippocampus', 'polyp', 'ct-abdomen', 'cardiac' or {folder, task, modality, classNames, input}, got "brain"`,
    );
  });
});
