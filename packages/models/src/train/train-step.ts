// One optimisation step: the loss's gradients with respect to the U-Net's trainable variables, applied by
// seglens's Adam. The one step of train(), fineTune(), `seglens bench` and the browser bench, so that the
// benchmarks time what users run and a change to the step reaches all four.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Adam } from './adam';

/** Trainable variables in a fixed order (the optimiser's moments are saved in this order). */
export function trainableVariables(net: LayersModel): tf.Variable[] {
  return net.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * One optimisation step on a batch: the gradients of `lossOf(logits)` with respect to `variables`, applied by
 * Adam; returns the loss before the update. `training` is the layers' mode (batch norm on batch statistics,
 * dropout on): train() and the benchmarks train in it; fineTune() keeps the learned statistics (false).
 */
export function trainStep(
  net: LayersModel,
  variables: tf.Variable[],
  adam: Adam,
  x: tf.Tensor4D,
  lossOf: (logits: tf.Tensor) => tf.Scalar,
  { training = true }: { training?: boolean } = {},
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => lossOf(net.apply(x, { training }) as tf.Tensor),
      variables,
    );
    adam.apply(variables.map((v) => grads[v.name]));
    return value;
  });
}
