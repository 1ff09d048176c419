// The page worker of `node bench/browser-train.mjs`: U-Net training steps on TF.js wasm inside a browser worker,
// where the viewer's fine-tuning runs. The query string gives threads, steps, normalisation and kernel set; the
// result is posted back. The step is fineTune()'s and train()'s: the variables' gradients applied by seglens's Adam.
// The timing starts once the SIMD pool's helper workers are up, as the viewer's loop (which yields between
// batches) has them; a loop that never yields would time the caller doing all the work while they start.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels } from '../src/kernels';
import { wasmBackendMemory } from '../src/kernels/simd/simd-module';
import { backendPool } from '../src/kernels/simd/simd-pool';
import { Adam } from '../src/train/adam';
import { trainableVariables, trainStep } from '../src/train/train-step';
import { createUNet, REFERENCE_UNET, type Normalization } from '../src/unet';

async function main(): Promise<void> {
  const params = new URL(self.location.href).searchParams;
  // 'auto' as the viewer's Auto (the extension's wasm-threads.ts): XNNPACK on half the cores, seglens's kernels on
  // every core for large layers.
  const auto = params.get('threads') === 'auto';
  const cores = navigator.hardwareConcurrency;
  const threads = auto ? Math.max(1, Math.floor(cores / 2)) : Number(params.get('threads') ?? '1');
  const steps = Number(params.get('steps') ?? '5');
  const normalization = (params.get('norm') ?? 'none') as Normalization;
  if (threads > 1) {
    // As the viewer's worker does (wasm-threads.ts in the extension): TF.js uses half the cores it is told about.
    setThreadsCount(threads);
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  }
  const selection = await selectBackend({
    force: 'wasm',
    wasmPaths: '/wasm/',
    ...(auto ? { kernelThreads: cores } : {}),
  });
  if (params.get('kernels') === 'conv') {
    // Only seglens's convolution gradients (wasm has no filter gradient of its own): the state before the others.
    restoreNativeKernels();
    registerFastKernels(['wasm'], ['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
  }
  const config = { ...REFERENCE_UNET, normalization, seed: 1, inputSize: null };
  const model = createUNet(config);
  const images = tf.randomNormal([8, 128, 128, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.tidy(() =>
    tf.oneHot(tf.reshape(tf.randomUniform([8, 128, 128], 0, 2, 'int32', 2), [-1]), 2),
  );
  const variables = trainableVariables(model);
  const adam = new Adam(variables, { learningRate: 1e-3 });
  const lossOf = (logits: tf.Tensor): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(labels, tf.reshape(logits, [-1, 2])) as tf.Scalar;
  const step = (): void => {
    const loss = trainStep(model, variables, adam, images, lossOf);
    loss.dataSync();
    loss.dispose();
  };
  const memory = wasmBackendMemory(tf.backend());
  const helpers = memory ? await backendPool(memory).whenReady() : 0;
  step(); // warm-up: XNNPACK operators, variables
  step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  postMessage({
    threads: selection.threads,
    kernelThreads: selection.kernelThreads,
    helpers,
    crossOriginIsolated,
    msPerStep: (performance.now() - t0) / steps,
  });
}

main().catch((error: unknown) =>
  postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
