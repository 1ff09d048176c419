// The settings of a training run as train() reads them from its options (defaults filled in and checked), the
// fingerprint a checkpoint must match to be resumed, and the training record that goes into the model card.
import * as tf from '@tensorflow/tfjs-core';
import type { Volume } from '@seglens/data';
import { DEFAULT_NSD_TOLERANCE, distanceUnitOfGrid } from '@seglens/metrics';
import type { EpochRecord, ModelCard, TrainingRecord } from '../card';
import type { AugmentOptions } from './augment';
import type { TrainingCase } from './cases';
import type { ResolvedLoss } from './loss';
import type { SelectBy, TrainOptions } from './train-options';

export interface Settings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  lrFactor: number;
  lrPatience: number;
  minLearningRate: number;
  seed: number;
  selectBy: SelectBy | 'trainLoss';
  nsdTolerance: number;
  augment: AugmentOptions | null;
  skipEmptySlices: boolean;
}

/**
 * `validation`'s NSD tolerance when the options give none: @seglens/metrics's default for the validation cases'
 * distance unit (1 mm; 2 px for single images without a size, e.g. polyp frames; 1 voxel for volumes without one),
 * as `seglens evaluate` takes it, so a card's NSD and evaluate's agree. A set with any case of known size counts
 * as millimetres.
 */
export function defaultNsdToleranceOf(validation: readonly { image: Volume }[]): number {
  if (validation.length === 0 || validation.some((c) => !c.image.spacingUnknown))
    return DEFAULT_NSD_TOLERANCE.mm;
  const shape = validation.every((c) => c.image.dims[2] === 1) ? 'image' : 'volume';
  return DEFAULT_NSD_TOLERANCE[distanceUnitOfGrid(true, shape)];
}

export function settingsOf(o: TrainOptions, hasValidation: boolean, defaultNsdTolerance = 1): Settings {
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new Error(`train: ${name} must be an integer >= ${min}, got ${v}`);
    return v;
  };
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v))
      throw new Error(`train: ${name} must be a positive number, got ${v}`);
    return v;
  };
  const selectBy = o.selectBy ?? 'meanForegroundDsc';
  if (selectBy !== 'meanForegroundDsc' && selectBy !== 'validationLoss')
    throw new Error(
      `train: selectBy must be 'meanForegroundDsc' or 'validationLoss', got '${String(selectBy)}'`,
    );
  const lrFactor = positive('lrFactor', o.lrFactor ?? 0.5);
  if (lrFactor > 1) throw new Error(`train: lrFactor must be in (0, 1], got ${lrFactor}`);
  const minLearningRate = o.minLearningRate ?? 0;
  if (!(minLearningRate >= 0)) throw new Error(`train: minLearningRate must be >= 0, got ${minLearningRate}`);
  return {
    epochs: int('epochs', o.epochs, 1),
    batchSize: int('batchSize', o.batchSize ?? 8, 1),
    learningRate: positive('learningRate', o.learningRate ?? 1e-4),
    lrFactor,
    lrPatience: int('lrPatience', o.lrPatience ?? 5, 1),
    minLearningRate,
    seed: int('seed', o.seed ?? 0, 0),
    selectBy: hasValidation ? selectBy : 'trainLoss',
    nsdTolerance: positive('nsdTolerance', o.nsdTolerance ?? defaultNsdTolerance),
    augment: o.augment ? { ...o.augment } : null,
    skipEmptySlices: o.skipEmptySlices ?? false,
  };
}

/** Everything that must match between a checkpoint and the run resuming it (epochs may grow). */
export function fingerprintOf(
  card: ModelCard,
  s: Settings,
  loss: ResolvedLoss,
  train: readonly TrainingCase[],
  validation: readonly TrainingCase[],
): Record<string, unknown> {
  return {
    architecture: card.architecture,
    input: card.input,
    classes: card.classes.map((c) => c.name),
    loss: loss.record,
    seed: s.seed,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    lrFactor: s.lrFactor,
    lrPatience: s.lrPatience,
    minLearningRate: s.minLearningRate,
    selectBy: s.selectBy,
    augment: s.augment,
    skipEmptySlices: s.skipEmptySlices,
    trainCases: train.map((c) => c.id),
    validationCases: validation.map((c) => c.id),
  };
}

export function checkFingerprint(
  saved: Record<string, unknown>,
  current: Record<string, unknown>,
  location: string,
): void {
  for (const key of Object.keys(current)) {
    const a = JSON.stringify(saved[key]);
    const b = JSON.stringify(current[key]);
    if (a !== b) {
      const show = (s: string | undefined) =>
        s === undefined ? 'nothing' : s.length > 120 ? `${s.slice(0, 120)}…` : s;
      throw new Error(
        `train: cannot resume from ${location}: its ${key} is ${show(a)} but this run asks for ${show(b)}`,
      );
    }
  }
}

export function trainingRecord(
  o: TrainOptions,
  s: Settings,
  loss: ResolvedLoss,
  train: readonly TrainingCase[],
  validation: readonly TrainingCase[],
  history: EpochRecord[],
  bestEpoch: number,
  seconds: number,
): TrainingRecord {
  return {
    dataset: {
      name: o.dataset?.name ?? 'custom',
      trainCases: train.map((c) => c.id),
      validationCases: validation.map((c) => c.id),
      ...(o.dataset?.split === undefined ? {} : { split: o.dataset.split }),
      ...(o.dataset?.groupBy === undefined ? {} : { groupBy: o.dataset.groupBy }),
      ...(o.dataset?.licence === undefined ? {} : { licence: o.dataset.licence }),
      ...(o.dataset?.headerRepair === undefined ? {} : { headerRepair: o.dataset.headerRepair }),
    },
    loss: loss.record,
    optimizer: { name: 'adam', learningRate: s.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    schedule: {
      factor: s.lrFactor,
      patience: s.lrPatience,
      monitor: validation.length > 0 ? 'validationLoss' : 'trainLoss',
    },
    batchSize: s.batchSize,
    epochs: s.epochs,
    bestEpoch,
    selectBy: s.selectBy,
    seed: s.seed,
    backend: tf.getBackend(),
    trainingSeconds: Math.round(seconds * 10) / 10,
    augmentation: s.augment as Record<string, unknown> | null,
    skipEmptySlices: s.skipEmptySlices,
    history: history.map((h) => ({ ...h })),
  };
}
