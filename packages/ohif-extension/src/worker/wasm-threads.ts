// TF.js's WASM backend computes on several threads (its threaded-SIMD build, XNNPACK's thread pool) only in a
// cross-origin isolated page (SharedArrayBuffer; apps/viewer serves COOP/COEP for that). Even then it runs on
// half the cores it is told about (its native side assumes two hyper-threads per core, and reads the cores
// from navigator.hardwareConcurrency): one thread on a 2-core machine, whatever setThreadsCount asked for.
// So while the backend starts, the worker asks for every core and reports twice as many cores; both are
// undone once it is up (TF.js fixes the count when the backend is created, so nothing later changes it).
// The Node counterpart is prepareNodeWasmThreads in @seglens/models.
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** The parts of a worker's (or window's) global scope that decide the thread count. */
export interface ThreadScope {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

/** Threads for the wasm backend here: every core when isolated; undefined (leave TF.js's choice) otherwise. */
export function wasmThreadsFor(scope: ThreadScope): number | undefined {
  if (scope.crossOriginIsolated !== true) return undefined;
  const cores = scope.navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.floor(cores) : undefined;
}

/**
 * Arms the next wasm backend start to use every core when the scope is cross-origin isolated. Returns the
 * threads asked for (undefined: not isolated, nothing changed) and a function that undoes the
 * navigator.hardwareConcurrency override; call it once the backend has started (or failed to).
 */
export function prepareWasmThreads(
  scope: ThreadScope = globalThis as ThreadScope,
  requested?: number,
): {
  threads: number | undefined;
  restore: () => void;
} {
  const all = wasmThreadsFor(scope);
  // A requested count (the panel's selector: fewer threads can be faster on a busy machine) applies only
  // where threads exist at all; 1 must be set too, or TF.js would take half the cores of a larger machine.
  const threads = all === undefined ? undefined : (requested ?? all);
  const nav = scope.navigator;
  if (threads === undefined || (threads < 2 && requested === undefined) || !nav)
    return { threads, restore: () => undefined };
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
