/**
 * Every loss by name with its TF.js body: each description of registry/specs.ts bound to the loss that computes
 * it. `getLoss(name, options)` checks the options at once (not at the first call) and returns a plain `LossFn`.
 * Code that only describes losses (a picker, a card, a CLI's help) imports @seglens/losses/registry instead and
 * loads no TF.js.
 */
import type { ClassSums } from './class-sums';
import { dbCE, diceCE, diceFocal, logDiceCE, logDiceFocal, rce, rfl } from './compound';
import { crossEntropy, weightedCrossEntropy } from './cross-entropy';
import type { DefinedLoss, LossFn } from './define';
import { dice, logDice } from './dice';
import { focal } from './focal';
import { diceBias, regionKL, regionL1 } from './region';
import { addLossSpec, isLossName, lossNames } from './registry/names';
import { lossOptionSchema } from './registry/schema';
import {
  lossSpecs,
  type EffectiveOptions,
  type LossName,
  type LossOptionsByName,
  type LossSpec,
} from './registry/specs';
import type { CommonOptions } from './types';

/** A loss's description with its body. */
export interface LossEntry<N extends LossName> extends LossSpec<N> {
  /** The loss itself (options checked on every call; `fn.checkOptions(options)` checks them alone). */
  fn: DefinedLoss<LossOptionsByName[N]>;
}

const bodies: { readonly [N in LossName]: DefinedLoss<LossOptionsByName[N]> } = {
  crossEntropy,
  weightedCrossEntropy,
  focal,
  regionL1,
  regionKL,
  diceBias,
  dice,
  logDice,
  rce,
  rfl,
  diceCE,
  logDiceCE,
  diceFocal,
  logDiceFocal,
  dbCE,
};

const entry = <N extends LossName>(name: N): LossEntry<N> => ({ ...lossSpecs[name], fn: bodies[name] });

export const lossRegistry: { readonly [N in LossName]: LossEntry<N> } = {
  crossEntropy: entry('crossEntropy'),
  weightedCrossEntropy: entry('weightedCrossEntropy'),
  focal: entry('focal'),
  regionL1: entry('regionL1'),
  regionKL: entry('regionKL'),
  diceBias: entry('diceBias'),
  dice: entry('dice'),
  logDice: entry('logDice'),
  rce: entry('rce'),
  rfl: entry('rfl'),
  diceCE: entry('diceCE'),
  logDiceCE: entry('logDiceCE'),
  diceFocal: entry('diceFocal'),
  logDiceFocal: entry('logDiceFocal'),
  dbCE: entry('dbCE'),
};

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
 * them (the CLI's --loss and its flags, the viewer's fine-tune list) know it, with or without TF.js. The body is
 * a `defineLoss`; the options it accepts must be keys of `lossOptionSchema`, so that CLIs can offer them. For
 * static types, add the name to `LossOptionsByName` by module augmentation.
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
  const { fn, ...description } = entry;
  const checks = { optionKeys: fn.optionKeys, checkOptions: fn.checkOptions as (options?: never) => void };
  addLossSpec({ ...description, ...checks });
  (lossRegistry as unknown as Record<string, unknown>)[entry.name] = { ...description, ...checks, fn };
}

/**
 * The loss `name` with `options` bound. The options are validated now (a bad λ, γ, τ or unknown key throws
 * here, not at the first training step); the tensors are validated on each call.
 */
export function getLoss<N extends LossName>(name: N, options?: LossOptionsByName[N]): LossFn {
  if (typeof name !== 'string' || !isLossName(name)) {
    throw new Error(`getLoss: unknown loss name ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`);
  }
  const bound = lossRegistry[name] as LossEntry<N>;
  bound.fn.checkOptions(options);
  return (logits, labels) => bound.fn(logits, labels, options);
}
