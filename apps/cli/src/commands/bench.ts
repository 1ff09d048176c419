// `seglens bench`: a U-Net's training step and inference times on each TF.js backend available in Node
// (benchmarkUNet of @seglens/models), and the same network in PyTorch in the same run, with the ratios.
import {
  benchmarkUNet,
  REFERENCE_UNET,
  runTorchPeer,
  type BackendName,
  type Normalization,
  type TorchReport,
  type UNetBenchmarkResult,
  type UNetConfig,
} from '@seglens/models';
import { startBackend } from '../backend';
import type { Command } from '../command';
import { jsonFlag, quietFlag } from '../common-flags';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { progressStream } from '../load-split';
import type { CommandSpec, ParsedFlags } from '../options';
import { createProgress } from '../progress';
import { fixed, formatTable } from '../table';
import { defaultTorchScript } from '../torch-peer';

const NETWORK = 'network options';
const TIMING = 'timing options';

export const benchSpec: CommandSpec = {
  name: 'bench',
  summary: 'U-Net training step and inference times per TF.js backend vs the same network in PyTorch',
  usage: '[--size 128] [--batch 8] [--depth 4] [--base-filters 16] [options]',
  flags: [
    {
      name: 'size',
      type: 'integer',
      min: 8,
      default: 128,
      valueName: 'px',
      group: NETWORK,
      description: 'image height and width',
    },
    {
      name: 'batch',
      type: 'integer',
      min: 1,
      default: 8,
      valueName: 'n',
      group: NETWORK,
      description: 'images per step',
    },
    {
      name: 'depth',
      type: 'integer',
      min: 2,
      max: 7,
      default: REFERENCE_UNET.depth,
      valueName: 'n',
      group: NETWORK,
      description: 'U-Net resolution levels, bottleneck included',
    },
    {
      name: 'base-filters',
      type: 'integer',
      min: 1,
      default: REFERENCE_UNET.baseFilters,
      valueName: 'n',
      group: NETWORK,
      description: 'filters of the first level',
    },
    {
      name: 'norm',
      type: 'string',
      choices: ['none', 'batch', 'instance'],
      default: REFERENCE_UNET.normalization,
      group: NETWORK,
      description: 'normalisation after each convolution',
    },
    {
      name: 'channels',
      type: 'integer',
      min: 1,
      default: REFERENCE_UNET.inputChannels,
      valueName: 'n',
      group: NETWORK,
      description: 'input channels',
    },
    {
      name: 'classes',
      type: 'integer',
      min: 2,
      default: REFERENCE_UNET.classes,
      valueName: 'n',
      group: NETWORK,
      description: 'output classes',
    },
    {
      name: 'backends',
      type: 'string',
      default: 'wasm,cpu',
      valueName: 'list',
      group: TIMING,
      description: 'TF.js backends to time, comma-separated (wasm, cpu)',
    },
    {
      name: 'steps',
      type: 'integer',
      min: 1,
      default: 5,
      valueName: 'n',
      group: TIMING,
      description: 'timed training steps per backend (after one warm-up step), and for PyTorch',
    },
    {
      name: 'cpu-steps',
      type: 'integer',
      min: 1,
      default: 1,
      valueName: 'n',
      group: TIMING,
      description: 'timed training steps on the cpu backend (about 10x slower than wasm)',
    },
    {
      name: 'infer-batches',
      type: 'integer',
      min: 1,
      default: 5,
      valueName: 'n',
      group: TIMING,
      description: 'timed inference batches (one on cpu)',
    },
    {
      name: 'torch-threads',
      type: 'integer',
      min: 1,
      valueName: 'n',
      group: TIMING,
      description: 'PyTorch threads',
      defaultText: "the threads TF.js wasm got (--threads, else the machine's cores)",
    },
    {
      name: 'python',
      type: 'string',
      default: '/usr/bin/python3',
      valueName: 'path',
      group: TIMING,
      description: 'a Python with torch (Debian: python3-torch)',
    },
    {
      name: 'torch-script',
      type: 'string',
      valueName: 'path',
      group: TIMING,
      description: 'the PyTorch peer',
      defaultText: 'tools/bench-unet-torch.py of this repository',
    },
    {
      name: 'skip-peer',
      type: 'boolean',
      group: TIMING,
      description: 'time TF.js only (peer fields and ratios are null)',
    },
    jsonFlag,
    quietFlag,
  ],
  details: [
    'Defaults: the reference U-Net (4 levels, 16 base filters, no normalisation, 481,762 parameters), 128x128,',
    'batch 8. A training step is Adam on softmax cross-entropy; inference is per image of a batch. Ratios are',
    'TF.js time / PyTorch time (above 1: TF.js is slower). Timings are medians of nothing: run it twice on a',
    'busy machine. wasm runs on --threads threads (default: all cores); PyTorch on as many unless',
    '--torch-threads says otherwise. When wasm cannot use threads (no WebAssembly SIMD, ...) it runs on one',
    "and the output says why. peakRssMb is the process's peak resident set after that backend's runs.",
    '',
    'Output: a table on stdout, or with --json',
    '  { "rows": [{ "backend", "size", "batch", "trainMsPerStep", "inferMsPerImage", "peerTrainMsPerStep",',
    '    "peerInferMsPerImage", "trainRatio", "inferRatio", "threads", "simd", "threadFallback",',
    '    "peakRssMb" }], "peerThreads" }',
  ],
  examples: ['seglens bench', 'seglens bench --backends wasm --size 256 --batch 4 --json'],
};

export interface BenchOptions {
  size: number;
  batch: number;
  config: UNetConfig;
  backends: BackendName[];
  steps: number;
  cpuSteps: number;
  inferBatches: number;
  /** Default: the threads TF.js wasm got. */
  torchThreads?: number;
  python: string;
  torchScript?: string;
  skipPeer: boolean;
  quiet?: boolean;
}

export interface BenchRow {
  backend: string;
  size: number;
  batch: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
  peerTrainMsPerStep: number | null;
  peerInferMsPerImage: number | null;
  trainRatio: number | null;
  inferRatio: number | null;
  /** Threads TF.js computed with (wasm's thread pool; 1 on cpu). */
  threads: number;
  /** wasm: whether WebAssembly SIMD is on; null for cpu. */
  simd: boolean | null;
  /** Why wasm got fewer threads than requested, else null. */
  threadFallback: string | null;
  /** Peak resident set of this process after this backend's runs, in MB (10^6 bytes). */
  peakRssMb: number;
}

export interface BenchResult {
  rows: BenchRow[];
  parameters: number;
  torch: TorchReport | null;
  /** PyTorch's thread count, null when the peer was skipped. */
  peerThreads: number | null;
}

/** The process's peak resident set so far, in MB (getrusage's maxrss, in KiB on Linux). */
function peakRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}

const NODE_BACKENDS = ['wasm', 'cpu'];

export function benchOptions(flags: ParsedFlags): BenchOptions {
  const backends = flags
    .requireString('backends')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const unknown = backends.find((b) => !NODE_BACKENDS.includes(b));
  if (backends.length === 0 || unknown !== undefined)
    throw new UsageError(
      `--backends must list backends available in Node (${NODE_BACKENDS.join(', ')}), got '${flags.string('backends')}'`,
      'bench',
    );
  const depth = flags.requireNumber('depth');
  const size = flags.requireNumber('size');
  if (size % 2 ** (depth - 1) !== 0)
    throw new UsageError(
      `--size ${size} must be divisible by ${2 ** (depth - 1)} (2^(depth-1) for --depth ${depth})`,
      'bench',
    );
  return {
    size,
    batch: flags.requireNumber('batch'),
    config: {
      inputChannels: flags.requireNumber('channels'),
      classes: flags.requireNumber('classes'),
      depth,
      baseFilters: flags.requireNumber('base-filters'),
      normalization: flags.requireString('norm') as Normalization,
    },
    backends: [...new Set(backends)] as BackendName[],
    steps: flags.requireNumber('steps'),
    cpuSteps: flags.requireNumber('cpu-steps'),
    inferBatches: flags.requireNumber('infer-batches'),
    torchThreads: flags.number('torch-threads'),
    python: flags.requireString('python'),
    torchScript: flags.string('torch-script'),
    skipPeer: flags.boolean('skip-peer'),
    quiet: flags.boolean('quiet'),
  };
}

export async function runBench(o: BenchOptions, io: CliIo): Promise<BenchResult> {
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
      peakRssMb: peakRssMb(),
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
  }));
  return { rows, parameters: tfjs[0]?.parameters ?? 0, torch, peerThreads: torch ? peerThreads : null };
}

export function formatBench(r: BenchResult, o: BenchOptions): string {
  const ratio = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}x`);
  const table = formatTable(
    [
      { header: 'backend', align: 'left' },
      { header: 'size' },
      { header: 'batch' },
      { header: 'train ms/step' },
      { header: 'infer ms/image' },
      { header: 'torch train' },
      { header: 'torch infer' },
      { header: 'train ratio' },
      { header: 'infer ratio' },
      { header: 'threads' },
      { header: 'peak RSS MB' },
    ],
    r.rows.map((row) => [
      row.backend,
      String(row.size),
      String(row.batch),
      fixed(row.trainMsPerStep, 0),
      fixed(row.inferMsPerImage, 1),
      fixed(row.peerTrainMsPerStep, 0),
      fixed(row.peerInferMsPerImage, 1),
      ratio(row.trainRatio),
      ratio(row.inferRatio),
      String(row.threads),
      fixed(row.peakRssMb, 0),
    ]),
  );
  const c = o.config;
  const lines = [
    `U-Net depth ${c.depth}, base ${c.baseFilters}, norm ${c.normalization}, ${c.inputChannels} -> ${c.classes} channels: ${r.parameters.toLocaleString('en-US')} parameters (TF.js)`,
    table.trimEnd(),
  ];
  for (const row of r.rows) {
    if (row.threadFallback)
      lines.push(
        `${row.backend}: fast path unavailable, ran on ${row.threads} thread(s): ${row.threadFallback}`,
      );
    if (row.simd === false) lines.push(`${row.backend}: no WebAssembly SIMD here, TF.js ran its plain build`);
  }
  lines.push(
    r.torch
      ? `PyTorch ${r.torch.torch}, ${r.peerThreads} thread(s), ${r.torch.parameters.toLocaleString('en-US')} parameters. Ratio = TF.js / PyTorch time.`
      : 'PyTorch peer skipped.',
  );
  return `${lines.join('\n')}\n`;
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
