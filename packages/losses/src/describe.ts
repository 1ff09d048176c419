/**
 * What CLIs and viewers generate from the registry: the options each loss accepts (with their schema), the
 * losses worth training with, and any loss evaluated from per-class sums. Each reads the registry when called,
 * so a loss added with `registerLoss` appears everywhere at once.
 */
import type { ClassSums } from './classSums';
import {
  effectiveLossOptions,
  isLossName,
  lossNames,
  lossRegistry,
  type LossName,
  type LossOptionsByName,
} from './registry';
import { lossOptionSchema, type LossOptionKey, type LossOptionSpec } from './schema';

const schemaOrder = Object.keys(lossOptionSchema) as LossOptionKey[];

function checkName(fn: string, name: string): asserts name is LossName {
  if (typeof name !== 'string' || !isLossName(name)) {
    throw new Error(`${fn}: unknown loss name ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`);
  }
}

/** The options `name` accepts besides the common ignoreIndex and validate, in the schema's order. */
export function lossOptionSpecs(name: LossName): LossOptionSpec[] {
  checkName('lossOptionSpecs', name);
  const keys = lossRegistry[name].fn.optionKeys;
  return schemaOrder.filter((k) => keys.includes(k)).map((k) => lossOptionSchema[k]);
}

/** The losses that accept option `key`, in registry order. */
export function lossesTakingOption(key: LossOptionKey): LossName[] {
  if (lossOptionSchema[key].common) return [...lossNames];
  return lossNames.filter((n) => lossRegistry[n].fn.optionKeys.includes(key));
}

/**
 * The paper's name of loss `name` under `options`, e.g. 'RCE(DKL)' for rce with penalty 'kl'. A registry label
 * with alternatives ('RCE(L1) / RCE(DKL)') lists them in the order of the penalty's choices.
 */
export function lossLabel<N extends LossName>(name: N, options?: LossOptionsByName[N]): string {
  checkName('lossLabel', name);
  const parts = lossRegistry[name].label.split(' / ');
  if (parts.length === 1) return parts[0];
  const penalty = String(effectiveLossOptions(name, options).penalty);
  const index = (lossOptionSchema.penalty.choices ?? []).indexOf(penalty);
  return parts[index < 0 ? 0 : index];
}

/** A loss worth training with on its own, with its name in the paper under its default options. */
export interface TrainableLoss {
  /** The registry name, e.g. 'rce'. */
  value: LossName;
  /** e.g. 'RCE(L1)': `lossLabel` under the default options. */
  label: string;
}

/** Every trainable loss of the registry (region-size terms alone are left out), in registry order. */
export function trainableLosses(): TrainableLoss[] {
  return lossNames.filter((n) => lossRegistry[n].trainable).map((n) => ({ value: n, label: lossLabel(n) }));
}

/** Whether `lossFromClassSums` can evaluate `name`. */
export function hasClassSumEvaluation(name: LossName): boolean {
  checkName('hasClassSumEvaluation', name);
  return lossRegistry[name].fromClassSums !== undefined;
}

/**
 * The loss `name` with `options` from per-class sums: one image's sums, or a batch of them (sums add over the
 * batch for CE and Dice; region-size terms are means over images, as in the tensor losses). Options are
 * checked like `getLoss` does, then completed with the registry's defaults; the sums must hold the tempered
 * sums at the temperature the loss uses.
 */
export function lossFromClassSums<N extends LossName>(
  name: N,
  sums: ClassSums | readonly ClassSums[],
  options?: LossOptionsByName[N],
): number {
  checkName('lossFromClassSums', name);
  const entry = lossRegistry[name];
  if (entry.fromClassSums === undefined) {
    throw new Error(`lossFromClassSums: ${name} is not a function of per-class sums`);
  }
  (entry.fn.checkOptions as (o?: LossOptionsByName[N]) => void)(options);
  const batch = Array.isArray(sums) ? (sums as readonly ClassSums[]) : [sums as ClassSums];
  return entry.fromClassSums(batch, effectiveLossOptions(name, options));
}
