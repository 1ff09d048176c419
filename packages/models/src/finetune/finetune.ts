// Fine-tuning a trained model on a handful of labelled slices (the viewer's "correct a few slices, then
// adapt" loop). The original model is never touched: training runs on a copy, which is returned, or
// disposed when cancelled. Batch normalisation runs in inference mode (its statistics stay the ones
// learned on the full training set; a few slices would give poor batch statistics), dropout is off, and
// with freezeEncoder only the decoder and head learn.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Rng } from '@seglens/metrics';
import { networkChannels, type FineTuneRecord, type ModelCard } from '../card';
import { throwIfAborted } from '../infer';
import { cloneModel, type SeglensModel } from '../io';
import { Adam, resolveLoss, type LossSpec, type ResolvedLoss } from '../train';
import { trainStep } from '../train/train-step';
import { prepareSamples, type FineTuneSample, type PreparedSamples } from './samples';

export interface FineTuneOptions {
  /** Default: the loss the model was trained with (when it is a registry loss), else crossEntropy. */
  loss?: LossSpec;
  /** Passes over the samples. Default 20. */
  epochs?: number;
  /** Default 1e-4. */
  learningRate?: number;
  /** Train only the decoder and head (layers not named enc* or bottleneck*). Default true. */
  freezeEncoder?: boolean;
  /** Default 8. */
  batchSize?: number;
  /** Seeds the order of the samples. Default 0. */
  seed?: number;
  onProgress?: (progress: { epoch: number; epochs: number; loss: number }) => void;
  /** After every training step: the step (1-based) of `steps` in this epoch and the epoch's mean loss so far. */
  onStep?: (progress: { epoch: number; epochs: number; step: number; steps: number; loss: number }) => void;
  signal?: AbortSignal;
}

export interface FineTuneResult {
  /** A new model; the card gains a fineTuning entry and loses its file hashes until saved. */
  model: SeglensModel;
  /** Mean loss over the samples before and after fine-tuning (inference mode). */
  lossBefore: number;
  lossAfter: number;
  /** Mean training loss of every epoch. */
  history: number[];
}

const ENCODER = /^(enc\d+_|bottleneck_)/;

function defaultLoss(card: ModelCard): LossSpec {
  const recorded = card.training?.loss;
  if (recorded) {
    try {
      const spec = { name: recorded.name, options: recorded.options } as LossSpec;
      resolveLoss(spec, 'fineTune');
      return spec;
    } catch {
      // a custom function loss cannot be recreated from its record
    }
  }
  return 'crossEntropy';
}

async function meanLoss(
  net: LayersModel,
  loss: ResolvedLoss,
  data: PreparedSamples,
  card: ModelCard,
  batchSize: number,
): Promise<number> {
  const [H, W] = card.input.size;
  const C = networkChannels(card.input);
  let sum = 0;
  for (let s = 0; s < data.count; s += batchSize) {
    const n = Math.min(batchSize, data.count - s);
    const value = tf.tidy(() => {
      const x = tf.tensor4d(data.images.subarray(s * H * W * C, (s + n) * H * W * C), [n, H, W, C]);
      const y = tf.tensor3d(data.labels.subarray(s * H * W, (s + n) * H * W), [n, H, W], 'int32');
      return loss.fn(net.apply(x, { training: false }) as tf.Tensor, y);
    });
    sum += (await value.data())[0] * n;
    value.dispose();
  }
  return sum / data.count;
}

export async function fineTune(
  model: SeglensModel,
  samples: readonly FineTuneSample[],
  options: FineTuneOptions = {},
): Promise<FineTuneResult> {
  const { card } = model;
  const epochs = options.epochs ?? 20;
  const learningRate = options.learningRate ?? 1e-4;
  const batchSize = options.batchSize ?? 8;
  const freezeEncoder = options.freezeEncoder ?? true;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`fineTune: epochs must be a positive integer, got ${epochs}`);
  if (!(learningRate > 0)) throw new Error(`fineTune: learningRate must be > 0, got ${learningRate}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`fineTune: batchSize must be a positive integer, got ${batchSize}`);
  const loss = resolveLoss(options.loss ?? defaultLoss(card), 'fineTune');
  const data = prepareSamples(samples, card.input, card.classes.length);
  throwIfAborted(options.signal, 'fineTune');
  const copy = await cloneModel(model);
  const net = copy.net;
  const variables = net.trainableWeights
    .filter((w) => !(freezeEncoder && ENCODER.test(w.originalName)))
    .map((w) => w.read() as tf.Variable);
  if (variables.length === 0)
    throw new Error('fineTune: no trainable weights left (every layer is in the frozen encoder)');
  const adam = new Adam(variables, { learningRate });
  let done = false;
  try {
    const lossBefore = await meanLoss(net, loss, data, card, batchSize);
    const rng = new Rng(options.seed ?? 0);
    const [H, W] = card.input.size;
    const C = networkChannels(card.input);
    const history: number[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = rng.permutation(data.count);
      let sum = 0;
      for (let s = 0; s < data.count; s += batchSize) {
        throwIfAborted(options.signal, 'fineTune');
        const idx = order.slice(s, s + batchSize);
        const xBuf = new Float32Array(idx.length * H * W * C);
        const yBuf = new Int32Array(idx.length * H * W);
        idx.forEach((i, b) => {
          xBuf.set(data.images.subarray(i * H * W * C, (i + 1) * H * W * C), b * H * W * C);
          yBuf.set(data.labels.subarray(i * H * W, (i + 1) * H * W), b * H * W);
        });
        const value = tf.tidy(() => {
          const x = tf.tensor4d(xBuf, [idx.length, H, W, C]);
          const y = tf.tensor3d(yBuf, [idx.length, H, W], 'int32');
          return trainStep(net, variables, adam, x, (logits) => loss.fn(logits, y), { training: false });
        });
        const lossValue = (await value.data())[0];
        value.dispose();
        if (!Number.isFinite(lossValue))
          throw new Error(
            `fineTune: the loss became ${lossValue} at epoch ${epoch}; try a lower learningRate`,
          );
        sum += lossValue * idx.length;
        options.onStep?.({
          epoch,
          epochs,
          step: s / batchSize + 1,
          steps: Math.ceil(data.count / batchSize),
          loss: sum / Math.min(s + batchSize, data.count),
        });
      }
      history.push(sum / data.count);
      options.onProgress?.({ epoch, epochs, loss: sum / data.count });
    }
    const lossAfter = await meanLoss(net, loss, data, card, batchSize);
    const record: FineTuneRecord = {
      samples: data.count,
      epochs,
      learningRate,
      freezeEncoder,
      loss: loss.record,
      lossBefore,
      lossAfter,
      date: new Date().toISOString(),
    };
    const newCard: ModelCard = { ...copy.card, fineTuning: [...copy.card.fineTuning, record], files: [] };
    done = true;
    return { model: { net, card: newCard }, lossBefore, lossAfter, history };
  } finally {
    adam.dispose();
    if (!done) net.dispose();
  }
}
