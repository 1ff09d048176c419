// `node bench/run.mjs profile [--threads <cores>] [--steps 3] [--size 128] [--batch 8] [--norm none] [--base-filters 16] [--classes 2] [--loss <name>] [--kernels all|conv] [--infer [--keep-fold]] [--by-shape] [--json]`:
// where the time of one U-Net training step (or, with --infer, one forward pass of the batch as segment() runs it,
// batch norm folded) goes,
// per TF.js kernel, on wasm in Node. Kernel times come from
// tf.profile (each kernel timed synchronously by the backend); seglens's own gradient kernels are timed as
// one kernel each, whatever they run inside. Prints a Markdown table sorted by time, mean over the steps.
// Without --loss the step is the benchmark's (TF.js's Adam and softmax cross-entropy, as the PyTorch peer); with
// --loss <registry name> (e.g. rce) it is train()'s own (seglens's Adam, the loss with its defaults, integer
// labels), e.g. the CT models' step: --norm batch --base-filters 8 --classes 14 --loss rce.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels, type FastKernelName } from '../src/kernels';
import { createUNet, REFERENCE_UNET, type Normalization } from '../src/unet';
import { foldBatchNorm } from '../src/infer';
import { Adam, resolveLoss } from '../src/train';
import { trainableVariables, trainStep } from '../src/train/train-step';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const threadsArg = arg('threads', '');
  const threads = threadsArg === '' ? undefined : Number(threadsArg); // default: the machine's cores
  const steps = Number(arg('steps', '3'));
  const size = Number(arg('size', '128'));
  const batch = Number(arg('batch', '8'));
  const json = process.argv.includes('--json');
  // `--by-shape` keys the table by kernel and input shapes, to tell the full-size calls from the per-weight ones
  const byShape = process.argv.includes('--by-shape');
  tf.env().set('PROD', true);
  const selection = await selectBackend({ force: 'wasm', threads });
  // `--kernels conv` keeps only the convolution gradients of seglens (the state before the data-movement kernels).
  if (arg('kernels', 'all') === 'conv') {
    restoreNativeKernels();
    registerFastKernels(['wasm', 'cpu'], ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as FastKernelName[]);
  }
  const config = {
    ...REFERENCE_UNET,
    normalization: arg('norm', 'none') as Normalization,
    baseFilters: Number(arg('base-filters', String(REFERENCE_UNET.baseFilters))),
    classes: Number(arg('classes', String(REFERENCE_UNET.classes))),
    seed: 1,
    inputSize: null,
  };
  const lossName = arg('loss', '');
  const model = createUNet(config);
  const images = tf.randomNormal(
    [batch, size, size, config.inputChannels],
    0,
    1,
    'float32',
    1,
  ) as tf.Tensor4D;
  const labels = tf.tidy(() =>
    tf.oneHot(
      tf.reshape(tf.randomUniform([batch, size, size], 0, config.classes, 'int32', 2), [-1]),
      config.classes,
    ),
  );
  const optimizer = tf.train.adam(1e-3);
  const infer = process.argv.includes('--infer');
  // --loss: train()'s own step (seglens's Adam and loss, integer labels) instead of the benchmark's.
  const classIndices = tf.randomUniform([batch, size, size], 0, config.classes, 'int32', 2) as tf.Tensor3D;
  const seglens = lossName
    ? {
        loss: resolveLoss(lossName as Parameters<typeof resolveLoss>[0], 'profile'),
        variables: trainableVariables(model),
      }
    : null;
  const adam = seglens ? new Adam(seglens.variables, { learningRate: 1e-3 }) : null;
  // --keep-fold: one fold for every pass, as the viewer's worker keeps it (no filter transforms or XNNPACK packing
  // in the passes timed); without it each pass folds anew, as segment() does when not given a fold.
  const keptFold = infer && process.argv.includes('--keep-fold') ? foldBatchNorm(model) : null;
  const step = (): void => {
    if (infer) {
      // as segment() runs the network: batch norm folded into the convolutions
      const folded = keptFold ?? foldBatchNorm(model);
      const out = folded.predict(images);
      out.dataSync();
      out.dispose();
      if (!keptFold) folded.dispose();
      return;
    }
    if (seglens && adam) {
      const value = trainStep(model, seglens.variables, adam, images, (logits) =>
        seglens.loss.fn(logits, classIndices),
      );
      value.dataSync();
      value.dispose();
      return;
    }
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          labels,
          tf.reshape(model.apply(images, { training: true }) as tf.Tensor, [-1, config.classes]),
        ) as tf.Scalar,
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  step(); // warm-up: XNNPACK operators, variables
  const perKernel = new Map<string, { ms: number; calls: number }>();
  let total = 0;
  let wall = 0;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    const info = await tf.profile(step);
    wall += performance.now() - t0;
    for (const k of info.kernels) {
      // tf.profile also lists the op wrapping a kernel (`fusedConv2d__op` around FusedConv2D): count kernels only
      if (k.name.endsWith('__op')) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const key = byShape ? `${k.name} ${k.inputShapes.map((sh) => `[${sh ?? ''}]`).join(' ')}` : k.name;
      const e = perKernel.get(key) ?? { ms: 0, calls: 0 };
      e.ms += ms;
      e.calls += 1;
      perKernel.set(key, e);
      total += ms;
    }
  }
  const rows = [...perKernel.entries()]
    .map(([name, e]) => ({ name, msPerStep: e.ms / steps, callsPerStep: e.calls / steps }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  const summary = {
    backend: selection.name,
    threads: selection.wasmThreads,
    size,
    batch,
    steps,
    kernelMsPerStep: total / steps,
    wallMsPerStep: wall / steps,
    rows,
  };
  if (json) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(
      `wasm, ${summary.threads} thread(s), ${size}x${size}, batch ${batch}, ${steps} profiled ${infer ? 'forward passes' : 'steps'}`,
    );
    console.log(
      `kernel time ${summary.kernelMsPerStep.toFixed(0)} ms/step, wall ${summary.wallMsPerStep.toFixed(0)} ms/step (profiling adds overhead)`,
    );
    console.log('| kernel | ms/step | share | calls/step |');
    console.log('|---|---|---|---|');
    for (const r of rows.filter((r) => r.msPerStep >= 0.5)) {
      console.log(
        `| ${r.name} | ${r.msPerStep.toFixed(1)} | ${((100 * r.msPerStep) / summary.kernelMsPerStep).toFixed(1)}% | ${r.callsPerStep} |`,
      );
    }
  }
  tf.dispose([images, labels]);
  optimizer.dispose();
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
