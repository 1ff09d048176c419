// The catalogue and backend feature: the served model index, which models fit the demo's grey MR series, the
// default selection (the RCE and the Dice model of the task), the fine-tune base, and the backend selector.
import { attached, harness, modelUrl } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined); // no IndexedDB in Node: no saved models
});
afterEach(() => jest.restoreAllMocks());

describe('catalogue and models', () => {
  it('lists the shipped models, fits them to the grey MR series and selects RCE and Dice', async () => {
    const h = await harness();
    await attached(h);
    const s = h.store.get();
    expect(s.series).toMatchObject({ modality: 'MR', channels: 1, dims: h.volume.dims });
    const fit = Object.fromEntries(s.models.map((m) => [m.name, [m.fits, m.selected]]));
    expect(fit).toEqual({
      'hippocampus-ce': [true, false],
      'hippocampus-dice': [true, true],
      'hippocampus-rce': [true, true],
      'polyp-dice': [false, false],
      'polyp-rce': [false, false],
    });
    expect(s.models.find((m) => m.name === 'polyp-rce')!.fitReason).toMatch(/MR/);
    expect(s.fineTune.baseModelKey).toBe(modelUrl('hippocampus-rce'));
    expect(s.backend).toMatchObject({ name: 'wasm', threads: 1 });
    expect(h.worker.started).toBe(1);
  });

  it('toggles a fitting model and refuses to select one that does not fit', async () => {
    const h = await harness();
    await attached(h);
    h.controller.toggleModel(modelUrl('hippocampus-ce'));
    h.controller.toggleModel(modelUrl('polyp-rce'));
    const selected = h.store
      .get()
      .models.filter((m) => m.selected)
      .map((m) => m.name);
    expect(selected.sort()).toEqual(['hippocampus-ce', 'hippocampus-dice', 'hippocampus-rce']);
  });

  it('restarts the worker on a new backend choice and names a bad one', async () => {
    const h = await harness();
    await attached(h);
    h.controller.setBackendChoice({ backend: 'cpu', threads: 1 });
    await h.idle();
    for (let i = 0; i < 100 && h.worker.started < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.worker.started).toBe(2);
    expect(h.worker.init[1]).toMatchObject({ prefer: 'cpu', threads: 1 });
    expect(h.store.get().backendChoice).toEqual({ backend: 'cpu', threads: 1 });
    h.controller.setBackendChoice({ backend: 'tpu' as 'cpu', threads: 'auto' });
    // Shown under the backend selector (Models), and in OHIF's notifications as an error.
    expect(h.store.get().message).toMatchObject({ kind: 'error', anchor: 'models' });
    expect(h.store.get().message!.text).toMatch(/^Backend choice: .*tpu/);
    expect(h.notes).toEqual([['error', 'seglens', h.store.get().message!.text]]);
    expect(h.worker.started).toBe(2);
  });
});
