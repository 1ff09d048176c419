/**
 * Cross-entropy (CE), plain and class-weighted.
 *
 *   CE  = (1/|Ω|) Σ_{i∈Ω} −log p_{i,y_i}                      (paper Table 1; decomposed in eq. (6))
 *   WCE = Σ_i w_{y_i}·(−log p_{i,y_i}) / Σ_i w_{y_i}
 *
 * Ω is the set of valid pixels of the whole batch (labels ≠ ignoreIndex), p = softmax(logits), and
 * log p comes from logSoftmax so that confident wrong logits give a large finite loss instead of log(0).
 * Binary mode (C = 1): p_{i,1} = σ(z_i), p_{i,0} = 1 − σ(z_i), i.e. binary cross-entropy with logits; class
 * weights are then [w_background, w_foreground].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import { bindLoss, type DefinedLoss } from './define';
import { logSigmoid, type FlatInputs } from './flatten';
import { logSoftmaxLast, sumLast } from './class-axis';
import { channelTotals, total } from './reduce';
import { crossEntropyOptions, weightedCrossEntropyOptions } from './registry/loss-options';
import type { CrossEntropyOptions, WeightedCrossEntropyOptions } from './types';

/** log p_{i,y_i} per pixel, [B, N]; 0 at ignored pixels. */
export function labelLogProb(flat: FlatInputs): Tensor2D {
  const { logits, target, valid, info } = flat;
  if (info.binary) {
    const z = tf.squeeze(logits, [2]);
    const fg = tf.squeeze(target, [2]);
    // log σ(z) and log σ(−z) = log(1 − σ(z)), both through softplus: stable for any |z|.
    return tf.add(tf.mul(fg, logSigmoid(z)), tf.mul(tf.sub(valid, fg), logSigmoid(tf.neg(z)))) as Tensor2D;
  }
  return sumLast(tf.mul(logSoftmaxLast(logits), target) as Tensor3D);
}

/** Pixel counts per label value over the batch: [C], or [background, foreground] in binary mode. */
export function classCounts(flat: FlatInputs): Tensor1D {
  const fgOrClasses = channelTotals(flat.target);
  if (!flat.info.binary) return fgOrClasses;
  return tf.concat([tf.sub(total(flat.valid), fgOrClasses), fgOrClasses]) as Tensor1D;
}

/** Weight of each pixel's own label, [B, N] (0 at ignored pixels). */
function pixelWeights(flat: FlatInputs, weights: Tensor1D): Tensor2D {
  if (flat.info.binary) {
    const fg = tf.squeeze(flat.target, [2]);
    const [w0, w1] = tf.unstack(weights);
    return tf.add(tf.mul(fg, w1), tf.mul(tf.sub(flat.valid, fg), w0)) as Tensor2D;
  }
  // [B·N, C]×[C, 1] as a matMul: a broadcast multiply by a [C] vector is slow on the CPU backend.
  const [batch, pixels, classes] = flat.target.shape;
  const perPixel = tf.matMul(
    tf.reshape(flat.target, [batch * pixels, classes]),
    tf.reshape(weights, [classes, 1]),
  );
  return tf.reshape(perPixel, [batch, pixels]);
}

/**
 * Inverse-frequency weights of the batch, w_k = 1/|Ω_k| for present classes and 0 for absent ones. With them
 * WCE = (1/K_present) Σ_k (1/|Ω_k|) Σ_{i∈Ω_k} −log p_ik, the paper's Table 1 weighted CE averaged over classes.
 */
export function inverseFrequencyWeights(flat: FlatInputs): Tensor1D {
  const counts = classCounts(flat);
  return tf.div(tf.cast(tf.greater(counts, 0), 'float32'), tf.maximum(counts, 1)) as Tensor1D;
}

/** CE on flattened inputs; `weights` undefined means unweighted. */
export function crossEntropyFlat(flat: FlatInputs, weights?: Tensor1D): Scalar {
  const nll = tf.neg(labelLogProb(flat));
  if (weights === undefined) return tf.div(total(nll as Tensor2D), tf.maximum(total(flat.valid), 1));
  const w = pixelWeights(flat, weights);
  const weightSum = total(w);
  // If every valid pixel weighs 0 the numerator is 0 too; dividing by 1 then gives 0 without a NaN gradient.
  const denominator = tf.where(tf.greater(weightSum, 0), weightSum, tf.onesLike(weightSum));
  return tf.div(total(tf.mul(w, nll) as Tensor2D), denominator);
}

/**
 * Mean cross-entropy over valid pixels, optionally class-weighted: Σ w_y·nll / Σ w_y.
 * Paper: Table 1 (CE), eq. (6) for its matching / region-size decomposition.
 */
export const crossEntropy: DefinedLoss<CrossEntropyOptions> = bindLoss(
  crossEntropyOptions,
  (flat, _resolved, classWeights) => crossEntropyFlat(flat, classWeights),
);

/**
 * Weighted cross-entropy (WCE): the given `classWeights`, or else inverse class frequencies of the batch
 * (w_k = 1/|Ω_k|), which make it the mean over present classes of each class's mean −log p. Paper: Table 1.
 */
export const weightedCrossEntropy: DefinedLoss<WeightedCrossEntropyOptions> = bindLoss(
  weightedCrossEntropyOptions,
  (flat, _resolved, classWeights) => crossEntropyFlat(flat, classWeights ?? inverseFrequencyWeights(flat)),
);
