/**
 * `npm run bench:losses`: forward and forward+backward time of every registry loss on TF.js's CPU and WASM
 * backends, next to the same formulas in PyTorch (tools/bench-losses-torch.py, run in the same session on the
 * same inputs, passed through a temporary folder), with the TF.js/PyTorch ratio and the largest difference
 * between the loss values. A benchmark that prints numbers, not a test.
 *
 * Options: --quick (small shapes, for a smoke run), --budget-ms N (time per measurement, default 1500),
 * --max-reps N (default 5), --torch-threads N (default 1: TF.js runs single-threaded in Node).
 * Timing: one warm-up call (kept as a run when slower than 0.5 s), then as many calls as fit in the budget (at
 * least 1, at most max-reps); median. Same rule in the PyTorch script.
 * The losses run with validate: false (a training loop's setting); one extra row prices validate: true.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { crossEntropy, lossNames, lossRegistry, type LossName } from '../src';

tf.env().set('PROD', true);

/** A first call slower than this counts as a measurement (see measure). */
const SLOW_MS = 500;

interface Options {
  quick: boolean;
  budgetMs: number;
  maxReps: number;
  torchThreads: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, budgetMs: 1500, maxReps: 5, torchThreads: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0)
        throw new Error(`bench: ${arg} needs a positive number, got ${argv[i]}`);
      return v;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--budget-ms') options.budgetMs = number();
    else if (arg === '--max-reps') options.maxReps = Math.round(number());
    else if (arg === '--torch-threads') options.torchThreads = Math.round(number());
    else
      throw new Error(
        `bench: unknown argument ${arg} (known: --quick, --budget-ms, --max-reps, --torch-threads)`,
      );
  }
  return options;
}

interface Input {
  key: string;
  shape: number[];
  logits: Float32Array;
  labels: Int32Array;
}

/** Deterministic inputs: logits ~ N(0, 2²) (Box–Muller on a mulberry32 stream), imbalanced labels, 2% ignored. */
function makeInput(shape: number[], seed: number): Input {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const classes = shape[shape.length - 1];
  const pixels = shape.slice(0, -1).reduce((x, y) => x * y, 1);
  const logits = new Float32Array(pixels * classes);
  for (let i = 0; i < logits.length; i++) {
    logits[i] = 2 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  }
  // Class k > 0 takes a share that halves with k (background largest), as in medical segmentation.
  const values = classes === 1 ? 2 : classes;
  const weights = Array.from({ length: values }, (_, k) => (k === 0 ? 4 : 1 / 2 ** (k - 1)));
  const total = weights.reduce((x, y) => x + y, 0);
  const labels = new Int32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    if (next() < 0.02) {
      labels[i] = 255;
      continue;
    }
    let u = next() * total;
    let k = 0;
    while (u >= weights[k] && k < values - 1) u -= weights[k++];
    labels[i] = k;
  }
  return { key: shape.join('x'), shape, logits, labels };
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

interface Timing {
  value: number;
  forwardMs: number;
  forwardBackwardMs: number;
  forwardReps: number;
  forwardBackwardReps: number;
}

interface TorchReport {
  torch: string;
  threads: number;
  results: Record<string, Record<string, Timing>>;
}

function runTorch(inputs: Input[], options: Options): TorchReport {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seglens-bench-losses-'));
  try {
    for (const input of inputs) {
      writeAtomic(path.join(dir, `${input.key}.f32`), new Uint8Array(input.logits.buffer));
      writeAtomic(path.join(dir, `${input.key}.i32`), new Uint8Array(input.labels.buffer));
    }
    const meta = {
      ignoreIndex: 255,
      threads: options.torchThreads,
      budgetMs: options.budgetMs,
      maxReps: options.maxReps,
      losses: lossNames,
      inputs: inputs.map((i) => ({
        key: i.key,
        shape: i.shape,
        logits: `${i.key}.f32`,
        labels: `${i.key}.i32`,
      })),
    };
    writeAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta));
    // run.mjs starts this bundle in the repository root. Debian's python3 is the one with torch.
    const run = spawnSync('/usr/bin/python3', [path.resolve('tools/bench-losses-torch.py'), dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0)
      throw new Error(`bench: tools/bench-losses-torch.py failed (${run.status}): ${run.stderr}`);
    return JSON.parse(run.stdout) as TorchReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Median time of `run`. The first call is a warm-up, unless it took longer than SLOW_MS: every loss was already
 * run once on a small input (warmUp), so a slow first call is not paying for JIT, and re-running it would only
 * stretch the CPU backend's 3D rows to many minutes.
 */
function measure(run: () => number, options: Options): { ms: number; reps: number; value: number } {
  const times: number[] = [];
  let start = performance.now();
  let value = run();
  const first = performance.now() - start;
  if (first > SLOW_MS) times.push(first);
  while (
    times.length < options.maxReps &&
    (times.length === 0 || sum(times) + times[0] <= options.budgetMs)
  ) {
    start = performance.now();
    value = run();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  const mid = times.length >> 1;
  const ms = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { ms, reps: times.length, value };
}

const sum = (xs: number[]): number => xs.reduce((x, y) => x + y, 0);

function timeLoss(name: LossName, logits: tf.Tensor, labels: tf.Tensor, options: Options): Timing {
  const fn = lossRegistry[name].fn;
  const forward = measure(() => {
    const loss = fn(logits, labels, { validate: false });
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  }, options);
  const both = measure(() => {
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => fn(z, labels, { validate: false }))(logits);
    grad.dataSync();
    const v = value.dataSync()[0];
    tf.dispose([value, grad]);
    return v;
  }, options);
  return {
    value: forward.value,
    forwardMs: forward.ms,
    forwardBackwardMs: both.ms,
    forwardReps: forward.reps,
    forwardBackwardReps: both.reps,
  };
}

/** Every loss forward and backward once on a small input, so that the first timed loss does not pay for JIT. */
function warmUp(): void {
  const input = makeInput([2, 16, 16, 3], 1);
  tf.tidy(() => {
    const logits = tf.tensor(input.logits, input.shape, 'float32');
    const labels = tf.tensor(input.labels, input.shape.slice(0, -1), 'int32');
    for (const name of lossNames) {
      tf.grad((z: tf.Tensor) => lossRegistry[name].fn(z, labels))(logits).dataSync();
    }
  });
}

type BackendName = 'cpu' | 'wasm';
const BACKENDS: BackendName[] = ['cpu', 'wasm'];

async function runTfjs(inputs: Input[], options: Options) {
  const results: Record<BackendName, Record<string, Record<string, Timing>>> = { cpu: {}, wasm: {} };
  const validateCost: Record<BackendName, Record<string, { checked: number; unchecked: number }>> = {
    cpu: {},
    wasm: {},
  };
  for (const backend of BACKENDS) {
    if (!(await tf.setBackend(backend))) throw new Error(`bench: backend ${backend} did not initialise`);
    await tf.ready();
    warmUp();
    for (const input of inputs) {
      const logits = tf.tensor(input.logits, input.shape, 'float32');
      const labels = tf.tensor(input.labels, input.shape.slice(0, -1), 'int32');
      results[backend][input.key] = {};
      for (const name of lossNames) {
        process.stderr.write(`  ${backend} ${input.key} ${name}\n`);
        results[backend][input.key][name] = timeLoss(name, logits, labels, options);
      }
      // Back to back, so that both see the same machine load: the loss with and without the value checks.
      const forwardOnly = (validate: boolean) => () => {
        const loss = crossEntropy(logits, labels, { validate });
        const v = loss.dataSync()[0];
        loss.dispose();
        return v;
      };
      const unchecked = measure(forwardOnly(false), options);
      const checked = measure(forwardOnly(true), options);
      validateCost[backend][input.key] = { checked: checked.ms, unchecked: unchecked.ms };
      tf.dispose([logits, labels]);
    }
  }
  return { results, validateCost };
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;

function table(
  input: Input,
  tfjs: Awaited<ReturnType<typeof runTfjs>>,
  torch: TorchReport,
): { text: string; maxDiff: number } {
  const lines = [
    `### ${JSON.stringify(input.shape)}`,
    '',
    '| loss | CPU fwd | CPU fwd+bwd | WASM fwd | WASM fwd+bwd | torch fwd | torch fwd+bwd | CPU/torch fwd+bwd | WASM/torch fwd+bwd | max abs diff |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  let maxDiff = 0;
  for (const name of lossNames) {
    const cpu = tfjs.results.cpu[input.key][name];
    const wasm = tfjs.results.wasm[input.key][name];
    const pt = torch.results[input.key][name];
    const diff = Math.max(Math.abs(cpu.value - pt.value), Math.abs(wasm.value - pt.value));
    maxDiff = Math.max(maxDiff, diff);
    lines.push(
      `| ${name} | ${ms(cpu.forwardMs)} | ${ms(cpu.forwardBackwardMs)} | ${ms(wasm.forwardMs)} | ${ms(wasm.forwardBackwardMs)} | ` +
        `${ms(pt.forwardMs)} | ${ms(pt.forwardBackwardMs)} | ${ratio(cpu.forwardBackwardMs, pt.forwardBackwardMs)} | ` +
        `${ratio(wasm.forwardBackwardMs, pt.forwardBackwardMs)} | ${diff.toExponential(1)} |`,
    );
  }
  const cost = tfjs.validateCost;
  lines.push(
    '',
    `crossEntropy forward with validate: true / false: CPU ${ms(cost.cpu[input.key].checked)} / ` +
      `${ms(cost.cpu[input.key].unchecked)} ms, WASM ${ms(cost.wasm[input.key].checked)} / ${ms(cost.wasm[input.key].unchecked)} ms.`,
  );
  return { text: lines.join('\n'), maxDiff };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const shapes = options.quick
    ? [
        [2, 32, 32, 2],
        [1, 8, 16, 16, 3],
      ]
    : [
        [8, 256, 256, 2],
        [2, 64, 128, 128, 3],
      ];
  const started = performance.now();
  const inputs = shapes.map((shape, i) => makeInput(shape, 2024 + i));
  process.stderr.write('PyTorch...\n');
  const torch = runTorch(inputs, options);
  process.stderr.write('TF.js...\n');
  const tfjs = await runTfjs(inputs, options);
  const cpus = os.cpus();
  const header = [
    `Losses at the paper defaults, times in ms (median; one warm-up, kept as a run when slower than ${SLOW_MS} ms, ` +
      `then up to ${options.maxReps} runs within ${options.budgetMs} ms). TF.js ${tf.version_core} in Node ${process.version} (CPU backend and WASM backend, ` +
      `single-threaded, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}); PyTorch ${torch.torch} CPU with ` +
      `${torch.threads} thread(s). Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB. Inputs: logits ~ N(0, 2²), imbalanced labels, 2% ignored pixels.`,
  ];
  const tables = inputs.map((input) => table(input, tfjs, torch));
  const maxDiff = Math.max(...tables.map((t) => t.maxDiff));
  const footer =
    `Largest |TF.js − PyTorch| loss value over all losses, shapes and backends: ${maxDiff.toExponential(2)}. ` +
    `Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s.`;
  console.log(
    [...header, '', ...tables.map((t) => t.text), '', footer].join('\n\n').replace(/\n\n\n+/g, '\n\n'),
  );
  const outDir = path.resolve(process.cwd(), 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeAtomic(path.join(outDir, 'losses.json'), JSON.stringify({ options, shapes, torch, tfjs }, null, 1));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
