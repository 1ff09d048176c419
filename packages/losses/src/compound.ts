/**
 * Compound losses: a pixel-wise matching loss (CE or focal) plus λ times a region-size or Dice term, computed
 * from one validation and one flattening of the inputs.
 *
 *   rce          = CE + λ·R(ŷ, p̂),  R = regionL1 (λ = 1) or regionKL (λ = 0.1)      the paper's proposal, eq. (7)
 *   rfl          = FL + λ·R(ŷ, p̂),  same R and λ defaults                              eq. (7) with focal
 *   diceCE       = CE + λ·dice,       λ = 0.1                                           Sec. 4.1 baselines
 *   logDiceCE    = CE + λ·logDice,    λ = 0.1                                           Sec. 3.6 "CE − λ log(Dice)"
 *   diceFocal    = FL + λ·dice,       λ = 0.1                                           Sec. 4.1 baselines
 *   logDiceFocal = FL + λ·logDice,    λ = 0.1                                           Sec. 4.1 baselines
 *   dbCE         = CE + λ·diceBias,   λ = 0.1                                           Sec. 4.2 "DBCE"
 *
 * λ defaults are the paper's (Sec. 4.1): 1 for L1, 0.1 for KL and for every Dice-based term; τ = 10, γ = 2.
 * Binary mode follows the binary rules of each term. The options of each are checked by its rules in
 * registry/loss-options.ts, which the registry uses too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar } from '@tensorflow/tfjs-core';
import { crossEntropyFlat } from './cross-entropy';
import { bindLoss, type DefinedLoss } from './define';
import { diceFlat, logDiceFlat } from './dice';
import type { FlatInputs } from './flatten';
import { focalFlat } from './focal';
import { diceBiasFlat, regionPenaltyFlat } from './region';
import {
  dbCEOptions,
  diceCEOptions,
  diceFocalOptions,
  logDiceCEOptions,
  logDiceFocalOptions,
  rceOptions,
  rflOptions,
  type ResolvedDice,
} from './registry/loss-options';
import type { DbCEOptions, DiceCEOptions, DiceFocalOptions, RceOptions, RflOptions } from './types';

const plus = (a: Scalar, lambda: number, b: Scalar): Scalar => tf.add(a, tf.mul(b, lambda));

/** CE + λ·R(ŷ, p̂). Paper: eq. (7), "RCE(L1)" (λ = 1) and "RCE(DKL)" (λ = 0.1). */
export const rce: DefinedLoss<RceOptions> = bindLoss(rceOptions, (flat, r, weights) =>
  plus(crossEntropyFlat(flat, weights), r.lambda, regionPenaltyFlat(flat, r.penalty, r.temperature)),
);

/** FL + λ·R(ŷ, p̂). Paper: eq. (7) with focal, "RFL(L1)" / "RFL(DKL)". */
export const rfl: DefinedLoss<RflOptions> = bindLoss(rflOptions, (flat, r) =>
  plus(focalFlat(flat, r.gamma), r.lambda, regionPenaltyFlat(flat, r.penalty, r.temperature)),
);

type DiceTerm = (flat: FlatInputs, options: ResolvedDice) => Scalar;

const ceDice = (rules: typeof diceCEOptions, term: DiceTerm): DefinedLoss<DiceCEOptions> =>
  bindLoss(rules, (flat, r, weights) => plus(crossEntropyFlat(flat, weights), r.lambda, term(flat, r.dice)));

const focalDice = (rules: typeof diceFocalOptions, term: DiceTerm): DefinedLoss<DiceFocalOptions> =>
  bindLoss(rules, (flat, r) => plus(focalFlat(flat, r.gamma), r.lambda, term(flat, r.dice)));

/** CE + λ·dice (λ = 0.1). Paper: Sec. 4.1 baseline "DiceCE". */
export const diceCE = ceDice(diceCEOptions, diceFlat);
/** CE + λ·logDice (λ = 0.1). Paper: Sec. 3.6 / 4.1 "LogDiceCE". */
export const logDiceCE = ceDice(logDiceCEOptions, logDiceFlat);
/** FL + λ·dice (λ = 0.1). Paper: Sec. 4.1 baseline "DiceFL". */
export const diceFocal = focalDice(diceFocalOptions, diceFlat);
/** FL + λ·logDice (λ = 0.1). Paper: Sec. 4.1 baseline "LogDiceFL". */
export const logDiceFocal = focalDice(logDiceFocalOptions, logDiceFlat);

/** CE + λ·diceBias (λ = 0.1, τ = 10): CE with Dice's region-size term D_B of eq. (2). Paper: Sec. 4.2 "DBCE". */
export const dbCE: DefinedLoss<DbCEOptions> = bindLoss(dbCEOptions, (flat, r, weights) =>
  plus(crossEntropyFlat(flat, weights), r.lambda, diceBiasFlat(flat, r.temperature)),
);
