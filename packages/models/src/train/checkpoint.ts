// What a resumed run needs to continue exactly where an uninterrupted one would be: the weights (float32,
// batch-norm statistics included), Adam's iteration count and moments, the learning-rate schedule, the PRNG,
// the best-model bookkeeping and the history. Stores decide where it lives (a directory in Node, memory).
import type { RngState } from '@seglens/metrics';
import type { EpochRecord, ModelCard, ValidationRecord } from '../card';
import type { SeglensModel } from '../io';
import type { AdamState } from './adam';

export const TRAINING_STATE_FILE = 'training-state.json';
export const OPTIMIZER_FILE = 'optimizer.bin';

export interface TrainingState {
  format: 'seglens-training-state';
  version: 1;
  /** Epochs finished; the run continues with epoch epochsDone + 1. */
  epochsDone: number;
  rng: RngState;
  adam: AdamState;
  /** Best monitored loss for the schedule (null before the first epoch) and epochs since it improved. */
  plateau: { best: number | null; badEpochs: number };
  /** Best selection score so far (lower is better; DSC is stored negated) and its epoch (0: none yet). */
  selection: { best: number | null; bestEpoch: number; validation: ValidationRecord | null };
  history: EpochRecord[];
  trainingSeconds: number;
  /** The settings a resumed run must share with the one that wrote this (see train()'s resume check). */
  fingerprint: Record<string, unknown>;
  /** SHA-256 of optimizer.bin, checked on load. */
  optimizerSha256: string;
}

export interface TrainingCheckpoint {
  model: SeglensModel;
  state: TrainingState;
  /** Adam's first then second moments, variable by variable (Adam.moments()). */
  moments: Float32Array;
}

/** Where train() keeps its checkpoint and its best model. */
export interface TrainingStore {
  /** A human-readable location for messages (a path, 'memory'). */
  readonly location: string;
  /** The last checkpoint, or null when there is none. */
  loadCheckpoint(): Promise<TrainingCheckpoint | null>;
  /** Replaces the checkpoint in one step (a crash leaves the old or the new one, never a mixture). */
  saveCheckpoint(checkpoint: TrainingCheckpoint): Promise<void>;
  /** Replaces the best model in one step; returns its card with file hashes. */
  saveBest(model: SeglensModel): Promise<ModelCard>;
  /** The best model saved so far, or null. */
  loadBest(): Promise<SeglensModel | null>;
}

/** JSON has no Infinity: the plateau's "no best yet" is stored as null. */
export const toJsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);
export const fromJsonNumber = (v: number | null): number => (v === null ? Infinity : v);
