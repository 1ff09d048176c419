// One validation pass: the loss on model-sized slices, and per-class metrics (@seglens/metrics) of whole
// label volumes predicted exactly as segment() does (probabilities brought back to each slice's own size,
// then argmax), against the original label volumes on their own grid and spacing.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LossFn } from '@seglens/losses';
import { averageEvaluations, evaluateSegmentation, type SegmentationEvaluation } from '@seglens/metrics';
import type { ClassMetrics, ModelCard, ValidationRecord } from '../card';
import {
  foldBatchNorm,
  inferenceConvolution,
  scatterSlices,
  sliceLayout,
  unfitScores,
  yieldAndCheck,
  type ConvolutionAlgorithm,
} from '../infer';
import { networkInput, type TrainingCase, type PreparedSlices } from './cases';

export interface ValidationResult {
  loss: number;
  record: ValidationRecord;
}

export async function validateEpoch(
  net: LayersModel,
  lossFn: LossFn,
  cases: readonly TrainingCase[],
  prepared: PreparedSlices,
  card: ModelCard,
  batchSize: number,
  nsdTolerance: number,
  signal?: AbortSignal,
): Promise<ValidationResult> {
  const { height: H, width: W, channels } = prepared;
  const input = card.input;
  let lossSum = 0;
  let offset = 0;
  const evaluations: SegmentationEvaluation[] = [];
  // The same forward pass as segment()'s (batch norm folded), so that `seglens evaluate` reproduces the card.
  const folded = foldBatchNorm(net);
  // One input buffer for every batch: each batch's tensor is made from it and disposed before the next.
  const inputs = new Float32Array(batchSize * H * W * channels);
  try {
    for (const c of cases) {
      const layout = sliceLayout(c.image.dims, input.sliceAxis);
      const predicted = new Uint8Array(c.labels.voxels.length);
      for (let s = 0; s < layout.count; s += batchSize) {
        await yieldAndCheck(signal, 'train');
        const n = Math.min(batchSize, layout.count - s);
        const first = offset + s;
        const xBuf = inputs.subarray(0, n * H * W * channels);
        for (let i = 0; i < n; i++) networkInput(prepared, first + i, xBuf, i * H * W * channels);
        const [loss, labels] = tf.tidy(() => {
          const x = tf.tensor4d(xBuf, [n, H, W, channels]);
          const y = tf.tensor3d(
            Int32Array.from(prepared.labels.subarray(first * H * W, (first + n) * H * W)),
            [n, H, W],
            'int32',
          );
          const logits = folded.predict(x);
          const scores = unfitScores(tf.softmax(logits), [layout.height, layout.width], input.fit);
          return [lossFn(logits, y), tf.argMax(scores, -1)];
        });
        lossSum += (await loss.data())[0] * n;
        scatterSlices(
          await labels.data(),
          1,
          layout,
          Array.from({ length: n }, (_, i) => s + i),
          predicted,
        );
        tf.dispose([loss, labels]);
      }
      offset += layout.count;
      evaluations.push(
        evaluateSegmentation(predicted, c.labels.voxels, {
          dims: c.labels.dims,
          spacing: c.labels.spacing,
          numClasses: card.classes.length,
          nsdTolerance,
          classNames: card.classes.map((k) => k.name),
        }),
      );
    }
  } finally {
    folded.dispose();
  }
  return {
    loss: lossSum / prepared.count,
    record: validationRecord(evaluations, nsdTolerance, inferenceConvolution(folded.convolution)),
  };
}

/**
 * A card's validation record from per-case evaluations: each class's metrics averaged over the cases, and the
 * mean foreground DSC, with how inference ran the convolutions that gave them (`inferenceConvolution`). The one
 * place it is built, for training's epochs and for anything that measures a model's validation again
 * (`seglens convert`).
 */
export function validationRecord(
  evaluations: readonly SegmentationEvaluation[],
  nsdTolerance: number,
  convolution: ConvolutionAlgorithm,
): ValidationRecord {
  const average = averageEvaluations(evaluations);
  const perClass: ClassMetrics[] = average.perClass.map((k) => ({
    index: k.classIndex,
    name: k.name,
    dsc: k.metrics.dsc.mean,
    iou: k.metrics.iou.mean,
    precision: k.metrics.precision.mean,
    recall: k.metrics.recall.mean,
    hd95: k.metrics.hd95.mean,
    assd: k.metrics.assd.mean,
    nsd: k.metrics.nsd.mean,
  }));
  return {
    cases: evaluations.length,
    nsdTolerance,
    meanForegroundDsc: average.meanForeground.dsc.mean,
    perClass,
    convolution,
  };
}
