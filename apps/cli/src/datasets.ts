// `--dataset hippocampus|polyp|folder:<path>`: which files a command reads, the deterministic train/validation
// split every command shares (so `evaluate --split val` sees the cases `train` held out), and loading the
// cases of one split as the labelled cases @seglens/models trains and evaluates on.
import path from 'node:path';
import {
  assertFiniteVoxels,
  DATASET_FOLDERS,
  datasetDir,
  listImagePairs,
  readImageFile,
  readMaskFile,
  readNiftiFile,
  splitCases,
  type FilePair,
  type LabelledCase,
  type Volume,
} from '@seglens/data';
import { UsageError } from './errors';

export type DatasetSpec = { kind: 'hippocampus' } | { kind: 'polyp' } | { kind: 'folder'; path: string };

export type Split = 'train' | 'val' | 'all';
export const SPLITS: readonly Split[] = ['train', 'val', 'all'];

/** What a model trained on the dataset is told about it (task, modality, class names). */
export interface DatasetFacts {
  /** Recorded in model cards: the data folder's name. */
  name: string;
  kind: '2d' | 'volume';
  task: string;
  modality: string;
  /** Known class names (background first), or undefined when they come from the labels (folders). */
  classNames?: string[];
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
}

export const DATASET_HELP =
  'hippocampus, polyp, or folder:<path> (images/ + labels/ NIfTI, or images/ + masks/ PNG/JPEG)';

/** Parses the value of `--dataset`; unknown names are usage errors listing the valid ones. */
export function parseDatasetSpec(text: string, flag = '--dataset'): DatasetSpec {
  if (text === 'hippocampus' || text === 'polyp') return { kind: text };
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

/** Pairs split by case id with splitCases (sorted ids shuffled by the seed). */
function seededSplit(
  pairs: FilePair[],
  o: ListOptions,
): { train: FilePair[]; validation: FilePair[]; splitText: string } {
  const seed = o.splitSeed ?? 0;
  const fraction = o.validationFraction ?? 0.2;
  const split = splitCases(
    pairs.map((p) => p.id),
    { seed, validationFraction: fraction },
  );
  const validation = new Set(split.validation);
  return {
    train: pairs.filter((p) => !validation.has(p.id)),
    validation: pairs.filter((p) => validation.has(p.id)),
    splitText: `seeded split of ${pairs.length} cases: seed ${seed}, ${Math.round(fraction * 100)}% validation`,
  };
}

/** Lists a dataset's files and splits them. Missing folders and files are errors naming them. */
export async function listDataset(spec: DatasetSpec, o: ListOptions = {}): Promise<DatasetListing> {
  const cwd = o.cwd ?? process.cwd();
  const dirOptions = { dataDir: o.dataDir, cwd, env: o.env };
  if (spec.kind === 'hippocampus') {
    const root = datasetDir(DATASET_FOLDERS.hippocampus, dirOptions);
    const { pairs } = await listImagePairs(root);
    return {
      root,
      name: DATASET_FOLDERS.hippocampus,
      kind: 'volume',
      task: 'hippocampus',
      modality: 'MR',
      classNames: ['background', 'anterior hippocampus', 'posterior hippocampus'],
      ...seededSplit(byLimit(pairs, o.limit), o),
    };
  }
  if (spec.kind === 'polyp') {
    const root = datasetDir(DATASET_FOLDERS.polyp, dirOptions);
    const [train, validation] = await Promise.all(
      ['train', 'val'].map(async (f) => byLimit((await listImagePairs(path.join(root, f))).pairs, o.limit)),
    );
    return {
      root,
      name: DATASET_FOLDERS.polyp,
      kind: '2d',
      task: 'polyp',
      modality: 'endoscopy',
      classNames: ['background', 'polyp'],
      train,
      validation,
      splitText: "the source's train/ and val/ folders",
    };
  }
  const root = path.resolve(cwd, spec.path);
  const { kind, pairs } = await listImagePairs(root);
  return {
    root,
    name: path.basename(root),
    kind,
    task: path.basename(root),
    modality: 'OT',
    ...seededSplit(byLimit(pairs, o.limit), o),
  };
}

export function splitPairs(listing: DatasetListing, split: Split): FilePair[] {
  if (split === 'train') return listing.train;
  if (split === 'val') return listing.validation;
  return [...listing.train, ...listing.validation].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Reads one image and its label map; a 2-D mask of another size than its image is an error naming both. */
export async function loadCase(pair: FilePair, kind: '2d' | 'volume'): Promise<LabelledCase> {
  if (kind === 'volume') {
    const [image, label] = await Promise.all([
      readNiftiFile(pair.image),
      readNiftiFile(pair.label, { labels: true }),
    ]);
    // NaN/Inf voxels would give an all-background prediction and wrong scores without a word: refuse them.
    assertFiniteVoxels(image.volume, pair.image);
    return { id: pair.id, image: image.volume, labels: label.volume };
  }
  const [image, label] = await Promise.all([readImageFile(pair.image), readMaskFile(pair.label)]);
  if (image.dims[0] !== label.dims[0] || image.dims[1] !== label.dims[1]) {
    throw new Error(
      `${pair.label}: mask is ${label.dims[0]}x${label.dims[1]} but its image ${pair.image} is ${image.dims[0]}x${image.dims[1]}`,
    );
  }
  return { id: pair.id, image, labels: label };
}

/** Reads only the label map of a pair (NIfTI label volume or binary PNG/JPEG mask). */
export async function loadLabels(pair: FilePair, kind: '2d' | 'volume'): Promise<Volume> {
  return kind === 'volume'
    ? (await readNiftiFile(pair.label, { labels: true })).volume
    : readMaskFile(pair.label);
}

/** Loads cases one after the other (decoding is CPU-bound), reporting each. */
export async function loadCases(
  pairs: readonly FilePair[],
  kind: '2d' | 'volume',
  onCase?: (done: number) => void,
  signal?: AbortSignal,
): Promise<LabelledCase[]> {
  const cases: LabelledCase[] = [];
  for (const pair of pairs) {
    signal?.throwIfAborted();
    cases.push(await loadCase(pair, kind));
    onCase?.(cases.length);
  }
  return cases;
}
