// `nx run models:bench [-- --json --steps 5 --cpu-steps 1 --backends wasm,cpu --size 128 --batch 8
//  --norm none --threads <cores> --torch-threads <threads> --convolution winograd4|winograd|direct]`: prints a Markdown table (or the JSON rows) comparing TF.js with PyTorch.
import path from 'node:path';
import type { BackendName } from '../src/backend';
import { REFERENCE_UNET, type Normalization } from '../src/unet';
import { setDefaultConvolution, type ConvolutionAlgorithm } from '../src/infer';
import { formatReport, runBenchmark } from './lib/run-benchmark';

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument '${a}'`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(a.slice(2), 'true');
    else args.set(a.slice(2), argv[++i]);
  }
  return args;
}

function int(args: Map<string, string>, name: string, fallback: number): number {
  const v = args.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`bench: --${name} must be a positive integer, got '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const json = args.get('json') === 'true';
  // Unset: the library's default; setDefaultConvolution refuses an unknown name, naming it
  setDefaultConvolution(args.get('convolution') as ConvolutionAlgorithm | undefined);
  const repoRoot = path.resolve(process.env.SEGLENS_REPO_ROOT ?? path.join(process.cwd(), '..', '..'));
  const report = await runBenchmark({
    backends: (args.get('backends') ?? 'wasm,cpu').split(',') as BackendName[],
    size: int(args, 'size', 128),
    batch: int(args, 'batch', 8),
    steps: int(args, 'steps', 5),
    cpuSteps: int(args, 'cpu-steps', 1),
    inferBatches: int(args, 'infer-batches', 5),
    config: { ...REFERENCE_UNET, normalization: (args.get('norm') ?? 'none') as Normalization },
    torchScript: path.join(repoRoot, 'tools', 'bench-unet-torch.py'),
    wasmThreads:
      args.has('threads') || args.has('wasm-threads')
        ? int(args, args.has('threads') ? 'threads' : 'wasm-threads', 1)
        : undefined,
    torchThreads: args.get('torch-threads')?.split(',').map(Number),
    log: json ? undefined : (line) => console.log(line),
  });
  console.log(json ? JSON.stringify({ rows: report.rows }, null, 2) : formatReport(report));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
