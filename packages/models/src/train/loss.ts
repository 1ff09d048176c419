// A loss given by registry name (with options) or as a function, resolved to the function the step loop
// calls and to the record the model card keeps (name and every option, defaults included).
import {
  effectiveLossOptions,
  getLoss,
  isLossName,
  lossNames,
  type LossFn,
  type LossName,
  type LossOptionsByName,
} from '@seglens/losses';
import type { LossRecord } from '../card';

/** A registry loss by name, by name with options, or any function with a name for the card. */
export type LossSpec =
  | LossName
  | { [N in LossName]: { name: N; options?: LossOptionsByName[N] } }[LossName]
  | { name: string; fn: LossFn; options?: Record<string, unknown> };

export interface ResolvedLoss {
  fn: LossFn;
  record: LossRecord;
}

/**
 * Registry losses get `validate: false` unless the caller sets it: the labels were checked once when the
 * cases were prepared, and the per-call check would cost a read-back from the backend on every step.
 */
export function resolveLoss(spec: LossSpec, what: string): ResolvedLoss {
  if (typeof spec === 'string' || (spec && typeof spec === 'object' && !('fn' in spec))) {
    const name = typeof spec === 'string' ? spec : spec.name;
    if (!isLossName(name))
      throw new Error(`${what}: unknown loss ${JSON.stringify(name)} (known: ${lossNames.join(', ')})`);
    const given = (typeof spec === 'string' ? {} : (spec.options ?? {})) as Record<string, unknown>;
    const options = { validate: false, ...given };
    const fn = getLoss(name, options as LossOptionsByName[typeof name]);
    const recorded = effectiveLossOptions(name, given as LossOptionsByName[typeof name]);
    delete recorded.validate;
    return { fn, record: { name, options: recorded } };
  }
  if (!spec || typeof spec.fn !== 'function' || typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new Error(`${what}: loss must be a loss name, {name, options}, or {name, fn} with a function`);
  }
  return { fn: spec.fn, record: { name: spec.name, options: { ...(spec.options ?? {}) } } };
}
