/**
 * Which options each loss takes and how they are checked, loss family by loss family, without any tensor: the
 * registry (and so a CLI or the viewer's main thread) checks options with these very rules, and each tensor loss
 * is bound to its rules (`bindLoss` in define.ts), so a call and a check can never disagree. Every check runs up
 * front and names the bad value (LossOptionError); the resolved values, defaults filled in, go to the loss body.
 */
import { DEFAULT_DICE_LAMBDA, DEFAULT_GAMMA, DEFAULT_PENALTY_LAMBDA, DEFAULT_TEMPERATURE } from './constants';
import {
  booleanOption,
  checkClassWeightValues,
  checkKnownKeys,
  nonNegative,
  positive,
  resolveCommon,
} from './option-checks';
import { LossOptionError } from './schema';
import type {
  ClassWeightOptions,
  CommonOptions,
  CrossEntropyOptions,
  DbCEOptions,
  DiceCEOptions,
  DiceFocalOptions,
  DiceOptions,
  FocalOptions,
  RceOptions,
  RegionOptions,
  RegionPenalty,
  RflOptions,
  WeightedCrossEntropyOptions,
} from '../types';

/** The option rules of one loss: the keys it takes and the check that resolves them for its body. */
export interface LossOptionRules<O, R> {
  /** The function name every error starts with, e.g. 'rce'. */
  readonly loss: string;
  /** The option keys the loss accepts besides the common `ignoreIndex` and `validate`. */
  readonly optionKeys: readonly string[];
  /** Throws the LossOptionError a call with these options would; else the options with defaults filled in. */
  resolve(options?: O): R;
}

/**
 * Rules from the keys a loss takes and the check of its own options (`resolve`); unknown keys, the common
 * options and class weights (when taken) are checked here for every loss alike, before `resolve`.
 */
export function lossOptionRules<O extends CommonOptions & ClassWeightOptions, R>(
  loss: string,
  keys: readonly string[],
  resolve: (options: O | undefined) => R,
): LossOptionRules<O, R> {
  return {
    loss,
    optionKeys: Object.freeze([...keys]),
    resolve: (options?: O): R => {
      checkKnownKeys(loss, options, keys);
      resolveCommon(loss, options);
      if (keys.includes('classWeights')) checkClassWeightValues(loss, options?.classWeights);
      return resolve(options);
    },
  };
}

// ---- Options shared by several families ----

/** τ > 0 of the predicted proportions (eq. (C.1)). */
export function resolveTemperature(fn: string, temperature: number | undefined): number {
  return positive(fn, 'temperature', temperature, DEFAULT_TEMPERATURE);
}

/** γ ≥ 0 of the focal loss; γ = 0 is CE. */
export function resolveGamma(fn: string, gamma: number | undefined): number {
  return nonNegative(fn, 'gamma', gamma, DEFAULT_GAMMA);
}

export interface ResolvedDice {
  smooth: number;
  includeBackground: boolean;
}

/** smooth ≥ 0 and includeBackground of a soft Dice term. */
export function resolveDice(fn: string, options: DiceOptions | undefined): ResolvedDice {
  return {
    smooth: nonNegative(fn, 'smooth', options?.smooth, 0),
    includeBackground: booleanOption(fn, 'includeBackground', options?.includeBackground, true),
  };
}

/** R of eq. (7): 'l1' or 'kl'. */
export function resolvePenalty(fn: string, penalty: RegionPenalty | undefined): RegionPenalty {
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

// ---- Cross-entropy: class weights only (checked for every loss that takes them) ----

export const crossEntropyOptions = lossOptionRules<CrossEntropyOptions, undefined>(
  'crossEntropy',
  ['classWeights'],
  () => undefined,
);
export const weightedCrossEntropyOptions = lossOptionRules<WeightedCrossEntropyOptions, undefined>(
  'weightedCrossEntropy',
  ['classWeights'],
  () => undefined,
);

// ---- Focal loss: γ ----

export const focalOptions = lossOptionRules('focal', ['gamma'], (o: FocalOptions | undefined) =>
  resolveGamma('focal', o?.gamma),
);

// ---- Region-size terms: τ ----

const regionOptions = (fn: string): LossOptionRules<RegionOptions, number> =>
  lossOptionRules(fn, ['temperature'], (o: RegionOptions | undefined) =>
    resolveTemperature(fn, o?.temperature),
  );

export const regionL1Options = regionOptions('regionL1');
export const regionKLOptions = regionOptions('regionKL');
export const diceBiasOptions = regionOptions('diceBias');

// ---- Soft Dice: smooth, includeBackground ----

const softDiceOptions = (fn: string): LossOptionRules<DiceOptions, ResolvedDice> =>
  lossOptionRules(fn, ['smooth', 'includeBackground'], (o: DiceOptions | undefined) => resolveDice(fn, o));

export const diceOptions = softDiceOptions('dice');
export const logDiceOptions = softDiceOptions('logDice');

// ---- Compounds of eq. (7): penalty, λ (the penalty's own by default), τ, and CE's weights or FL's γ ----

export interface ResolvedPenalty {
  penalty: RegionPenalty;
  lambda: number;
  temperature: number;
}

function resolvePenaltyTerm(fn: string, o: RceOptions | RflOptions | undefined): ResolvedPenalty {
  const penalty = resolvePenalty(fn, o?.penalty);
  return {
    penalty,
    lambda: nonNegative(fn, 'lambda', o?.lambda, DEFAULT_PENALTY_LAMBDA[penalty]),
    temperature: resolveTemperature(fn, o?.temperature),
  };
}

export const rceOptions = lossOptionRules(
  'rce',
  ['penalty', 'lambda', 'temperature', 'classWeights'],
  (o: RceOptions | undefined) => resolvePenaltyTerm('rce', o),
);
export const rflOptions = lossOptionRules(
  'rfl',
  ['penalty', 'lambda', 'temperature', 'gamma'],
  (o: RflOptions | undefined) => ({ ...resolvePenaltyTerm('rfl', o), gamma: resolveGamma('rfl', o?.gamma) }),
);

// ---- Dice compounds: λ = 0.1, the Dice term's options, and CE's weights or FL's γ ----

export interface ResolvedDiceCompound {
  lambda: number;
  dice: ResolvedDice;
}

const ceDiceOptions = (fn: string): LossOptionRules<DiceCEOptions, ResolvedDiceCompound> =>
  lossOptionRules(
    fn,
    ['lambda', 'smooth', 'includeBackground', 'classWeights'],
    (o: DiceCEOptions | undefined) => ({
      lambda: nonNegative(fn, 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
      dice: resolveDice(fn, o),
    }),
  );

const focalDiceOptions = (
  fn: string,
): LossOptionRules<DiceFocalOptions, ResolvedDiceCompound & { gamma: number }> =>
  lossOptionRules(
    fn,
    ['lambda', 'smooth', 'includeBackground', 'gamma'],
    (o: DiceFocalOptions | undefined) => ({
      lambda: nonNegative(fn, 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
      dice: resolveDice(fn, o),
      gamma: resolveGamma(fn, o?.gamma),
    }),
  );

export const diceCEOptions = ceDiceOptions('diceCE');
export const logDiceCEOptions = ceDiceOptions('logDiceCE');
export const diceFocalOptions = focalDiceOptions('diceFocal');
export const logDiceFocalOptions = focalDiceOptions('logDiceFocal');

// ---- DBCE: λ = 0.1 and τ of D_B, CE's weights ----

export const dbCEOptions = lossOptionRules(
  'dbCE',
  ['lambda', 'temperature', 'classWeights'],
  (o: DbCEOptions | undefined) => ({
    lambda: nonNegative('dbCE', 'lambda', o?.lambda, DEFAULT_DICE_LAMBDA),
    temperature: resolveTemperature('dbCE', o?.temperature),
  }),
);
