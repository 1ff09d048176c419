/**
 * The constants of the losses (the paper's defaults and the official code's smoothing), TF.js-free so that the
 * registry's descriptions and the per-class-sum evaluation use the very numbers the tensor losses use.
 */
import type { RegionPenalty } from '../types';

/** The official code's smoothing constant of the region proportions. */
export const EPS = 1e-10;
/** The official code's clamp on the Dice denominator and on s_k inside the log. */
export const DICE_EPS = 1e-7;
/** Label value of pixels left out of every sum and count. */
export const DEFAULT_IGNORE_INDEX = 255;
/** τ of eq. (C.1): the predicted proportions come from softmax(τ·z). */
export const DEFAULT_TEMPERATURE = 10;
/** γ of the focal loss (Lin et al. 2017, kept by the paper). */
export const DEFAULT_GAMMA = 2;
/** λ of eq. (7) when none is given: the paper's best values (Sec. 4.1, Fig. 3). */
export const DEFAULT_PENALTY_LAMBDA: Readonly<Record<RegionPenalty, number>> = { l1: 1, kl: 0.1 };
/** λ of every Dice-based compound (DiceCE, LogDiceCE, DiceFL, LogDiceFL, DBCE). */
export const DEFAULT_DICE_LAMBDA = 0.1;
