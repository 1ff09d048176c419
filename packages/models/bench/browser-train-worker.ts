// The page worker of `node bench/browser-train.mjs`: U-Net training steps on TF.js wasm inside a browser worker,
// where the viewer's fine-tuning runs. The query string gives threads, steps, normalisation and kernel set; the
// result is posted back.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels } from '../src/kernels';
import { createUNet, REFERENCE_UNET, type Normalization } from '../src/unet';

async function main(): Promise<void> {
  const params = new URL(self.location.href).searchParams;
  const threads = Number(params.get('threads') ?? '1');
  const steps = Number(params.get('steps') ?? '5');
  const normalization = (params.get('norm') ?? 'none') as Normalization;
  if (threads > 1) {
    // As the viewer's worker does (wasm-threads.ts in the extension): TF.js uses half the cores it is told about.
    setThreadsCount(threads);
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  }
  const selection = await selectBackend({ force: 'wasm', wasmPaths: '/wasm/' });
  if (params.get('kernels') === 'conv') {
    // Only seglens's convolution gradients (wasm has no filter gradient of its own): the state before the others.
    restoreNativeKernels();
    registerFastKernels(['wasm'], ['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
  }
  const config = { ...REFERENCE_UNET, normalization, seed: 1, inputSize: null };
  const model = createUNet(config);
  const images = tf.randomNormal([8, 128, 128, 1], 0, 1, 'float32', 1);
  const labels = tf.tidy(() =>
    tf.oneHot(tf.reshape(tf.randomUniform([8, 128, 128], 0, 2, 'int32', 2), [-1]), 2),
  );
  const optimizer = tf.train.adam(1e-3);
  const step = (): void => {
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          labels,
          tf.reshape(model.apply(images, { training: true }) as tf.Tensor, [-1, 2]),
        ) as tf.Scalar,
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  step(); // warm-up: XNNPACK operators, variables, the SIMD helpers
  step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  postMessage({
    threads: selection.threads,
    crossOriginIsolated,
    msPerStep: (performance.now() - t0) / steps,
  });
}

main().catch((error: unknown) =>
  postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
