/**
 * Up-front checks of options and inputs. Every error names the function, the argument and the bad value:
 * a loss that silently accepts a label map with a stray channel axis or labels ≥ C trains to a plausible but
 * wrong optimum, which is far harder to find than an exception.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { LossOptionError } from './registry/schema';
import type { ResolvedCommon } from './registry/option-checks';

/** What the input shapes say about the problem. */
export interface InputInfo {
  /** C, the size of logits' last axis. */
  numClasses: number;
  /** C == 1: sigmoid instead of softmax, labels in {0, 1}. */
  binary: boolean;
}

export function checkClassWeightLength(fn: string, weights: readonly number[], info: InputInfo): void {
  // Binary mode has one logit channel but two label values, each of which can be weighted.
  const expected = info.binary ? 2 : info.numClasses;
  if (weights.length !== expected) {
    const what = info.binary
      ? '2 weights ([background, foreground]) in binary mode'
      : `${expected} weights (one per class)`;
    throw new LossOptionError(
      fn,
      'classWeights',
      weights,
      `${fn}: classWeights has ${weights.length} values but the logits need ${what}`,
    );
  }
}

function isTensor(value: unknown): value is Tensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Tensor).shape) &&
    typeof (value as Tensor).dtype === 'string'
  );
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function checkLogitsShape(fn: string, logits: unknown): InputInfo {
  if (!isTensor(logits)) throw new Error(`${fn}: logits must be a tf.Tensor, got ${typeof logits}`);
  if (logits.dtype !== 'float32')
    throw new Error(`${fn}: logits must have dtype float32, got ${logits.dtype}`);
  if (logits.rank < 3) {
    throw new Error(
      `${fn}: logits must have shape [B, ...spatial, C] (rank >= 3), got rank ${logits.rank} ${shapeText(logits.shape)}`,
    );
  }
  if (logits.shape.some((d) => d === 0))
    throw new Error(`${fn}: logits has an empty axis: ${shapeText(logits.shape)}`);
  const numClasses = logits.shape[logits.rank - 1];
  return { numClasses, binary: numClasses === 1 };
}

function checkLabelsDtype(fn: string, labels: unknown): asserts labels is Tensor {
  if (!isTensor(labels)) throw new Error(`${fn}: labels must be a tf.Tensor, got ${typeof labels}`);
  if (labels.dtype !== 'int32') {
    throw new Error(
      `${fn}: labels must have dtype int32 (class indices), got ${labels.dtype}; use tf.cast(labels, 'int32')`,
    );
  }
}

function checkLabelsMatch(fn: string, logits: Tensor, labels: Tensor): void {
  const expected = logits.shape.slice(0, -1);
  const same = labels.rank === expected.length && labels.shape.every((d, i) => d === expected[i]);
  if (!same) {
    const hint =
      labels.rank === logits.rank && labels.shape[labels.rank - 1] === 1
        ? '; squeeze its trailing channel axis first'
        : '';
    throw new Error(
      `${fn}: labels must have shape ${shapeText(expected)} (logits ${shapeText(logits.shape)} without its class axis), ` +
        `got ${shapeText(labels.shape)}${hint}`,
    );
  }
}

function indexText(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(flat % shape[a]);
    flat = Math.floor(flat / shape[a]);
  }
  return shapeText(idx);
}

/**
 * Data checks with one read-back: [min label, max label] over non-ignored pixels and Σ 0·logits, which is NaN
 * exactly when some logit is NaN or ±Inf. Only on failure is the offending tensor downloaded, to name the
 * first bad position.
 */
function checkValues(
  fn: string,
  logits: Tensor | null,
  labels: Tensor | null,
  upper: number,
  ignoreIndex: number,
): void {
  const stats = tf.tidy(() => {
    const parts: Tensor[] = [];
    if (labels !== null) {
      const kept = tf.where(tf.equal(labels, ignoreIndex), tf.zerosLike(labels), labels);
      parts.push(tf.cast(tf.min(kept), 'float32'), tf.cast(tf.max(kept), 'float32'));
    }
    if (logits !== null) parts.push(tf.sum(tf.mul(logits, tf.scalar(0))));
    return tf.stack(parts);
  });
  const values = stats.dataSync();
  stats.dispose();
  let at = 0;
  if (labels !== null) {
    const [lo, hi] = [values[0], values[1]];
    at = 2;
    if (lo < 0 || hi >= upper) {
      const data = labels.dataSync();
      const i = data.findIndex((v) => v !== ignoreIndex && (v < 0 || v >= upper));
      throw new Error(
        `${fn}: labels must be in [0, ${upper}) or equal ignoreIndex ${ignoreIndex}, ` +
          `got ${data[i]} at ${indexText(i, labels.shape)}` +
          (upper === 2 ? ' (binary mode: one logit channel, labels 0 = background, 1 = foreground)' : ''),
      );
    }
  }
  if (logits !== null && !Number.isFinite(values[at])) {
    const data = logits.dataSync();
    const i = data.findIndex((v) => !Number.isFinite(v));
    throw new Error(`${fn}: logits must be finite, got ${data[i]} at ${indexText(i, logits.shape)}`);
  }
}

/** Checks a (logits, labels) pair; shapes and dtypes always, values when `common.validate`. */
export function checkInputs(fn: string, logits: unknown, labels: unknown, common: ResolvedCommon): InputInfo {
  const info = checkLogitsShape(fn, logits);
  checkLabelsDtype(fn, labels);
  checkLabelsMatch(fn, logits as Tensor, labels);
  if (common.validate) {
    checkValues(fn, logits as Tensor, labels, info.binary ? 2 : info.numClasses, common.ignoreIndex);
  }
  return info;
}

/** Checks logits with optional labels (predicted proportions can be asked for without ground truth). */
export function checkLogitsMaybeLabels(
  fn: string,
  logits: unknown,
  labels: unknown,
  common: ResolvedCommon,
): InputInfo {
  if (labels !== null) return checkInputs(fn, logits, labels, common);
  const info = checkLogitsShape(fn, logits);
  if (common.validate) checkValues(fn, logits as Tensor, null, 0, common.ignoreIndex);
  return info;
}

/** Checks labels alone against a class count (ground-truth proportions). */
export function checkLabelsAlone(
  fn: string,
  labels: unknown,
  numClasses: number,
  common: ResolvedCommon,
): InputInfo {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`${fn}: numClasses must be an integer >= 1, got ${numClasses}`);
  }
  checkLabelsDtype(fn, labels);
  if (labels.rank < 2) {
    throw new Error(
      `${fn}: labels must have shape [B, ...spatial] (rank >= 2), got ${shapeText(labels.shape)}`,
    );
  }
  if (labels.shape.some((d) => d === 0))
    throw new Error(`${fn}: labels has an empty axis: ${shapeText(labels.shape)}`);
  const info = { numClasses, binary: numClasses === 1 };
  if (common.validate) checkValues(fn, null, labels, info.binary ? 2 : numClasses, common.ignoreIndex);
  return info;
}
