// The training loop: Adam on 2D slices with any loss of @seglens/losses, validation every epoch with
// @seglens/metrics, the paper's plateau halving of the learning rate, the best model kept, a checkpoint after
// every epoch, exact resumption, progress callbacks and cancellation.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Rng } from '@seglens/metrics';
import { createModelCard, validateModelCard, type EpochRecord, type ModelCard } from '../card';
import { throwIfAborted, yieldAndCheck } from '../infer';
import type { SeglensModel } from '../io';
import { createUNet } from '../unet/build-unet';
import { Adam } from './adam';
import { checkAugment, augmentSample } from './augment';
import {
  checkCase,
  networkInput,
  orientCases,
  prepareSlices,
  withTrainingOrientation,
  type PreparedSlices,
} from './cases';
import { fromJsonNumber, toJsonNumber, type TrainingState } from './checkpoint';
import { resolveLoss } from './loss';
import { initialPlateau, plateauStep, type PlateauState } from './schedule';
import type { TrainOptions, TrainResult } from './train-options';
import {
  checkFingerprint,
  defaultNsdToleranceOf,
  fingerprintOf,
  settingsOf,
  trainingRecord,
} from './train-settings';
import { trainableVariables, trainStep } from './train-step';
import { validateEpoch } from './validate';

export type { SelectBy, TrainOptions, TrainProgress, TrainResult } from './train-options';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

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
  const s = settingsOf(options, validationCases.length > 0, defaultNsdToleranceOf(validationCases));
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
          networkInput(prepared, i, img);
          lab.set(prepared.labels.subarray(i * H * W, (i + 1) * H * W));
          if (s.augment) augmentSample(img, lab, H, W, C, s.augment, rng);
        }
        const x = tf.tensor4d(xBuf, [batch, H, W, C]);
        const y = tf.tensor3d(yBuf, [batch, H, W], 'int32');
        let value: number;
        try {
          const lossTensor = trainStep(net, variables, adam, x, (logits) => loss.fn(logits, y));
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
