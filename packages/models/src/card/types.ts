// The model card (seglens.json): everything a viewer needs to apply a model correctly (classes, input
// geometry, normalisation) and everything a reader needs to trust it (data, loss, seed, metrics, hashes).
import type { UNetConfig } from '../unet/config';

export const MODEL_CARD_FORMAT = 'seglens-model-card';
export const MODEL_CARD_VERSION = 1;
/** File name of the card beside model.json. */
export const MODEL_CARD_FILE = 'seglens.json';

/** RGB, each 0-255. */
export type Rgb = [number, number, number];

export interface ClassInfo {
  /** Label value the class gets in the output label map (its index among the model's outputs). */
  index: number;
  name: string;
  color: Rgb;
}

/**
 * Intensity normalisation applied to each input volume before slicing. Statistics (zscore, minmax, percentile)
 * are computed per channel over the whole volume, so a slice is normalised the same way whichever slices
 * accompany it.
 */
export type InputNormalization =
  | { kind: 'none' }
  /** (x − mean) / std of the volume. */
  | { kind: 'zscore' }
  /** (x − min) / (max − min) of the volume, into [0, 1]. */
  | { kind: 'minmax' }
  /** Clipped to the volume's [lower, upper] percentiles (0-100), then scaled into [0, 1]. */
  | { kind: 'percentile'; lower: number; upper: number }
  /** (x − mean[c]) / std[c] with fixed numbers, e.g. RGB 0-255 → [0, 1] with mean 0, std 255. */
  | { kind: 'fixed'; mean: number[]; std: number[] }
  /**
   * A fixed intensity window, e.g. CT in Hounsfield units: clipped to [lower, upper] and scaled into [0, 1].
   * Applied to the values the readers give, which are HU for CT whether the voxels came from NIfTI (after
   * scl_slope/scl_inter) or DICOM (after Rescale Slope/Intercept), so one model reads both the same way.
   */
  | { kind: 'window'; lower: number; upper: number };

/** How a slice of any size is brought to the model's input size and back. */
export type FitMode =
  /** Bilinear resize of the image (nearest for training labels); probabilities are resized back bilinearly. */
  | 'resize'
  /** Centred zero padding (or centred cropping where the slice is larger), undone exactly on the way back. */
  | 'pad';

export interface InputSpec {
  /** Image channels per voxel: 1 (grey) or 3 (RGB). */
  channels: number;
  /** [height, width] of the slices the network sees. */
  size: [number, number];
  /**
   * Anatomical orientation of the volumes the model was trained on, as a three-letter code naming where the
   * voxel axes i, j, k point (e.g. 'RAS' for NIfTI stored as MSD ships it, 'LPS' for DICOM axial series and
   * 2-D images). segment() and fineTune() re-index every input to it (no resampling) and results back, so a
   * series stored in any order is seen the way the model learned. Cards without it (older files) apply the
   * model to the voxels in their stored order.
   */
  orientation?: string;
  /** Axis the 2D model slices along, in `orientation`: 2 = k (axial for 'RAS'/'LPS', the only axis of a 2D image). */
  sliceAxis: 0 | 1 | 2;
  /**
   * Neighbouring slices on each side that the network sees with the slice it labels ("2.5-D" input): slices
   * s − k, ..., s + k along `sliceAxis` in `orientation`, stacked as channels (slice-major: all of slice s − k's
   * channels first), the first or last slice repeated past either end of the volume. A 2-D network sees one
   * slice and no anatomy above or below it, so it can take the heart for the spleen. The network then takes
   * `channels × (2k + 1)` channels (networkChannels). Default 0 (one slice); cards without it are 2-D.
   */
  contextSlices?: number;
  fit: FitMode;
  normalization: InputNormalization;
}

/** The most neighbouring slices on each side a card may ask for (17 slices in all). */
export const MAX_CONTEXT_SLICES = 8;

/** Channels the network takes: the image's channels for each of the 2k + 1 slices it sees. */
export function networkChannels(input: Pick<InputSpec, 'channels' | 'contextSlices'>): number {
  return input.channels * (2 * (input.contextSlices ?? 0) + 1);
}

/** A loss as the card records it: registry name and every option, or 'custom' for a function. */
export interface LossRecord {
  name: string;
  options: Record<string, unknown>;
}

export interface DatasetRecord {
  name: string;
  /** Case identifiers exactly as trained on / validated on. */
  trainCases: string[];
  validationCases: string[];
  /** Free-form description of the split (e.g. "seed 1, 80/20"). */
  split?: string;
  /**
   * The split unit when files were grouped: a regular expression on file names whose first capture group (or
   * whole match) names the group, e.g. `^(patient\d+)_frame` keeps a patient's frames on one side.
   */
  groupBy?: string;
  /** Licence of the training data as its source states it (e.g. 'CC BY-NC-SA 4.0 (ACDC; non-commercial)'). */
  licence?: string;
  /** The header repair applied to the dataset's files before training (@seglens/data's DATASET_HEADER_REPAIRS). */
  headerRepair?: string;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
  meanForegroundDsc: number | null;
  learningRate: number;
  seconds: number;
}

export interface TrainingRecord {
  dataset: DatasetRecord;
  loss: LossRecord;
  optimizer: { name: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number };
  /** ReduceLROnPlateau-style halving: factor and patience in epochs. */
  schedule: { factor: number; patience: number; monitor: 'validationLoss' | 'trainLoss' };
  batchSize: number;
  /** Epochs asked for, and the epoch (1-based) whose weights these are. */
  epochs: number;
  bestEpoch: number;
  selectBy: 'validationLoss' | 'meanForegroundDsc' | 'trainLoss';
  seed: number;
  /** TF.js backend the model was trained on (wasm, cpu, webgl, webgpu). */
  backend: string;
  /** Wall-clock training time in seconds up to the end of training (all epochs, resumed runs summed). */
  trainingSeconds: number;
  augmentation: Record<string, unknown> | null;
  /** Whether slices without foreground were left out of training. */
  skipEmptySlices?: boolean;
  history: EpochRecord[];
}

export interface ClassMetrics {
  index: number;
  name: string;
  dsc: number;
  iou: number;
  precision: number;
  recall: number;
  hd95: number;
  assd: number;
  nsd: number;
}

/**
 * How the 3×3 stride-1 convolutions run on wasm at inference: `'winograd'`, Winograd's F(2×2, 3×3) (2.25× fewer
 * multiplications), `'winograd4'`, F(4×4, 3×3) (4× fewer; layers narrower than 16 keep F(2×2, 3×3), where a 4×4
 * tile would mostly compute padding), both within float32 rounding of the direct sum, not its bits (F(4×4)'s
 * rounding is larger), or `'direct'`, the direct sum in XNNPACK's order of additions (TF.js's own results to the
 * bit). Other backends and other layers are not affected. Defined here, without TF.js, because a card records
 * which one measured its validation.
 */
export const CONVOLUTION_ALGORITHMS = ['winograd4', 'winograd', 'direct'] as const;
export type ConvolutionAlgorithm = (typeof CONVOLUTION_ALGORITHMS)[number];

/** Whether `value` names one of CONVOLUTION_ALGORITHMS (options and cards arrive as plain data). */
export function isConvolutionAlgorithm(value: unknown): value is ConvolutionAlgorithm {
  return (CONVOLUTION_ALGORITHMS as readonly unknown[]).includes(value);
}

/** The names as error messages list them: 'winograd4', 'winograd', 'direct'. */
export const CONVOLUTION_ALGORITHM_NAMES = CONVOLUTION_ALGORITHMS.map((a) => `'${a}'`).join(', ');

export interface ValidationRecord {
  /** Validation cases the numbers are averaged over. */
  cases: number;
  /** Tolerance (mm) of the NSD. */
  nsdTolerance: number;
  meanForegroundDsc: number;
  perClass: ClassMetrics[];
  /**
   * How inference ran the 3×3 convolutions when these numbers were measured (ConvolutionAlgorithm). Absent on cards
   * written before 2026-12-06, which were measured 'direct'. `seglens evaluate --convolution <this>` reproduces the
   * numbers to the last digit; the others differ in the sixth decimal or beyond.
   */
  convolution?: ConvolutionAlgorithm;
}

export interface FineTuneRecord {
  samples: number;
  epochs: number;
  learningRate: number;
  freezeEncoder: boolean;
  loss: LossRecord;
  lossBefore: number;
  lossAfter: number;
  date: string;
}

export interface FileRecord {
  /** Path relative to model.json. */
  path: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface ModelCard {
  format: typeof MODEL_CARD_FORMAT;
  formatVersion: typeof MODEL_CARD_VERSION;
  name: string;
  /** What the model segments, e.g. 'hippocampus' or 'polyp'. */
  task: string;
  /** DICOM modality or a plain word: 'MR', 'CT', 'endoscopy'. */
  modality: string;
  description?: string;
  /** One entry per output channel, index 0 (background) first. */
  classes: ClassInfo[];
  input: InputSpec;
  architecture: UNetConfig;
  /** How the weights are stored; float16 halves the files, decoded to float32 by TF.js on load. */
  weightDtype: 'float32' | 'float16';
  training: TrainingRecord | null;
  validation: ValidationRecord | null;
  fineTuning: FineTuneRecord[];
  /** model.json first, then every weight file. Filled in when the model is saved. */
  files: FileRecord[];
  createdAt: string;
}
