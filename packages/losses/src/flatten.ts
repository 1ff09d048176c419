/**
 * Internal: brings any spatial rank to one pixel axis, so each loss is written once for 2D and 3D.
 *   logits [B, ...spatial, C] -> [B, N, C]
 *   labels [B, ...spatial]    -> valid [B, N] (1 for counted pixels) and target [B, N, C] (one-hot of the
 *                                label; binary mode: [B, N, 1] foreground indicator)
 * Ignored pixels get valid = 0 and an all-zero target row, so they drop out of every masked sum.
 * Call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import type { InputInfo } from './validate';

export interface FlatLabels {
  valid: Tensor2D;
  target: Tensor3D;
}

export interface FlatInputs extends FlatLabels {
  logits: Tensor3D;
  info: InputInfo;
}

export function flattenLogits(logits: Tensor): Tensor3D {
  const [batch] = logits.shape;
  const classes = logits.shape[logits.rank - 1];
  return tf.reshape(logits, [batch, -1, classes]);
}

export function flattenLabels(labels: Tensor, info: InputInfo, ignoreIndex: number): FlatLabels {
  const flat = tf.reshape(labels, [labels.shape[0], -1]) as Tensor2D;
  const keep = tf.notEqual(flat, ignoreIndex);
  const valid = tf.cast(keep, 'float32') as Tensor2D;
  if (info.binary) {
    const foreground = tf.mul(tf.cast(tf.equal(flat, 1), 'float32'), valid);
    return { valid, target: tf.expandDims(foreground, -1) as Tensor3D };
  }
  // Ignored pixels get index −1, for which tf.oneHot yields an all-zero row on every backend: cheaper than
  // multiplying a one-hot by a broadcast mask, which is slow on the CPU backend.
  const indices = tf.where(keep, flat, tf.fill(flat.shape, -1, 'int32'));
  return { valid, target: tf.cast(tf.oneHot(indices, info.numClasses), 'float32') as Tensor3D };
}

export function flatten(logits: Tensor, labels: Tensor, info: InputInfo, ignoreIndex: number): FlatInputs {
  return { logits: flattenLogits(logits), ...flattenLabels(labels, info, ignoreIndex), info };
}

/**
 * log σ(x) = −softplus(−x), stable for any |x|. Written out rather than tf.logSigmoid because that op is a
 * tf.customGrad whose saved input is not kept alive across an enclosing tf.tidy, so tf.grad of a tidied loss
 * that uses it fails with "Cannot read properties of undefined (reading 'backend')" (TF.js 4.22).
 */
export function logSigmoid(x: Tensor): Tensor {
  return tf.neg(tf.softplus(tf.neg(x)));
}
