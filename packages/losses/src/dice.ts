/**
 * Soft Dice losses, over the whole batch and all valid pixels (the official code's `dims = (0, 2)`):
 *
 *   s_k     = (2·Σ_i p_ik·t_ik + smooth) / max(Σ_i p_ik + Σ_i t_ik + smooth, 1e−7)      p = softmax(z), t = one-hot(y)
 *   dice    = (1/K) Σ_k (1 − s_k)·[k present in the batch's labels]          linear Dice, Sec. 3.4 (Table 1's Dice_k)
 *   logDice = (1/K) Σ_k −log(max(s_k, 1e−7))·[k present]                       logarithmic Dice, eq. (2)
 *
 * An absent class contributes 0 but still counts in K (the official `ignore_empty_classes`): Dice is undefined
 * for it, and a class that no pixel belongs to should neither reward nor punish the prediction.
 * `includeBackground: false` drops class 0 from the mean (K = C − 1).
 * Binary mode (C = 1): foreground-only Dice with p = σ(z) (Milletari et al.; paper Appendix B, eq. (B.1)), so
 * K = 1 and `includeBackground` has no effect.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor1D, Tensor3D } from '@tensorflow/tfjs-core';
import { bindLoss, type DefinedLoss } from './define';
import type { FlatInputs } from './flatten';
import { channelTotals } from './reduce';
import { tempered } from './proportions';
import { DICE_EPS } from './registry/constants';
import { diceOptions, logDiceOptions, type ResolvedDice } from './registry/loss-options';
import type { DiceOptions } from './types';

/** Soft Dice score s_k per class, [C], and the presence indicator [k present], [C]. */
export function diceScores(flat: FlatInputs, smooth: number): { score: Tensor1D; present: Tensor1D } {
  const probs = tempered(flat.logits, flat.info.binary, 1);
  const truth = channelTotals(flat.target);
  // The target is 0 at ignored pixels, so the intersection needs no mask; Σ p does.
  const intersection = channelTotals(tf.mul(probs, flat.target) as Tensor3D);
  const cardinality = tf.add(channelTotals(probs, flat.valid), truth);
  const score = tf.div(
    tf.add(tf.mul(intersection, 2), smooth),
    tf.maximum(tf.add(cardinality, smooth), DICE_EPS),
  ) as Tensor1D;
  return { score, present: tf.cast(tf.greater(truth, 0), 'float32') as Tensor1D };
}

function meanOverClasses(perClass: Tensor1D, flat: FlatInputs, includeBackground: boolean): Scalar {
  const kept = includeBackground || flat.info.binary ? perClass : tf.slice(perClass, 1);
  return tf.mean(kept);
}

export function diceFlat(flat: FlatInputs, options: ResolvedDice): Scalar {
  const { score, present } = diceScores(flat, options.smooth);
  return meanOverClasses(tf.mul(tf.sub(1, score), present) as Tensor1D, flat, options.includeBackground);
}

export function logDiceFlat(flat: FlatInputs, options: ResolvedDice): Scalar {
  const { score, present } = diceScores(flat, options.smooth);
  const perClass = tf.mul(tf.neg(tf.log(tf.maximum(score, DICE_EPS))), present) as Tensor1D;
  return meanOverClasses(perClass, flat, options.includeBackground);
}

/** Linear soft Dice loss, mean over classes of (1 − s_k)·[present]. Paper: Table 1 Dice_k, Sec. 3.4. */
export const dice: DefinedLoss<DiceOptions> = bindLoss(diceOptions, diceFlat);

/** Logarithmic soft Dice loss, mean over classes of −log s_k·[present]. Paper: eq. (2). */
export const logDice: DefinedLoss<DiceOptions> = bindLoss(logDiceOptions, logDiceFlat);
