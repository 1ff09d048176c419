// The models the browser test runs (every shipped model under packages/models/pretrained/, plus one saved
// here so the test means something before any is shipped) and the real image each one is applied to.
import {
  createVolume,
  datasetDir,
  DATASET_FOLDERS,
  readDicomFolder,
  readImageFile,
  readNiftiFile,
  type Volume,
} from '@seglens/data';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModelCard, MODEL_CARD_FILE, type ModelCard } from '../../../src/card';
import { saveModelToDirectory } from '../../../src/io';
import { createUNet } from '../../../src/unet';
import type { VolumeMessage, VoxelType } from '../protocol';

export const PRETRAINED_DIR = join(__dirname, '..', '..', '..', 'pretrained');

export interface ModelCase {
  /** URL-safe name: the model's folder name. */
  name: string;
  dir: string;
  card: ModelCard;
}

/**
 * The shipped model folders, read synchronously so that each becomes its own test. No pretrained/ folder means
 * none shipped yet; a pretrained/ folder that is empty, or holds a folder without a card, is an error.
 */
export function shippedModels(root = PRETRAINED_DIR): ModelCase[] {
  if (!existsSync(root)) return [];
  const folders = readdirSync(root, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && !d.name.startsWith('.'),
  );
  if (folders.length === 0) throw new Error(`${root} exists but holds no model folder`);
  return folders.map((folder) => {
    const dir = join(root, folder.name);
    const cardFile = join(dir, MODEL_CARD_FILE);
    if (!existsSync(cardFile)) throw new Error(`shipped model folder ${dir} has no ${MODEL_CARD_FILE}`);
    return { name: folder.name, dir, card: JSON.parse(readFileSync(cardFile, 'utf8')) as ModelCard };
  });
}

/**
 * A small untrained hippocampus-shaped model (seeded) saved into `dir`. Instance normalisation and float16
 * storage on purpose: the custom layer must survive bundling and the float16 weights must decode in a browser.
 */
export async function saveTestModel(dir: string): Promise<ModelCase> {
  const architecture = {
    inputChannels: 1,
    classes: 3,
    depth: 3,
    baseFilters: 8,
    normalization: 'instance' as const,
  };
  const card = createModelCard({
    name: 'browser-test',
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
    architecture,
    weightDtype: 'float16',
  });
  const net = createUNet({ ...architecture, seed: 7 });
  try {
    return { name: 'browser-test', dir, card: await saveModelToDirectory({ net, card }, dir) };
  } finally {
    net.dispose();
  }
}

/** One MSD hippocampus T1 crop (NIfTI, uint8). */
export const HIPPOCAMPUS_CASE = 'hippocampus_001';
/** One PolypGen validation frame (JPEG, RGB 256x256). */
export const POLYP_FRAME = '106OLCV1_100H0014.jpg';
/** One ACDC end-diastolic short-axis volume of the cardiac models' validation split (NIfTI). */
export const CARDIAC_CASE = 'patient003_frame01';

/** The real image a model of this card's task is meant for, checked against the card's channels. */
export async function inputFor(card: ModelCard): Promise<Volume> {
  let volume: Volume;
  if (card.task === 'hippocampus') {
    const file = join(datasetDir(DATASET_FOLDERS.hippocampus), 'images', `${HIPPOCAMPUS_CASE}.nii.gz`);
    volume = (await readNiftiFile(file)).volume;
  } else if (card.task === 'polyp') {
    volume = await readImageFile(join(datasetDir(DATASET_FOLDERS.polyp), 'val', 'images', POLYP_FRAME));
  } else if (card.task === 'cardiac') {
    const file = join(datasetDir(DATASET_FOLDERS.acdcCardiac), 'images', `${CARDIAC_CASE}.nii.gz`);
    volume = (await readNiftiFile(file)).volume;
  } else if (card.task === 'ct-abdomen') {
    // TotalSegmentator's 20-slice abdominal CT (JPEG 2000 DICOM, HU through Rescale Slope/Intercept): a CT
    // from another source than BTCV, in a scanner's LPS order.
    volume = await readDicomFolder(join(datasetDir(DATASET_FOLDERS.ctAbdomen), 'dicom'));
  } else {
    throw new Error(`inputFor: no test image for task '${card.task}' (model '${card.name}')`);
  }
  if (volume.channels !== card.input.channels) {
    throw new Error(
      `inputFor: model '${card.name}' takes ${card.input.channels} channel(s), its ${card.task} image has ${volume.channels}`,
    );
  }
  return volume;
}

/**
 * At most `count` consecutive slices from the middle along k (the axis the models slice along), with the
 * origin moved to the first kept slice. The software-rendered GPU backends get these to keep the test short.
 */
export function middleSlices(volume: Volume, count: number): Volume {
  const [nx, ny, nz] = volume.dims;
  if (nz <= count) return volume;
  const first = Math.floor((nz - count) / 2);
  const sliceLength = nx * ny * volume.channels;
  const d = volume.direction;
  const step = first * volume.spacing[2];
  return createVolume({
    voxels: volume.voxels.slice(first * sliceLength, (first + count) * sliceLength),
    dims: [nx, ny, count],
    spacing: [...volume.spacing],
    origin: [volume.origin[0] + step * d[6], volume.origin[1] + step * d[7], volume.origin[2] + step * d[8]],
    direction: [...d],
    channels: volume.channels,
  });
}

function voxelType(voxels: Volume['voxels']): VoxelType {
  if (voxels instanceof Uint8Array) return 'uint8';
  if (voxels instanceof Int16Array) return 'int16';
  if (voxels instanceof Uint16Array) return 'uint16';
  if (voxels instanceof Int32Array) return 'int32';
  if (voxels instanceof Float32Array) return 'float32';
  throw new Error(`toMessage: voxels of type ${voxels.constructor.name} are not sent to the page`);
}

export function toMessage(volume: Volume): VolumeMessage {
  const { voxels } = volume;
  return {
    type: voxelType(voxels),
    voxels: Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength).toString('base64'),
    dims: [...volume.dims],
    spacing: [...volume.spacing],
    origin: [...volume.origin],
    direction: [...volume.direction],
    channels: volume.channels,
  };
}
