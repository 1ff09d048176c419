import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { prepareWasmThreads, wasmThreadsFor } from '../../src/worker/wasm-threads';
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
});
