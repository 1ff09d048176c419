// The options, progress events and result of train(): its public surface, kept apart from the loop so that
// the loop's file is about what happens in a run and its epochs.
import type { EpochRecord, ModelCard, ModelCardInit, ValidationRecord } from '../card';
import type { SeglensModel } from '../io';
import type { AugmentOptions } from './augment';
import type { TrainingCase } from './cases';
import type { TrainingStore } from './checkpoint';
import type { LossSpec } from './loss';

export type SelectBy = 'meanForegroundDsc' | 'validationLoss';

export interface TrainOptions {
  /** The card of the model to train (classes, input, architecture, name...), or what createModelCard needs. */
  card: ModelCard | ModelCardInit;
  train: readonly TrainingCase[];
  /** Validated after every epoch; without it the schedule and the best model follow the training loss. */
  validation?: readonly TrainingCase[];
  /** Recorded in the card (see DatasetRecord). */
  dataset?: { name: string; split?: string; groupBy?: string; licence?: string; headerRepair?: string };
  loss: LossSpec;
  epochs: number;
  /** Default 8 (the paper's). Each epoch uses floor(slices / batchSize) full batches of a fresh shuffle. */
  batchSize?: number;
  /** Initial Adam learning rate. Default 1e-4 (the paper's). */
  learningRate?: number;
  /** Multiplier applied after `lrPatience` epochs without a lower monitored loss. Defaults 0.5 and 5. */
  lrFactor?: number;
  lrPatience?: number;
  minLearningRate?: number;
  /** Seeds the weight initialisation, the data order and the augmentation. Default 0. */
  seed?: number;
  /** Which epoch's weights are kept. Default 'meanForegroundDsc' (higher is better); ignored without validation. */
  selectBy?: SelectBy;
  augment?: AugmentOptions;
  /** Train only on slices with some foreground (validation always uses every slice). Default false. */
  skipEmptySlices?: boolean;
  /**
   * NSD tolerance of the validation metrics, in the validation cases' distance unit. Default: defaultNsdToleranceOf
   * them (1 mm; 2 px for single images without a size; 1 voxel for volumes without one), as `seglens evaluate`.
   */
  nsdTolerance?: number;
  /** Where the checkpoint and best model go; without one nothing is saved (and resume is impossible). */
  store?: TrainingStore;
  /**
   * Continue from the store's checkpoint: true requires one (a missing checkpoint is an error, not a silent
   * fresh start); 'or-start' starts afresh when there is none.
   */
  resume?: boolean | 'or-start';
  onProgress?: (event: TrainProgress) => void;
  signal?: AbortSignal;
}

export type TrainProgress =
  | {
      type: 'prepared';
      trainSlices: number;
      validationSlices: number;
      stepsPerEpoch: number;
      startEpoch: number;
      seconds: number;
    }
  | {
      type: 'step';
      epoch: number;
      epochs: number;
      step: number;
      steps: number;
      loss: number;
      learningRate: number;
      msPerStep: number;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      trainLoss: number;
      validationLoss: number | null;
      validation: ValidationRecord | null;
      learningRate: number;
      learningRateReduced: boolean;
      improved: boolean;
      bestEpoch: number;
      seconds: number;
      /** Estimated seconds left, from the mean epoch time of this run. */
      etaSeconds: number;
    };

export interface TrainResult {
  /** The best model (by selectBy), with its card (file hashes filled in when a store saved it). */
  model: SeglensModel;
  history: EpochRecord[];
  bestEpoch: number;
  /** Epochs that were already done in the checkpoint this run resumed from (0 for a fresh run). */
  resumedFrom: number;
}
