// Turns labelled cases (decoded volumes or 2-D images) into a training dataset: validation, split by case,
// normalisation fitted on the training cases, 2-D images brought to the fixed size once, and two SliceSets.
import type { Volume, VoxelArray } from '../volume';
import { sameGrid } from '../geometry/resample';
import { padOrCrop, resizeBilinear, resizeNearest } from '../geometry/warp2d';
import { resolveAugmentation, type Augmentation, type AugmentationOptions } from './augment';
import { fitNormalization, intensityMap, type Normalization, type NormalizationSpec } from './normalize';
import { planeSize, type SliceAxis } from './planes';
import { SliceSet, type PreparedCase, type SampleRef } from './sliceSet';
import { splitCases, type CaseSplit, type SplitOptions } from './split';

/** One labelled image: a 2-D image (dims [w, h, 1]) or a volume, and its label map on the same grid. */
export interface LabelledCase {
  /** Unique name of the image (its file name). */
  id: string;
  /** The unit of the train/validation split (patient, volume, video sequence); defaults to `id`. */
  caseId?: string;
  image: Volume;
  labels: Volume;
}

export interface DatasetOptions {
  name: string;
  /** Output size [height, width] of every sample. */
  size: [number, number];
  /** Names of classes 0..n-1; default: background plus "class 1".."class n-1" from the largest label found. */
  classNames?: string[];
  /** 'resize' stretches each plane (images bilinear, labels nearest); 'pad' centres it, padding or cropping. */
  fit?: 'resize' | 'pad';
  /** Slicing axis for volumes (0 = i, 1 = j, 2 = k); default 2. */
  axis?: SliceAxis;
  /** 2.5-D: this many neighbouring slices on each side become extra channels; default 0. */
  context?: number;
  /** Default { method: 'zscore', scope: 'case' }. */
  normalization?: NormalizationSpec;
  /** A seeded split (default seed 0, 20 % validation) or explicit case lists. */
  split?: SplitOptions | Omit<CaseSplit, 'method'>;
  augmentation?: AugmentationOptions;
  /** Leave out slices whose labels are all background; default false. */
  skipEmptySlices?: boolean;
}

/** Everything a model card needs to reproduce the data pipeline (no voxels). */
export interface DatasetCard {
  name: string;
  classNames: string[];
  /** [height, width, channels] of a sample. */
  inputShape: [number, number, number];
  fit: 'resize' | 'pad';
  axis: SliceAxis;
  context: number;
  normalization: Normalization;
  augmentation: Augmentation;
  split: CaseSplit;
  samples: { train: number; validation: number };
}

export interface SegmentationDataset {
  card: DatasetCard;
  train: SliceSet;
  validation: SliceSet;
}

type VoxelArrayConstructor = new (length: number) => VoxelArray;

// Module-scope alias: global lookups in hot loops are slow inside sandboxes such as jest's vm context.
const { round } = Math;

function validateCases(cases: LabelledCase[], name: string): { channels: number; maxLabel: number } {
  if (cases.length === 0) throw new Error(`dataset ${name}: no cases`);
  const seen = new Set<string>();
  const channels = cases[0].image.channels;
  let maxLabel = 0;
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`dataset ${name}: case id ${c.id} appears twice`);
    seen.add(c.id);
    const { image, labels } = c;
    if (image.channels !== channels) {
      throw new Error(
        `dataset ${name}: ${c.id} has ${image.channels} channel(s) but ${cases[0].id} has ${channels}`,
      );
    }
    if (labels.channels !== 1) throw new Error(`dataset ${name}: labels of ${c.id} must have one channel`);
    if (labels.voxels instanceof Float32Array)
      throw new Error(`dataset ${name}: labels of ${c.id} are floats`);
    if (image.dims.some((n, a) => n !== labels.dims[a])) {
      throw new Error(
        `dataset ${name}: ${c.id} image is ${image.dims.join('x')} but its labels are ${labels.dims.join('x')}`,
      );
    }
    if (image.dims[2] > 1 && !sameGrid(image, labels, 0.01)) {
      throw new Error(`dataset ${name}: ${c.id} image and labels have the same size but different geometry`);
    }
    for (let p = 0; p < labels.voxels.length; p++) {
      const v = labels.voxels[p];
      if (v < 0) throw new Error(`dataset ${name}: ${c.id} has a negative label ${v}`);
      if (v > maxLabel) maxLabel = v;
    }
  }
  return { channels, maxLabel };
}

function resolveSplit(cases: LabelledCase[], split: DatasetOptions['split'], name: string): CaseSplit {
  const ids = cases.map((c) => c.caseId ?? c.id);
  if (split && 'train' in split) {
    const train = [...new Set(split.train)].sort();
    const validation = [...new Set(split.validation)].sort();
    const known = new Set(ids);
    const listed = new Set([...train, ...validation]);
    const both = train.find((id) => validation.includes(id));
    if (both) throw new Error(`dataset ${name}: case ${both} is in both the train and validation lists`);
    const unlisted = ids.find((id) => !listed.has(id));
    if (unlisted)
      throw new Error(`dataset ${name}: case ${unlisted} is in neither the train nor the validation list`);
    const unknown = [...listed].find((id) => !known.has(id));
    if (unknown) throw new Error(`dataset ${name}: listed case ${unknown} has no data`);
    return { train, validation, method: 'given' };
  }
  return splitCases(ids, split);
}

/** Brings a 2-D case to the output size once, so batches only augment (int images are rounded back). */
function prefit(image: Volume, labels: Volume, width: number, height: number, fit: 'resize' | 'pad') {
  const [w, h] = image.dims;
  if (w === width && h === height) return { image, labels };
  const plane = { data: image.voxels, width: w, height: h, channels: image.channels };
  const labelPlane = { data: labels.voxels, width: w, height: h, channels: 1 };
  let data: VoxelArray;
  let labelData: VoxelArray;
  if (fit === 'resize') {
    const resized = resizeBilinear(plane, width, height).data;
    if (image.voxels instanceof Float32Array) data = resized;
    else {
      data = new (image.voxels.constructor as VoxelArrayConstructor)(resized.length);
      for (let p = 0; p < resized.length; p++) data[p] = round(resized[p]);
    }
    labelData = resizeNearest(labelPlane, width, height).data;
  } else {
    data = padOrCrop(plane, width, height).data;
    labelData = padOrCrop(labelPlane, width, height).data;
  }
  const geometry = { dims: [width, height, 1] as Volume['dims'] };
  return {
    image: { ...image, ...geometry, voxels: data },
    labels: { ...labels, ...geometry, voxels: labelData },
  };
}

function hasForeground(labels: Volume, axis: SliceAxis, slice: number): boolean {
  const [nx, ny] = labels.dims;
  const { width, height } = planeSize(labels.dims, axis);
  // Voxel steps along the plane's x and y, and the first voxel of the slice.
  const [stepX, stepY, start] =
    axis === 2 ? [1, nx, slice * nx * ny] : axis === 1 ? [1, nx * ny, slice * nx] : [nx, nx * ny, slice];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (labels.voxels[start + y * stepY + x * stepX] !== 0) return true;
  }
  return false;
}

/**
 * Builds a dataset from decoded cases (works in browsers: no file access). Normalisation statistics come from the
 * training cases only. 2-D cases are resized/padded once here; volume slices are fitted when batched.
 */
export function createSegmentationDataset(
  cases: LabelledCase[],
  options: DatasetOptions,
): SegmentationDataset {
  const { name } = options;
  const [height, width] = options.size;
  if (![height, width].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(
      `dataset ${name}: size must be two positive integers [height, width], got [${options.size}]`,
    );
  }
  const axis = options.axis ?? 2;
  const context = options.context ?? 0;
  if (![0, 1, 2].includes(axis)) throw new Error(`dataset ${name}: axis must be 0, 1 or 2, got ${axis}`);
  if (!Number.isInteger(context) || context < 0)
    throw new Error(`dataset ${name}: context must be an integer >= 0`);
  const fit = options.fit ?? 'resize';
  const { channels, maxLabel } = validateCases(cases, name);
  const classNames = options.classNames ?? [
    'background',
    ...Array.from({ length: Math.max(1, maxLabel) }, (_, i) => `class ${i + 1}`),
  ];
  if (maxLabel >= classNames.length) {
    throw new Error(
      `dataset ${name}: label ${maxLabel} found but only ${classNames.length} class names are given`,
    );
  }
  const split = resolveSplit(cases, options.split, name);
  const training = new Set(split.train);
  const normalization = fitNormalization(
    options.normalization ?? { method: 'zscore', scope: 'case' },
    cases.filter((c) => training.has(c.caseId ?? c.id)).map((c) => c.image),
    channels,
  );
  const augmentation = resolveAugmentation(options.augmentation);
  const prepared: PreparedCase[] = cases.map((c) => {
    const map = intensityMap(normalization, c.image); // from the original pixels, before any resizing
    const is2d = c.image.dims[2] === 1 && axis === 2;
    const { image, labels } = is2d ? prefit(c.image, c.labels, width, height, fit) : c;
    return { id: c.id, caseId: c.caseId ?? c.id, image, labels, map };
  });
  const config = { height, width, imageChannels: channels, axis, context, fit, augmentation };
  const makeSet = (ids: Set<string>): SliceSet => {
    const members = prepared.filter((c) => ids.has(c.caseId));
    const refs: SampleRef[] = [];
    members.forEach((c, index) => {
      for (let slice = 0; slice < c.image.dims[axis]; slice++) {
        if (!options.skipEmptySlices || hasForeground(c.labels, axis, slice))
          refs.push({ case: index, slice });
      }
    });
    return new SliceSet(members, refs, config);
  };
  const train = makeSet(training);
  const validation = makeSet(new Set(split.validation));
  const card: DatasetCard = {
    name,
    classNames,
    inputShape: [height, width, train.channels],
    fit,
    axis,
    context,
    normalization,
    augmentation,
    split,
    samples: { train: train.sampleCount, validation: validation.sampleCount },
  };
  return { card, train, validation };
}
