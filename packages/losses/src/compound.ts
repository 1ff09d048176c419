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
 * Binary mode follows the binary rules of each term.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar } from '@tensorflow/tfjs-core';
import { crossEntropyFlat } from './crossEntropy';
import { defineLoss, type DefinedLoss } from './define';
import { diceFlat, logDiceFlat, resolveDice, type ResolvedDice } from './dice';
import type { FlatInputs } from './flatten';
import { focalFlat, resolveGamma } from './focal';
import { diceBiasFlat, regionPenaltyFlat, resolveTemperature } from './region';
import type {
  DbCEOptions,
  DiceCEOptions,
  DiceFocalOptions,
  RceOptions,
  RegionPenalty,
  RflOptions,
} from './types';
import { LossOptionError } from './schema';
import { nonNegative } from './validate';

/** λ of eq. (7) when none is given: the paper's best values (Sec. 4.1, Fig. 3). */
export const DEFAULT_PENALTY_LAMBDA: Readonly<Record<RegionPenalty, number>> = { l1: 1, kl: 0.1 };
/** λ of every Dice-based compound (DiceCE, LogDiceCE, DiceFL, LogDiceFL, DBCE). */
export const DEFAULT_DICE_LAMBDA = 0.1;

function resolvePenalty(fn: string, penalty: RegionPenalty | undefined): RegionPenalty {
  const p = penalty ?? 'l1';
  if (p !== 'l1' && p !== 'kl')
    throw new LossOptionError(
      fn,
      'penalty',
      p,
      `${fn}: option penalty must be 'l1' or 'kl', got ${JSON.stringify(p)}`,
    );
  return p;
}

const plus = (a: Scalar, lambda: number, b: Scalar): Scalar => tf.add(a, tf.mul(b, lambda));

/** CE + λ·R(ŷ, p̂). Paper: eq. (7), "RCE(L1)" (λ = 1) and "RCE(DKL)" (λ = 0.1). */
export const rce: DefinedLoss<RceOptions> = defineLoss(
  'rce',
  ['penalty', 'lambda', 'temperature', 'classWeights'],
  (o: RceOptions | undefined) => {
    const penalty = resolvePenalty('rce', o?.penalty);
    return {
      penalty,
      lambda: nonNegative('rce', 'lambda', o?.lambda, DEFAULT_PENALTY_LAMBDA[penalty]),
      temperature: resolveTemperature('rce', o?.temperature),
    };
  },
  (flat, r, weights) =>
    plus(crossEntropyFlat(flat, weights), r.lambda, regionPenaltyFlat(flat, r.penalty, r.temperature)),
);

/** FL + λ·R(ŷ, p̂). Paper: eq. (7) with focal, "RFL(L1)" / "RFL(DKL)". */
export const rfl: DefinedLoss<RflOptions> = defineLoss(
  'rfl',
  ['penalty', 'lambda', 'temperature', 'gamma'],
  (o: RflOptions | undefined) => {
    const penalty = resolvePenalty('rfl', o?.penalty);
    return {
      penalty,
      lambda: nonNegative('rfl', 'lambda', o?.lambda, DEFAULT_PENALTY_LAMBDA[penalty]),
      temperature: resolveTemperature('rfl', o?.temperature),
      gamma: resolveGamma('rfl', o?.gamma),
    };
  },
  (flat, r) => plus(focalFlat(flat, r.gamma), r.lambda, regionPenaltyFlat(flat, r.penalty, r.temperature)),
);

type DiceTerm = (flat: FlatInputs, options: ResolvedDice) => Scalar;

function ceDice(fn: string, term: DiceTerm): DefinedLoss<DiceCEOptions> {
  return defineLoss(
    fn,
    ['lambda', 'smooth', 'includeBackground', 'classWeights'],
    (o: DiceCEOptions | undefined) => ({
      lambda: nonNegative(fn, 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
      dice: resolveDice(fn, o),
    }),
    (flat, r, weights) => plus(crossEntropyFlat(flat, weights), r.lambda, term(flat, r.dice)),
  );
}

function focalDice(fn: string, term: DiceTerm): DefinedLoss<DiceFocalOptions> {
  return defineLoss(
    fn,
    ['lambda', 'smooth', 'includeBackground', 'gamma'],
    (o: DiceFocalOptions | undefined) => ({
      lambda: nonNegative(fn, 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
      dice: resolveDice(fn, o),
      gamma: resolveGamma(fn, o?.gamma),
    }),
    (flat, r) => plus(focalFlat(flat, r.gamma), r.lambda, term(flat, r.dice)),
  );
}

/** CE + λ·dice (λ = 0.1). Paper: Sec. 4.1 baseline "DiceCE". */
export const diceCE = ceDice('diceCE', diceFlat);
/** CE + λ·logDice (λ = 0.1). Paper: Sec. 3.6 / 4.1 "LogDiceCE". */
export const logDiceCE = ceDice('logDiceCE', logDiceFlat);
/** FL + λ·dice (λ = 0.1). Paper: Sec. 4.1 baseline "DiceFL". */
export const diceFocal = focalDice('diceFocal', diceFlat);
/** FL + λ·logDice (λ = 0.1). Paper: Sec. 4.1 baseline "LogDiceFL". */
export const logDiceFocal = focalDice('logDiceFocal', logDiceFlat);

/** CE + λ·diceBias (λ = 0.1, τ = 10): CE with Dice's region-size term D_B of eq. (2). Paper: Sec. 4.2 "DBCE". */
export const dbCE: DefinedLoss<DbCEOptions> = defineLoss(
  'dbCE',
  ['lambda', 'temperature', 'classWeights'],
  (o: DbCEOptions | undefined) => ({
    lambda: nonNegative('dbCE', 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
    temperature: resolveTemperature('dbCE', o?.temperature),
  }),
  (flat, r, weights) => plus(crossEntropyFlat(flat, weights), r.lambda, diceBiasFlat(flat, r.temperature)),
);
