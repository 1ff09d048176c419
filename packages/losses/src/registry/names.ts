/**
 * The names of the registry and what follows from a name alone: whether it is a loss, and the options it really
 * runs with. TF.js-free; `registerLoss` (../loss-registry.ts) adds a loss here and its body there.
 */
import {
  lossSpecs,
  type EffectiveOptions,
  type LossName,
  type LossOptionsByName,
  type LossSpec,
} from './specs';

const names: LossName[] = Object.keys(lossSpecs) as LossName[];

/**
 * Every registry name, in the order of the paper's tables (single terms, then compounds), followed by the
 * losses added with `registerLoss`.
 */
export const lossNames: readonly LossName[] = names;

export function isLossName(name: string): name is LossName {
  return Object.prototype.hasOwnProperty.call(lossSpecs, name);
}

/** A loss's description under a name not yet taken (`registerLoss` checks the name and the option keys first). */
export interface AddedLossSpec extends Omit<LossSpec<LossName>, 'name' | 'defaults' | 'checkOptions'> {
  name: string;
  defaults: Readonly<Record<string, number | string | boolean>>;
  checkOptions(options?: never): void;
}

/** Internal (for `registerLoss`): adds `spec` under its name, after the built-in losses. */
export function addLossSpec(spec: AddedLossSpec): void {
  (lossSpecs as unknown as Record<string, AddedLossSpec>)[spec.name] = spec;
  names.push(spec.name as LossName);
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
  const given = (options ?? {}) as EffectiveOptions;
  const spec = lossSpecs[name] as LossSpec<LossName>;
  const merged: Record<string, unknown> = { ...(spec.defaults as Record<string, unknown>), ...given };
  return { ...merged, ...spec.dependentDefaults?.(merged, given) };
}
