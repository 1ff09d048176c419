// `node bench/run.mjs segment-split --model <model dir> --dicom <series folder> [--threads 1] [--rounds 3]
// [--convolution winograd4|winograd|direct] [--profile]`:
// where segment()'s time per slice goes on a real series: the network alone (batch 8 at the card's input size),
// as the layers model runs it (`net.predict`) and with batch norm folded into the convolutions (foldBatchNorm,
// what segment() runs; the fold is made once per round and timed with its pass), segment() (fitting each slice
// to the input, the network, the class scores resized back to the series' grid and the argmax), segment() with
// the per-voxel probabilities the viewer's loss lens reads, and segment() with the scores at the model's size
// instead (`modelScores`, which expandScores turns into those probabilities when the lens is opened; what the
// viewer runs), the same with the fold kept from call to call (as the viewer's worker keeps it; the median of at
// least five calls), once with a fresh scores array per call and once writing them into an array already in use
// (`modelScoresInto`, as the worker reuses the run before last's; the two alternate call by call), then expandScores of those scores (the lens's first use). Warm (one untimed call first), wasm in
// Node. The peer, once per round at the same thread count: PyTorch doing the same work as segment() with
// probabilities and as segment() with model-size scores, for slices of this series' size
// (tools/bench-unet-torch.py --source-size), so each ratio compares like for like.
import * as tf from '@tensorflow/tfjs-core';
import { readDicomFolder, type Volume } from '@seglens/data';
import { selectBackend } from '../src/backend';
import {
  expandScores,
  foldBatchNorm,
  loadModel,
  runTorchPeer,
  segment,
  setDefaultConvolution,
  type ConvolutionAlgorithm,
} from '../src';
import path from 'node:path';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`segment-split: --${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '3'));
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer, got ${arg('rounds')}`);
  const threads = Number(arg('threads', '1'));
  // Without --convolution, the library's default (what segment() runs); setDefaultConvolution refuses an unknown
  // name, naming it
  const convolution = process.argv.includes('--convolution') ? arg('convolution') : undefined;
  setDefaultConvolution(convolution as ConvolutionAlgorithm | undefined);
  await selectBackend({ force: 'wasm', threads });
  const model = await loadModel(arg('model'));
  const volume: Volume = await readDicomFolder(arg('dicom'));
  const slices = volume.dims[model.card.input.sliceAxis];
  const [h, w] = model.card.input.size ?? [volume.dims[1], volume.dims[0]];
  const batch = tf.randomNormal([8, h, w, model.card.input.channels]) as tf.Tensor4D;
  const network = async (): Promise<void> => {
    const y = model.net.predict(batch) as tf.Tensor;
    await y.data();
    y.dispose();
  };
  const foldedNetwork = async (): Promise<void> => {
    const folded = foldBatchNorm(model.net);
    const y = folded.predict(batch);
    await y.data();
    y.dispose();
    folded.dispose();
  };
  const perSlice = async (run: () => Promise<unknown>, per: number): Promise<number> => {
    const t0 = performance.now();
    await run();
    return (performance.now() - t0) / per;
  };
  await network();
  await foldedNetwork();
  await segment(model, volume);
  console.log(`${model.card.name} on ${volume.dims.join('x')} (${slices} slices), ms per slice:`);
  const a = model.card.architecture;
  const peer = async (): Promise<[number, number]> => {
    const report = await runTorchPeer({
      // run from packages/models, as the other benchmarks (SEGLENS_REPO_ROOT names the repository otherwise)
      script: path.join(
        path.resolve(process.env.SEGLENS_REPO_ROOT ?? '../..'),
        'tools',
        'bench-unet-torch.py',
      ),
      size: h,
      batch: 8,
      steps: 1,
      inferBatches: Math.max(1, Math.round(slices / 8)),
      threads: [threads],
      config: { ...a, inputSize: null },
      sourceSize: [volume.dims[1], volume.dims[0]],
      fit: model.card.input.fit,
    });
    const run = report.runs[0];
    return [run.pipelineMsPerSlice ?? NaN, run.pipelineLabelsMsPerSlice ?? NaN];
  };
  console.log(
    `| round | network (predict) | network (folded) | segment() | segment() with probabilities | PyTorch, the same (${threads} thread(s)) | ratio | segment() with model-size scores | PyTorch, the same | ratio | the same, fold kept | the same, scores into memory in use (the viewer's) | ratio | expandScores |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (let r = 1; r <= rounds; r++) {
    const net = await perSlice(network, 8);
    const folded = await perSlice(foldedNetwork, 8);
    const plain = await perSlice(() => segment(model, volume), slices);
    const withProbabilities = await perSlice(() => segment(model, volume, { probabilities: true }), slices);
    let scores: Awaited<ReturnType<typeof segment>>['modelScores'];
    const withScores = await perSlice(async () => {
      scores = (await segment(model, volume, { modelScores: true })).modelScores;
    }, slices);
    // As the viewer's worker runs it: the fold kept from call to call (made and warmed up once, outside the timing),
    // so no pass transforms a filter or packs an XNNPACK operator.
    // The median of several calls (at least 64 slices in all): a call of one frame lasts a few milliseconds.
    const kept = foldBatchNorm(model.net);
    await segment(model, volume, { modelScores: true, folded: kept });
    const keptCalls: number[] = [];
    const reusedCalls: number[] = [];
    let inUse: Float32Array | undefined;
    for (let i = 0; i < Math.max(5, Math.ceil(64 / slices)); i++) {
      keptCalls.push(
        await perSlice(() => segment(model, volume, { modelScores: true, folded: kept }), slices),
      );
      reusedCalls.push(
        await perSlice(async () => {
          const into = inUse;
          const r = await segment(model, volume, { modelScores: true, folded: kept, modelScoresInto: into });
          inUse = r.modelScores!.values;
        }, slices),
      );
    }
    const median = (xs: number[]): number => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];
    const withKept = median(keptCalls);
    const withReused = median(reusedCalls);
    kept.dispose();
    // What the viewer's loss lens pays on its first use after a segmentation.
    const expand = await perSlice(() => expandScores(scores!), slices);
    const [torch, torchLabels] = await peer();
    console.log(
      `| ${r} | ${net.toFixed(1)} | ${folded.toFixed(1)} | ${plain.toFixed(1)} | ${withProbabilities.toFixed(1)} | ${torch.toFixed(1)} | ${(withProbabilities / torch).toFixed(2)}× | ${withScores.toFixed(1)} | ${torchLabels.toFixed(1)} | ${(withScores / torchLabels).toFixed(2)}× | ${withKept.toFixed(1)} | ${withReused.toFixed(1)} | ${(withReused / torchLabels).toFixed(2)}× | ${expand.toFixed(1)} |`,
    );
  }
  if (process.argv.includes('--profile')) await profileKept(model, volume);
  batch.dispose();
  model.net.dispose();
}

/**
 * `--profile`: where one segment() call goes with the fold kept (the viewer worker's call), per TF.js kernel and
 * input shapes, the mean of 20 profiled calls (tf.profile times each kernel alone, so the sum exceeds a plain call).
 */
async function profileKept(model: Awaited<ReturnType<typeof loadModel>>, volume: Volume): Promise<void> {
  const kept = foldBatchNorm(model.net);
  const call = () => segment(model, volume, { modelScores: true, folded: kept });
  await call();
  const calls = 20;
  const per = new Map<string, { ms: number; calls: number }>();
  for (let i = 0; i < calls; i++) {
    const info = await tf.profile(async () => {
      await call();
    });
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue; // the op wrapping a kernel
      const key = `${k.name} ${k.inputShapes.map((sh) => `[${sh ?? ''}]`).join(' ')}`;
      const e = per.get(key) ?? { ms: 0, calls: 0 };
      e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      e.calls++;
      per.set(key, e);
    }
  }
  kept.dispose();
  const rows = [...per.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, e]) => sum + e.ms / calls, 0);
  console.log(
    `\nsegment() with the fold kept, kernels ${total.toFixed(2)} ms per call (mean of ${calls} profiled calls)`,
  );
  console.log('| kernel and input shapes | ms per call | calls per call |');
  console.log('|---|---|---|');
  for (const [key, e] of rows)
    console.log(`| ${key} | ${(e.ms / calls).toFixed(3)} | ${(e.calls / calls).toFixed(1)} |`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
