import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendSelection, SelectBackendOptions } from '@seglens/models';
import { kernelThreadsFor, prepareWasmThreads, wasmThreadsFor } from '../../src/worker/wasm-threads';
import { BackendGuard } from '../../src/worker/backend-guard';

describe('wasm threads in the worker', () => {
  it('asks for half the cores (at least one) only in a cross-origin isolated scope', () => {
    expect(wasmThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(1);
    expect(wasmThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 1 } })).toBe(1);
    expect(wasmThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 12 } })).toBe(6);
    // Not isolated: no SharedArrayBuffer, TF.js runs single-threaded whatever it is asked.
    expect(
      wasmThreadsFor({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } }),
    ).toBeUndefined();
    expect(wasmThreadsFor({ navigator: { hardwareConcurrency: 8 } })).toBeUndefined();
    expect(wasmThreadsFor({ crossOriginIsolated: true, navigator: {} })).toBeUndefined();
    expect(wasmThreadsFor({ crossOriginIsolated: true })).toBeUndefined();
  });

  it('reports twice the cores while the backend starts (TF.js halves them), then the real count again', () => {
    // A getter on the prototype, as WorkerNavigator has it.
    class FakeNavigator {
      get hardwareConcurrency(): number {
        return 2;
      }
    }
    const navigator = new FakeNavigator();
    const armed = prepareWasmThreads({ crossOriginIsolated: true, navigator }, 2);
    expect(armed.threads).toBe(2);
    expect(navigator.hardwareConcurrency).toBe(4);
    armed.restore();
    expect(navigator.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyNames(navigator)).toEqual([]);
    // A plain value is put back as it was.
    const plain = { hardwareConcurrency: 8 };
    const again = prepareWasmThreads({ crossOriginIsolated: true, navigator: plain });
    expect(again.threads).toBe(4); // the default: half the cores
    expect(plain.hardwareConcurrency).toBe(8);
    again.restore();
    expect(plain.hardwareConcurrency).toBe(8);
    // Two cores by default: one thread (reported as two cores, which TF.js halves to one).
    const two = { hardwareConcurrency: 2 };
    const one = prepareWasmThreads({ crossOriginIsolated: true, navigator: two });
    expect(one.threads).toBe(1);
    expect(two.hardwareConcurrency).toBe(2);
    one.restore();
    expect(two.hardwareConcurrency).toBe(2);
    // Not isolated: nothing to change.
    const open = { hardwareConcurrency: 8 };
    expect(prepareWasmThreads({ crossOriginIsolated: false, navigator: open }, 4).threads).toBeUndefined();
    expect(open.hardwareConcurrency).toBe(8);
  });

  it("reports the backend's real thread count to the panel (init on wasm)", async () => {
    const guard = new BackendGuard(() => undefined);
    const view = await guard.init({ force: 'wasm' });
    expect(view.name).toBe('wasm');
    expect(view.threads).toBe(getThreadsCount());
    expect(view.threads).toBeGreaterThanOrEqual(1);
  });

  it("lets seglens's kernels use every core on large layers, only where isolated", () => {
    expect(kernelThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(kernelThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 12 } })).toBe(12);
    expect(kernelThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 1 } })).toBe(1);
    expect(kernelThreadsFor({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 256 } })).toBe(64);
    expect(
      kernelThreadsFor({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } }),
    ).toBeUndefined();
    expect(kernelThreadsFor({ crossOriginIsolated: true, navigator: {} })).toBeUndefined();
  });

  it('asks selectBackend for every core on large layers with Auto threads, not with a chosen count', async () => {
    // A worker's scope on 4 cores (jest's has no navigator).
    const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency: number } };
    const kept = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const nav = { hardwareConcurrency: 4 };
    Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
    const cores = 4;
    const asked: SelectBackendOptions[] = [];
    const select = async (o: SelectBackendOptions = {}): Promise<BackendSelection> => {
      asked.push(o);
      return {
        name: 'wasm',
        environment: 'browser',
        skipped: [],
        fastKernels: [],
        threads: 1,
        threadsRequested: 1,
        kernelThreads: o.kernelThreads ?? 1,
      };
    };
    g.crossOriginIsolated = true;
    try {
      const guard = new BackendGuard(() => undefined, undefined, undefined, select);
      const auto = await guard.init({ force: 'wasm' });
      expect(asked[0].kernelThreads).toBe(cores);
      expect(auto).toMatchObject({ threads: 1, kernelThreads: 4 });
      const chosen = await guard.init({ force: 'wasm' }, 1);
      expect(asked[1].kernelThreads).toBeUndefined();
      expect(chosen.kernelThreads).toBeUndefined();
    } finally {
      delete g.crossOriginIsolated;
      if (kept) Object.defineProperty(globalThis, 'navigator', kept);
      else delete g.navigator;
    }
    // prepareWasmThreads stood in twice the threads for the cores while the backend started, then put them back
    expect(nav.hardwareConcurrency).toBe(cores);
  });
});
