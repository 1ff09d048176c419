// Node only: loads dataset folders from disk, decoding every file once.
import { DATASET_FOLDERS, datasetDir } from '../config/dataDir';
import { errorMessage, nodeFs, nodePath } from '../config/node';
import { readImage } from '../image/decode';
import { readMask } from '../image/mask';
import { decodeNifti } from '../nifti/read';
import {
  createSegmentationDataset,
  type DatasetOptions,
  type LabelledCase,
  type SegmentationDataset,
} from './dataset';
import { listImagePairs, type FilePair } from './pairs';
import { polypSequenceId, type SplitOptions } from './split';

export interface CaseLoadOptions {
  /**
   * 2-D masks: 'auto' (default: PNG masks holding only 0 and 255 are binary, those with values 0..63 are label
   * maps of class indices; see readMask), 'binary' (0/255 or 0/1) or 'labels' (pixel values are class indices).
   */
  maskMode?: 'binary' | 'labels' | 'auto';
  /** 2-D binary masks: binarise at this value instead of requiring exactly two values. */
  maskThreshold?: number;
  /** Groups images into split units (e.g. frames of one video); default: each image is its own case. */
  caseIdOf?: (imageFileName: string) => string;
  /** Load only the first n pairs (sorted by name), e.g. for quick experiments. */
  limit?: number;
  /** Stops loading between files (rejecting with the signal's AbortError), e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await nodeFs('loadLabelledCases').readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

async function loadPair(
  pair: FilePair,
  kind: '2d' | 'volume',
  options: CaseLoadOptions,
): Promise<LabelledCase> {
  const [imageBytes, labelBytes] = await Promise.all([readBytes(pair.image), readBytes(pair.label)]);
  const caseId = options.caseIdOf?.(pair.id) ?? pair.id;
  if (kind === 'volume') {
    const image = decodeNifti(imageBytes, { name: pair.image }).volume;
    const labels = decodeNifti(labelBytes, { name: pair.label, labels: true }).volume;
    return { id: pair.id, caseId, image, labels };
  }
  const image = readImage(imageBytes, { name: pair.image });
  const labels = readMask(labelBytes, {
    name: pair.label,
    mode: options.maskMode ?? 'auto',
    threshold: options.maskThreshold,
  });
  if (image.dims[0] !== labels.dims[0] || image.dims[1] !== labels.dims[1]) {
    throw new Error(
      `${pair.label}: mask is ${labels.dims[0]}x${labels.dims[1]} but its image ${pair.image} is ` +
        `${image.dims[0]}x${image.dims[1]}`,
    );
  }
  return { id: pair.id, caseId, image, labels };
}

/** Decodes every image/label pair of a dataset folder (see listImagePairs for the layouts). Node only. */
export async function loadLabelledCases(
  root: string,
  options: CaseLoadOptions = {},
): Promise<LabelledCase[]> {
  const { kind, pairs } = await listImagePairs(root);
  const chosen = options.limit !== undefined ? pairs.slice(0, options.limit) : pairs;
  const cases: LabelledCase[] = [];
  // Sequential on purpose: decoding is CPU-bound and the files are small, so parallel reads gain little and
  // would hold many decoded images in flight.
  for (const pair of chosen) {
    options.signal?.throwIfAborted();
    cases.push(await loadPair(pair, kind, options));
  }
  return cases;
}

export type FolderDatasetOptions = Omit<DatasetOptions, 'name'> & CaseLoadOptions & { name?: string };

/**
 * A dataset from your own folder: images/ + masks/ (PNG/JPEG) or images/ + labels/ (NIfTI), split by case with a
 * seed. Volumes default to fit 'pad', 2-D images to 'resize'. Node only.
 */
export async function loadFolderDataset(
  root: string,
  options: FolderDatasetOptions,
): Promise<SegmentationDataset> {
  const cases = await loadLabelledCases(root, options);
  const is2d = cases[0].image.dims[2] === 1;
  return createSegmentationDataset(cases, {
    ...options,
    name: options.name ?? nodePath('loadFolderDataset').basename(root),
    fit: options.fit ?? (is2d ? 'resize' : 'pad'),
  });
}

export type PolypDatasetOptions = Partial<Omit<DatasetOptions, 'name' | 'split' | 'classNames'>> &
  Pick<CaseLoadOptions, 'limit'> & {
    /** Data directory (else SEGLENS_DATA_DIR / ../shared/data / ./data). */
    dataDir?: string;
    /**
     * 'source' (default): the source's train/ (1237) and val/ (150) folders. 'by-sequence': both pooled and split
     * with `seed`/`validationFraction` so frames of one video sequence never straddle the split (in the source
     * split, 33 of the 150 validation frames share a sequence with training frames).
     */
    split?: 'source' | 'by-sequence';
  } & SplitOptions;

/** PolypGen (polypgen-256): RGB colonoscopy frames, classes background/polyp. Node only. */
export async function loadPolypDataset(options: PolypDatasetOptions = {}): Promise<SegmentationDataset> {
  const { join } = nodePath('loadPolypDataset');
  const root = datasetDir(DATASET_FOLDERS.polyp, { dataDir: options.dataDir });
  const bySequence = options.split === 'by-sequence';
  const load = (folder: string) =>
    loadLabelledCases(join(root, folder), {
      limit: options.limit,
      caseIdOf: bySequence ? polypSequenceId : undefined,
    });
  const [train, val] = await Promise.all([load('train'), load('val')]);
  const common = {
    name: 'polyp',
    classNames: ['background', 'polyp'],
    size: options.size ?? ([256, 256] as [number, number]),
    fit: options.fit ?? 'resize',
    axis: options.axis,
    context: options.context,
    normalization: options.normalization ?? { method: 'zscore', scope: 'dataset' },
    augmentation: { flipY: 0.5, ...options.augmentation },
    skipEmptySlices: options.skipEmptySlices,
  } satisfies DatasetOptions;
  if (bySequence) {
    return createSegmentationDataset([...train, ...val], {
      ...common,
      split: { seed: options.seed, validationFraction: options.validationFraction },
    });
  }
  return createSegmentationDataset([...train, ...val], {
    ...common,
    split: { train: train.map((c) => c.id), validation: val.map((c) => c.id) },
  });
}

export type HippocampusDatasetOptions = Partial<Omit<DatasetOptions, 'name' | 'split' | 'classNames'>> &
  Pick<CaseLoadOptions, 'limit'> &
  SplitOptions & { dataDir?: string };

/**
 * MSD Task04 hippocampus (msd-hippocampus): MR volumes sliced along `axis` (default 2) into 64x64 padded planes,
 * classes background / anterior / posterior hippocampus, split by volume with `seed` (default 0, 20 %
 * validation), each volume normalised by its own 0.5-99.5 percentiles (MR intensities vary between scans;
 * a few files hold extreme outliers). No flips by default: they would swap the anatomy that tells the classes
 * apart. Node only.
 */
export async function loadHippocampusDataset(
  options: HippocampusDatasetOptions = {},
): Promise<SegmentationDataset> {
  const root = datasetDir(DATASET_FOLDERS.hippocampus, { dataDir: options.dataDir });
  const cases = await loadLabelledCases(root, { limit: options.limit });
  return createSegmentationDataset(cases, {
    name: 'hippocampus',
    classNames: ['background', 'anterior hippocampus', 'posterior hippocampus'],
    size: options.size ?? [64, 64],
    fit: options.fit ?? 'pad',
    axis: options.axis ?? 2,
    context: options.context ?? 0,
    normalization: options.normalization ?? {
      method: 'percentile',
      scope: 'case',
      lowPercentile: 0.5,
      highPercentile: 99.5,
    },
    augmentation: { flipX: 0, flipY: 0, ...options.augmentation },
    skipEmptySlices: options.skipEmptySlices,
    split: { seed: options.seed, validationFraction: options.validationFraction },
  });
}
