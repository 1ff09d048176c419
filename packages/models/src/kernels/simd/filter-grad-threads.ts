// The SIMD filter gradient on several threads. The rows of dy are cut into FILTER_GRAD_CHUNKS fixed ranges, each
// summed into its own dW buffer, and the buffers are added in chunk order. The result therefore depends on neither
// the thread count nor on which thread ran which chunk or whether a helper was ready yet: training gives the same
// weights on 1, 2 or 8 threads. Helpers are workers that instantiate the same kernel on the same shared memory
// (TF.js's threaded wasm build) and wait on Atomics; the calling thread runs its own share and blocks until the
// helpers finish. Where blocking is not allowed (a browser's main thread) or workers cannot start, the caller runs
// every chunk.
import { kernelsSharedBase64 } from './kernels-wasm';
import { runSimdFilterGrad, type SimdFilterGradShape } from './filter-grad-simd';
import { isSharedMemory, simdKernelsOn } from './simd-module';

/** Row chunks of every call: the most threads the kernel uses, and fixed so that results do not depend on them. */
export const FILTER_GRAD_CHUNKS = 8;

// Control block of one helper (Int32 slots): the job generation the caller posts, the generation the helper
// finished, whether the helper is up, how many chunks to run, the 14 arguments common to the chunks (x, dy and the
// geometry), then (dW, first row, end row) per chunk.
const GENERATION = 0;
const DONE = 1;
const READY = 2;
const COUNT = 3;
const COMMON = 4;
const CHUNK = COMMON + 14;
const SLOTS = CHUNK + 3 * FILTER_GRAD_CHUNKS;
const STOP = -1;

// The helper's whole program, kept as text so that the package needs no separate worker file in any bundler.
// `start` runs in Node (workerData) and in browsers (first message) alike.
const HELPER_SOURCE = `
function start(d) {
  const bytes = Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0));
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: d.memory } }).exports;
  const c = new Int32Array(d.control);
  Atomics.store(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (seen === ${STOP}) return;
    const common = Array.from(c.subarray(${COMMON + 2}, ${CHUNK}));
    for (let i = 0; i < c[${COUNT}]; i++) {
      const at = ${CHUNK} + 3 * i;
      kernel.filterGrad(c[${COMMON}], c[${COMMON + 1}], c[at], c[at + 1], c[at + 2], ...common);
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

/** The SIMD filter gradient in FILTER_GRAD_CHUNKS row chunks, shared by the caller and up to threads - 1 helpers. */
export class SimdFilterGradPool {
  readonly chunks = FILTER_GRAD_CHUNKS;
  readonly threads: number;
  private readonly memory: WebAssembly.Memory;
  private readonly helpers: Helper[] = [];

  constructor(memory: WebAssembly.Memory, threads: number) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`SimdFilterGradPool: threads must be a positive integer, got ${threads}`);
    }
    this.memory = memory;
    this.threads = Math.min(threads, FILTER_GRAD_CHUNKS);
    if (this.threads < 2 || !isSharedMemory(memory) || !canBlock()) return;
    for (let i = 1; i < this.threads; i++) {
      const control = new SharedArrayBuffer(SLOTS * 4);
      try {
        const stop = startHelper({ base64: kernelsSharedBase64, memory, control });
        if (!stop) break;
        this.helpers.push({ control: new Int32Array(control), generation: 0, stop });
      } catch {
        // No workers here (a sandbox, a worker-less runtime): the caller runs those chunks itself.
        break;
      }
    }
  }

  /** Helpers that have started and will take chunks (0 until their workers are up). */
  readyHelpers(): number {
    return this.helpers.filter((h) => Atomics.load(h.control, READY) === 1).length;
  }

  /** Resolves once every helper started has reported ready (or after `timeoutMs`). */
  async whenReady(timeoutMs = 10_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.readyHelpers() < this.helpers.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
    return this.readyHelpers();
  }

  /**
   * dW of the whole (batch, outHeight) row axis: chunk k goes into buffer `dw[k]` (byte offsets, one per chunk),
   * then buffers 1.. are added into dw[0] in order. Thread t runs chunks [t * chunks / threads, (t + 1) * ...).
   */
  run(x: number, dy: number, dw: readonly number[], shape: SimdFilterGradShape): void {
    if (dw.length !== this.chunks)
      throw new Error(`SimdFilterGradPool.run: needs ${this.chunks} dW buffers, got ${dw.length}`);
    const kernel = simdKernelsOn(this.memory);
    if (!kernel) throw new Error('SimdFilterGradPool.run: WebAssembly SIMD is not available');
    const rows = shape.batch * shape.outHeight;
    const bound = (k: number): number => Math.round((rows * k) / this.chunks);
    const share = (t: number): number[] => {
      const first = Math.round((this.chunks * t) / this.threads);
      const end = Math.round((this.chunks * (t + 1)) / this.threads);
      return Array.from({ length: end - first }, (_, i) => first + i);
    };
    const s = shape;
    const common = [x, dy, s.outHeight, s.outWidth, s.outChannels, s.inHeight, s.inWidth, s.inChannels];
    common.push(s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft);
    const posted: Helper[] = [];
    const local = share(0);
    for (let t = 1; t < this.threads; t++) {
      const helper = this.helpers[t - 1];
      if (helper && Atomics.load(helper.control, READY) === 1) {
        const chunks = share(t);
        helper.control[COUNT] = chunks.length;
        helper.control.set(common, COMMON);
        chunks.forEach((k, i) => helper.control.set([dw[k], bound(k), bound(k + 1)], CHUNK + 3 * i));
        helper.generation = helper.generation === 0x7ffffff0 ? 1 : helper.generation + 1;
        Atomics.store(helper.control, GENERATION, helper.generation);
        Atomics.notify(helper.control, GENERATION);
        posted.push(helper);
      } else {
        local.push(...share(t));
      }
    }
    for (const k of local) runSimdFilterGrad(kernel, x, dy, dw[k], shape, bound(k), bound(k + 1));
    for (const helper of posted) {
      while (Atomics.load(helper.control, DONE) !== helper.generation)
        Atomics.wait(helper.control, DONE, Atomics.load(helper.control, DONE));
    }
    const n = shape.filterHeight * shape.filterWidth * shape.inChannels * shape.outChannels;
    for (let k = 1; k < this.chunks; k++) kernel.addInto(dw[0], dw[k], n);
  }

  /** Stops the helpers (the pool then runs every chunk on the caller). */
  dispose(): void {
    for (const h of this.helpers.splice(0)) {
      Atomics.store(h.control, GENERATION, STOP);
      Atomics.notify(h.control, GENERATION);
      h.stop();
    }
  }
}

const pools = new WeakMap<WebAssembly.Memory, SimdFilterGradPool>();

/** One pool per memory and thread count (the wasm backend's), made on first use. */
export function simdFilterGradPool(memory: WebAssembly.Memory, threads: number): SimdFilterGradPool {
  let pool = pools.get(memory);
  if (!pool || pool.threads !== Math.min(threads, FILTER_GRAD_CHUNKS)) {
    pool?.dispose();
    pool = new SimdFilterGradPool(memory, threads);
    pools.set(memory, pool);
  }
  return pool;
}
