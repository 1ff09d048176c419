// One data-parallel replica for bench/data-parallel.ts: single-threaded wasm in a worker thread, the reference
// U-Net built with the benchmark's seed, and its shard of the benchmark's batch. Per step it sends its gradients
// (one Float32Array, trainable weights in order) and applies the averaged ones it gets back with its own Adam,
// so every replica takes the same step and the weights stay identical without being sent around.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { createUNet, REFERENCE_UNET } from '../src/unet';

interface Init {
  rank: number;
  workers: number;
  size: number;
  batch: number;
  seed: number;
}

type Message = { type: 'grads'; grads: Float32Array } | { type: 'infer' } | { type: 'stop' };

async function main(): Promise<void> {
  const port = parentPort!;
  const { rank, workers, size, batch, seed } = workerData as Init;
  tf.env().set('PROD', true);
  await selectBackend({ force: 'wasm', threads: 1 });
  const config = { ...REFERENCE_UNET, seed, inputSize: null };
  const model = createUNet(config);
  const shard = batch / workers;
  // The same batch as benchmarkUNet draws, then this replica's rows.
  const all = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', seed);
  const images = tf.slice(all, [rank * shard, 0, 0, 0], [shard, size, size, 1]);
  const labels = tf.tidy(() => {
    const l = tf.oneHot(tf.reshape(tf.randomUniform([batch, size, size], 0, config.classes, 'int32', seed + 1), [-1]), config.classes);
    return tf.slice(l, [rank * shard * size * size, 0], [shard * size * size, config.classes]);
  });
  all.dispose();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(1e-3);
  const lossFn = () =>
    tf.losses.softmaxCrossEntropy(labels, tf.reshape(model.apply(images, { training: true }) as tf.Tensor, [-1, config.classes])) as tf.Scalar;

  const computeGrads = (): { grads: Float32Array; loss: number } => {
    const { value, grads } = tf.variableGrads(lossFn, vars);
    const total = vars.reduce((n, v) => n + v.size, 0);
    const flat = new Float32Array(total);
    let o = 0;
    for (const v of vars) {
      flat.set(grads[v.name].dataSync() as Float32Array, o);
      o += v.size;
    }
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return { grads: flat, loss };
  };

  const send = () => {
    const { grads, loss } = computeGrads();
    port.postMessage({ type: 'grads', grads, loss }, [grads.buffer as ArrayBuffer]);
  };
  port.on('message', (m: Message) => {
    if (m.type === 'grads') {
      tf.tidy(() => {
        let o = 0;
        const named: tf.NamedTensorMap = {};
        for (const v of vars) {
          named[v.name] = tf.tensor(m.grads.subarray(o, o + v.size), v.shape);
          o += v.size;
        }
        optimizer.applyGradients(named as Parameters<typeof optimizer.applyGradients>[0]);
      });
      send();
    } else if (m.type === 'infer') {
      const out = model.predict(images) as tf.Tensor;
      out.dataSync();
      out.dispose();
      port.postMessage({ type: 'inferred' });
    } else {
      process.exit(0);
    }
  });
  send(); // the first step's gradients
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
