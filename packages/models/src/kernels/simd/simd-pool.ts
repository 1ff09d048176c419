// Runs seglens's SIMD kernels on several threads. Helpers are workers that instantiate the same module on the same
// shared memory (TF.js's threaded wasm build) and wait on Atomics. A job is a list of kernel calls (chunks of one
// kernel's work) that the calling thread and every awake helper claim one at a time from a shared counter, so a
// helper the operating system has not yet woken, or has taken the core from (a browser page drawing on it), costs
// the job at most the chunk it holds: the others take the rest. Callers split work so that the result does not
// depend on which thread ran which call (see runFilterGradChunks in filter-grad-simd.ts). Where blocking is not
// allowed (a browser's main thread), workers cannot start, or no helper is up yet, the caller runs every call itself.
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { kernelsSharedBase64 } from './kernels-wasm';
import { isSharedMemory, simdKernelsOn, type SimdKernels } from './simd-module';

/** Multiply-adds per thread under which a convolution runs on one thread (waking a helper costs tens of microseconds). */
export const MIN_MACS_PER_THREAD = 1_000_000;

/**
 * How many times a kernel's usual minimum of work per thread a pool's extra threads (those beyond `everyKernel`,
 * see SimdPool) need before they join it. The viewer's worker runs XNNPACK on half the cores and lets seglens's
 * kernels use the others on large layers only: on a 2-core machine a second thread on every kernel made the polyp
 * frame and the hippocampus crop slower (small kernels, and a page drawing on the other core) while the cardiac
 * series' batches of 8 gained. At 16, a 3×3 layer needs about 32 million products (Winograd's) for two threads:
 * every 3×3 layer of a cardiac batch (8 slices at 128 × 128, 16 filters) has 38-151 million; the CT model's
 * (8 filters) reach 34-38 million in 5 of its 17 layers; one 128 × 128 frame's at most 19, a batch of 8
 * hippocampus crops' at most 17 (apps/viewer README, session 47).
 */
export const LARGE_KERNEL_FACTOR = 16;

/**
 * Chunks per thread that runSplit cuts a kernel's work into: a thread that finds its core taken mid-job holds back
 * one chunk, not its whole share (session 42: two threads in the viewer, where the page draws on the second core).
 */
export const CHUNKS_PER_THREAD = 4;

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
  'softmaxRows',
  'upconv',
] as const;
export type PoolFunction = (typeof POOL_FUNCTIONS)[number];

/**
 * One kernel call: the function and its 20 integer arguments (byte offsets and geometry; unused ones 0). With
 * `scratch`, argument `scratch.arg` is a byte offset to which the thread that runs the call adds its index (0 for the
 * caller, 1.. for the helpers) × `scratch.bytes`: scratch of its own, whichever thread that is.
 */
export interface PoolCall {
  fn: PoolFunction;
  args: readonly number[];
  scratch?: { arg: number; bytes: number };
}

/** The most threads a pool uses, and the most calls one job takes. */
export const MAX_POOL_THREADS = 8;
export const MAX_POOL_CALLS = 64;
const ARG_COUNT = 20;

// The pool's control block (Int32 slots), shared by the caller and every helper: the job generation the caller
// posts (helpers wait on it), the ticket (the generation's low 15 bits, the job's call count and the next call to
// claim: 15 + 8 + 8 bits, so a claim is one compare-exchange), how many calls have finished (the caller waits on
// it), whether a call on a helper threw, one ready flag per helper, then per call (function index, 20 arguments,
// scratch argument + 1 or 0, scratch bytes per thread).
const GENERATION = 0;
const TICKET = 1;
const FINISHED = 2;
const FAILED = 3;
/** How many helpers may claim calls of the current job (helpers 1..HELPERS; the others let it pass). */
const HELPERS = 4;
const READY = 5;
const CALLS = READY + MAX_POOL_THREADS;
const CALL_SLOTS = 1 + ARG_COUNT + 2;
const SLOTS = CALLS + CALL_SLOTS * MAX_POOL_CALLS;
const STOP = -1;

// The helper's whole program, kept as text so that the package needs no separate worker file in any bundler.
// `start` runs in Node (workerData) and in browsers (first message) alike. Its claim loop is SimdPool.claim's.
const HELPER_SOURCE = `
function start(d) {
  const bytes = Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0));
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: d.memory } }).exports;
  const table = ${JSON.stringify(POOL_FUNCTIONS)}.map((name) => kernels[name]);
  const c = new Int32Array(d.control);
  const thread = d.thread;
  Atomics.store(c, ${READY} + thread - 1, 1);
  Atomics.notify(c, ${READY} + thread - 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (seen === ${STOP}) return;
    for (;;) {
      const ticket = Atomics.load(c, ${TICKET});
      const next = ticket & 255;
      if (next >= ((ticket >> 8) & 255)) break;
      // Read after the ticket: the caller stores it before opening a job, so it is this job's.
      if (thread > Atomics.load(c, ${HELPERS})) break;
      if (Atomics.compareExchange(c, ${TICKET}, ticket, ticket + 1) !== ticket) continue;
      const at = ${CALLS} + ${CALL_SLOTS} * next;
      const args = Array.from(c.subarray(at + 1, at + ${1 + ARG_COUNT}));
      if (c[at + ${1 + ARG_COUNT}] > 0) args[c[at + ${1 + ARG_COUNT}] - 1] += thread * c[at + ${2 + ARG_COUNT}];
      try {
        table[c[at]](...args);
      } catch {
        // a trap must not leave the caller waiting: it reports the failure, and the caller throws
        Atomics.store(c, ${FAILED}, 1);
      }
      Atomics.add(c, ${FINISHED}, 1);
      Atomics.notify(c, ${FINISHED});
    }
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
  /** The helper's index, 1 to threads - 1 (0 is the caller): its ready flag and its scratch. */
  thread: number;
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

function checkCall(c: PoolCall): void {
  if (c.args.length !== ARG_COUNT)
    throw new Error(`SimdPool: ${c.fn} takes ${ARG_COUNT} arguments, got ${c.args.length}`);
  if (c.scratch && !(Number.isInteger(c.scratch.arg) && c.scratch.arg >= 0 && c.scratch.arg < ARG_COUNT))
    throw new Error(
      `SimdPool: ${c.fn}'s scratch argument must be 0 to ${ARG_COUNT - 1}, got ${c.scratch.arg}`,
    );
}

/** Runs one call on the calling thread (thread 0: its scratch is the first). */
function callHere(kernels: SimdKernels, c: PoolCall): void {
  kernels[c.fn](...c.args);
}

/**
 * The calling thread plus up to threads - 1 helpers on one shared memory. The first `everyKernel` threads (the caller
 * included) take every job; the others only jobs run with more threads than that (runSplit: kernels of at least
 * LARGE_KERNEL_FACTOR times their minimum work per thread).
 */
export class SimdPool {
  readonly threads: number;
  readonly everyKernel: number;
  readonly kernels: SimdKernels;
  private readonly stops: (() => void)[] = [];
  // Made only when helpers start: a page that is not cross-origin isolated has no SharedArrayBuffer at all.
  private control: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private generation = 0;

  constructor(memory: WebAssembly.Memory, threads: number, everyKernel = threads) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`SimdPool: threads must be a positive integer, got ${threads}`);
    }
    if (!Number.isInteger(everyKernel) || everyKernel < 1 || everyKernel > threads) {
      throw new Error(
        `SimdPool: everyKernel must be a whole number from 1 to threads (${threads}), got ${everyKernel}`,
      );
    }
    const kernels = simdKernelsOn(memory);
    if (!kernels) throw new Error('SimdPool: WebAssembly SIMD is not available');
    this.kernels = kernels;
    this.threads = Math.min(threads, MAX_POOL_THREADS);
    this.everyKernel = Math.min(everyKernel, this.threads);
    if (this.threads < 2 || !isSharedMemory(memory) || !canBlock()) return;
    this.control = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    for (let thread = 1; thread < this.threads; thread++) {
      try {
        const stop = startHelper({
          base64: kernelsSharedBase64,
          memory,
          control: this.control.buffer as SharedArrayBuffer,
          thread,
        });
        if (!stop) break;
        this.stops.push(stop);
      } catch {
        // No workers here (a sandbox, a worker-less runtime): the caller runs every call itself.
        break;
      }
    }
  }

  /** Helpers that have started and will take work (0 until their workers are up). */
  readyHelpers(): number {
    let ready = 0;
    for (let i = 0; i < this.stops.length; i++) ready += Atomics.load(this.control, READY + i);
    return ready;
  }

  /** Resolves once every helper started has reported ready (or after `timeoutMs`) with the number ready. */
  async whenReady(timeoutMs = 10_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.readyHelpers() < this.stops.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
    return this.readyHelpers();
  }

  /**
   * Runs every call once, each on whichever of the first `threads` threads (default everyKernel) claims it first,
   * the caller too, and returns when all are done. The calls must not depend on which thread runs them or in which
   * order (scratch: PoolCall.scratch).
   */
  run(calls: readonly PoolCall[], threads = this.everyKernel): void {
    if (calls.length > MAX_POOL_CALLS)
      throw new Error(`SimdPool.run: ${calls.length} calls, at most ${MAX_POOL_CALLS}`);
    calls.forEach(checkCall);
    if (calls.length === 0) return;
    const helpers = Math.min(threads, this.threads) - 1;
    if (calls.length === 1 || helpers < 1 || this.readyHelpers() === 0) {
      for (const c of calls) callHere(this.kernels, c);
      return;
    }
    const c = this.control;
    Atomics.store(c, HELPERS, helpers);
    calls.forEach((call, i) => {
      const at = CALLS + CALL_SLOTS * i;
      c[at] = POOL_FUNCTIONS.indexOf(call.fn);
      c.set(call.args, at + 1);
      c[at + 1 + ARG_COUNT] = call.scratch ? call.scratch.arg + 1 : 0;
      c[at + 2 + ARG_COUNT] = call.scratch ? call.scratch.bytes : 0;
    });
    Atomics.store(c, FINISHED, 0);
    this.generation = this.generation === 0x7ffffff0 ? 1 : this.generation + 1;
    // The slots above are written before the ticket opens the job: a helper reads them only after claiming.
    Atomics.store(c, TICKET, ((this.generation & 0x7fff) << 16) | (calls.length << 8));
    Atomics.store(c, GENERATION, this.generation);
    Atomics.notify(c, GENERATION);
    let failure: unknown;
    try {
      this.claim(calls);
    } catch (error) {
      failure = error;
      this.closeJob();
    }
    // Wait on the very value just compared: loading FINISHED a second time for the wait could read the last
    // helper's final store, and then wait for a change that never comes (a lost wake-up).
    for (let done = Atomics.load(c, FINISHED); done < calls.length; done = Atomics.load(c, FINISHED)) {
      Atomics.wait(c, FINISHED, done);
    }
    // Read and clear the helpers' flag whatever happened here, so that a failure never outlives its job.
    const helperFailed = Atomics.exchange(c, FAILED, 0) === 1;
    // The kernels' names only for a message: not on the path of a job that succeeded.
    const names = (): string => [...new Set(calls.map((call) => call.fn))].join(', ');
    if (failure !== undefined) {
      throw new Error(`SimdPool.run: the calling thread failed in ${names()}: ${String(failure)}`);
    }
    if (helperFailed) throw new Error(`SimdPool.run: a helper thread failed in ${names()}`);
  }

  /** The caller's claim loop: the helpers' (HELPER_SOURCE) on thread 0, whose scratch offset adds nothing. */
  private claim(calls: readonly PoolCall[]): void {
    const c = this.control;
    for (;;) {
      const ticket = Atomics.load(c, TICKET);
      const next = ticket & 255;
      if (next >= ((ticket >> 8) & 255)) return;
      if (Atomics.compareExchange(c, TICKET, ticket, ticket + 1) !== ticket) continue;
      try {
        callHere(this.kernels, calls[next]);
      } finally {
        Atomics.add(c, FINISHED, 1);
      }
    }
  }

  /** After a call threw on the caller: claims every call left, unrun, and counts them finished. */
  private closeJob(): void {
    const c = this.control;
    for (;;) {
      const ticket = Atomics.load(c, TICKET);
      const next = ticket & 255;
      const count = (ticket >> 8) & 255;
      if (next >= count) return;
      if (Atomics.compareExchange(c, TICKET, ticket, ticket - next + count) === ticket) {
        Atomics.add(c, FINISHED, count - next);
        return;
      }
    }
  }

  /** Stops the helpers (the pool then runs everything on the caller). */
  dispose(): void {
    if (this.control.length === 0) return;
    for (let i = 0; i < this.stops.length; i++) Atomics.store(this.control, READY + i, 0);
    Atomics.store(this.control, GENERATION, STOP);
    Atomics.notify(this.control, GENERATION);
    for (const stop of this.stops.splice(0)) stop();
  }
}

/** A kernel's arguments padded with zeros to the pool's fixed count (kernels ignore the extra ones). */
export function poolArgs(args: readonly number[]): number[] {
  if (args.length > ARG_COUNT)
    throw new Error(`SimdPool: at most ${ARG_COUNT} arguments, got ${args.length}`);
  return args.concat(new Array<number>(ARG_COUNT - args.length).fill(0));
}

/**
 * Splits `count` items (rows or elements) into contiguous ranges, each start a multiple of `align`, and runs `fn` on
 * them: for kernels whose every output element depends on its own inputs only, so the bits are the same whichever
 * thread runs which range. Work under `minPerThread` items per thread runs on the caller alone (waking a helper costs
 * more than it saves); otherwise it is cut into CHUNKS_PER_THREAD ranges per thread, claimed as SimdPool.run does.
 * `scratch` (a kernel that needs scratch of its own per thread): args[scratch.arg] is the first thread's, the next
 * `scratch.bytes` further on.
 */
export function runSplit(
  pool: SimdPool,
  fn: PoolFunction,
  count: number,
  args: (start: number, end: number) => number[],
  minPerThread: number,
  align = 1,
  scratch?: PoolCall['scratch'],
): void {
  const threads = splitThreads(pool, count, minPerThread);
  if (threads === 1 || pool.readyHelpers() === 0) {
    pool.kernels[fn](...poolArgs(args(0, count)));
    return;
  }
  const aligned = Math.ceil(count / align);
  const chunks = Math.min(threads * CHUNKS_PER_THREAD, aligned, MAX_POOL_CALLS);
  const bound = (k: number): number => (k === chunks ? count : Math.floor((aligned * k) / chunks) * align);
  pool.run(
    Array.from({ length: chunks }, (_, k) => ({ fn, args: poolArgs(args(bound(k), bound(k + 1))), scratch })),
    threads,
  );
}

/**
 * The threads runSplit gives `count` items: as many of the pool's first `everyKernel` as have `minPerThread` items
 * each, or, where there are LARGE_KERNEL_FACTOR times that per thread, as many of all its threads.
 */
export function splitThreads(
  pool: Pick<SimdPool, 'threads' | 'everyKernel'>,
  count: number,
  minPerThread: number,
): number {
  const every = Math.min(pool.everyKernel, Math.floor(count / minPerThread));
  const large = Math.min(pool.threads, Math.floor(count / (minPerThread * LARGE_KERNEL_FACTOR)));
  return Math.max(1, every, large);
}

const pools = new WeakMap<WebAssembly.Memory, SimdPool>();

/** One pool per memory, for the backend's thread count, made on first use (again when the counts change). */
export function simdPool(memory: WebAssembly.Memory, threads: number, everyKernel = threads): SimdPool {
  let pool = pools.get(memory);
  const all = Math.min(threads, MAX_POOL_THREADS);
  if (!pool || pool.threads !== all || pool.everyKernel !== Math.min(everyKernel, all)) {
    pool?.dispose();
    pool = new SimdPool(memory, threads, everyKernel);
    pools.set(memory, pool);
  }
  return pool;
}

let kernelThreads: number | undefined;

/**
 * Lets seglens's kernels on the wasm backend use up to `threads` threads (undefined: the backend's own count,
 * XNNPACK's). Threads beyond the backend's count join large kernels only (LARGE_KERNEL_FACTOR). Applies to the
 * next kernel call; helpers need the backend's memory to be shared (TF.js's threaded build). `caller` prefixes the
 * error message (selectBackend's).
 */
export function setKernelThreads(threads: number | undefined, caller?: string): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new Error(
      `${caller ? `${caller}: ` : ''}kernelThreads must be a whole number from 1 to 64, got ${threads}`,
    );
  }
  kernelThreads = threads;
}

/**
 * The pool seglens's kernels run on for the wasm backend's memory: the backend's thread count (XNNPACK's) for every
 * kernel, and up to setKernelThreads' count for large ones.
 */
export function backendPool(memory: WebAssembly.Memory): SimdPool {
  const own = Math.max(1, getThreadsCount() || 1);
  return simdPool(memory, Math.max(own, kernelThreads ?? own), own);
}
