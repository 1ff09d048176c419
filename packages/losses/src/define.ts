/**
 * Internal: the one shape every public loss has. Options are checked first (a bad λ names itself even when the
 * tensors are also wrong), then the inputs once, then the body runs on flattened inputs inside one tf.tidy,
 * so compound losses share a single validation read-back and a single flattening.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { flatten, type FlatInputs } from './flatten';
import type { ClassWeightOptions, CommonOptions } from './types';
import {
  checkClassWeightLength,
  checkClassWeightValues,
  checkInputs,
  checkKnownKeys,
  resolveCommon,
} from './validate';

/** A loss function that can also check a set of options without any tensors (for getLoss and CLIs). */
export interface DefinedLoss<O> {
  (logits: Tensor, labels: Tensor, options?: O): Scalar;
  /** Throws the same error a call with these options would, before looking at any tensor. */
  checkOptions(options?: O): void;
  /** The option keys this loss accepts besides the common `ignoreIndex` and `validate`. */
  readonly optionKeys: readonly string[];
}

export function defineLoss<O extends CommonOptions & ClassWeightOptions, R>(
  fn: string,
  keys: readonly string[],
  resolve: (options: O | undefined) => R,
  body: (flat: FlatInputs, resolved: R, classWeights: Tensor1D | undefined) => Scalar,
): DefinedLoss<O> {
  const checkOptions = (options?: O): R => {
    checkKnownKeys(fn, options, keys);
    resolveCommon(fn, options);
    if (keys.includes('classWeights')) checkClassWeightValues(fn, options?.classWeights);
    return resolve(options);
  };
  const loss = (logits: Tensor, labels: Tensor, options?: O): Scalar => {
    const resolved = checkOptions(options);
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
      checkOptions(options);
    },
    optionKeys: Object.freeze([...keys]),
  });
}
