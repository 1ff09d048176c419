/**
 * Every loss by name, described without TF.js: the paper's label, a one-line description, the equation, the
 * defaults, the options it takes and their check, and its value from per-class sums. `lossRegistry`
 * (../loss-registry.ts) binds each to its tensor body; the viewer's main thread, model cards and CLIs' help read
 * this table alone (through @seglens/losses/registry), without loading TF.js.
 */
import {
  crossEntropyFromSums,
  diceBiasFromSums,
  diceFromSums,
  focalFromSums,
  inverseFrequencyFromSums,
  logDiceFromSums,
  regionKLFromSums,
  regionL1FromSums,
  type ClassSums,
} from '../class-sums';
import type {
  CrossEntropyOptions,
  DbCEOptions,
  DiceCEOptions,
  DiceFocalOptions,
  DiceOptions,
  FocalOptions,
  RceOptions,
  RegionOptions,
  RflOptions,
  WeightedCrossEntropyOptions,
} from '../types';
import {
  DEFAULT_DICE_LAMBDA,
  DEFAULT_GAMMA,
  DEFAULT_IGNORE_INDEX,
  DEFAULT_PENALTY_LAMBDA,
  DEFAULT_TEMPERATURE,
} from './constants';
import {
  crossEntropyOptions,
  dbCEOptions,
  diceBiasOptions,
  diceCEOptions,
  diceFocalOptions,
  diceOptions,
  focalOptions,
  logDiceCEOptions,
  logDiceFocalOptions,
  logDiceOptions,
  rceOptions,
  regionKLOptions,
  regionL1Options,
  rflOptions,
  weightedCrossEntropyOptions,
  type LossOptionRules,
} from './loss-options';

/** The options each loss accepts, by registry name. */
export interface LossOptionsByName {
  crossEntropy: CrossEntropyOptions;
  weightedCrossEntropy: WeightedCrossEntropyOptions;
  focal: FocalOptions;
  regionL1: RegionOptions;
  regionKL: RegionOptions;
  diceBias: RegionOptions;
  dice: DiceOptions;
  logDice: DiceOptions;
  rce: RceOptions;
  rfl: RflOptions;
  diceCE: DiceCEOptions;
  logDiceCE: DiceCEOptions;
  diceFocal: DiceFocalOptions;
  logDiceFocal: DiceFocalOptions;
  dbCE: DbCEOptions;
}

export type LossName = keyof LossOptionsByName;

/** Default values shown to users; keys absent here have no default (e.g. classWeights). */
export type LossDefaults<N extends LossName> = Readonly<
  Partial<Record<keyof LossOptionsByName[N], number | string | boolean>>
>;

/** Everything about a loss but its TF.js body: what `lossSpecs` holds, and `lossRegistry` with the body. */
export interface LossSpec<N extends LossName> {
  name: N;
  /** The loss's name in the paper's tables, e.g. "RCE(L1)". */
  label: string;
  description: string;
  /** The formula, in plain Unicode. */
  equation: string;
  /** Where the paper defines or uses it, e.g. "eq. (7)". */
  reference: string;
  defaults: LossDefaults<N>;
  /** The option keys the loss accepts besides the common `ignoreIndex` and `validate`. */
  optionKeys: readonly string[];
  /**
   * Throws the LossOptionError the loss would throw for these options, before any tensor: the very check its
   * TF.js body runs first (both come from its rules in loss-options.ts).
   */
  checkOptions(options?: LossOptionsByName[N]): void;
  /** Worth training a model with on its own (false for a region-size term alone, which matches no pixel). */
  trainable: boolean;
  /**
   * The loss from per-class sums of a batch of images, given the effective options (every default filled in),
   * where the loss is a function of those sums (see class-sums.ts).
   */
  fromClassSums?: (batch: readonly ClassSums[], options: EffectiveOptions) => number;
  /**
   * Defaults that depend on other options, from the defaults overlaid with the given options: rce's and rfl's λ
   * follows the penalty (paper §4.1: 1 for L1, 0.1 for KL), which a flat `defaults` table cannot say.
   */
  dependentDefaults?: (merged: EffectiveOptions, given: EffectiveOptions) => Record<string, unknown>;
}

/** λ of rce and rfl when none is given: the penalty's own. */
const penaltyLambda = (merged: EffectiveOptions, given: EffectiveOptions): Record<string, unknown> =>
  given.lambda === undefined
    ? { lambda: DEFAULT_PENALTY_LAMBDA[merged.penalty as keyof typeof DEFAULT_PENALTY_LAMBDA] }
    : {};

/** Options with every default filled in, as `effectiveLossOptions` returns them. */
export type EffectiveOptions = Readonly<Record<string, unknown>>;

const num = (o: EffectiveOptions, key: string): number => o[key] as number;
const weightsOf = (o: EffectiveOptions): readonly number[] | undefined =>
  o.classWeights as readonly number[] | undefined;
const ce = (b: readonly ClassSums[], o: EffectiveOptions): number => crossEntropyFromSums(b, weightsOf(o));
const diceOf = (b: readonly ClassSums[], o: EffectiveOptions): number =>
  diceFromSums(b, num(o, 'smooth'), o.includeBackground as boolean);
const logDiceOf = (b: readonly ClassSums[], o: EffectiveOptions): number =>
  logDiceFromSums(b, num(o, 'smooth'), o.includeBackground as boolean);
const fl = (b: readonly ClassSums[], o: EffectiveOptions): number => focalFromSums(b, num(o, 'gamma'));
const penaltyOf = (b: readonly ClassSums[], o: EffectiveOptions): number =>
  (o.penalty === 'kl' ? regionKLFromSums : regionL1FromSums)(b, num(o, 'temperature'));

const common = { ignoreIndex: DEFAULT_IGNORE_INDEX, validate: true } as const;

/** A spec's `optionKeys` and `checkOptions`, from the loss's rules (the resolved values are the body's affair). */
const checksOf = <O, R>(
  rules: LossOptionRules<O, R>,
): { optionKeys: readonly string[]; checkOptions(options?: O): void } => ({
  optionKeys: rules.optionKeys,
  checkOptions: (options?: O): void => {
    rules.resolve(options);
  },
});

export const lossSpecs: { readonly [N in LossName]: LossSpec<N> } = {
  crossEntropy: {
    name: 'crossEntropy',
    label: 'CE',
    description: 'Mean cross-entropy over valid pixels; optional class weights.',
    equation: 'CE = −(1/|Ω|) Σ_i log p_{i,y_i}   (weighted: Σ_i w_{y_i}·(−log p_{i,y_i}) / Σ_i w_{y_i})',
    reference: 'Table 1; decomposed in eq. (6)',
    defaults: { ...common },
    ...checksOf(crossEntropyOptions),
    trainable: true,
    fromClassSums: ce,
  },
  weightedCrossEntropy: {
    name: 'weightedCrossEntropy',
    label: 'WCE',
    description: 'Class-weighted CE; without weights, inverse class frequencies of the batch.',
    equation: 'WCE = Σ_i w_{y_i}·(−log p_{i,y_i}) / Σ_i w_{y_i},   w_k = 1/|Ω_k|',
    reference: 'Table 1 (weighted cross-entropy)',
    defaults: { ...common },
    ...checksOf(weightedCrossEntropyOptions),
    trainable: true,
    fromClassSums: (b, o) => crossEntropyFromSums(b, weightsOf(o) ?? inverseFrequencyFromSums(b)),
  },
  focal: {
    name: 'focal',
    label: 'FL',
    description: 'Softmax focal loss: CE with easy pixels down-weighted by (1 − p)^γ.',
    equation: 'FL = −(1/|Ω|) Σ_i (1 − p_{i,y_i})^γ · log p_{i,y_i}',
    reference: 'Sec. 4.1 baseline (Lin et al. 2017), γ = 2',
    defaults: { gamma: DEFAULT_GAMMA, ...common },
    ...checksOf(focalOptions),
    trainable: true,
    fromClassSums: fl,
  },
  regionL1: {
    name: 'regionL1',
    label: 'L1',
    description:
      'L1 distance between ground-truth and predicted region proportions, mean over images and classes.',
    equation: 'L1 = (1/(B·K)) Σ_b Σ_k |ŷ_bk − p̂_bk|,   p̂ from softmax(τ·z)',
    reference: 'Table 1 L1(y, p); R of eq. (7); τ of eq. (C.1)',
    defaults: { temperature: DEFAULT_TEMPERATURE, ...common },
    ...checksOf(regionL1Options),
    trainable: false,
    fromClassSums: (b, o) => regionL1FromSums(b, num(o, 'temperature')),
  },
  regionKL: {
    name: 'regionKL',
    label: 'DKL',
    description: 'KL divergence of predicted from ground-truth region proportions, mean over images.',
    equation: 'D_KL = (1/B) Σ_b Σ_k ŷ_bk · log(ŷ_bk / p̂_bk)',
    reference: 'Table 1 D_KL(y‖p); eq. (6); R of eq. (7)',
    defaults: { temperature: DEFAULT_TEMPERATURE, ...common },
    ...checksOf(regionKLOptions),
    trainable: false,
    fromClassSums: (b, o) => regionKLFromSums(b, num(o, 'temperature')),
  },
  diceBias: {
    name: 'diceBias',
    label: 'DB',
    description: "Dice's hidden region-size term, which prefers extremely imbalanced predictions.",
    equation: 'D_B = (1/(B·K)) Σ_b Σ_k log(p̂_bk + ŷ_bk)',
    reference: 'eq. (2) (term D_B); binary eq. (B.3); Proposition 2',
    defaults: { temperature: DEFAULT_TEMPERATURE, ...common },
    ...checksOf(diceBiasOptions),
    trainable: false,
    fromClassSums: (b, o) => diceBiasFromSums(b, num(o, 'temperature')),
  },
  dice: {
    name: 'dice',
    label: 'Dice',
    description: 'Linear soft Dice loss over the batch, mean over classes (absent classes count 0).',
    equation:
      'Dice = (1/K) Σ_k (1 − s_k)·[k present],   s_k = (2 Σ p_k t_k + smooth) / (Σ p_k + Σ t_k + smooth)',
    reference: 'Table 1 Dice_k; Sec. 3.4',
    defaults: { smooth: 0, includeBackground: true, ...common },
    ...checksOf(diceOptions),
    trainable: true,
    fromClassSums: diceOf,
  },
  logDice: {
    name: 'logDice',
    label: 'LogDice',
    description: 'Logarithmic soft Dice loss over the batch, mean over classes (absent classes count 0).',
    equation: 'LogDice = (1/K) Σ_k −log(s_k)·[k present]',
    reference: 'eq. (2)',
    defaults: { smooth: 0, includeBackground: true, ...common },
    ...checksOf(logDiceOptions),
    trainable: true,
    fromClassSums: logDiceOf,
  },
  rce: {
    name: 'rce',
    label: 'RCE(L1) / RCE(DKL)',
    description: "The paper's proposal: CE plus an explicit region-size penalty (L1, λ = 1, or KL, λ = 0.1).",
    equation: 'RCE = CE + λ·R(y; p),   R ∈ {L1, D_KL}',
    reference: 'eq. (7)',
    defaults: {
      penalty: 'l1',
      lambda: DEFAULT_PENALTY_LAMBDA.l1,
      temperature: DEFAULT_TEMPERATURE,
      ...common,
    },
    ...checksOf(rceOptions),
    dependentDefaults: penaltyLambda,
    trainable: true,
    fromClassSums: (b, o) => ce(b, o) + num(o, 'lambda') * penaltyOf(b, o),
  },
  rfl: {
    name: 'rfl',
    label: 'RFL(L1) / RFL(DKL)',
    description: 'Focal loss plus an explicit region-size penalty (L1, λ = 1, or KL, λ = 0.1).',
    equation: 'RFL = FL + λ·R(y; p),   R ∈ {L1, D_KL}',
    reference: 'eq. (7) with FL; Tables 2–3',
    defaults: {
      penalty: 'l1',
      lambda: DEFAULT_PENALTY_LAMBDA.l1,
      temperature: DEFAULT_TEMPERATURE,
      gamma: DEFAULT_GAMMA,
      ...common,
    },
    ...checksOf(rflOptions),
    dependentDefaults: penaltyLambda,
    trainable: true,
    fromClassSums: (b, o) => fl(b, o) + num(o, 'lambda') * penaltyOf(b, o),
  },
  diceCE: {
    name: 'diceCE',
    label: 'DiceCE',
    description: 'CE plus λ times the linear Dice loss.',
    equation: 'DiceCE = CE + λ·Dice',
    reference: 'Sec. 4.1 compound baseline, λ = 0.1',
    defaults: { lambda: DEFAULT_DICE_LAMBDA, smooth: 0, includeBackground: true, ...common },
    ...checksOf(diceCEOptions),
    trainable: true,
    fromClassSums: (b, o) => ce(b, o) + num(o, 'lambda') * diceOf(b, o),
  },
  logDiceCE: {
    name: 'logDiceCE',
    label: 'LogDiceCE',
    description: 'CE plus λ times the logarithmic Dice loss.',
    equation: 'LogDiceCE = CE − λ·Σ_k log(Dice_k)/K',
    reference: 'Sec. 3.6 "CE − λ log(Dice)"; Sec. 4.1, λ = 0.1',
    defaults: { lambda: DEFAULT_DICE_LAMBDA, smooth: 0, includeBackground: true, ...common },
    ...checksOf(logDiceCEOptions),
    trainable: true,
    fromClassSums: (b, o) => ce(b, o) + num(o, 'lambda') * logDiceOf(b, o),
  },
  diceFocal: {
    name: 'diceFocal',
    label: 'DiceFL',
    description: 'Focal loss plus λ times the linear Dice loss.',
    equation: 'DiceFL = FL + λ·Dice',
    reference: 'Sec. 4.1 compound baseline, λ = 0.1',
    defaults: {
      lambda: DEFAULT_DICE_LAMBDA,
      smooth: 0,
      includeBackground: true,
      gamma: DEFAULT_GAMMA,
      ...common,
    },
    ...checksOf(diceFocalOptions),
    trainable: true,
    fromClassSums: (b, o) => fl(b, o) + num(o, 'lambda') * diceOf(b, o),
  },
  logDiceFocal: {
    name: 'logDiceFocal',
    label: 'LogDiceFL',
    description: 'Focal loss plus λ times the logarithmic Dice loss.',
    equation: 'LogDiceFL = FL − λ·Σ_k log(Dice_k)/K',
    reference: 'Sec. 4.1 compound baseline, λ = 0.1',
    defaults: {
      lambda: DEFAULT_DICE_LAMBDA,
      smooth: 0,
      includeBackground: true,
      gamma: DEFAULT_GAMMA,
      ...common,
    },
    ...checksOf(logDiceFocalOptions),
    trainable: true,
    fromClassSums: (b, o) => fl(b, o) + num(o, 'lambda') * logDiceOf(b, o),
  },
  dbCE: {
    name: 'dbCE',
    label: 'DBCE',
    description: "CE plus λ times Dice's region-size term D_B alone.",
    equation: 'DBCE = CE + λ·D_B',
    reference: 'Sec. 4.2 "DBCE" (D_B of eq. (2)), λ = 0.1',
    defaults: { lambda: DEFAULT_DICE_LAMBDA, temperature: DEFAULT_TEMPERATURE, ...common },
    ...checksOf(dbCEOptions),
    trainable: true,
    fromClassSums: (b, o) => ce(b, o) + num(o, 'lambda') * diceBiasFromSums(b, num(o, 'temperature')),
  },
};
