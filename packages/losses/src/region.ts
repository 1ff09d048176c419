/**
 * Region-size terms: penalties on the predicted proportions p̂ (temperature τ, default 10) against the
 * ground-truth proportions ŷ of each image (see proportions.ts).
 *
 *   regionL1  = (1/(B·K)) Σ_b Σ_k |ŷ_bk − p̂_bk|          L1(y, p) of Table 1, averaged over classes (official code)
 *   regionKL  = (1/B) Σ_b Σ_k ŷ_bk · log(ŷ_bk / p̂_bk)     D_KL(y ‖ p) of Table 1 and eq. (6)
 *   diceBias  = (1/(B·K)) Σ_b Σ_k log(p̂_bk + ŷ_bk + EPS)   the region-size term D_B of log-Dice, eq. (2)
 *
 * Binary mode (C = 1): regionL1 = (1/B) Σ_b |ŷ_b − p̂_b| and diceBias = (1/B) Σ_b log(p̂_b + ŷ_b + EPS) on the
 * foreground only (eq. (B.3)); regionKL is the Bernoulli KL over {background, foreground}, as in the official code.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar } from '@tensorflow/tfjs-core';
import { bindLoss, type DefinedLoss } from './define';
import type { FlatInputs } from './flatten';
import { binaryPairProportions, gtProportionsFlat, predProportionsFlat } from './proportions';
import { EPS } from './registry/constants';
import { diceBiasOptions, regionKLOptions, regionL1Options } from './registry/loss-options';
import type { RegionOptions, RegionPenalty } from './types';

function proportions(flat: FlatInputs, temperature: number) {
  return {
    gt: gtProportionsFlat(flat),
    pred: predProportionsFlat(flat.logits, flat.valid, flat.info.binary, temperature),
  };
}

export function regionL1Flat(flat: FlatInputs, temperature: number): Scalar {
  const { gt, pred } = proportions(flat, temperature);
  return tf.mean(tf.abs(tf.sub(gt, pred)));
}

export function regionKLFlat(flat: FlatInputs, temperature: number): Scalar {
  const { gt, pred } = flat.info.binary
    ? binaryPairProportions(flat, temperature)
    : proportions(flat, temperature);
  return tf.mean(tf.sum(tf.mul(gt, tf.sub(tf.log(gt), tf.log(pred))), 1));
}

export function diceBiasFlat(flat: FlatInputs, temperature: number): Scalar {
  const { gt, pred } = proportions(flat, temperature);
  return tf.mean(tf.log(tf.add(tf.add(pred, gt), EPS)));
}

/** R(y; p) of eq. (7) by name. */
export function regionPenaltyFlat(flat: FlatInputs, penalty: RegionPenalty, temperature: number): Scalar {
  return penalty === 'l1' ? regionL1Flat(flat, temperature) : regionKLFlat(flat, temperature);
}

/** Mean over images and classes of |ŷ_bk − p̂_bk|. Paper: Table 1 L1(y, p), the R of eq. (7). */
export const regionL1: DefinedLoss<RegionOptions> = bindLoss(regionL1Options, regionL1Flat);

/** Mean over images of D_KL(ŷ_b ‖ p̂_b). Paper: Table 1 D_KL(y ‖ p), the R of eq. (7); region-size term of eq. (6). */
export const regionKL: DefinedLoss<RegionOptions> = bindLoss(regionKLOptions, regionKLFlat);

/** Mean over images and classes of log(p̂_bk + ŷ_bk + EPS). Paper: D_B of eq. (2); binary D_B1 of eq. (B.3). */
export const diceBias: DefinedLoss<RegionOptions> = bindLoss(diceBiasOptions, diceBiasFlat);
