// The task presets of trainOnDataset and the CLI's `--dataset <name>`: where each public data set lives, how
// it is split, what the model sees (size, slice axis, normalisation), how it is augmented, its classes with
// their colours, and the licence its cards record.
import { DATASET_FOLDERS, DATASET_HEADER_REPAIRS, type HeaderRepair } from '@seglens/data';
import type { InputSpec, Rgb } from '../../card';
import type { AugmentOptions } from '../augment';

export interface DatasetPreset {
  /** Folder in the data directory (DATASET_FOLDERS), recorded in cards as the dataset's name. */
  name: string;
  task: string;
  modality: string;
  classNames: string[];
  /** One per class, background first; default: the card palette. */
  colors?: Rgb[];
  input: InputSpec;
  augment?: AugmentOptions;
  description: string;
  /**
   * Split unit: a regular expression on file names (first capture group, else the whole match), so files of
   * one patient stay on one side of the split. Default: each file is its own case.
   */
  groupBy?: string;
  /** Licence of the training data as its source states it; recorded in every card trained on it. */
  licence: string;
  /** A known defect of the dataset's file headers, repaired on loading (recorded in the card by name). */
  headerRepair?: HeaderRepair;
}

export type PresetName = 'hippocampus' | 'polyp' | 'ct-abdomen' | 'cardiac';
export const PRESET_NAMES: readonly PresetName[] = ['hippocampus', 'polyp', 'ct-abdomen', 'cardiac'];

/** Whether a value names a preset. */
export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

// BTCV's 13 organs in its label order; colours far apart from one another so that neighbours (liver and
// kidneys, aorta and vena cava, the two adrenal glands) stay tellable apart in an overlay.
const CT_ABDOMEN_CLASSES: Array<[string, Rgb]> = [
  ['background', [0, 0, 0]],
  ['spleen', [145, 30, 180]],
  ['right kidney', [255, 225, 25]],
  ['left kidney', [245, 130, 48]],
  ['gallbladder', [60, 180, 75]],
  ['esophagus', [250, 190, 212]],
  ['liver', [170, 110, 40]],
  ['stomach', [70, 240, 240]],
  ['aorta', [230, 25, 75]],
  ['inferior vena cava', [0, 130, 200]],
  ['portal and splenic vein', [240, 50, 230]],
  ['pancreas', [210, 245, 60]],
  ['right adrenal gland', [0, 128, 128]],
  ['left adrenal gland', [128, 128, 0]],
];

const CARDIAC_CLASSES: Array<[string, Rgb]> = [
  ['background', [0, 0, 0]],
  ['right ventricle cavity', [0, 130, 200]],
  ['left ventricular myocardium', [60, 180, 75]],
  ['left ventricle cavity', [230, 25, 75]],
];

/**
 * Hippocampus: 64x64 padding holds every MSD crop (at most 43x59) without resampling; each volume clipped to
 * its 0.5-99.5 percentiles (MR units vary between scans); no flips (they would swap the anatomy that tells
 * anterior from posterior). Polyp: RGB scaled to [0, 1], resized to 128x128 (a quarter of the cost of the
 * frames' 256x256), flipped both ways.
 *
 * CT abdomen (BTCV): axial slices (k of the LPS-stored volumes), the fixed abdominal window -125..275 HU into
 * [0, 1] — the same numbers on NIfTI and DICOM input, so a model trained here segments a DICOM CT unchanged.
 * 257x257 slices resized to 160x160 (1.6-2.7 mm pixels): at 128 the adrenal glands and the esophagus, a few
 * pixels wide at full size, shrink to one or two; 160 keeps them at about 1.6x the cost of 128, and is
 * divisible by 2^4, so depth 5 fits too. No flips: left and right kidney and adrenal gland are told apart by
 * their side. A ±10% intensity jitter only. The files' rows are mirrored in their headers (BTCV_ROWS_MIRRORED
 * repairs them on loading) and the model learns in LPS, the order of a DICOM axial series: anterior at the top,
 * the patient's right on the left, as a radiologist reads CT.
 *
 * Cardiac (ACDC): short-axis slices (k), 154x154 to 428x512 in-plane, resized to 128x128 (the heart sits up to
 * 108 pixels from the image centre, so a centred crop would cut it off; the files carry no pixel size to
 * resample by). Each volume clipped to its 0.5-99.5 percentiles (MR units vary). Flips both ways and intensity
 * jitter: the ventricles are told apart by shape (the ring of myocardium around the left one), not by side.
 * Both frames (ED, ES) of a patient are one split unit. The files say 1 mm voxels, a size their source dropped:
 * ACDC_SPACING_DROPPED marks them `spacingUnknown` on loading, so distances on them are reported in voxels.
 */
export const DATASET_PRESETS: Readonly<Record<PresetName, DatasetPreset>> = {
  hippocampus: {
    name: DATASET_FOLDERS.hippocampus,
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
    licence: 'CC BY-SA 4.0 (Medical Segmentation Decathlon)',
  },
  polyp: {
    name: DATASET_FOLDERS.polyp,
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
    licence: 'CC BY 4.0 (PolypGen, Sci. Data 2023)',
  },
  'ct-abdomen': {
    name: DATASET_FOLDERS.btcvAbdomen,
    task: 'ct-abdomen',
    modality: 'CT',
    classNames: CT_ABDOMEN_CLASSES.map(([name]) => name),
    colors: CT_ABDOMEN_CLASSES.map(([, color]) => color),
    input: {
      channels: 1,
      size: [160, 160],
      orientation: 'LPS',
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'window', lower: -125, upper: 275 },
    },
    augment: { intensityScale: 0.1, intensityShift: 0.1 },
    description:
      '13 abdominal organs in contrast-enhanced CT (portal venous phase), axial slices, window -125..275 HU (BTCV).',
    headerRepair: DATASET_HEADER_REPAIRS[DATASET_FOLDERS.btcvAbdomen],
    licence:
      "research use under the BTCV challenge's terms (Synapse, MICCAI 2015 Multi-Atlas Labeling Beyond the Cranial Vault); do not redistribute the data",
  },
  cardiac: {
    name: DATASET_FOLDERS.acdcCardiac,
    task: 'cardiac',
    modality: 'MR',
    classNames: CARDIAC_CLASSES.map(([name]) => name),
    colors: CARDIAC_CLASSES.map(([, color]) => color),
    input: {
      channels: 1,
      size: [128, 128],
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'percentile', lower: 0.5, upper: 99.5 },
    },
    augment: { flipHorizontal: true, flipVertical: true, intensityScale: 0.1, intensityShift: 0.1 },
    description:
      'Right ventricle, left ventricular myocardium and left ventricle in short-axis cine MR at end-diastole and end-systole (ACDC).',
    groupBy: '^(patient\\d+)_frame',
    headerRepair: DATASET_HEADER_REPAIRS[DATASET_FOLDERS.acdcCardiac],
    licence: 'CC BY-NC-SA 4.0 (ACDC, MICCAI 2017; non-commercial)',
  },
};
