// `seglens bench`: a U-Net's training step and inference times on each TF.js backend available in Node
// (benchmarkUNet of @seglens/models), and the same network in PyTorch in the same run, with the ratios.
import {
  benchmarkUNet,
  peakResidentSetMb,
  resetPeakResidentSet,
  runTorchPeer,
  type TorchReport,
  type UNetBenchmarkResult,
} from '@seglens/models';
import { startBackend } from '../backend';
import type { Command } from '../command';
import type { CliIo } from '../io';
import { progressStream } from '../load-split';
import { createProgress } from '../progress';
import { defaultTorchScript } from '../torch-peer';
import { benchOptions, benchSpec, type BenchOptions } from './bench-options';
import { formatBench, type BenchResult, type BenchRow } from './bench-output';

export { benchSpec, benchOptions, type BenchOptions } from './bench-options';
export { formatBench, type BenchRow, type BenchResult } from './bench-output';

export async function runBench(o: BenchOptions, io: CliIo): Promise<BenchResult> {
  // peakRssMb is the peak of this benchmark (from what the process holds now), not of the process's past.
  resetPeakResidentSet();
  const stages = o.backends.length + (o.skipPeer ? 0 : 1);
  const bar = createProgress(progressStream(io, o.quiet), 'bench', stages, { unit: 'runs' });
  const tfjs: Array<
    UNetBenchmarkResult & Pick<BenchRow, 'threads' | 'simd' | 'threadFallback' | 'peakRssMb'>
  > = [];
  for (const backend of o.backends) {
    bar.update(tfjs.length, `${backend}...`);
    io.signal?.throwIfAborted();
    const selection = await startBackend(backend);
    const cpu = backend === 'cpu';
    const result = await benchmarkUNet({
      size: o.size,
      batch: o.batch,
      trainSteps: cpu ? o.cpuSteps : o.steps,
      inferBatches: cpu ? 1 : o.inferBatches,
      config: o.config,
    });
    tfjs.push({
      ...result,
      threads: selection.threads,
      simd: selection.simd ?? null,
      threadFallback: selection.threadFallback ?? null,
      peakRssMb: peakResidentSetMb(),
    });
  }
  let torch: TorchReport | null = null;
  const wasmRow = tfjs.find((r) => r.backend === 'wasm');
  const peerThreads = o.torchThreads ?? wasmRow?.threads ?? 1;
  if (!o.skipPeer) {
    bar.update(tfjs.length, 'pytorch...');
    torch = await runTorchPeer({
      script: o.torchScript ?? defaultTorchScript(),
      python: o.python,
      size: o.size,
      batch: o.batch,
      steps: o.steps,
      inferBatches: o.inferBatches,
      threads: [peerThreads],
      config: o.config,
      signal: io.signal,
    }).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message} (pass --torch-script, or --skip-peer to time TF.js only)`);
    });
  }
  bar.update(stages, 'done');
  bar.finish();
  const peer = torch?.runs[torch.runs.length - 1];
  const rows = tfjs.map((r) => ({
    backend: r.backend,
    size: r.size,
    batch: r.batch,
    trainMsPerStep: r.trainMsPerStep,
    inferMsPerImage: r.inferMsPerImage,
    peerTrainMsPerStep: peer?.trainMsPerStep ?? null,
    peerInferMsPerImage: peer?.inferMsPerImage ?? null,
    trainRatio: peer ? r.trainMsPerStep / peer.trainMsPerStep : null,
    inferRatio: peer ? r.inferMsPerImage / peer.inferMsPerImage : null,
    threads: r.threads,
    simd: r.simd,
    threadFallback: r.threadFallback,
    peakRssMb: r.peakRssMb,
    convolution: r.convolution,
  }));
  return { rows, parameters: tfjs[0]?.parameters ?? 0, torch, peerThreads: torch ? peerThreads : null };
}

export const benchCommand: Command = {
  spec: benchSpec,
  async run(flags, io) {
    const o = benchOptions(flags);
    const result = await runBench(o, io);
    io.stdout.write(
      flags.boolean('json')
        ? `${JSON.stringify({ rows: result.rows, peerThreads: result.peerThreads })}\n`
        : formatBench(result, o),
    );
  },
};
