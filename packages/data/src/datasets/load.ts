// Node only: loads dataset folders from disk, decoding every file once. What a model makes of the cases (slices,
// fit, normalisation, augmentation) is the training pipeline of @seglens/models.
import { errorMessage, nodeFs } from '../config/node';
import { sameGrid } from '../geometry/resample';
import { readImage } from '../image/decode';
import { readMask } from '../image/mask';
import { decodeNifti } from '../nifti/read';
import type { Volume } from '../volume';
import { listImagePairs, type FilePair } from './pairs';

/** One labelled image: a 2-D image (dims [w, h, 1]) or a volume, and its label map on the same grid. */
export interface LabelledCase {
  /** Unique name of the image (its file name). */
  id: string;
  /** The unit of the train/validation split (patient, volume, video sequence); defaults to `id`. */
  caseId?: string;
  image: Volume;
  labels: Volume;
}

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
  /**
   * Fixes the header of every volume (image and labels alike) before anything else reads it: a known
   * dataset's repair (DATASET_HEADER_REPAIRS), for files whose geometry does not match their anatomy.
   */
  repairHeader?: (volume: Volume) => Volume;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await nodeFs('loadLabelledCases').readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

/**
 * Decodes one image/label pair (of listImagePairs) into a case. Errors name the file: unreadable or corrupt
 * files, a 2-D mask of another size than its image, and a label volume of its image's size on another grid.
 * Node only. `limit` and `signal` of the options apply to loadLabelledCases only.
 */
export async function loadLabelledCase(
  pair: FilePair,
  kind: '2d' | 'volume',
  options: CaseLoadOptions = {},
): Promise<LabelledCase> {
  const [imageBytes, labelBytes] = await Promise.all([readBytes(pair.image), readBytes(pair.label)]);
  const caseId = options.caseIdOf?.(pair.id) ?? pair.id;
  if (kind === 'volume') {
    const repair = options.repairHeader ?? ((v: Volume) => v);
    const image = repair(decodeNifti(imageBytes, { name: pair.image }).volume);
    const labels = repair(decodeNifti(labelBytes, { name: pair.label, labels: true }).volume);
    // Same size is not same place: a label map written on another origin, spacing or direction would train the
    // model on shifted anatomy without any error downstream (training compares dims only).
    if (image.dims.every((n, axis) => n === labels.dims[axis]) && !sameGrid(image, labels, 0.01)) {
      throw new Error(
        `${pair.label}: label map has the size of its image ${pair.image} but another origin, spacing or direction`,
      );
    }
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
    cases.push(await loadLabelledCase(pair, kind, options));
  }
  return cases;
}
