/**
 * Region proportions per image b over its valid pixels Ω_b (n_b = |Ω_b|), as in the paper's Table 1 and the
 * official code (EPS = 1e-10 keeps empty images and absent classes finite):
 *
 *   ground truth   ŷ_bk = (|Ω_bk| + EPS) / (n_b + EPS)
 *   predicted      p̂_bk = (Σ_{i∈Ω_b} s(τ·z_i)_k + EPS) / (n_b + EPS)        s = softmax, eq. (C.1)
 *
 * The temperature τ MULTIPLIES the logits (τ = 10 sharpens the softmax towards the simplex vertices so that
 * p̂ estimates the proportion of the predicted hard regions; paper Appendix C).
 * Binary mode (C = 1): the foreground proportion only, ŷ_b = fraction of foreground pixels and
 * p̂_b = mean of σ(τ·z_i); the shape is then [B, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import { flattenLabels, flattenLogits, type FlatInputs } from './flatten';
import { imageSums, pixelSums } from './reduce';
import { softmaxLast } from './class-axis';
import type { CommonOptions, ProportionOptions } from './types';
import { DEFAULT_TEMPERATURE, EPS } from './registry/constants';
import { checkKnownKeys, positive, resolveCommon } from './registry/option-checks';
import { checkLabelsAlone, checkLogitsMaybeLabels } from './validate';

function normalise(counts: Tensor2D, valid: Tensor2D): Tensor2D {
  const n = tf.expandDims(imageSums(valid), 1);
  return tf.div(tf.add(counts, EPS), tf.add(n, EPS)) as Tensor2D;
}

/** Per-pixel probabilities s(τ·z), [B, N, C] (binary: σ(τ·z), [B, N, 1]). */
export function tempered(logits: Tensor3D, binary: boolean, temperature: number): Tensor3D {
  const scaled = (temperature === 1 ? logits : tf.mul(logits, tf.scalar(temperature))) as Tensor3D;
  return binary ? (tf.sigmoid(scaled) as Tensor3D) : softmaxLast(scaled);
}

/** ŷ on flattened labels, [B, C] ([B, 1] foreground in binary mode). */
export function gtProportionsFlat(flat: Pick<FlatInputs, 'target' | 'valid'>): Tensor2D {
  return normalise(pixelSums(flat.target), flat.valid);
}

/** p̂ on flattened inputs, [B, C] ([B, 1] foreground in binary mode). */
export function predProportionsFlat(
  logits: Tensor3D,
  valid: Tensor2D,
  binary: boolean,
  temperature: number,
): Tensor2D {
  const probs = tempered(logits, binary, temperature);
  return normalise(pixelSums(probs, valid), valid);
}

/**
 * Binary mode only: ŷ and p̂ of both regions, [B, 2] = [background, foreground]. Each is smoothed by EPS like
 * the multi-class case (so the Bernoulli KL never meets log 0, even for an all-foreground image), and the
 * background is summed from σ(−τ·z) rather than taken as 1 − p̂, which would cancel catastrophically when the
 * foreground fills most of the image.
 */
export function binaryPairProportions(
  flat: Pick<FlatInputs, 'logits' | 'target' | 'valid'>,
  temperature: number,
): { gt: Tensor2D; pred: Tensor2D } {
  const fg = tf.squeeze(flat.target, [2]);
  const gtCounts = tf.stack(
    [imageSums(tf.sub(flat.valid, fg) as Tensor2D), imageSums(fg as Tensor2D)],
    1,
  ) as Tensor2D;
  const z = tf.squeeze(flat.logits, [2]);
  const scaled = temperature === 1 ? z : tf.mul(z, tf.scalar(temperature));
  const sums = [tf.sigmoid(tf.neg(scaled)), tf.sigmoid(scaled)].map((p) =>
    imageSums(tf.mul(p, flat.valid) as Tensor2D),
  );
  return { gt: normalise(gtCounts, flat.valid), pred: normalise(tf.stack(sums, 1) as Tensor2D, flat.valid) };
}

/**
 * Ground-truth region proportions ŷ, [B, C]: per image, the share of its valid pixels in each class.
 * `numClasses` = C of the logits (1 for binary mode: labels in {0, 1}, result [B, 1] = foreground share).
 * Paper: Table 1 (ŷ_k = |Ω_k| / |Ω|).
 */
export function gtProportions(labels: Tensor, numClasses: number, options?: CommonOptions): Tensor2D {
  const fn = 'gtProportions';
  checkKnownKeys(fn, options, []);
  const common = resolveCommon(fn, options);
  const info = checkLabelsAlone(fn, labels, numClasses, common);
  return tf.tidy(() => gtProportionsFlat(flattenLabels(labels, info, common.ignoreIndex)));
}

/**
 * Predicted region proportions p̂, [B, C]: per image, the mean of softmax(τ·logits) over its valid pixels.
 * `labels` only selects the valid pixels (those ≠ ignoreIndex); pass null to count every pixel.
 * Paper: Table 1 (p̂_k = (1/|Ω|) Σ_i p_ik) with the temperature of eq. (C.1).
 */
export function predProportions(
  logits: Tensor,
  labels: Tensor | null,
  options?: ProportionOptions,
): Tensor2D {
  const fn = 'predProportions';
  checkKnownKeys(fn, options, ['temperature']);
  const common = resolveCommon(fn, options);
  const temperature = positive(fn, 'temperature', options?.temperature, DEFAULT_TEMPERATURE);
  const info = checkLogitsMaybeLabels(fn, logits, labels, common);
  return tf.tidy(() => {
    const flatLogits = flattenLogits(logits);
    const valid =
      labels === null
        ? (tf.ones([flatLogits.shape[0], flatLogits.shape[1]]) as Tensor2D)
        : flattenLabels(labels, info, common.ignoreIndex).valid;
    return predProportionsFlat(flatLogits, valid, info.binary, temperature);
  });
}
