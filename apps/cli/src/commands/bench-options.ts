// The flags and help of `seglens bench` (its CommandSpec) and its options read from the parsed flags: the
// network to time (the reference U-Net by default), the backends, and how long and against which PyTorch.
import { REFERENCE_UNET, type BackendName, type Normalization, type UNetConfig } from '@seglens/models';
import { jsonFlag, quietFlag } from '../common-flags';
import { UsageError } from '../errors';
import type { CommandSpec, ParsedFlags } from '../options';

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
    'and the output says why. peakRssMb is the peak resident set from the start of the benchmark to the end',
    "of that backend's runs.",
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
