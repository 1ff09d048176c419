/**
 * Test backend: TF.js core with the CPU kernels, plus the gradients (tfjs-core registers none by itself;
 * tfjs-layers registers them all on import). PROD silences the "use tfjs-node" banner. (IS_TEST would too, but
 * it also turns on a per-kernel data-id count that misreads every tf.customGrad op, e.g. tf.logSoftmax, as an
 * internal leak on the wasm backend; real leaks are checked with tf.memory() in the tests.)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';

tf.env().set('PROD', true);

export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
}

export { tf };

import type { Case } from './random';

/** The Case as TF.js tensors: float32 logits and int32 labels. Caller disposes. */
export function tensors(c: Case): { logits: tf.Tensor; labels: tf.Tensor } {
  return {
    logits: tf.tensor(c.logits, c.shape, 'float32'),
    labels: tf.tensor(c.labels, c.shape.slice(0, -1), 'int32'),
  };
}

/** Runs `f` on the Case's tensors and returns the scalar's value, disposing everything. */
export function valueOf(c: Case, f: (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar): number {
  const { logits, labels } = tensors(c);
  try {
    const out = f(logits, labels);
    const value = out.dataSync()[0];
    out.dispose();
    return value;
  } finally {
    logits.dispose();
    labels.dispose();
  }
}
