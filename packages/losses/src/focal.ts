/**
 * Focal loss (FL, Lin et al. 2017), the softmax form used as a baseline in the paper (Sec. 4.1, γ = 2):
 *
 *   FL = (1/|Ω|) Σ_{i∈Ω} −(1 − p_{i,y_i})^γ · log p_{i,y_i}
 *
 * γ = 0 gives CE. Binary mode (C = 1): p_{i,y_i} is σ(z_i) on foreground pixels and 1 − σ(z_i) on background
 * ones, i.e. the usual sigmoid focal loss without α-balancing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs-core';
import { labelLogProb } from './cross-entropy';
import { bindLoss, type DefinedLoss } from './define';
import type { FlatInputs } from './flatten';
import { total } from './reduce';
import { focalOptions } from './registry/loss-options';
import type { FocalOptions } from './types';

/** FL on flattened inputs. */
export function focalFlat(flat: FlatInputs, gamma: number): Scalar {
  const logP = labelLogProb(flat);
  let perPixel = tf.neg(logP);
  if (gamma !== 0) {
    // 1 − p as −expm1(log p) keeps precision when p → 1; the floor keeps d/dx x^γ finite for γ < 1 at x = 0
    // (where the true gradient is 0 anyway because log p = 0 there). For γ = 0 the factor is skipped entirely:
    // x^0 has a 0·∞ gradient at x = 0 in TF.js.
    const oneMinusP = tf.maximum(tf.neg(tf.expm1(logP)), 1e-30);
    perPixel = tf.mul(tf.pow(oneMinusP, tf.scalar(gamma)), perPixel);
  }
  // labelLogProb is already 0 at ignored pixels, so only the count needs the mask.
  return tf.div(total(perPixel as Tensor2D), tf.maximum(total(flat.valid), 1));
}

/** Softmax focal loss, mean over valid pixels. Paper: Sec. 4.1 baseline "FL" (Lin et al. 2017), γ = 2. */
export const focal: DefinedLoss<FocalOptions> = bindLoss(focalOptions, focalFlat);
