/**
 * Up-front checks of loss options, without any tensor (TF.js-free, for the registry and the viewer's main
 * thread). Every rejected option throws a LossOptionError naming the function, the option and the bad value: a
 * misspelt key or a negative λ that fell back to a default unnoticed would train a different loss than asked.
 */
import { DEFAULT_IGNORE_INDEX } from './constants';
import { LossOptionError } from './schema';
import type { CommonOptions } from '../types';

export interface ResolvedCommon {
  ignoreIndex: number;
  validate: boolean;
}

const COMMON_KEYS = ['ignoreIndex', 'validate'] as const;

/** Options arrive from JSON and CLIs too: a misspelt key would otherwise fall back to a default unnoticed. */
export function checkKnownKeys(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new LossOptionError(
      fn,
      null,
      options,
      `${fn}: options must be an object, got ${JSON.stringify(options)}`,
    );
  }
  const all = [...known, ...COMMON_KEYS];
  for (const key of Object.keys(options)) {
    if (!all.includes(key)) {
      throw new LossOptionError(
        fn,
        key,
        (options as Record<string, unknown>)[key],
        `${fn}: unknown option '${key}' (known: ${all.join(', ')})`,
      );
    }
  }
}

export function resolveCommon(fn: string, options: CommonOptions | undefined): ResolvedCommon {
  const ignoreIndex = options?.ignoreIndex ?? DEFAULT_IGNORE_INDEX;
  if (!Number.isInteger(ignoreIndex)) {
    throw new LossOptionError(
      fn,
      'ignoreIndex',
      ignoreIndex,
      `${fn}: option ignoreIndex must be an integer, got ${ignoreIndex}`,
    );
  }
  const validate = options?.validate ?? true;
  if (typeof validate !== 'boolean') {
    throw new LossOptionError(
      fn,
      'validate',
      validate,
      `${fn}: option validate must be a boolean, got ${JSON.stringify(validate)}`,
    );
  }
  return { ignoreIndex, validate };
}

/** A finite number ≥ 0 (λ, γ, smooth), or the default when absent. */
export function nonNegative(fn: string, name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new LossOptionError(fn, name, v, `${fn}: option ${name} must be a finite number >= 0, got ${v}`);
  }
  return v;
}

/** A finite number > 0 (τ), or the default when absent. */
export function positive(fn: string, name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new LossOptionError(fn, name, v, `${fn}: option ${name} must be a finite number > 0, got ${v}`);
  }
  return v;
}

export function booleanOption(
  fn: string,
  name: string,
  value: boolean | undefined,
  fallback: boolean,
): boolean {
  const v = value ?? fallback;
  if (typeof v !== 'boolean')
    throw new LossOptionError(
      fn,
      name,
      v,
      `${fn}: option ${name} must be a boolean, got ${JSON.stringify(v)}`,
    );
  return v;
}

/** Syntactic check at option time; the length is checked against C once the logits are known. */
export function checkClassWeightValues(fn: string, weights: readonly number[] | undefined): void {
  if (weights === undefined) return;
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new LossOptionError(
      fn,
      'classWeights',
      weights,
      `${fn}: option classWeights must be a non-empty array of numbers, got ${JSON.stringify(weights)}`,
    );
  }
  weights.forEach((w, k) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new LossOptionError(
        fn,
        'classWeights',
        weights,
        `${fn}: classWeights[${k}] must be a finite number >= 0, got ${w}`,
      );
    }
  });
  if (weights.every((w) => w === 0))
    throw new LossOptionError(
      fn,
      'classWeights',
      weights,
      `${fn}: classWeights are all 0, so every pixel would count 0`,
    );
}
