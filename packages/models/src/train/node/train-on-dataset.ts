// The one-call training the CLI and the lead's model runs use (Node only): load a dataset with @seglens/data,
// split it by case, pick the backend, build the card from a task preset plus overrides, train with a
// directory store (best model in <outDir>/model, checkpoint in <outDir>/checkpoint), resume on request.
import type * as Path from 'node:path';
import {
  assertFiniteVoxels,
  datasetDir,
  groupIdOf,
  loadLabelledCases,
  nodeBuiltin,
  splitCases,
} from '@seglens/data';
import { selectBackend, type BackendName } from '../../backend';
import { createModelCard, networkChannels, type InputSpec, type Rgb } from '../../card';
import type { UNetConfig } from '../../unet';
import type { AugmentOptions } from '../augment';
import type { TrainingCase } from '../cases';
import { directoryTrainingStore } from './directory-store';
import { DATASET_PRESETS, isPresetName, PRESET_NAMES, type DatasetPreset, type PresetName } from './presets';
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
  /** Augmentation when the options give none. Default: none. */
  augment?: AugmentOptions;
  /** Split unit: a regular expression on file names (see groupIdOf of @seglens/data); recorded in the card. */
  groupBy?: string;
  /** Licence of the data, recorded in the card. */
  licence?: string;
  /** 2-D masks: 'auto' (default; binary 0/255 or label map 0..63), 'binary' or 'labels'. */
  maskMode?: 'auto' | 'binary' | 'labels';
}

export type DatasetChoice = PresetName | FolderDataset;

export { DATASET_PRESETS };

const PRESET_LIST = PRESET_NAMES.map((n) => `'${n}'`).join(', ');

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
  /** Overrides of the preset's input (size, fit, normalisation, slice axis, context slices). */
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
  | {
      type: 'loaded';
      trainCases: number;
      validationCases: number;
      backend: string;
      seconds: number;
      /** The header repair the preset applied to every case (why: its reason), if any. */
      headerRepair?: { name: string; reason: string };
    };

export interface TrainOnDatasetResult extends TrainResult {
  /** Where loadModel() finds the best model, and where the checkpoint is. */
  modelDir: string;
  checkpointDir: string;
}

async function loadCases(
  choice: DatasetChoice,
  preset: DatasetPreset,
  options: TrainOnDatasetOptions,
): Promise<{ train: TrainingCase[]; validation: TrainingCase[]; split: string }> {
  const path = nodeBuiltin<typeof Path>('node:path', 'trainOnDataset');
  const caseIdOf = preset.groupBy === undefined ? undefined : groupIdOf(preset.groupBy);
  const maskMode = typeof choice === 'object' ? choice.maskMode : undefined;
  // NaN/Inf voxels would make the loss NaN a few steps in (or quietly skew the normalisation): refuse them here,
  // naming the file.
  const load = async (folder: string) => {
    const cases = await loadLabelledCases(folder, {
      limit: options.limit,
      signal: options.signal,
      caseIdOf,
      maskMode,
      // A named dataset's known header defect is repaired; a folder of the user's own files is read as it says.
      ...(preset.headerRepair ? { repairHeader: preset.headerRepair.apply } : {}),
    });
    for (const c of cases) assertFiniteVoxels(c.image, `trainOnDataset: image ${c.id} in ${folder}`);
    return cases;
  };
  if (choice === 'polyp') {
    const root = datasetDir(preset.name, { dataDir: options.dataDir });
    const [train, validation] = await Promise.all([
      load(path.join(root, 'train')),
      load(path.join(root, 'val')),
    ]);
    return { train, validation, split: "the source's train/ and val/ folders" };
  }
  const folder =
    typeof choice === 'string'
      ? datasetDir(preset.name, { dataDir: options.dataDir })
      : path.resolve(choice.folder);
  const cases = await load(folder);
  const split = splitCases(
    cases.map((c) => c.caseId ?? c.id),
    { seed: options.splitSeed ?? 0, validationFraction: options.validationFraction ?? 0.2 },
  );
  const validationIds = new Set(split.validation);
  const unit = caseIdOf ? `group (${split.train.length + split.validation.length} groups)` : 'case';
  return {
    train: cases.filter((c) => !validationIds.has(c.caseId ?? c.id)),
    validation: cases.filter((c) => validationIds.has(c.caseId ?? c.id)),
    split: `by ${unit}, seed ${split.seed}, ${Math.round((split.validationFraction ?? 0) * 100)}% validation`,
  };
}

/** The preset of a named dataset, or one made from a folder's description. */
function presetOf(choice: FolderDataset): DatasetPreset {
  const path = nodeBuiltin<typeof Path>('node:path', 'trainOnDataset');
  return {
    name: choice.name ?? path.basename(path.resolve(choice.folder)),
    task: choice.task,
    modality: choice.modality,
    classNames: choice.classNames,
    ...(choice.colors ? { colors: choice.colors } : {}),
    input: choice.input,
    ...(choice.augment ? { augment: choice.augment } : {}),
    ...(choice.groupBy === undefined ? {} : { groupBy: choice.groupBy }),
    description: `Trained on ${choice.folder}.`,
    licence: choice.licence ?? '',
  };
}

export async function trainOnDataset(options: TrainOnDatasetOptions): Promise<TrainOnDatasetResult> {
  const t0 = Date.now();
  if (typeof options.outDir !== 'string' || options.outDir.length === 0)
    throw new Error('trainOnDataset: outDir must be a directory path');
  const choice = options.dataset;
  if (!isPresetName(choice) && (!choice || typeof choice !== 'object' || typeof choice.folder !== 'string')) {
    throw new Error(
      `trainOnDataset: dataset must be one of ${PRESET_LIST} or {folder, task, modality, classNames, input}, got ${JSON.stringify(choice)}`,
    );
  }
  const preset: DatasetPreset = isPresetName(choice) ? DATASET_PRESETS[choice] : presetOf(choice);
  const selection = await selectBackend({
    ...(options.backend ? { force: options.backend } : {}),
    threads: options.threads,
  });
  const { train: trainCases, validation, split } = await loadCases(choice, preset, options);
  options.onProgress?.({
    type: 'loaded',
    trainCases: trainCases.length,
    validationCases: validation.length,
    backend: selection.name,
    seconds: (Date.now() - t0) / 1000,
    ...(preset.headerRepair
      ? { headerRepair: { name: preset.headerRepair.name, reason: preset.headerRepair.reason } }
      : {}),
  });
  const input: InputSpec = { ...preset.input, ...options.input };
  const lossName = typeof options.loss === 'string' ? options.loss : options.loss.name;
  const card = createModelCard({
    name: options.name ?? `${preset.task}-${lossName}`,
    task: preset.task,
    modality: preset.modality,
    description: preset.description,
    classNames: preset.classNames,
    ...(preset.colors ? { colors: preset.colors } : {}),
    input,
    architecture: {
      depth: 4,
      baseFilters: 16,
      normalization: 'batch',
      ...options.unet,
      inputChannels: networkChannels(input),
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
    dataset: {
      name: preset.name,
      split,
      ...(preset.groupBy === undefined ? {} : { groupBy: preset.groupBy }),
      ...(preset.licence ? { licence: preset.licence } : {}),
      ...(preset.headerRepair ? { headerRepair: preset.headerRepair.name } : {}),
    },
    augment: options.augment ?? preset.augment,
    store,
  });
  return { ...result, modelDir: store.modelDir, checkpointDir: store.checkpointDir };
}
