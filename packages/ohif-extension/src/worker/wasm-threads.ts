// TF.js's WASM backend computes on several threads (its threaded-SIMD build, XNNPACK's thread pool) only in a
// cross-origin isolated page (SharedArrayBuffer; apps/viewer serves COOP/COEP for that). Even then it runs on
// half the cores it is told about (its native side assumes two hyper-threads per core, and reads the cores
// from navigator.hardwareConcurrency), whatever setThreadsCount asked for. So while the backend starts, the
// worker reports twice the count it wants as cores; undone once it is up (TF.js fixes the count when the
// backend is created, so nothing later changes it). The Node counterpart is prepareNodeWasmThreads in
// @seglens/models.
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** The parts of a worker's (or window's) global scope that decide the thread count. */
export interface ThreadScope {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

/**
 * Default threads for the wasm backend here: half the logical cores (at least 1) when isolated; undefined
 * (TF.js runs one thread) otherwise. Not every core: the worker shares them with the page's main thread
 * (Cornerstone's decoding and rendering). On a 2-core machine a second thread was at most 8% faster when
 * idle and slower under load (up to 2.7x beside trainings), measured alternately in one run (README,
 * Threads). The panel's thread selector asks for more.
 */
export function wasmThreadsFor(scope: ThreadScope): number | undefined {
  if (scope.crossOriginIsolated !== true) return undefined;
  const cores = scope.navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.max(1, Math.floor(cores / 2)) : undefined;
}

/**
 * Threads seglens's own kernels may use with the Auto thread count: every core (when isolated), the ones beyond
 * wasmThreadsFor's on large layers only (@seglens/models' `kernelThreads`). On this project's 2-core machine a
 * second thread on every kernel slowed the small series (a polyp frame, the hippocampus crops) while the page drew
 * on the other core, and sped up the cardiac series' batches of 8 at 128 × 128; large layers only keeps both
 * (README, session 47). Undefined where there are no threads at all.
 */
export function kernelThreadsFor(scope: ThreadScope): number | undefined {
  if (scope.crossOriginIsolated !== true) return undefined;
  const cores = scope.navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.min(64, Math.floor(cores)) : undefined;
}

/**
 * Arms the next wasm backend start to use `requested` threads (default wasmThreadsFor) when the scope is
 * cross-origin isolated. Returns the threads (undefined: not isolated, nothing changed) and a function that
 * undoes the navigator.hardwareConcurrency override; call it once the backend has started (or failed to).
 */
export function prepareWasmThreads(
  scope: ThreadScope = globalThis as ThreadScope,
  requested?: number,
): {
  threads: number | undefined;
  restore: () => void;
} {
  const all = wasmThreadsFor(scope);
  // A requested count (the panel's selector) applies only where threads exist at all.
  const threads = all === undefined ? undefined : (requested ?? all);
  const nav = scope.navigator;
  if (threads === undefined || !nav) return { threads, restore: () => undefined };
  setThreadsCount(threads);
  // In a browser the value is a getter of WorkerNavigator.prototype: an own property shadows it, and
  // deleting that property uncovers it again.
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  return {
    threads,
    restore: () => {
      if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
      else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
    },
  };
}
