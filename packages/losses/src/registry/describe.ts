/**
 * What CLIs and viewers generate from the registry: the options each loss accepts (with their schema), the
 * losses worth training with, and any loss evaluated from per-class sums. Each reads the registry when called,
 * so a loss added with `registerLoss` appears everywhere at once.
 */
import type { ClassSums } from '../class-sums';
import { effectiveLossOptions, isLossName, lossNames } from './names';
import { lossOptionSchema, type LossOptionKey, type LossOptionSpec } from './schema';
import { lossSpecs, type LossName, type LossOptionsByName } from './specs';

const schemaOrder = Object.keys(lossOptionSchema) as LossOptionKey[];

function checkName(fn: string, name: string): asserts name is LossName {
  if (typeof name !== 'string' || !isLossName(name)) {
    throw new Error(`${fn}: unknown loss name ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`);
  }
}

/** The options `name` accepts besides the common ignoreIndex and validate, in the schema's order. */
export function lossOptionSpecs(name: LossName): LossOptionSpec[] {
  checkName('lossOptionSpecs', name);
  const keys = lossSpecs[name].optionKeys;
  return schemaOrder.filter((k) => keys.includes(k)).map((k) => lossOptionSchema[k]);
}

/** The losses that accept option `key`, in registry order. */
export function lossesTakingOption(key: LossOptionKey): LossName[] {
  if (lossOptionSchema[key].common) return [...lossNames];
  return lossNames.filter((n) => lossSpecs[n].optionKeys.includes(key));
}

/**
 * The paper's name of loss `name` under `options`, e.g. 'RCE(DKL)' for rce with penalty 'kl'. A registry label
 * with alternatives ('RCE(L1) / RCE(DKL)') lists them in the order of the penalty's choices.
 */
export function lossLabel<N extends LossName>(name: N, options?: LossOptionsByName[N]): string {
  checkName('lossLabel', name);
  const parts = lossSpecs[name].label.split(' / ');
  if (parts.length === 1) return parts[0];
  const penalty = String(effectiveLossOptions(name, options).penalty);
  const index = (lossOptionSchema.penalty.choices ?? []).indexOf(penalty);
  return parts[index < 0 ? 0 : index];
}

/**
 * The paper's name of a loss as a model card records it (`name` may be any string there): `lossLabel` for a
 * registry name, the recorded name itself for one this registry does not know (a card's 'custom' function, or a
 * loss another program registered), so a viewer or a SEG can still say what a model was trained with.
 */
export function recordedLossLabel(name: string, options?: Readonly<Record<string, unknown>>): string {
  checkRecord('recordedLossLabel', name, options);
  return isLossName(name) ? lossLabel(name, options as LossOptionsByName[typeof name]) : name;
}

/**
 * The loss and the options it was trained with in one line, as a DICOM SEG's SegmentDescription says it:
 * 'loss rce (penalty=l1, lambda=1, temperature=10)'. Options come in the recorded order; the schema's common
 * options (ignoreIndex, validate) are left out, being how a trainer calls a loss rather than the loss itself.
 * Lists are written as JSON; a text longer than a DICOM ST (1024 characters) ends in '…'.
 */
export function lossDescription(name: string, options?: Readonly<Record<string, unknown>>): string {
  checkRecord('lossDescription', name, options);
  const parts = Object.entries(options ?? {})
    .filter(
      ([k, v]) => v !== undefined && !(k in lossOptionSchema && lossOptionSchema[k as LossOptionKey].common),
    )
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
  const text = `loss ${name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  return text.length <= 1024 ? text : `${text.slice(0, 1023)}…`;
}

function checkRecord(fn: string, name: unknown, options: unknown): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new Error(`${fn}: the loss name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new Error(`${fn}: the options of loss "${name}" must be an object, got ${JSON.stringify(options)}`);
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
  return lossNames.filter((n) => lossSpecs[n].trainable).map((n) => ({ value: n, label: lossLabel(n) }));
}

/** Whether `lossFromClassSums` can evaluate `name`. */
export function hasClassSumEvaluation(name: LossName): boolean {
  checkName('hasClassSumEvaluation', name);
  return lossSpecs[name].fromClassSums !== undefined;
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
  const entry = lossSpecs[name];
  if (entry.fromClassSums === undefined) {
    throw new Error(`lossFromClassSums: ${name} is not a function of per-class sums`);
  }
  (entry.checkOptions as (o?: LossOptionsByName[N]) => void)(options);
  const batch = Array.isArray(sums) ? (sums as readonly ClassSums[]) : [sums as ClassSums];
  return entry.fromClassSums(batch, effectiveLossOptions(name, options));
}
