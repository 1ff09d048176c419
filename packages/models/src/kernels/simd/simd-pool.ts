// Runs seglens's SIMD kernels on several threads. Helpers are workers that instantiate the same module on the same
// shared memory (TF.js's threaded wasm build) and wait on Atomics; the calling thread posts each helper a list of
// kernel calls, runs its own list, and blocks until the helpers are done. Callers split work so that the result does
// not depend on which thread ran what (see runFilterGradChunks in filter-grad-simd.ts). Where blocking is not allowed
// (a browser's main thread), workers cannot start, or a helper is not up yet, the caller runs that list itself.
import { kernelsSharedBase64 } from './kernels-wasm';
import { isSharedMemory, simdKernelsOn, type SimdKernels } from './simd-module';

/** Multiply-adds per thread under which a convolution runs on one thread (waking a helper costs tens of microseconds). */
export const MIN_MACS_PER_THREAD = 1_000_000;

/** The kernels a pool can run, by index in the helper's table. */
export const POOL_FUNCTIONS = [
  'filterGrad',
  'batchNorm',
  'reluGrad',
  'squareGrad',
  'expf',
  'conv2d',
  'winograd3x3',
  'winograd4x4',
  'binary',
  'adam',
] as const;
export type PoolFunction = (typeof POOL_FUNCTIONS)[number];

/** One kernel call: the function and its 20 integer arguments (byte offsets and geometry; unused ones 0). */
export interface PoolCall {
  fn: PoolFunction;
  args: readonly number[];
}

/** The most threads a pool uses, and the most calls one helper takes per job. */
export const MAX_POOL_THREADS = 8;
const MAX_CALLS = 8;
const ARG_COUNT = 20;

// Control block of one helper (Int32 slots): the job generation the caller posts, the generation the helper
// finished, whether the helper is up, whether its last job threw, how many calls, then (function index, 20
// arguments) per call.
const GENERATION = 0;
const DONE = 1;
const READY = 2;
const FAILED = 3;
const COUNT = 4;
const CALLS = 5;
const CALL_SLOTS = 1 + ARG_COUNT;
const SLOTS = CALLS + CALL_SLOTS * MAX_CALLS;
const STOP = -1;

// The helper's whole program, kept as text so that the package needs no separate worker file in any bundler.
// `start` runs in Node (workerData) and in browsers (first message) alike.
const HELPER_SOURCE = `
function start(d) {
  const bytes = Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0));
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: d.memory } }).exports;
  const table = ${JSON.stringify(POOL_FUNCTIONS)}.map((name) => kernels[name]);
  const c = new Int32Array(d.control);
  Atomics.store(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (seen === ${STOP}) return;
    try {
      for (let i = 0; i < c[${COUNT}]; i++) {
        const at = ${CALLS} + ${CALL_SLOTS} * i;
        table[c[at]](...c.subarray(at + 1, at + ${CALL_SLOTS}));
      }
    } catch {
      // a trap must not leave the caller waiting: it reports the failure, and the caller throws
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.store(c, ${DONE}, seen);
    Atomics.notify(c, ${DONE});
  }
}
if (typeof require === 'function' && typeof process === 'object') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

interface NodeWorkerLike {
  unref(): void;
  terminate(): unknown;
}
interface HelperData {
  base64: string;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

/** Whether this thread may block in Atomics.wait (Node, and browser workers; not a browser's main thread). */
function canBlock(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; WorkerGlobalScope?: unknown };
  return typeof g.process?.versions?.node === 'string' || typeof g.WorkerGlobalScope !== 'undefined';
}

function startHelper(data: HelperData): (() => void) | null {
  const proc = (
    globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }
  ).process;
  if (typeof proc?.versions?.node === 'string') {
    const threads = proc.getBuiltinModule?.('node:worker_threads') as
      | { Worker: new (source: string, options: { eval: true; workerData: HelperData }) => NodeWorkerLike }
      | undefined;
    if (!threads) return null;
    const worker = new threads.Worker(HELPER_SOURCE, { eval: true, workerData: data });
    // An idle helper must not keep Node alive.
    worker.unref();
    return () => void worker.terminate();
  }
  const g = globalThis as { Worker?: typeof Worker; Blob?: typeof Blob; URL?: typeof URL };
  if (!g.Worker || !g.Blob || !g.URL) return null;
  const url = g.URL.createObjectURL(new g.Blob([HELPER_SOURCE], { type: 'text/javascript' }));
  const worker = new g.Worker(url);
  worker.postMessage(data);
  return () => {
    worker.terminate();
    g.URL?.revokeObjectURL(url);
  };
}

interface Helper {
  control: Int32Array;
  generation: number;
  stop: () => void;
}

function call(kernels: SimdKernels, c: PoolCall): void {
  if (c.args.length !== ARG_COUNT)
    throw new Error(`SimdPool: ${c.fn} takes ${ARG_COUNT} arguments, got ${c.args.length}`);
  kernels[c.fn](...c.args);
}

/** The calling thread plus up to threads - 1 helpers on one shared memory. */
export class SimdPool {
  readonly threads: number;
  readonly kernels: SimdKernels;
  private readonly helpers: Helper[] = [];

  constructor(memory: WebAssembly.Memory, threads: number) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`SimdPool: threads must be a positive integer, got ${threads}`);
    }
    const kernels = simdKernelsOn(memory);
    if (!kernels) throw new Error('SimdPool: WebAssembly SIMD is not available');
    this.kernels = kernels;
    this.threads = Math.min(threads, MAX_POOL_THREADS);
    if (this.threads < 2 || !isSharedMemory(memory) || !canBlock()) return;
    for (let i = 1; i < this.threads; i++) {
      const control = new SharedArrayBuffer(SLOTS * 4);
      try {
        const stop = startHelper({ base64: kernelsSharedBase64, memory, control });
        if (!stop) break;
        this.helpers.push({ control: new Int32Array(control), generation: 0, stop });
      } catch {
        // No workers here (a sandbox, a worker-less runtime): the caller runs those lists itself.
        break;
      }
    }
  }

  /** Helpers that have started and will take work (0 until their workers are up). */
  readyHelpers(): number {
    return this.helpers.filter((h) => Atomics.load(h.control, READY) === 1).length;
  }

  /** Resolves once every helper started has reported ready (or after `timeoutMs`) with the number ready. */
  async whenReady(timeoutMs = 10_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.readyHelpers() < this.helpers.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
    return this.readyHelpers();
  }

  /** Runs list t on thread t (list 0 on the caller) and returns when all are done. */
  run(lists: readonly (readonly PoolCall[])[]): void {
    if (lists.length > this.threads)
      throw new Error(`SimdPool.run: ${lists.length} lists for ${this.threads} threads`);
    const posted: Helper[] = [];
    const local: PoolCall[] = [...(lists[0] ?? [])];
    for (let t = 1; t < lists.length; t++) {
      const helper = this.helpers[t - 1];
      const list = lists[t];
      if (helper && list.length <= MAX_CALLS && Atomics.load(helper.control, READY) === 1) {
        helper.control[COUNT] = list.length;
        list.forEach((c, i) => {
          if (c.args.length !== ARG_COUNT)
            throw new Error(`SimdPool: ${c.fn} takes ${ARG_COUNT} arguments, got ${c.args.length}`);
          helper.control[CALLS + CALL_SLOTS * i] = POOL_FUNCTIONS.indexOf(c.fn);
          helper.control.set(c.args, CALLS + CALL_SLOTS * i + 1);
        });
        helper.generation = helper.generation === 0x7ffffff0 ? 1 : helper.generation + 1;
        Atomics.store(helper.control, GENERATION, helper.generation);
        Atomics.notify(helper.control, GENERATION);
        posted.push(helper);
      } else {
        local.push(...list);
      }
    }
    try {
      for (const c of local) call(this.kernels, c);
    } finally {
      for (const helper of posted) {
        // Wait on the very value just compared: loading DONE a second time for the wait could read the helper's
        // final store, and then wait for a change that never comes (a lost wake-up that hung a test run).
        for (
          let done = Atomics.load(helper.control, DONE);
          done !== helper.generation;
          done = Atomics.load(helper.control, DONE)
        ) {
          Atomics.wait(helper.control, DONE, done);
        }
      }
    }
    for (const helper of posted) {
      if (Atomics.exchange(helper.control, FAILED, 0) === 1) {
        throw new Error(
          `SimdPool.run: a helper thread failed in ${lists
            .flat()
            .map((c) => c.fn)
            .join(', ')}`,
        );
      }
    }
  }

  /** Stops the helpers (the pool then runs everything on the caller). */
  dispose(): void {
    for (const h of this.helpers.splice(0)) {
      Atomics.store(h.control, GENERATION, STOP);
      Atomics.notify(h.control, GENERATION);
      h.stop();
    }
  }
}

/** A kernel's arguments padded with zeros to the pool's fixed count (kernels ignore the extra ones). */
export function poolArgs(args: readonly number[]): number[] {
  if (args.length > ARG_COUNT)
    throw new Error(`SimdPool: at most ${ARG_COUNT} arguments, got ${args.length}`);
  return args.concat(new Array<number>(ARG_COUNT - args.length).fill(0));
}

/**
 * Splits `count` items (rows or elements) into one contiguous range per thread, each start a multiple of `align`,
 * and runs `fn` on them: for kernels whose every output element depends on its own inputs only, so the bits are the
 * same whichever thread runs which range. Work under `minPerThread` items per thread runs on the caller alone (waking
 * a helper costs more than it saves). `args` also gets the range's thread index (0 to pool.threads - 1), for
 * kernels that need scratch of their own per thread.
 */
export function runSplit(
  pool: SimdPool,
  fn: PoolFunction,
  count: number,
  args: (start: number, end: number, thread: number) => number[],
  minPerThread: number,
  align = 1,
): void {
  const threads = Math.max(1, Math.min(pool.threads, Math.floor(count / minPerThread)));
  const padded = (start: number, end: number, thread: number): number[] => poolArgs(args(start, end, thread));
  if (threads === 1) {
    pool.kernels[fn](...padded(0, count, 0));
    return;
  }
  const bound = (t: number): number =>
    t === threads ? count : Math.floor((count * t) / threads / align) * align;
  pool.run(Array.from({ length: threads }, (_, t) => [{ fn, args: padded(bound(t), bound(t + 1), t) }]));
}

const pools = new WeakMap<WebAssembly.Memory, SimdPool>();

/** One pool per memory, for the backend's thread count, made on first use. */
export function simdPool(memory: WebAssembly.Memory, threads: number): SimdPool {
  let pool = pools.get(memory);
  if (!pool || pool.threads !== Math.min(threads, MAX_POOL_THREADS)) {
    pool?.dispose();
    pool = new SimdPool(memory, threads);
    pools.set(memory, pool);
  }
  return pool;
}
