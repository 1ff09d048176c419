// `node bench/run.mjs fold-cost [--models polyp-rce,cardiac-rce,hippocampus-rce] [--rounds 7]`: what folding batch
// norm afresh costs on every segment() call. segment() folds each call (so a fine-tuned model is folded with its new
// weights), and TF.js's wasm backend packs a new XNNPACK operator for every new filter tensor. Per shipped model,
// on one wasm thread, warm, alternately: fold + forward pass per call, and the forward pass of one fold kept.
// Prints the medians in ms.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { foldBatchNorm, type FoldedNet } from '../src/infer';
import { loadModelFromDirectory } from '../src/io/node/model-dir';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function main(): Promise<void> {
  const names = arg('models', 'polyp-rce,cardiac-rce,hippocampus-rce').split(',');
  const rounds = Number(arg('rounds', '7'));
  await selectBackend({ force: 'wasm', threads: 1 });
  for (const name of names) {
    const model = await loadModelFromDirectory(`pretrained/${name}`);
    const [h, w] = model.card.input.size;
    // a colonoscopy frame is one slice; the volumes go through segment() 8 slices at a time
    const batch = model.card.input.channels === 3 ? 1 : 8;
    const x = tf.randomNormal([batch, h, w, model.card.input.channels], 0, 1, 'float32', 1) as tf.Tensor4D;
    const forward = (net: FoldedNet): void => {
      const y = net.predict(x);
      y.dataSync();
      y.dispose();
    };
    const foldAndForward = (): void => {
      const folded = foldBatchNorm(model.net);
      forward(folded);
      folded.dispose();
    };
    const time = (f: () => void): number => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) foldAndForward(); // warm-up
    const kept = foldBatchNorm(model.net);
    forward(kept);
    const fresh: number[] = [];
    const reused: number[] = [];
    for (let r = 0; r < rounds; r++) {
      fresh.push(time(foldAndForward));
      reused.push(time(() => forward(kept)));
    }
    kept.dispose();
    x.dispose();
    console.log(
      `${name} (${h}x${w}, batch ${batch}): fold + forward ${median(fresh).toFixed(1)} ms per call, ` +
        `forward with a kept fold ${median(reused).toFixed(1)} ms`,
    );
    model.net.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
