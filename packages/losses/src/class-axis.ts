/**
 * Internal: operations along the class axis of [B, N, C]: sum, softmax and log-softmax, with their gradients.
 *
 * TF.js's own ops are numerically fine, but on the CPU backend they broadcast [B, N, 1] against [B, N, C] in
 * forward and backward passes (tf.sum's gradient too), and broadcasting binary ops there take a slow generic
 * path (about 6× an elementwise op of the same size). Here every [B, N] ↔ [B, N, C] step is a matMul with a
 * column or row of ones, which is fast on every backend; everything else is elementwise.
 *
 *   log p = (z − m) − log Σ_c exp(z_c − m),  m = max_c z_c         (stable for any logits)
 *   ∂/∂z of log-softmax:  g − (Σ_c g_c)·p          ∂/∂z of softmax:  p·(g − Σ_c g_c p_c)
 *
 * Gradients only use tensors passed to `save`: a tf.customGrad gradient that closes over intermediates
 * breaks once an enclosing tf.tidy has disposed them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';

/** x [B, N] → [B, N, C], each value repeated C times along a new last axis. */
function repeatLast(x: Tensor, classes: number): Tensor3D {
  const [batch, pixels] = x.shape;
  const column = tf.reshape(x, [batch * pixels, 1]);
  return tf.reshape(tf.matMul(column, tf.ones([1, classes])), [batch, pixels, classes]);
}

/** Σ_c x_c over the last axis of [B, N, C] → [B, N], as a matMul with a column of ones (gradient: an outer product). */
export function sumLast(x: Tensor3D): Tensor2D {
  const [batch, pixels, classes] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [batch * pixels, classes]), tf.ones([classes, 1])), [
    batch,
    pixels,
  ]);
}

function shiftedAndLogSum(z: Tensor3D): { shifted: Tensor3D; logSum: Tensor2D } {
  const classes = z.shape[2];
  const shifted = tf.sub(z, repeatLast(tf.max(z, -1), classes)) as Tensor3D;
  return { shifted, logSum: tf.log(sumLast(tf.exp(shifted))) };
}

/** log softmax(z) over the last axis of [B, N, C]. */
export const logSoftmaxLast = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const [logits, save] = args as [Tensor3D, tf.GradSaveFunc];
  const { shifted, logSum } = shiftedAndLogSum(logits);
  const value = tf.sub(shifted, repeatLast(logSum, logits.shape[2]));
  save([value]);
  return {
    value,
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const logP = saved[0] as Tensor3D;
      return tf.sub(dy, tf.mul(repeatLast(sumLast(dy as Tensor3D), logP.shape[2]), tf.exp(logP)));
    },
  };
}) as (z: Tensor3D) => Tensor3D;

/** softmax(z) over the last axis of [B, N, C]. */
export const softmaxLast = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const [logits, save] = args as [Tensor3D, tf.GradSaveFunc];
  const { shifted, logSum } = shiftedAndLogSum(logits);
  const value = tf.exp(tf.sub(shifted, repeatLast(logSum, logits.shape[2])));
  save([value]);
  return {
    value,
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const p = saved[0] as Tensor3D;
      const inner = repeatLast(sumLast(tf.mul(dy, p) as Tensor3D), p.shape[2]);
      return tf.mul(p, tf.sub(dy, inner));
    },
  };
}) as (z: Tensor3D) => Tensor3D;
