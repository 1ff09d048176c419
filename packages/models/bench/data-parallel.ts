// `node bench/run.mjs data-parallel [--workers 2] [--steps 5] [--pairs 3] [--size 128] [--batch 8] [--threads 2]`:
// the two ways to put both cores on one training step, measured side by side in one process, alternately:
//  A. threaded wasm: the whole batch on one wasm instance whose XNNPACK pool has --threads threads;
//  B. data parallel: --workers worker threads, each single-threaded wasm with half the batch; gradients averaged
//     in worker order on the main thread, then each replica applies the same Adam step.
// Same network (REFERENCE_UNET), seed, data and optimiser as benchmarkUNet. Prints ms/step of each and B/A.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { benchmarkUNet } from '../src/unet';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Replica {
  worker: Worker;
  next(): Promise<{ grads: Float32Array; loss: number }>;
  inferred(): Promise<void>;
}

function replica(file: string, rank: number, workers: number, size: number, batch: number, seed: number): Replica {
  const worker = new Worker(file, { workerData: { rank, workers, size, batch, seed } });
  const grads: Array<(m: { grads: Float32Array; loss: number }) => void> = [];
  const infers: Array<() => void> = [];
  const queue: Array<{ grads: Float32Array; loss: number }> = [];
  worker.on('message', (m: { type: string; grads?: Float32Array; loss?: number }) => {
    if (m.type === 'grads') {
      const value = { grads: m.grads!, loss: m.loss! };
      const waiter = grads.shift();
      if (waiter) waiter(value);
      else queue.push(value);
    } else infers.shift()?.();
  });
  worker.on('error', (e) => {
    console.error(e);
    process.exit(1);
  });
  return {
    worker,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => grads.push(r))),
    inferred: () => new Promise<void>((r) => infers.push(r)),
  };
}

async function main(): Promise<void> {
  const workers = arg('workers', 2);
  const steps = arg('steps', 5);
  const pairs = arg('pairs', 3);
  const size = arg('size', 128);
  const batch = arg('batch', 8);
  const seed = 1;
  const file = process.env.SEGLENS_DP_WORKER;
  if (!file) throw new Error('data-parallel: run through bench/run.mjs, which bundles the worker');
  tf.env().set('PROD', true);
  const selection = await selectBackend({ force: 'wasm', threads: arg('threads', 2) });
  const replicas = Array.from({ length: workers }, (_, r) => replica(file, r, workers, size, batch, seed));
  // The averaged gradients waiting to be applied. A step sends them, lets every replica apply them and compute
  // its next gradients, and gathers those: replicas are idle between steps, so nothing overlaps the other side.
  let mean: Float32Array | null = null;
  let dpLoss = NaN;
  const gather = async (): Promise<void> => {
    const parts = [];
    for (const r of replicas) parts.push(await r.next());
    const sum = new Float32Array(parts[0].grads.length);
    for (const p of parts) for (let i = 0; i < sum.length; i++) sum[i] += p.grads[i]; // rank order: reproducible
    for (let i = 0; i < sum.length; i++) sum[i] /= workers;
    dpLoss = parts.reduce((acc, p) => acc + p.loss, 0) / workers;
    mean = sum;
  };
  const dpStep = async (): Promise<void> => {
    const m = mean!;
    replicas.forEach((r, i) => {
      const copy = i === replicas.length - 1 ? m : m.slice();
      r.worker.postMessage({ type: 'grads', grads: copy }, [copy.buffer as ArrayBuffer]);
    });
    await gather();
  };
  await gather(); // the first gradients, computed at start-up
  await dpStep(); // warm-up, as benchmarkUNet's untimed step
  const rows: Array<{ threadedMs: number; dpMs: number; threadedInfer: number; dpInfer: number }> = [];
  const dpInferOnce = async (): Promise<void> => {
    const done = replicas.map((r) => r.inferred());
    replicas.forEach((r) => r.worker.postMessage({ type: 'infer' }));
    await Promise.all(done);
  };
  await dpInferOnce(); // warm-up
  for (let p = 0; p < pairs; p++) {
    const a = await benchmarkUNet({ size, batch, trainSteps: steps, inferBatches: 2, seed });
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await dpStep();
    const dpMs = (performance.now() - t0) / steps;
    const t1 = performance.now();
    for (let k = 0; k < 2; k++) await dpInferOnce();
    const dpInfer = (performance.now() - t1) / (2 * batch);
    rows.push({ threadedMs: a.trainMsPerStep, dpMs, threadedInfer: a.inferMsPerImage, dpInfer });
    console.log(
      `pair ${p + 1}: threaded wasm (${selection.threads} threads) ${a.trainMsPerStep.toFixed(0)} ms/step, ${a.inferMsPerImage.toFixed(1)} ms/image, loss ${a.firstLoss.toFixed(5)} -> ${a.lastLoss.toFixed(5)}; ` +
        `data parallel (${workers} x 1 thread) ${dpMs.toFixed(0)} ms/step, ${dpInfer.toFixed(1)} ms/image, loss ${dpLoss.toFixed(5)}; ` +
        `dp/threaded train ${(dpMs / a.trainMsPerStep).toFixed(2)}, infer ${(dpInfer / a.inferMsPerImage).toFixed(2)}`,
    );
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(
    `median ratio data-parallel / threaded: train ${med(rows.map((r) => r.dpMs / r.threadedMs)).toFixed(2)}, infer ${med(rows.map((r) => r.dpInfer / r.threadedInfer)).toFixed(2)}`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
