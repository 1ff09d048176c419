/**
 * Internal: sums over pixels, as matMuls with ones in two short stages.
 *
 * Why matMul: on TF.js's CPU backend, tf.sum's gradient (and any [B, N, 1]-against-[B, N, C] broadcast) takes a
 * slow generic path, while a matMul and its gradient (an outer product) are fast on every backend.
 * Why two stages: the WASM backend accumulates a long reduction in float32, one term after another; over the
 * 2 million voxels of a [2, 64, 128, 128, C] batch that lost 1e−3 of a CE value and 1e−2 of a weighted CE.
 * Summing blocks of K ≈ √N terms and then the N/K block sums keeps every accumulation short.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';

/** A divisor of n close to √n (at most √n), or 1 when n has none above 16 (then a single stage is used). */
export function blockSize(n: number): number {
  for (let k = Math.floor(Math.sqrt(n)); k > 16; k--) if (n % k === 0) return k;
  return 1;
}

/**
 * Per image and channel Σ_i w_bi · x_bik, [B, N, C] (and optional weights [B, N]) → [B, C].
 * Stage 1: [B·N/K, 1, K] × [B·N/K, K, C] → block sums; stage 2: [B, 1, N/K] × [B, N/K, C].
 */
export function pixelSums(x: Tensor3D, weights?: Tensor2D): Tensor2D {
  const [batch, pixels, channels] = x.shape;
  const k = blockSize(pixels);
  const w = weights ?? tf.ones([batch, pixels]);
  if (k === 1) return tf.reshape(tf.matMul(tf.expandDims(w, 1), x), [batch, channels]);
  const blocks = pixels / k;
  const partial = tf.matMul(
    tf.reshape(w, [batch * blocks, 1, k]),
    tf.reshape(x, [batch * blocks, k, channels]),
  );
  const ones = tf.ones([batch, 1, blocks]);
  return tf.reshape(tf.matMul(ones, tf.reshape(partial, [batch, blocks, channels])), [batch, channels]);
}

/** Per image Σ_i x_bi, [B, N] → [B]. */
export function imageSums(x: Tensor2D): Tensor1D {
  const [batch, pixels] = x.shape;
  return tf.reshape(pixelSums(tf.reshape(x, [batch, pixels, 1]) as Tensor3D), [batch]);
}

/** Per channel Σ over every image and pixel, [B, N, C] → [C]. */
export function channelTotals(x: Tensor3D, weights?: Tensor2D): Tensor1D {
  return tf.sum(pixelSums(x, weights), 0);
}

/** Σ of every entry of [B, N] → scalar. */
export function total(x: Tensor2D): Scalar {
  return tf.sum(imageSums(x));
}
