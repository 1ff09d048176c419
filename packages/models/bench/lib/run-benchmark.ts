// The whole benchmark as one importable function: TF.js on each Node backend, then the PyTorch peer in the
// same run, joined into rows of the shape `seglens bench --json` prints.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../src/backend';
import { benchmarkUNet, REFERENCE_UNET, type UNetBenchmarkResult, type UNetConfig } from '../../src/unet';
import { peakResidentSetMb, resetPeakResidentSet, runTorchPeer, type TorchReport } from '../../src/unet';
import type { ConvolutionAlgorithm } from '../../src/infer';

export interface BenchRow {
  backend: string;
  size: number;
  batch: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
  peerTrainMsPerStep: number;
  peerInferMsPerImage: number;
  trainRatio: number;
  inferRatio: number;
  /** Threads TF.js computed with (wasm's pool; 1 on cpu). */
  threads: number;
  /** Peak resident set of the process after this backend's runs, MB (10^6 bytes). */
  peakRssMb: number;
  /** Why wasm got fewer threads than asked for, else null. */
  threadFallback: string | null;
  /** How inference ran the 3×3 convolutions. */
  convolution: ConvolutionAlgorithm;
}

export interface BenchOptions {
  backends?: BackendName[];
  size?: number;
  batch?: number;
  /** Timed training steps per backend; cpu is ~10x slower than wasm, so it gets `cpuSteps`. */
  steps?: number;
  cpuSteps?: number;
  inferBatches?: number;
  config?: UNetConfig;
  /** Path of tools/bench-unet-torch.py. */
  torchScript: string;
  python?: string;
  /** Threads for wasm in Node (see selectBackend). Default: the machine's cores. */
  wasmThreads?: number;
  /** Torch thread counts to measure; the rows compare against the fastest of them (per metric). Default: the
   * thread count wasm got, so that both sides use the same cores. */
  torchThreads?: number[];
  log?: (line: string) => void;
}

export interface BenchReport {
  rows: BenchRow[];
  tfjs: UNetBenchmarkResult[];
  torch: TorchReport;
  wasmThreads: number;
}

export async function runBenchmark(o: BenchOptions): Promise<BenchReport> {
  const size = o.size ?? 128;
  const batch = o.batch ?? 8;
  const config = o.config ?? REFERENCE_UNET;
  const log = o.log ?? (() => undefined);
  const tfjs: Array<
    UNetBenchmarkResult & { threads: number; peakRssMb: number; threadFallback: string | null }
  > = [];
  let wasmThreads = 1;
  resetPeakResidentSet();
  for (const backend of o.backends ?? ['wasm', 'cpu']) {
    const selection = await selectBackend({ force: backend, threads: o.wasmThreads });
    if (backend === 'wasm') wasmThreads = selection.threads;
    const trainSteps = backend === 'cpu' ? (o.cpuSteps ?? 1) : (o.steps ?? 5);
    const inferBatches = backend === 'cpu' ? 1 : (o.inferBatches ?? 5);
    const threads = selection.wasmThreads
      ? ` (${selection.wasmThreads} thread(s)${selection.threadFallback ? `: ${selection.threadFallback}` : ''})`
      : '';
    log(
      `tfjs ${backend}${threads}: ${trainSteps} training steps, ${inferBatches} inference batches of ${batch} at ${size}x${size}...`,
    );
    const result = await benchmarkUNet({ size, batch, trainSteps, inferBatches, config });
    log(
      `  ${result.trainMsPerStep.toFixed(0)} ms/step, ${result.inferMsPerImage.toFixed(1)} ms/image (${tf.memory().numTensors} tensors left)`,
    );
    const peakRssMb = peakResidentSetMb();
    tfjs.push({
      ...result,
      threads: selection.threads,
      peakRssMb,
      threadFallback: selection.threadFallback ?? null,
    });
  }
  const threads = o.torchThreads ?? [wasmThreads];
  log(`torch: threads ${threads.join(',')}...`);
  const torch = await runTorchPeer({
    script: o.torchScript,
    python: o.python,
    size,
    batch,
    steps: o.steps ?? 5,
    inferBatches: o.inferBatches ?? 5,
    threads,
    config,
  });
  const peerTrain = Math.min(...torch.runs.map((r) => r.trainMsPerStep));
  const peerInfer = Math.min(...torch.runs.map((r) => r.inferMsPerImage));
  const rows = tfjs.map((r) => ({
    backend: r.backend,
    size,
    batch,
    trainMsPerStep: r.trainMsPerStep,
    inferMsPerImage: r.inferMsPerImage,
    peerTrainMsPerStep: peerTrain,
    peerInferMsPerImage: peerInfer,
    trainRatio: r.trainMsPerStep / peerTrain,
    inferRatio: r.inferMsPerImage / peerInfer,
    threads: r.threads,
    peakRssMb: r.peakRssMb,
    threadFallback: r.threadFallback,
    convolution: r.convolution,
  }));
  return { rows, tfjs, torch, wasmThreads };
}

/** A Markdown table of the rows plus the PyTorch runs. */
export function formatReport(report: BenchReport): string {
  const f = (n: number, d = 0) => n.toFixed(d);
  const lines = [
    '| backend | threads | size | batch | train ms/step | infer ms/image | infer conv | torch train | torch infer | train ratio | infer ratio | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (r) =>
        `| ${r.backend} | ${r.threads} | ${r.size} | ${r.batch} | ${f(r.trainMsPerStep)} | ${f(r.inferMsPerImage, 1)} | ${r.convolution} | ` +
        `${f(r.peerTrainMsPerStep)} | ${f(r.peerInferMsPerImage, 1)} | ${f(r.trainRatio, 2)}x | ${f(r.inferRatio, 2)}x | ${f(r.peakRssMb)} |`,
    ),
    '',
    `TF.js wasm ran with ${report.wasmThreads} XNNPACK thread(s); cpu is single-threaded JavaScript.`,
    ...report.rows
      .filter((r) => r.threadFallback)
      .map((r) => `${r.backend}: fewer threads than asked for: ${r.threadFallback}`),
    `PyTorch ${report.torch.torch} (${report.torch.parameters} parameters; TF.js model: ${report.tfjs[0]?.parameters}):`,
    ...report.torch.runs.map(
      (r) => `  ${r.threads} thread(s): ${f(r.trainMsPerStep)} ms/step, ${f(r.inferMsPerImage, 1)} ms/image`,
    ),
    'Ratios compare with the fastest PyTorch run for each metric.',
  ];
  return lines.join('\n');
}
