/**
 * Internal: the one shape every public loss has. Options are checked first, by the loss's rules of
 * registry/loss-options.ts (a bad λ names itself even when the tensors are also wrong), then the inputs once,
 * then the body runs on flattened inputs inside one tf.tidy, so compound losses share a single validation
 * read-back and a single flattening.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { flatten, type FlatInputs } from './flatten';
import { lossOptionRules, type LossOptionRules } from './registry/loss-options';
import { resolveCommon } from './registry/option-checks';
import type { ClassWeightOptions, CommonOptions } from './types';
import { checkClassWeightLength, checkInputs } from './validate';

/** A loss ready to use: raw logits and integer labels in, a scalar out (differentiable in `logits`). */
export type LossFn = (logits: Tensor, labels: Tensor) => Scalar;

/** A loss function that can also check a set of options without any tensors (for getLoss and CLIs). */
export interface DefinedLoss<O> {
  (logits: Tensor, labels: Tensor, options?: O): Scalar;
  /** Throws the same error a call with these options would, before looking at any tensor. */
  checkOptions(options?: O): void;
  /** The option keys this loss accepts besides the common `ignoreIndex` and `validate`. */
  readonly optionKeys: readonly string[];
}

/** The loss whose options follow `rules` and whose value is `body` on the flattened inputs. */
export function bindLoss<O extends CommonOptions & ClassWeightOptions, R>(
  rules: LossOptionRules<O, R>,
  body: (flat: FlatInputs, resolved: R, classWeights: Tensor1D | undefined) => Scalar,
): DefinedLoss<O> {
  const fn = rules.loss;
  const loss = (logits: Tensor, labels: Tensor, options?: O): Scalar => {
    const resolved = rules.resolve(options);
    const common = resolveCommon(fn, options);
    const info = checkInputs(fn, logits, labels, common);
    const classWeights = options?.classWeights;
    if (classWeights !== undefined) checkClassWeightLength(fn, classWeights, info);
    return tf.tidy(() => {
      const flat = flatten(logits, labels, info, common.ignoreIndex);
      return body(flat, resolved, classWeights === undefined ? undefined : tf.tensor1d([...classWeights]));
    });
  };
  return Object.assign(loss, {
    checkOptions: (options?: O): void => {
      rules.resolve(options);
    },
    optionKeys: rules.optionKeys,
  });
}

/**
 * A new loss (for `registerLoss`): its name, the option keys it takes besides ignoreIndex and validate, the
 * check of its own options (returning what the body needs) and the body on flattened inputs.
 */
export function defineLoss<O extends CommonOptions & ClassWeightOptions, R>(
  fn: string,
  keys: readonly string[],
  resolve: (options: O | undefined) => R,
  body: (flat: FlatInputs, resolved: R, classWeights: Tensor1D | undefined) => Scalar,
): DefinedLoss<O> {
  return bindLoss(lossOptionRules(fn, keys, resolve), body);
}
