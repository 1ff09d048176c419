// One optimisation step of train(): the loss's gradients with respect to the U-Net's trainable variables,
// applied by Adam. Kept on its own so that the loop reads as data in, step, bookkeeping out.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Adam } from './adam';
import type { ResolvedLoss } from './loss';

/** Trainable variables in a fixed order (the optimiser's moments are saved in this order). */
export function trainableVariables(net: LayersModel): tf.Variable[] {
  return net.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** One optimisation step on a batch; returns the loss before the update. */
export function trainStep(
  net: LayersModel,
  variables: tf.Variable[],
  adam: Adam,
  lossFn: ResolvedLoss['fn'],
  x: tf.Tensor4D,
  y: tf.Tensor3D,
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => lossFn(net.apply(x, { training: true }) as tf.Tensor, y),
      variables,
    );
    adam.apply(variables.map((v) => grads[v.name]));
    return value;
  });
}
