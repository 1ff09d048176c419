// `node bench/run.mjs loss-kernels [threads 1] [rounds 4]`: the training step of the shipped CT models (U-Net of 8
// filters, 14 classes, batch norm, batch 8, 128x128, seglens's Adam and losses) on wasm, with seglens's kernels
// without and with the three that speed up the losses (Exp in SIMD, BatchMatMul for outer products, Max over the
// last axis), alternating in each round (before-now, then now-before), for RCE, CE and Dice. Prints the median of
// 5 steps per loss and kernel set in every round, and their ratio.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels, type FastKernelName } from '../src/kernels';
import { registerFastGradients } from '../src/kernels/fast-gradients';
import { Adam, resolveLoss } from '../src/train';
import { trainableVariables, trainStep } from '../src/train/train-step';
import { createUNet, REFERENCE_UNET } from '../src/unet';

/** Every kernel of seglens's but the three for the losses. */
const LOSS_KERNELS: FastKernelName[] = ['Exp', 'BatchMatMul', 'Max'];
const BEFORE = [...new Set(registerFastKernels(['wasm']).map((r) => r.kernelName))].filter(
  (k) => !LOSS_KERNELS.includes(k),
);

function kernels(mode: 'before' | 'now') {
  restoreNativeKernels();
  if (mode === 'now') registerFastKernels(['wasm', 'cpu']);
  else {
    registerFastKernels(['wasm', 'cpu'], BEFORE);
    registerFastGradients();
  }
}

async function main() {
  const threads = Number(process.argv[2] ?? 1);
  const rounds = Number(process.argv[3] ?? 3);
  const sel = await selectBackend({ force: 'wasm', threads });
  const classes = 14;
  const net = createUNet({
    ...REFERENCE_UNET,
    normalization: 'batch',
    baseFilters: 8,
    classes,
    seed: 1,
    inputSize: null,
  });
  const vars = trainableVariables(net);
  const adam = new Adam(vars, { learningRate: 1e-5 });
  const x = tf.randomNormal([8, 128, 128, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.randomUniform([8, 128, 128], 0, classes, 'int32', 2) as tf.Tensor3D;
  const losses = ['rce', 'crossEntropy', 'dice'];
  const res: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++)
    for (const mode of (r % 2 ? ['now', 'before'] : ['before', 'now']) as Array<'before' | 'now'>) {
      kernels(mode);
      for (const name of losses) {
        const fn = resolveLoss(name as 'rce', 'b').fn;
        trainStep(net, vars, adam, x, (logits) => fn(logits, y)).dispose(); // warm-up
        const t: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          const v = trainStep(net, vars, adam, x, (logits) => fn(logits, y));
          v.dataSync();
          v.dispose();
          t.push(performance.now() - t0);
        }
        t.sort((a, b) => a - b);
        (res[`${name} ${mode}`] ??= []).push(t[2]);
      }
    }
  console.log(`wasm threads ${sel.wasmThreads}; median ms per step in each of ${rounds} rounds`);
  for (const name of losses) {
    const b = res[`${name} before`];
    const n = res[`${name} now`];
    console.log(
      `${name}: before ${b.map((v) => v.toFixed(0)).join(', ')}; now ${n.map((v) => v.toFixed(0)).join(', ')}; now/before ${n.map((v, i) => (v / b[i]).toFixed(2)).join(', ')}`,
    );
  }
}
main();
