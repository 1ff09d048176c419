// The one-call training the CLI and the lead's model runs use (Node only): load a dataset with @seglens/data,
// split it by case, pick the backend, build the card from a task preset plus overrides, train with a
// directory store (best model in <outDir>/model, checkpoint in <outDir>/checkpoint), resume on request.
import {
  assertFiniteVoxels,
  datasetDir,
  DATASET_FOLDERS,
  loadLabelledCases,
  splitCases,
} from '@seglens/data';
import { selectBackend, type BackendName } from '../../backend';
import { createModelCard, type InputSpec, type Rgb } from '../../card';
import { nodePath } from '../../io/node/builtin';
import type { UNetConfig } from '../../unet';
import type { AugmentOptions } from '../augment';
import type { TrainingCase } from '../cases';
import { directoryTrainingStore } from './directory-store';
import { train, type TrainOptions, type TrainProgress, type TrainResult } from '../train';

/** A folder laid out as @seglens/data's listImagePairs expects (images/ + masks/ or labels/). */
export interface FolderDataset {
  folder: string;
  /** Dataset name for the card. Default: the folder's name. */
  name?: string;
  task: string;
  modality: string;
  classNames: string[];
  input: InputSpec;
  colors?: Rgb[];
}

export type DatasetChoice = 'hippocampus' | 'polyp' | FolderDataset;

interface Preset {
  name: string;
  task: string;
  modality: string;
  classNames: string[];
  input: InputSpec;
  augment?: AugmentOptions;
  description: string;
}

/**
 * Presets of the shipped tasks. Hippocampus: 64x64 padding holds every MSD crop (at most 43x59) without
 * resampling; each volume clipped to its 0.5-99.5 percentiles (MR units vary between scans); no flips (they
 * would swap the anatomy that tells anterior from posterior). Polyp: RGB scaled to [0, 1], resized to
 * 128x128 (a quarter of the cost of the frames' 256x256), flipped both ways.
 */
export const DATASET_PRESETS: Readonly<Record<'hippocampus' | 'polyp', Preset>> = {
  hippocampus: {
    name: 'msd-hippocampus',
    task: 'hippocampus',
    modality: 'MR',
    classNames: ['background', 'anterior hippocampus', 'posterior hippocampus'],
    input: {
      channels: 1,
      size: [64, 64],
      sliceAxis: 2,
      fit: 'pad',
      normalization: { kind: 'percentile', lower: 0.5, upper: 99.5 },
    },
    description: 'Hippocampus (anterior and posterior) in T1 MR crops, slice by slice (MSD Task04).',
  },
  polyp: {
    name: 'polypgen-256',
    task: 'polyp',
    modality: 'ES',
    classNames: ['background', 'polyp'],
    input: {
      channels: 3,
      size: [128, 128],
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'fixed', mean: [0, 0, 0], std: [255, 255, 255] },
    },
    augment: { flipHorizontal: true, flipVertical: true },
    description: 'Polyps in colonoscopy frames (PolypGen).',
  },
};

export interface TrainOnDatasetOptions extends Omit<
  TrainOptions,
  'card' | 'train' | 'validation' | 'dataset' | 'store' | 'onProgress'
> {
  dataset: DatasetChoice;
  /** Data directory (else SEGLENS_DATA_DIR, ../shared/data, ./data). */
  dataDir?: string;
  /** Only the first n image/label pairs of each folder (sorted by name), for quick runs. */
  limit?: number;
  /** Seeded split by case (hippocampus, folders). Defaults 0.2 and 0. Polyp uses the source's train/ and val/. */
  validationFraction?: number;
  splitSeed?: number;
  /** Overrides of the preset's input (size, fit, normalisation, slice axis). */
  input?: Partial<InputSpec>;
  /** U-Net settings; inputChannels and classes come from the dataset. Default depth 4, 16 filters, batch norm. */
  unet?: Partial<Omit<UNetConfig, 'inputChannels' | 'classes' | 'inputSize' | 'seed'>>;
  /** Model name in the card. Default `<task>-<loss name>`. */
  name?: string;
  weightDtype?: 'float32' | 'float16';
  outDir: string;
  /** Force a backend; default: selectBackend()'s choice (wasm in Node). */
  backend?: BackendName;
  /** Threads of the wasm backend (see selectBackend); default: the machine's cores. */
  threads?: number;
  onProgress?: (event: TrainOnDatasetProgress) => void;
}

export type TrainOnDatasetProgress =
  | TrainProgress
  | { type: 'loaded'; trainCases: number; validationCases: number; backend: string; seconds: number };

export interface TrainOnDatasetResult extends TrainResult {
  /** Where loadModel() finds the best model, and where the checkpoint is. */
  modelDir: string;
  checkpointDir: string;
}

async function loadCases(
  choice: DatasetChoice,
  options: TrainOnDatasetOptions,
): Promise<{ train: TrainingCase[]; validation: TrainingCase[]; split: string }> {
  const path = nodePath('trainOnDataset');
  // NaN/Inf voxels would make the loss NaN a few steps in (or quietly skew the normalisation): refuse them here,
  // naming the file.
  const load = async (folder: string) => {
    const cases = await loadLabelledCases(folder, { limit: options.limit, signal: options.signal });
    for (const c of cases) assertFiniteVoxels(c.image, `trainOnDataset: image ${c.id} in ${folder}`);
    return cases;
  };
  if (choice === 'polyp') {
    const root = datasetDir(DATASET_FOLDERS.polyp, { dataDir: options.dataDir });
    const [train, validation] = await Promise.all([
      load(path.join(root, 'train')),
      load(path.join(root, 'val')),
    ]);
    return { train, validation, split: "the source's train/ and val/ folders" };
  }
  const folder =
    choice === 'hippocampus'
      ? datasetDir(DATASET_FOLDERS.hippocampus, { dataDir: options.dataDir })
      : path.resolve(choice.folder);
  const cases = await load(folder);
  const split = splitCases(
    cases.map((c) => c.caseId ?? c.id),
    { seed: options.splitSeed ?? 0, validationFraction: options.validationFraction ?? 0.2 },
  );
  const validationIds = new Set(split.validation);
  return {
    train: cases.filter((c) => !validationIds.has(c.caseId ?? c.id)),
    validation: cases.filter((c) => validationIds.has(c.caseId ?? c.id)),
    split: `by case, seed ${split.seed}, ${Math.round((split.validationFraction ?? 0) * 100)}% validation`,
  };
}

export async function trainOnDataset(options: TrainOnDatasetOptions): Promise<TrainOnDatasetResult> {
  const t0 = Date.now();
  if (typeof options.outDir !== 'string' || options.outDir.length === 0)
    throw new Error('trainOnDataset: outDir must be a directory path');
  const choice = options.dataset;
  if (
    choice !== 'hippocampus' &&
    choice !== 'polyp' &&
    (!choice || typeof choice !== 'object' || typeof choice.folder !== 'string')
  ) {
    throw new Error(
      `trainOnDataset: dataset must be 'hippocampus', 'polyp' or {folder, task, modality, classNames, input}, got ${JSON.stringify(choice)}`,
    );
  }
  const preset: Preset =
    choice === 'hippocampus' || choice === 'polyp'
      ? DATASET_PRESETS[choice]
      : {
          name:
            choice.name ??
            nodePath('trainOnDataset').basename(nodePath('trainOnDataset').resolve(choice.folder)),
          task: choice.task,
          modality: choice.modality,
          classNames: choice.classNames,
          input: choice.input,
          description: `Trained on ${choice.folder}.`,
        };
  const selection = await selectBackend({ ...(options.backend ? { force: options.backend } : {}), threads: options.threads });
  const { train: trainCases, validation, split } = await loadCases(choice, options);
  options.onProgress?.({
    type: 'loaded',
    trainCases: trainCases.length,
    validationCases: validation.length,
    backend: selection.name,
    seconds: (Date.now() - t0) / 1000,
  });
  const input: InputSpec = { ...preset.input, ...options.input };
  const lossName = typeof options.loss === 'string' ? options.loss : options.loss.name;
  const card = createModelCard({
    name: options.name ?? `${preset.task}-${lossName}`,
    task: preset.task,
    modality: preset.modality,
    description: preset.description,
    classNames: preset.classNames,
    ...(typeof choice === 'object' && choice.colors ? { colors: choice.colors } : {}),
    input,
    architecture: {
      depth: 4,
      baseFilters: 16,
      normalization: 'batch',
      ...options.unet,
      inputChannels: input.channels,
      classes: preset.classNames.length,
    },
    weightDtype: options.weightDtype,
  });
  const store = directoryTrainingStore(options.outDir);
  const result = await train({
    ...options,
    card,
    train: trainCases,
    validation,
    dataset: { name: preset.name, split },
    augment: options.augment ?? preset.augment,
    store,
  });
  return { ...result, modelDir: store.modelDir, checkpointDir: store.checkpointDir };
}
