// One call that picks the fastest TF.js backend that works here, says why the faster ones were skipped, and
// installs seglens's fast gradient kernels so that training works on wasm and is not glacial on cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The GPU backends register themselves on import when the browser supports them; in Node they register nothing.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { registerFastKernels } from '../kernels';
import { isNode, nodeWasmDir } from './environment';
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
  /** Node only: XNNPACK threads for wasm (TF.js itself runs wasm single-threaded in Node). Takes effect only
   * if the wasm backend has not been initialised yet in this process. Default 1. In browsers TF.js uses
   * threads by itself when the page is cross-origin isolated (COOP/COEP headers). */
  wasmThreads?: number;
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
  /** XNNPACK threads of the wasm backend, when wasm was chosen. */
  wasmThreads?: number;
}

/** Default preference: fastest first. Node has no WebGL/WebGPU, so only wasm and cpu are candidates there. */
export function defaultBackendOrder(environment: 'node' | 'browser' = isNode() ? 'node' : 'browser'): BackendName[] {
  return environment === 'node' ? ['wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
}

let wasmPathsSet: string | undefined;

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
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (!gpu) return 'navigator.gpu is missing (WebGPU unsupported or disabled)';
    try {
      if ((await gpu.requestAdapter()) == null) return 'navigator.gpu.requestAdapter() found no adapter';
    } catch (error) {
      return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}

async function tryBackend(name: BackendName, wasmThreads: number): Promise<string | null> {
  const why = await precheck(name);
  if (why !== null) return why;
  // The backend instance is created once per process; threads can only be chosen before that.
  const threaded = name === 'wasm' && wasmThreads > 1 && isNode() && tf.engine().registry.wasm === undefined;
  const restore = threaded ? prepareNodeWasmThreads(wasmThreads) : undefined;
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      if (threaded) unrefWasmWorkers();
      return null;
    }
    return 'tf.setBackend() returned false (initialisation failed)';
  } catch (error) {
    return `initialisation threw: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    restore?.();
  }
}

function checkName(option: string, name: unknown): BackendName {
  if (!BACKEND_NAMES.includes(name as BackendName)) {
    throw new Error(`selectBackend: ${option} must be one of ${BACKEND_NAMES.join(', ')}, got '${String(name)}'`);
  }
  return name as BackendName;
}

/**
 * Activates the best available backend (webgpu -> webgl -> wasm -> cpu in a browser, wasm -> cpu in Node),
 * or exactly `force`, and registers the fast convolution-gradient kernels once.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const environment = isNode() ? 'node' : 'browser';
  const fastKernels = registerFastKernels().map((r) => `${r.backendName}/${r.kernelName}`);
  const wasmThreads = options.wasmThreads ?? 1;
  if (!Number.isInteger(wasmThreads) || wasmThreads < 1) {
    throw new Error(`selectBackend: wasmThreads must be a positive integer, got ${wasmThreads}`);
  }
  configureWasm(options.wasmPaths);
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
    const reason = await tryBackend(name, wasmThreads);
    if (reason === null) {
      return name === 'wasm' ? { name, environment, skipped, fastKernels, wasmThreads: getThreadsCount() } : { name, environment, skipped, fastKernels };
    }
    skipped.push({ name, reason });
  }
  if (options.force !== undefined) {
    throw new Error(`selectBackend: forced backend '${options.force}' is not available: ${skipped[0].reason}`);
  }
  throw new Error(`selectBackend: no backend available (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`);
}
