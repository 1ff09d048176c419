/**
 * Every loss by name, with the paper's defaults, a one-line description and its equation, for the CLI and the
 * viewer's pickers. `getLoss(name, options)` checks the options at once (not at the first call) and returns a
 * plain `LossFn`.
 */
import {
  dbCE,
  DEFAULT_DICE_LAMBDA,
  DEFAULT_PENALTY_LAMBDA,
  diceCE,
  diceFocal,
  logDiceCE,
  logDiceFocal,
  rce,
  rfl,
} from './compound';
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
} from './classSums';
import { crossEntropy, weightedCrossEntropy } from './crossEntropy';
import type { DefinedLoss } from './define';
import { dice, logDice } from './dice';
import { DEFAULT_GAMMA, focal } from './focal';
import { DEFAULT_TEMPERATURE } from './proportions';
import { diceBias, regionKL, regionL1 } from './region';
import { lossOptionSchema } from './schema';
import type {
  CommonOptions,
  CrossEntropyOptions,
  DbCEOptions,
  DiceCEOptions,
  DiceFocalOptions,
  DiceOptions,
  FocalOptions,
  LossFn,
  RceOptions,
  RegionOptions,
  RflOptions,
  WeightedCrossEntropyOptions,
} from './types';

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

export interface LossEntry<N extends LossName> {
  name: N;
  /** The loss's name in the paper's tables, e.g. "RCE(L1)". */
  label: string;
  description: string;
  /** The formula, in plain Unicode. */
  equation: string;
  /** Where the paper defines or uses it, e.g. "eq. (7)". */
  reference: string;
  defaults: LossDefaults<N>;
  /** The loss itself (options checked on every call; `fn.checkOptions(options)` checks them alone). */
  fn: DefinedLoss<LossOptionsByName[N]>;
  /** Worth training a model with on its own (false for a region-size term alone, which matches no pixel). */
  trainable: boolean;
  /**
   * The loss from per-class sums of a batch of images, given the effective options (every default filled in),
   * where the loss is a function of those sums (see classSums.ts).
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

const common = { ignoreIndex: 255, validate: true } as const;

export const lossRegistry: { readonly [N in LossName]: LossEntry<N> } = {
  crossEntropy: {
    name: 'crossEntropy',
    label: 'CE',
    description: 'Mean cross-entropy over valid pixels; optional class weights.',
    equation: 'CE = −(1/|Ω|) Σ_i log p_{i,y_i}   (weighted: Σ_i w_{y_i}·(−log p_{i,y_i}) / Σ_i w_{y_i})',
    reference: 'Table 1; decomposed in eq. (6)',
    defaults: { ...common },
    fn: crossEntropy,
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
    fn: weightedCrossEntropy,
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
    fn: focal,
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
    fn: regionL1,
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
    fn: regionKL,
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
    fn: diceBias,
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
    fn: dice,
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
    fn: logDice,
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
    fn: rce,
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
    fn: rfl,
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
    fn: diceCE,
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
    fn: logDiceCE,
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
    fn: diceFocal,
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
    fn: logDiceFocal,
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
    fn: dbCE,
    trainable: true,
    fromClassSums: (b, o) => ce(b, o) + num(o, 'lambda') * diceBiasFromSums(b, num(o, 'temperature')),
  },
};

const names: LossName[] = Object.keys(lossRegistry) as LossName[];

/**
 * Every registry name, in the order of the paper's tables (single terms, then compounds), followed by the
 * losses added with `registerLoss`.
 */
export const lossNames: readonly LossName[] = names;

/** A loss added at run time: the same description as a built-in entry, under a new name. */
export interface CustomLossEntry<O extends CommonOptions> {
  name: string;
  label: string;
  description: string;
  equation: string;
  reference: string;
  defaults: Readonly<Record<string, number | string | boolean>>;
  fn: DefinedLoss<O>;
  trainable: boolean;
  fromClassSums?: (batch: readonly ClassSums[], options: EffectiveOptions) => number;
  dependentDefaults?: (merged: EffectiveOptions, given: EffectiveOptions) => Record<string, unknown>;
}

/**
 * Adds a loss to the registry, so that `getLoss`, `lossNames`, `trainableLosses` and everything generated from
 * them (the CLI's --loss and its flags, the viewer's fine-tune list) know it. The body is a `defineLoss`; the
 * options it accepts must be keys of `lossOptionSchema`, so that CLIs can offer them. For static types, add the
 * name to `LossOptionsByName` by module augmentation.
 */
export function registerLoss<O extends CommonOptions>(entry: CustomLossEntry<O>): void {
  if (isLossName(entry.name)) throw new Error(`registerLoss: a loss named '${entry.name}' already exists`);
  const unknown = entry.fn.optionKeys.filter(
    (k) => !Object.prototype.hasOwnProperty.call(lossOptionSchema, k),
  );
  if (unknown.length > 0) {
    throw new Error(
      `registerLoss: ${entry.name} takes options without a schema (${unknown.join(', ')}); add them to lossOptionSchema`,
    );
  }
  (lossRegistry as unknown as Record<string, CustomLossEntry<O>>)[entry.name] = entry;
  names.push(entry.name as LossName);
}

export function isLossName(name: string): name is LossName {
  return Object.prototype.hasOwnProperty.call(lossRegistry, name);
}

/**
 * The loss `name` with `options` bound. The options are validated now (a bad λ, γ, τ or unknown key throws
 * here, not at the first training step); the tensors are validated on each call.
 */
export function getLoss<N extends LossName>(name: N, options?: LossOptionsByName[N]): LossFn {
  if (typeof name !== 'string' || !isLossName(name)) {
    throw new Error(`getLoss: unknown loss name ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`);
  }
  const entry = lossRegistry[name] as LossEntry<N>;
  entry.fn.checkOptions(options);
  return (logits, labels) => entry.fn(logits, labels, options);
}

/**
 * The options a loss really runs with: the registry defaults overlaid with the given options, then the entry's
 * `dependentDefaults` (for `rce` and `rfl` the λ of the penalty). Model cards record this, so a card never
 * claims a λ the loss did not use.
 */
export function effectiveLossOptions<N extends LossName>(
  name: N,
  options?: LossOptionsByName[N],
): Record<string, unknown> {
  if (typeof name !== 'string' || !isLossName(name)) {
    throw new Error(
      `effectiveLossOptions: unknown loss name ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`,
    );
  }
  const given = (options ?? {}) as Record<string, unknown>;
  const entry = lossRegistry[name] as LossEntry<LossName>;
  const merged: Record<string, unknown> = { ...(entry.defaults as Record<string, unknown>), ...given };
  return { ...merged, ...entry.dependentDefaults?.(merged, given) };
}
