// Times a U-Net training step (Adam, softmax cross-entropy on random labels) and inference on whichever TF.js
// backend is active. Browser-safe; the Node benchmark (packages/models/bench) adds the PyTorch peer. The step is
// train()'s own: the gradients of the trainable variables applied by seglens's Adam (PyTorch's update, as the
// peer's torch.optim.Adam; one kernel per weight on wasm), so the figure is what `seglens train` pays.
import * as tf from '@tensorflow/tfjs-core';
import {
  foldBatchNorm,
  inferenceConvolution,
  type ConvolutionAlgorithm,
  type FoldedNet,
} from '../infer/folded-net';
import { Adam } from '../train/adam';
import { trainableVariables, trainStep } from '../train/train-step';
import { createUNet } from './build-unet';
import type { UNetConfig } from './config';
import { unetCost } from './cost';

/** The reference network of the performance goal: 481,762 parameters. */
export const REFERENCE_UNET: UNetConfig = {
  inputChannels: 1,
  classes: 2,
  depth: 4,
  baseFilters: 16,
  normalization: 'none',
};

export interface UNetBenchmarkOptions {
  /** Image height = width. Default 128. */
  size?: number;
  /** Default 8. */
  batch?: number;
  /** Timed training steps (after one untimed warm-up step). Default 5. */
  trainSteps?: number;
  /** Timed inference batches (after one untimed warm-up batch). Default 5. */
  inferBatches?: number;
  /** Default REFERENCE_UNET. */
  config?: UNetConfig;
  /** Seed for the weights and the random data. Default 1. */
  seed?: number;
}

export interface UNetBenchmarkResult {
  backend: string;
  size: number;
  batch: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
  trainSteps: number;
  inferBatches: number;
  parameters: number;
  /** Loss before the first and after the last timed step: a sanity check that training moved. */
  firstLoss: number;
  lastLoss: number;
  /** How inference ran its 3×3 convolutions: Winograd's only on wasm (the fold's setting), 'direct' elsewhere. */
  convolution: ConvolutionAlgorithm;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`benchmarkUNet: ${name} must be a positive integer, got ${value}`);
  return value;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export async function benchmarkUNet(options: UNetBenchmarkOptions = {}): Promise<UNetBenchmarkResult> {
  const size = positive('size', options.size ?? 128);
  const batch = positive('batch', options.batch ?? 8);
  const trainSteps = positive('trainSteps', options.trainSteps ?? 5);
  const inferBatches = positive('inferBatches', options.inferBatches ?? 5);
  const seed = options.seed ?? 1;
  const config = { ...(options.config ?? REFERENCE_UNET), seed, inputSize: null };
  unetCost(config, size, size); // validates size against depth before allocating anything
  await tf.ready();
  const model = createUNet(config);
  const images = tf.randomNormal(
    [batch, size, size, config.inputChannels],
    0,
    1,
    'float32',
    seed,
  ) as tf.Tensor4D;
  const labels = tf.tidy(() =>
    tf.oneHot(
      tf.reshape(tf.randomUniform([batch, size, size], 0, config.classes, 'int32', seed + 1), [-1]),
      config.classes,
    ),
  );
  const variables = trainableVariables(model);
  const optimizer = new Adam(variables, { learningRate: 1e-3 });
  const lossOf = (logits: tf.Tensor): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(labels, tf.reshape(logits, [-1, config.classes])) as tf.Scalar;
  const step = async (): Promise<number> => {
    const loss = trainStep(model, variables, optimizer, images, lossOf);
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  };
  try {
    const firstLoss = await step();
    let lastLoss = firstLoss;
    const t0 = now();
    for (let i = 0; i < trainSteps; i++) lastLoss = await step();
    const trainMsPerStep = (now() - t0) / trainSteps;
    // Inference as segment() runs it: batch norm folded into the convolutions (once per volume, timed).
    const infer = async (net: FoldedNet) => {
      const out = net.predict(images);
      await out.data();
      out.dispose();
    };
    const warm = foldBatchNorm(model);
    await infer(warm);
    warm.dispose();
    const t1 = now();
    const folded = foldBatchNorm(model);
    for (let i = 0; i < inferBatches; i++) await infer(folded);
    folded.dispose();
    const inferMsPerImage = (now() - t1) / (inferBatches * batch);
    const convolution = inferenceConvolution(folded.convolution);
    return {
      backend: tf.getBackend(),
      size,
      batch,
      trainMsPerStep,
      inferMsPerImage,
      trainSteps,
      inferBatches,
      parameters: model.countParams(),
      firstLoss,
      lastLoss,
      convolution,
    };
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
