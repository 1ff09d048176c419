// `--dataset hippocampus|polyp|ct-abdomen|cardiac|folder:<path>`: which files a command reads, the
// deterministic train/validation split every command shares (so `evaluate --split val` sees the cases `train`
// held out), and loading the cases of one split as the labelled cases @seglens/models trains and evaluates on.
import path from 'node:path';
import {
  assertFiniteVoxels,
  datasetDir,
  groupIdOf,
  listImagePairs,
  loadLabelledCase,
  readMaskFile,
  readNiftiFile,
  splitCases,
  type FilePair,
  type HeaderRepair,
  type LabelledCase,
  type Volume,
} from '@seglens/data';
import { DATASET_PRESETS, isPresetName, PRESET_NAMES, type PresetName } from '@seglens/models';
import { readClassNamesFile } from './class-names';
import { UsageError } from './errors';

export type DatasetSpec = { kind: PresetName } | { kind: 'folder'; path: string };

export type Split = 'train' | 'val' | 'all';
export const SPLITS: readonly Split[] = ['train', 'val', 'all'];

/** What a model trained on the dataset is told about it (task, modality, class names). */
export interface DatasetFacts {
  /** Recorded in model cards: the data folder's name. */
  name: string;
  kind: '2d' | 'volume';
  task: string;
  modality: string;
  /**
   * Known class names (background first): a preset's, or a folder's classes.json; undefined when they come
   * from the labels (folders without classes.json).
   */
  classNames?: string[];
  /** The split unit rule (a regular expression on file names), when files are grouped. */
  groupBy?: string;
  /** The preset's repair of its files' headers (BTCV's mirrored rows), applied whenever a case is loaded. */
  headerRepair?: HeaderRepair;
}

export interface DatasetListing extends DatasetFacts {
  /** The dataset's folder. */
  root: string;
  train: FilePair[];
  validation: FilePair[];
  /** How the split was made, for model cards and messages. */
  splitText: string;
}

export interface ListOptions {
  /** `--data-dir`: where hippocampus and polyp live (else SEGLENS_DATA_DIR, ../shared/data, ./data). */
  dataDir?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Seed of the split of hippocampus and folder datasets. Default 0 (the same split @seglens/data uses). */
  splitSeed?: number;
  /** Share of cases held out for validation. Default 0.2. */
  validationFraction?: number;
  /** Only the first n cases by file name (of each of polyp's train/ and val/ folders). */
  limit?: number;
  /** `--group-by`: folders only; files whose names give the same group stay on one side of the split. */
  groupBy?: string;
}

export const DATASET_HELP = `${PRESET_NAMES.join(', ')}, or folder:<path> (images/ + labels/ NIfTI, or images/ + masks/ PNG/JPEG)`;

/** Parses the value of `--dataset`; unknown names are usage errors listing the valid ones. */
export function parseDatasetSpec(text: string, flag = '--dataset'): DatasetSpec {
  if (isPresetName(text)) return { kind: text };
  if (text.startsWith('folder:')) {
    const folder = text.slice('folder:'.length);
    if (!folder) throw new UsageError(`${flag} folder: needs a path, e.g. folder:./my-data`);
    return { kind: 'folder', path: folder };
  }
  throw new UsageError(`${flag} '${text}' is not a dataset; use ${DATASET_HELP}`);
}

function byLimit<T>(items: T[], limit: number | undefined): T[] {
  return limit === undefined ? items : items.slice(0, limit);
}

/**
 * Pairs split with splitCases (sorted unit ids shuffled by the seed): each file its own case, or with `groupBy`
 * the files whose names give the same group together (the same rule trainOnDataset applies).
 */
function seededSplit(
  pairs: FilePair[],
  o: ListOptions,
  groupBy?: string,
): { train: FilePair[]; validation: FilePair[]; splitText: string } {
  const seed = o.splitSeed ?? 0;
  const fraction = o.validationFraction ?? 0.2;
  const unitOf = groupBy === undefined ? (id: string) => id : groupIdOf(groupBy);
  const units = pairs.map((p) => unitOf(p.id));
  const split = splitCases(units, { seed, validationFraction: fraction });
  const validation = new Set(split.validation);
  const groups =
    groupBy === undefined ? '' : ` in ${split.train.length + split.validation.length} groups (${groupBy})`;
  return {
    train: pairs.filter((_, i) => !validation.has(units[i])),
    validation: pairs.filter((_, i) => validation.has(units[i])),
    splitText: `seeded split of ${pairs.length} cases${groups}: seed ${seed}, ${Math.round(fraction * 100)}% validation`,
  };
}

/** Lists a dataset's files and splits them. Missing folders and files are errors naming them. */
export async function listDataset(spec: DatasetSpec, o: ListOptions = {}): Promise<DatasetListing> {
  const cwd = o.cwd ?? process.cwd();
  const dirOptions = { dataDir: o.dataDir, cwd, env: o.env };
  if (spec.kind !== 'folder' && o.groupBy !== undefined)
    throw new UsageError(
      `--group-by applies to folder: datasets; ${spec.kind} is split by its own rule${DATASET_PRESETS[spec.kind].groupBy ? ` (${DATASET_PRESETS[spec.kind].groupBy})` : ''}`,
    );
  if (spec.kind === 'polyp') {
    const preset = DATASET_PRESETS.polyp;
    const root = datasetDir(preset.name, dirOptions);
    const [train, validation] = await Promise.all(
      ['train', 'val'].map(async (f) => byLimit((await listImagePairs(path.join(root, f))).pairs, o.limit)),
    );
    return {
      root,
      name: preset.name,
      kind: '2d',
      task: preset.task,
      modality: 'endoscopy',
      classNames: preset.classNames,
      train,
      validation,
      splitText: "the source's train/ and val/ folders",
    };
  }
  if (spec.kind !== 'folder') {
    const preset = DATASET_PRESETS[spec.kind];
    const root = datasetDir(preset.name, dirOptions);
    const { pairs } = await listImagePairs(root);
    return {
      root,
      name: preset.name,
      kind: 'volume',
      task: preset.task,
      modality: preset.modality,
      classNames: preset.classNames,
      ...(preset.groupBy === undefined ? {} : { groupBy: preset.groupBy }),
      ...(preset.headerRepair ? { headerRepair: preset.headerRepair } : {}),
      ...seededSplit(byLimit(pairs, o.limit), o, preset.groupBy),
    };
  }
  const root = path.resolve(cwd, spec.path);
  const { kind, pairs } = await listImagePairs(root);
  const classNames = await readClassNamesFile(root);
  return {
    root,
    name: path.basename(root),
    kind,
    task: path.basename(root),
    modality: 'OT',
    ...(classNames ? { classNames } : {}),
    ...(o.groupBy === undefined ? {} : { groupBy: o.groupBy }),
    ...seededSplit(byLimit(pairs, o.limit), o, o.groupBy),
  };
}

export function splitPairs(listing: DatasetListing, split: Split): FilePair[] {
  if (split === 'train') return listing.train;
  if (split === 'val') return listing.validation;
  return [...listing.train, ...listing.validation].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Reads one image and its label map with @seglens/data's loader, the one training uses, so every command refuses
 * the same bad pairs with an error naming the file: a 2-D mask of another size than its image, a label volume of
 * its image's size on another grid (origin, spacing or direction).
 */
export async function loadCase(
  pair: FilePair,
  kind: '2d' | 'volume',
  repair?: HeaderRepair,
): Promise<LabelledCase> {
  const loaded = await loadLabelledCase(pair, kind, repair ? { repairHeader: repair.apply } : {});
  // NaN/Inf voxels would give an all-background prediction and wrong scores without a word: refuse them.
  if (kind === 'volume') assertFiniteVoxels(loaded.image, pair.image);
  return loaded;
}

/** Reads only the label map of a pair (NIfTI label volume, or PNG/JPEG mask: binary or label map). */
export async function loadLabels(
  pair: FilePair,
  kind: '2d' | 'volume',
  repair?: HeaderRepair,
): Promise<Volume> {
  if (kind === '2d') return readMaskFile(pair.label, { mode: 'auto' });
  const labels = (await readNiftiFile(pair.label, { labels: true })).volume;
  return repair ? repair.apply(labels) : labels;
}

/** Loads cases one after the other (decoding is CPU-bound), reporting each. */
export async function loadCases(
  pairs: readonly FilePair[],
  kind: '2d' | 'volume',
  onCase?: (done: number) => void,
  signal?: AbortSignal,
  repair?: HeaderRepair,
): Promise<LabelledCase[]> {
  const cases: LabelledCase[] = [];
  for (const pair of pairs) {
    signal?.throwIfAborted();
    cases.push(await loadCase(pair, kind, repair));
    onCase?.(cases.length);
  }
  return cases;
}
