// Preloading: once the panel knows which models Segment would run on the series (the selected models that
// fit it), the worker loads and warms them up; Segment takes them over (finished or still running), loads a
// model itself when its preload failed, and reports its own failures; nothing is preloaded while a task
// runs; a backend switch starts the preloads again on the new worker.
import type { ModelEntry } from '../../src/panel/state';
import { attached, blocks, harness, modelUrl, until, type Harness } from './fake-host';

let warnings: unknown[][];
beforeEach(() => {
  warnings = [];
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
});
afterEach(() => jest.restoreAllMocks());

const DICE = modelUrl('hippocampus-dice');
const RCE = modelUrl('hippocampus-rce');
const CE = modelUrl('hippocampus-ce');

/** Each model's preload state, by name, for the models that have one. */
function states(h: Harness): Record<string, ModelEntry['preload']> {
  return Object.fromEntries(
    h.store
      .get()
      .models.filter((m) => m.preload)
      .map((m) => [m.name, m.preload]),
  );
}

const ready = { status: 'ready', loadMs: 10, warmupMs: 20, warmupPasses: 2, backend: 'wasm' };

describe('preloading the models Segment would run', () => {
  it('loads and warms up the selected models that fit the series, once each, and says they are ready', async () => {
    const h = await harness();
    await attached(h);
    await until(() => Object.keys(states(h)).length === 2 && h.worker.preload.length === 2);
    await until(() => Object.values(states(h)).every((p) => p?.status === 'ready'));
    expect(h.worker.preload).toEqual([DICE, RCE]);
    // The series' geometry goes with each preload (the worker picks the warm-up's slices from it).
    expect(h.worker.preloadSeries).toEqual([
      { dims: h.volume.dims, direction: h.volume.direction },
      { dims: h.volume.dims, direction: h.volume.direction },
    ]);
    expect(states(h)).toEqual({
      'hippocampus-dice': { ...ready, warmupSlices: h.volume.dims[2], ms: expect.any(Number) },
      'hippocampus-rce': { ...ready, warmupSlices: h.volume.dims[2], ms: expect.any(Number) },
    });
    // Nothing else was loaded, and nothing was said: background work is no message.
    expect(h.worker.loadModel).toEqual([]);
    expect(h.store.get().message).toBeNull();
    expect(h.notes).toEqual([]);
    // More state changes do not preload them again.
    h.controller.setOpacity('none', 0.5);
    h.controller.toggleModel(CE);
    await until(() => states(h)['hippocampus-ce']?.status === 'ready');
    expect(h.worker.preload).toEqual([DICE, RCE, CE]);
  });

  it('lets Segment take over preloads still running instead of loading the models again', async () => {
    const h = await harness();
    const release = h.holdPreloads();
    await attached(h);
    await until(() => h.worker.preload.length === 2);
    expect(Object.values(states(h)).map((p) => p?.status)).toEqual(['loading', 'loading']);
    h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
    h.controller.segment();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.worker.segment).toEqual([]);
    release();
    await h.idle();
    expect(h.store.get().message).toBeNull();
    expect(h.worker.order).toEqual([
      'preload hippocampus-dice',
      'preload hippocampus-rce',
      'segment hippocampus-dice',
      'segment hippocampus-rce',
    ]);
    expect(h.worker.loadModel).toEqual([]);
    expect(h.store.get().predictions.map((p) => p.modelName)).toEqual([
      'hippocampus-dice',
      'hippocampus-rce',
    ]);
  });

  it('logs a failed preload, says Segment will load the model, and Segment loads it and runs', async () => {
    const h = await harness();
    h.preloadErrors.set('hippocampus-dice', new Error('HTTP 503 for hippocampus-dice/model.json'));
    await attached(h);
    await until(() => states(h)['hippocampus-dice']?.status === 'failed');
    await until(() => states(h)['hippocampus-rce']?.status === 'ready');
    expect(warnings.filter(([text]) => String(text).includes('preloading'))).toEqual([
      [
        'seglens: preloading hippocampus-dice failed; Segment will load it',
        new Error('HTTP 503 for hippocampus-dice/model.json'),
      ],
    ]);
    expect(h.store.get().message).toBeNull();
    expect(h.notes).toEqual([]);
    // The failure passes (a busy server): nothing retries the preload until Segment has loaded the model.
    h.preloadErrors.clear();
    h.controller.segment();
    await h.idle();
    expect(h.store.get().message).toBeNull();
    expect(h.worker.loadModel).toEqual([DICE]);
    expect(h.store.get().predictions.map((p) => p.modelName)).toEqual([
      'hippocampus-dice',
      'hippocampus-rce',
    ]);
    // Loaded by Segment now: asked once more, under the worker's key (the worker keeps the model it holds).
    await until(() => states(h)['hippocampus-dice']?.status === 'ready');
    expect(h.worker.preload).toEqual([DICE, RCE, `worker:${DICE}`]);
  });

  it("never swallows Segment's own failure: a model whose preload and load both fail fails Segment", async () => {
    const h = await harness();
    h.preloadErrors.set('hippocampus-dice', new Error('HTTP 404 for hippocampus-dice/model.json'));
    h.loadErrors.set('hippocampus-dice', new Error('HTTP 404 for hippocampus-dice/model.json'));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await attached(h);
    await until(() => states(h)['hippocampus-dice']?.status === 'failed');
    h.controller.segment();
    await h.idle();
    const text = 'Segment failed: HTTP 404 for hippocampus-dice/model.json';
    expect(h.store.get().message).toEqual({ kind: 'error', text, anchor: 'segment' });
    expect(h.notes).toEqual([['error', 'seglens', text]]);
    expect(logged).toHaveBeenCalledWith('seglens:', new Error('HTTP 404 for hippocampus-dice/model.json'));
  });

  it('starts no preload while a task runs, and the ones asked for meanwhile once it is done', async () => {
    const h = await harness();
    const release = h.holdPreloads();
    await attached(h);
    await until(() => h.worker.preload.length === 2);
    h.controller.segment(); // waits for the two preloads held above
    h.controller.toggleModel(CE);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.worker.preload).toEqual([DICE, RCE]);
    release();
    await h.idle();
    await until(() => states(h)['hippocampus-ce']?.status === 'ready');
    expect(h.worker.order).toEqual([
      'preload hippocampus-dice',
      'preload hippocampus-rce',
      'segment hippocampus-dice',
      'segment hippocampus-rce',
      'preload hippocampus-ce',
    ]);
  });

  it('preloads again on the new worker after a backend switch, and Segment uses those', async () => {
    const h = await harness();
    const release = h.holdPreloads();
    await attached(h);
    await until(() => h.worker.preload.length === 2);
    h.controller.setBackendChoice({ backend: 'cpu', threads: 1 });
    await until(() => h.worker.started === 2 && h.worker.preload.length === 4);
    // The first worker's preloads went with it; the state shows the new worker's.
    expect(h.worker.preloadWorker).toEqual([1, 1, 2, 2]);
    expect(Object.values(states(h)).map((p) => p?.status)).toEqual(['loading', 'loading']);
    release();
    await until(() => Object.values(states(h)).every((p) => p?.status === 'ready'));
    h.controller.segment();
    await h.idle();
    expect(h.store.get().message).toBeNull();
    expect(h.worker.segmentWorker).toEqual([2, 2]);
    expect(h.worker.loadModel).toEqual([]);
  });

  it('does nothing when preloading is off: Segment loads the models', async () => {
    const h = await harness(7, { preload: false });
    await attached(h);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.worker.preload).toEqual([]);
    expect(states(h)).toEqual({});
    h.controller.segment();
    await h.idle();
    expect(h.worker.loadModel).toEqual([DICE, RCE]);
    expect(h.store.get().predictions).toHaveLength(2);
  });
});
