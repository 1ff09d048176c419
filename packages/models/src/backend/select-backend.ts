// One call that picks the fastest TF.js backend that works here, says why the faster ones were skipped, and
// installs seglens's fast gradient kernels so that training works on wasm and is not glacial on cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The GPU backends register themselves on import when the browser supports them; in Node they register nothing.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { registerFastKernels } from '../kernels';
import { isSharedMemory, wasmBackendMemory } from '../kernels/simd/simd-module';
import { MAX_POOL_THREADS, setKernelThreads } from '../kernels/simd/simd-pool';
import { defaultThreadCount, isNode, nodeWasmDir } from './environment';
import { prepareNodeWasmThreads, unrefWasmWorkers } from './node-wasm-threads';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface SelectBackendOptions {
  /** Try this backend first, then the default order. */
  prefer?: BackendName;
  /** Use only this backend; throws an Error naming it if it cannot be initialised. */
  force?: BackendName;
  /** Where the wasm backend finds its .wasm files: a URL prefix (browser) or folder (Node). Default: in Node,
   * tfjs-backend-wasm's dist folder from node_modules; in a browser, next to the bundle. */
  wasmPaths?: string;
  /** Node only: threads of the wasm backend (XNNPACK's thread pool; TF.js itself runs wasm single-threaded
   * in Node). Default: the machine's cores. Takes effect only if the wasm backend has not been initialised yet
   * in this process. When threads cannot start (no WebAssembly SIMD, a TF.js other than 4.22.0, ...) wasm runs
   * on one thread and `threadFallback` says why. In browsers TF.js uses threads by itself when the page is
   * cross-origin isolated (COOP/COEP headers). */
  threads?: number;
  /** The former name of `threads` (which wins when both are given). */
  wasmThreads?: number;
  /** wasm: threads seglens's own kernels (the 3×3 convolutions, up-convolutions, softmax, ...) may use, when more
   * than the backend's: the extra ones join only large kernels (LARGE_KERNEL_FACTOR in kernels/simd/simd-pool.ts).
   * Default: the backend's threads. Needs the backend's memory to be shared (TF.js's threaded build: a
   * cross-origin isolated page, or Node with more than one `threads`); elsewhere it stays at the backend's. The
   * viewer's worker asks for every core while XNNPACK runs on half of them (apps/viewer README, session 47). */
  kernelThreads?: number;
}

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface BackendSelection {
  /** The backend now active (tf.getBackend()). */
  name: BackendName;
  environment: 'node' | 'browser';
  /** Faster backends that were tried or ruled out first, and why. */
  skipped: SkippedBackend[];
  /** Kernels seglens installed, e.g. 'wasm/Conv2DBackpropFilter'. */
  fastKernels: string[];
  /** XNNPACK threads of the wasm backend, when wasm was chosen (same as `threads`). */
  wasmThreads?: number;
  /** Threads the chosen backend computes with: wasm's thread pool size; 1 for cpu; 1 for the GPU backends
   * (whose parallelism is the GPU's). */
  threads: number;
  /** Threads that were asked for (the `threads` option or the machine's cores). */
  threadsRequested: number;
  /** wasm only: the threads seglens's kernels may use (at least `threads`; the extra ones on large kernels only). */
  kernelThreads?: number;
  /** wasm only: whether WebAssembly SIMD is available (TF.js then loads its SIMD build). */
  simd?: boolean;
  /** Why wasm runs on fewer threads than requested (no SIMD, no SharedArrayBuffer, patch refused, the
   * backend already initialised); undefined when it got them. */
  threadFallback?: string;
}

/** Default preference: fastest first. Node has no WebGL/WebGPU, so only wasm and cpu are candidates there. */
export function defaultBackendOrder(
  environment: 'node' | 'browser' = isNode() ? 'node' : 'browser',
): BackendName[] {
  return environment === 'node' ? ['wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
}

let wasmPathsSet: string | undefined;
let processDefaultThreads: number | undefined;

/**
 * Sets the thread count selectBackend uses when its options name none (undefined: back to the machine's
 * cores). For programs such as the CLI whose `--threads` must reach every backend start, including those
 * inside trainOnDataset.
 */
export function setDefaultThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new Error(`setDefaultThreads: threads must be a positive integer, got ${threads}`);
  }
  processDefaultThreads = threads;
}
// The wasm backend's factory as TF.js registered it, to register again after a failed threaded start.
let wasmFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;

function configureWasm(wasmPaths: string | undefined): void {
  const dir = wasmPaths ?? (isNode() ? nodeWasmDir() : undefined);
  if (dir !== undefined && dir !== wasmPathsSet) {
    setWasmPaths(dir);
    wasmPathsSet = dir;
  }
}

/** Why `name` cannot work here without trying it, or null if it is worth trying. */
async function precheck(name: BackendName): Promise<string | null> {
  if (tf.findBackendFactory(name) == null) {
    return isNode() && (name === 'webgl' || name === 'webgpu')
      ? 'not registered: needs a browser (no WebGL/WebGPU in Node)'
      : 'not registered in this environment';
  }
  if (name === 'webgpu') {
    // Asking for an adapter first avoids TF.js's warnings when there is none.
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator
      ?.gpu;
    if (!gpu) return 'navigator.gpu is missing (WebGPU unsupported or disabled)';
    try {
      if ((await gpu.requestAdapter()) == null) return 'navigator.gpu.requestAdapter() found no adapter';
    } catch (error) {
      return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}

/** Why the wasm backend cannot run `threads` threads here, or null when it can. */
async function threadsBlocker(threads: number): Promise<string | null> {
  if (threads <= 1) return null;
  if (tf.engine().registry.wasm !== undefined) {
    const running = getThreadsCount();
    return running >= threads
      ? null
      : `the wasm backend was already initialised with ${running} thread(s) in this process`;
  }
  if (!isNode()) return null; // browsers: TF.js decides (cross-origin isolation), see BackendSelection.threads
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is unavailable';
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')))
    return 'WebAssembly SIMD is unavailable (TF.js has threads only in its SIMD build)';
  return null;
}

async function startBackend(name: BackendName, threaded: number): Promise<string | null> {
  let restore: (() => void) | undefined;
  try {
    if (threaded > 1) restore = prepareNodeWasmThreads(threaded);
    if (await tf.setBackend(name)) {
      await tf.ready();
      if (threaded > 1) unrefWasmWorkers();
      return null;
    }
    return 'tf.setBackend() returned false (initialisation failed)';
  } catch (error) {
    return `initialisation threw: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    restore?.();
    if (threaded > 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
}

interface Started {
  reason: string | null;
  threadFallback?: string;
}

async function tryBackend(name: BackendName, threads: number): Promise<Started> {
  const why = await precheck(name);
  if (why !== null) return { reason: why };
  if (name !== 'wasm' || threads <= 1) return { reason: await startBackend(name, 1) };
  const blocker = await threadsBlocker(threads);
  // The backend instance is created once per process; threads can only be chosen before that.
  const running = tf.engine().registry.wasm !== undefined;
  if (blocker !== null || !isNode() || running)
    return { reason: await startBackend(name, 1), threadFallback: blocker ?? undefined };
  const reason = await startBackend(name, threads);
  if (reason === null) return { reason };
  // Today's single-threaded backend is the fallback when the threaded one fails to start.
  tf.removeBackend(name);
  tf.registerBackend(name, wasmFactory!);
  return { reason: await startBackend(name, 1), threadFallback: `threaded wasm failed to start (${reason})` };
}

function checkName(option: string, name: unknown): BackendName {
  if (!BACKEND_NAMES.includes(name as BackendName)) {
    throw new Error(
      `selectBackend: ${option} must be one of ${BACKEND_NAMES.join(', ')}, got '${String(name)}'`,
    );
  }
  return name as BackendName;
}

/**
 * Activates the best available backend (webgpu -> webgl -> wasm -> cpu in a browser, wasm -> cpu in Node),
 * or exactly `force`, and registers the fast convolution-gradient kernels once.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const environment: BackendSelection['environment'] = isNode() ? 'node' : 'browser';
  const fastKernels = registerFastKernels().map((r) => `${r.backendName}/${r.kernelName}`);
  const optionName = options.threads !== undefined ? 'threads' : 'wasmThreads';
  const threadsRequested =
    options.threads ?? options.wasmThreads ?? processDefaultThreads ?? defaultThreadCount();
  if (!Number.isInteger(threadsRequested) || threadsRequested < 1) {
    throw new Error(`selectBackend: ${optionName} must be a positive integer, got ${threadsRequested}`);
  }
  const kernelThreads = options.kernelThreads;
  setKernelThreads(kernelThreads, 'selectBackend');
  configureWasm(options.wasmPaths);
  wasmFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  let order: BackendName[];
  if (options.force !== undefined) order = [checkName('force', options.force)];
  else {
    order = defaultBackendOrder(environment);
    if (options.prefer !== undefined) {
      const preferred = checkName('prefer', options.prefer);
      order = [preferred, ...order.filter((n) => n !== preferred)];
    }
  }
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    const started = await tryBackend(name, threadsRequested);
    if (started.reason === null) {
      const base = { name, environment, skipped, fastKernels, threadsRequested };
      if (name !== 'wasm') return { ...base, threads: 1 };
      const threads = getThreadsCount();
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threadFallback =
        started.threadFallback ??
        (threads < threadsRequested && environment === 'node'
          ? `wasm started with ${threads} thread(s)`
          : undefined);
      const memory = wasmBackendMemory(tf.backend());
      const extra =
        simd && memory !== undefined && isSharedMemory(memory) ? (kernelThreads ?? threads) : threads;
      return {
        ...base,
        wasmThreads: threads,
        threads,
        kernelThreads: Math.max(threads, Math.min(extra, MAX_POOL_THREADS)),
        simd,
        ...(threadFallback ? { threadFallback } : {}),
      };
    }
    skipped.push({ name, reason: started.reason });
  }
  if (options.force !== undefined) {
    throw new Error(
      `selectBackend: forced backend '${options.force}' is not available: ${skipped[0].reason}`,
    );
  }
  throw new Error(
    `selectBackend: no backend available (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`,
  );
}
