// The training loop: Adam on 2D slices with any loss of @seglens/losses, validation every epoch with
// @seglens/metrics, the paper's plateau halving of the learning rate, the best model kept, a checkpoint after
// every epoch, exact resumption, progress callbacks and cancellation.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Rng } from '@seglens/metrics';
import {
  createModelCard,
  validateModelCard,
  type EpochRecord,
  type ModelCard,
  type ModelCardInit,
  type TrainingRecord,
  type ValidationRecord,
} from '../card';
import { throwIfAborted, yieldAndCheck } from '../infer';
import type { SeglensModel } from '../io';
import { createUNet } from '../unet';
import { Adam } from './adam';
import { checkAugment, augmentSample, type AugmentOptions } from './augment';
import {
  checkCase,
  orientCases,
  prepareSlices,
  withTrainingOrientation,
  type TrainingCase,
  type PreparedSlices,
} from './cases';
import { fromJsonNumber, toJsonNumber, type TrainingState, type TrainingStore } from './checkpoint';
import { resolveLoss, type LossSpec, type ResolvedLoss } from './loss';
import { initialPlateau, plateauStep, type PlateauState } from './schedule';
import { validateEpoch } from './validate';

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
  /** NSD tolerance in mm for the validation metrics. Default 1. */
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

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

interface Settings {
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

function settingsOf(o: TrainOptions, hasValidation: boolean): Settings {
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
    nsdTolerance: positive('nsdTolerance', o.nsdTolerance ?? 1),
    augment: o.augment ? { ...o.augment } : null,
    skipEmptySlices: o.skipEmptySlices ?? false,
  };
}

/** Everything that must match between a checkpoint and the run resuming it (epochs may grow). */
function fingerprintOf(
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

function checkFingerprint(
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

/** Trainable variables in a fixed order (the optimiser's moments are saved in this order). */
function trainableVariables(net: LayersModel): tf.Variable[] {
  return net.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** One optimisation step on a batch; returns the loss before the update. */
function trainStep(
  net: LayersModel,
  variables: tf.Variable[],
  adam: Adam,
  lossFn: ResolvedLoss['fn'],
  x: tf.Tensor4D,
  y: tf.Tensor3D,
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => lossFn(net.apply(x, { training: true }) as tf.Tensor, y),
      variables,
    );
    adam.apply(variables.map((v) => grads[v.name]));
    return value;
  });
}

function trainingRecord(
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

/** Trains a U-Net on labelled cases. Rejects with an AbortError when `signal` fires (nothing of the unfinished epoch is saved). */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const t0 = now();
  // The orientation the model learns in (the card's, else the first training image's) is recorded in the card,
  // and every case is re-indexed to it: segment() shows any input to the model the same way.
  const card0 = withTrainingOrientation(
    'format' in options.card ? validateModelCard(options.card, 'train: card') : createModelCard(options.card),
    options.train?.[0]?.image,
  );
  const trainCases = orientCases(options.train ?? [], card0.input);
  const validationCases = orientCases(options.validation ?? [], card0.input);
  if (trainCases.length === 0) throw new Error('train: train must list at least one labelled case');
  const s = settingsOf(options, validationCases.length > 0);
  if (s.augment) checkAugment(s.augment, card0.input.size);
  const loss = resolveLoss(options.loss, 'train');
  const classes = card0.classes.length;
  // Ids must be unique within each list (they name the cases in the card); the same case may appear in both,
  // e.g. to measure how well the training slices are fitted.
  for (const [what, list] of [
    ['train', trainCases],
    ['validation', validationCases],
  ] as const) {
    const ids = new Set<string>();
    for (const c of list) {
      checkCase(c, card0.input.channels, classes, 'train');
      if (ids.has(c.id)) throw new Error(`train: case id ${c.id} appears twice in ${what}`);
      ids.add(c.id);
    }
  }
  if (options.resume && !options.store) throw new Error('train: resume needs a store to resume from');
  throwIfAborted(options.signal, 'train');
  const fingerprint = fingerprintOf(card0, s, loss, trainCases, validationCases);

  // State: fresh, or from the checkpoint.
  const checkpoint = options.resume && options.store ? await options.store.loadCheckpoint() : null;
  if (options.resume === true && !checkpoint)
    throw new Error(
      `train: resume: there is no checkpoint in ${options.store!.location} to resume from (resume: 'or-start' starts afresh when there is none)`,
    );
  let net: LayersModel;
  let rng: Rng;
  let plateau: PlateauState = initialPlateau();
  let selection: TrainingState['selection'] = { best: null, bestEpoch: 0, validation: null };
  let history: EpochRecord[] = [];
  let previousSeconds = 0;
  let startEpoch = 0;
  if (checkpoint) {
    checkFingerprint(checkpoint.state.fingerprint, fingerprint, options.store!.location);
    net = checkpoint.model.net;
    rng = new Rng(checkpoint.state.rng);
    plateau = {
      best: fromJsonNumber(checkpoint.state.plateau.best),
      badEpochs: checkpoint.state.plateau.badEpochs,
    };
    selection = checkpoint.state.selection;
    history = checkpoint.state.history;
    previousSeconds = checkpoint.state.trainingSeconds;
    startEpoch = checkpoint.state.epochsDone;
  } else {
    net = createUNet({ ...card0.architecture, seed: s.seed });
    rng = new Rng(s.seed ^ 0x5eed1e55);
  }
  const variables = trainableVariables(net);
  const adam = new Adam(variables, { learningRate: s.learningRate });
  let bestWeights: tf.Tensor[] | null = null;
  let result: TrainResult | null = null;
  // The card as it stands after the epochs so far: saved with every checkpoint and, at the end, with the model.
  const cardSoFar = (seconds: number): ModelCard => ({
    ...card0,
    training: trainingRecord(
      options,
      s,
      loss,
      trainCases,
      validationCases,
      history,
      selection.bestEpoch,
      seconds,
    ),
    validation: selection.validation,
  });
  try {
    if (checkpoint) adam.restore(checkpoint.state.adam, checkpoint.moments);
    const prepared: PreparedSlices = prepareSlices(trainCases, card0.input, s.skipEmptySlices);
    const preparedValidation =
      validationCases.length > 0 ? prepareSlices(validationCases, card0.input) : null;
    const { height: H, width: W, channels: C } = prepared;
    const batch = Math.min(s.batchSize, prepared.count);
    const steps = Math.max(1, Math.floor(prepared.count / batch));
    options.onProgress?.({
      type: 'prepared',
      trainSlices: prepared.count,
      validationSlices: preparedValidation?.count ?? 0,
      stepsPerEpoch: steps,
      startEpoch,
      seconds: (now() - t0) / 1000,
    });
    const xBuf = new Float32Array(batch * H * W * C);
    const yBuf = new Int32Array(batch * H * W);
    const runStart = now();
    for (let epoch = startEpoch; epoch < s.epochs; epoch++) {
      const epochStart = now();
      const order = rng.permutation(prepared.count);
      let lossSum = 0;
      for (let step = 0; step < steps; step++) {
        // A macrotask between steps lets Ctrl-C's handler run (see yieldToEventLoop).
        await yieldAndCheck(options.signal, 'train');
        const stepStart = now();
        for (let b = 0; b < batch; b++) {
          const i = order[step * batch + b];
          const img = xBuf.subarray(b * H * W * C, (b + 1) * H * W * C);
          const lab = yBuf.subarray(b * H * W, (b + 1) * H * W);
          img.set(prepared.images.subarray(i * H * W * C, (i + 1) * H * W * C));
          lab.set(prepared.labels.subarray(i * H * W, (i + 1) * H * W));
          if (s.augment) augmentSample(img, lab, H, W, C, s.augment, rng);
        }
        const x = tf.tensor4d(xBuf, [batch, H, W, C]);
        const y = tf.tensor3d(yBuf, [batch, H, W], 'int32');
        let value: number;
        try {
          const lossTensor = trainStep(net, variables, adam, loss.fn, x, y);
          value = (await lossTensor.data())[0];
          lossTensor.dispose();
        } finally {
          tf.dispose([x, y]);
        }
        if (!Number.isFinite(value))
          throw new Error(
            `train: the loss became ${value} at epoch ${epoch + 1}, step ${step + 1} (learning rate ${adam.learningRate}); the last checkpoint is untouched`,
          );
        lossSum += value;
        options.onProgress?.({
          type: 'step',
          epoch: epoch + 1,
          epochs: s.epochs,
          step: step + 1,
          steps,
          loss: value,
          learningRate: adam.learningRate,
          msPerStep: now() - stepStart,
        });
      }
      const trainLoss = lossSum / steps;
      const validation = preparedValidation
        ? await validateEpoch(
            net,
            loss.fn,
            validationCases,
            preparedValidation,
            card0,
            s.batchSize,
            s.nsdTolerance,
            options.signal,
          )
        : null;
      const monitored = validation ? validation.loss : trainLoss;
      const lrUsed = adam.learningRate;
      const next = plateauStep(plateau, monitored, adam.learningRate, {
        factor: s.lrFactor,
        patience: s.lrPatience,
        minLearningRate: s.minLearningRate,
      });
      plateau = next.state;
      adam.learningRate = next.learningRate;
      // Lower is better: DSC is negated; NaN (no foreground anywhere) never counts as an improvement.
      const score =
        s.selectBy === 'meanForegroundDsc'
          ? -(validation?.record.meanForegroundDsc ?? Number.NaN)
          : s.selectBy === 'validationLoss'
            ? (validation?.loss ?? Number.NaN)
            : trainLoss;
      const improved =
        selection.bestEpoch === 0 ||
        (Number.isFinite(score) && (selection.best === null || score < selection.best));
      const seconds = (now() - epochStart) / 1000;
      history.push({
        epoch: epoch + 1,
        trainLoss,
        validationLoss: validation?.loss ?? null,
        meanForegroundDsc: validation?.record.meanForegroundDsc ?? null,
        learningRate: lrUsed,
        seconds: Math.round(seconds * 1000) / 1000,
      });
      if (improved) {
        selection = {
          best: Number.isFinite(score) ? score : null,
          bestEpoch: epoch + 1,
          validation: validation?.record ?? null,
        };
        tf.dispose(bestWeights ?? []);
        bestWeights = net.getWeights().map((w) => tf.clone(w));
      }
      const elapsed = previousSeconds + (now() - t0) / 1000;
      const cardNow = cardSoFar(elapsed);
      if (options.store) {
        if (improved) await options.store.saveBest({ net, card: cardNow });
        const state: TrainingState = {
          format: 'seglens-training-state',
          version: 1,
          epochsDone: epoch + 1,
          rng: rng.state(),
          adam: adam.state(),
          plateau: { best: toJsonNumber(plateau.best), badEpochs: plateau.badEpochs },
          selection,
          history,
          trainingSeconds: elapsed,
          fingerprint,
          optimizerSha256: '',
        };
        await options.store.saveCheckpoint({
          model: { net, card: { ...cardNow, weightDtype: 'float32' } },
          state,
          moments: await adam.moments(),
        });
      }
      const done = epoch + 1 - startEpoch;
      options.onProgress?.({
        type: 'epoch',
        epoch: epoch + 1,
        epochs: s.epochs,
        trainLoss,
        validationLoss: validation?.loss ?? null,
        validation: validation?.record ?? null,
        learningRate: lrUsed,
        learningRateReduced: next.reduced,
        improved,
        bestEpoch: selection.bestEpoch,
        seconds,
        etaSeconds: ((now() - runStart) / 1000 / done) * (s.epochs - epoch - 1),
      });
    }
    const totalSeconds = previousSeconds + (now() - t0) / 1000;
    const finalCard = cardSoFar(totalSeconds);
    let best: SeglensModel;
    if (bestWeights) {
      // The best epoch was in this run: its weights are in memory.
      net.setWeights(bestWeights);
      best = { net, card: finalCard };
    } else {
      // The best epoch was before the resume (or no epoch ran): take it from the store.
      const stored = options.store ? await options.store.loadBest() : null;
      if (!stored)
        throw new Error(
          `train: the best model (epoch ${selection.bestEpoch}) is not in ${options.store?.location ?? 'any store'}`,
        );
      net.dispose();
      best = { net: stored.net, card: finalCard };
    }
    // Re-save the best model with the complete card (whole history, total time).
    if (options.store) best = { net: best.net, card: await options.store.saveBest(best) };
    result = { model: best, history, bestEpoch: selection.bestEpoch, resumedFrom: startEpoch };
    return result;
  } finally {
    adam.dispose();
    tf.dispose(bestWeights ?? []);
    if (!result) net.dispose();
  }
}
