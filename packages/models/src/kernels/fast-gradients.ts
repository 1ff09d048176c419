// Leaner gradients for batch norm in training. tfjs-layers' BatchNormalization computes tf.moments (two Means and
// a Square) and a FusedBatchNorm, and a ReLU follows it; TF.js's gradients of those kernels spend some twenty
// full-size element-wise kernels per layer, most of them multiplying by a per-channel factor broadcast (or tiled)
// over the whole activation. The same derivatives need far fewer: the per-channel sums Σdy and Σdy·(x − μ) and
// one product for dx; Relu's and Square's one pass each. These configs replace TF.js's in its global gradient registry
// (FusedBatchNorm's and Mean's are built from ordinary ops and hold on every backend; Relu's and Square's call
// seglens's kernel where one is registered, else TF.js's own), and the originals are kept so that they can be put
// back.
import * as tf from '@tensorflow/tfjs-core';
import {
  getGradient,
  getKernel,
  registerGradient,
  type GradConfig,
  type NamedAttrMap,
} from '@tensorflow/tfjs-core';
import { RELU_GRAD, SQUARE_GRAD, type ElementwiseGradName } from './simd/elementwise-grad-simd';

/** Kernels whose gradient seglens replaces. */
export type FastGradientName = 'FusedBatchNorm' | 'Mean' | 'Relu' | 'Square';

const originals = new Map<FastGradientName, GradConfig>();

/**
 * FusedBatchNorm, y = (x − μ)·s + β with s = γ/√(σ² + ε), per channel of a channels-last x with rank-1
 * statistics (what tfjs-layers passes in training); any other shape takes TF.js's own gradient.
 *   ∂/∂x = dy·s;  ∂/∂β = Σdy;  ∂/∂γ = Σdy·(x − μ)/√(σ² + ε);  ∂/∂μ = −s·Σdy;
 *   ∂/∂σ² = −½·γ·(σ² + ε)^(−3/2)·Σdy·(x − μ).
 * TF.js computes each sum from its own full-size product; here the two sums are taken once and shared. Equal up
 * to float32 rounding (the order of the multiplications differs).
 */
function fusedBatchNormGrad(original: GradConfig): GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const [x, mean, variance, scale] = saved as tf.Tensor[];
      const grad = dy as tf.Tensor;
      if (x.rank !== 4 || mean.rank !== 1 || variance.rank !== 1 || (scale != null && scale.rank !== 1)) {
        return original.gradFunc(dy, saved, attrs);
      }
      const epsilon = attrs.varianceEpsilon as number;
      const axes = [0, 1, 2];
      // The per-channel pieces every derivative needs; computed here, not in the thunks, so that they are
      // computed once (each thunk runs in its own tidy; these live until the backward pass ends).
      const invStd = tf.rsqrt(tf.add(variance, epsilon));
      const gamma = scale ?? tf.onesLike(mean);
      const s = tf.mul(gamma, invStd);
      const sumDy = tf.sum(grad, axes);
      const sumDyCentred = tf.tidy(() => tf.sum(tf.mul(grad, tf.sub(x, mean)), axes));
      return {
        x: () => tf.mul(grad, s),
        mean: () => tf.neg(tf.mul(s, sumDy)),
        variance: () => tf.mul(tf.mul(tf.mul(s, tf.square(invStd)), sumDyCentred), -0.5),
        scale: () => tf.mul(sumDyCentred, invStd),
        offset: () => tf.reshape(sumDy, mean.shape),
      };
    },
  };
}

/**
 * Mean over `axis`: ∂/∂x = dy/n broadcast over the reduced axes. TF.js builds a full-size tensor of ones,
 * multiplies and divides (three full-size kernels); dividing the small dy first and broadcasting once gives
 * the same bits (dy·1/n and dy/n are the same division).
 */
const meanGrad: GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const [x] = saved as tf.Tensor[];
    const reduced = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const expanded = x.shape.map((d, i) => (reduced.includes(i) ? 1 : d));
    const n = reduced.reduce((p, a) => p * x.shape[a], 1);
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expanded), n), x.shape) };
  },
};

/**
 * Relu (∂/∂x = dy·step(x)) and Square (∂/∂x = dy·2x): where the backend has seglens's one-pass kernel for it (wasm:
 * registerFastKernels), that kernel; elsewhere TF.js's own gradient (three kernels), which gives the same bits.
 */
function elementwiseGrad(kernelName: 'Relu' | 'Square', gradKernel: ElementwiseGradName) {
  return (original: GradConfig): GradConfig => ({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const [x] = saved as tf.Tensor[];
      const grad = dy as tf.Tensor;
      if (x.dtype !== 'float32' || grad.dtype !== 'float32' || !getKernel(gradKernel, tf.getBackend())) {
        return original.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(gradKernel, { dy: grad, x }) as tf.Tensor };
    },
  });
}

/**
 * Replaces the gradients of FusedBatchNorm, Mean, Relu and Square; calling it again is harmless. Returns what is
 * replaced.
 */
export function registerFastGradients(): FastGradientName[] {
  const replacements: [FastGradientName, (original: GradConfig) => GradConfig][] = [
    ['FusedBatchNorm', fusedBatchNormGrad],
    ['Mean', () => meanGrad],
    ['Relu', elementwiseGrad('Relu', RELU_GRAD)],
    ['Square', elementwiseGrad('Square', SQUARE_GRAD)],
  ];
  for (const [name, replace] of replacements) {
    const original = getGradient(name);
    if (!original || originals.has(name)) continue;
    originals.set(name, original);
    registerGradient(replace(original));
  }
  return [...originals.keys()];
}

/** Puts TF.js's own gradients back. */
export function restoreNativeGradients(): void {
  for (const config of originals.values()) registerGradient(config);
  originals.clear();
}
