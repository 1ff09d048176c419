// Where each message of the controller is shown: in the panel section of the control that caused it (its
// anchor), or the banner when no control did; errors also go to OHIF's notification service when the host
// has one. Every source runs for real against the fake host; the texts are the controller's own.
import { hostContext } from '../../src/controller/context';
import type { ExtensionParams, OhifServices } from '../../src/ohif/types';
import type { MessageAnchor } from '../../src/panel/state';
import { attached, blocks, harness, modelUrl, segmented, type Harness } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const rceKey = (h: Harness) => h.store.get().predictions.find((p) => p.modelName === 'hippocampus-rce')!.key;

describe('each message names the section of the control that caused it', () => {
  // Every task the runner takes, refused while Segment runs: the refusal shows next to the pressed control.
  it.each<[string, (h: Harness) => void, MessageAnchor]>([
    ['Export SEG', (h) => h.controller.exportSeg(rceKey(h)), 'results'],
    ['Store', (h) => h.controller.storeSeg(rceKey(h)), 'results'],
    ['Show disagreement', (h) => h.controller.toggleDisagreement(), 'results'],
    ['Download in Models', (h) => h.controller.downloadModel(modelUrl('hippocampus-rce')), 'models'],
    [
      'Download in Fine-tune',
      (h) => h.controller.downloadModel(modelUrl('hippocampus-rce'), 'fine-tune'),
      'fine-tune',
    ],
    ['Load model…', (h) => h.controller.loadModelFiles([]), 'models'],
    ['the loss lens scope', (h) => h.controller.setLossLensScope('slice'), 'loss-lens'],
    ['Draw labels', (h) => h.controller.startLabelling(), 'fine-tune'],
    ['Segment', (h) => h.controller.segment(), 'segment'],
  ])('refuses %s while Segment runs, in that control section', async (_name, act, anchor) => {
    const h = await segmented();
    h.controller.segment();
    expect(h.store.get().busy).not.toBeNull();
    act(h);
    expect(h.store.get().message).toEqual({
      kind: 'warning',
      text: 'Another task is running: cancel it first.',
      anchor,
    });
    await h.idle();
    expect(h.notes).toEqual([]);
  });

  it.each<[string, (h: Harness) => void, MessageAnchor]>([
    ['Segment', (h) => h.controller.segment(), 'segment'],
    ['Draw labels', (h) => h.controller.startLabelling(), 'fine-tune'],
    ['Fine-tune', (h) => h.controller.fineTune(), 'fine-tune'],
  ])('asks for a series when %s is pressed without one, in that section', async (_name, act, anchor) => {
    const h = await harness();
    await attached(h);
    h.host.activeDisplaySet = () => null;
    act(h);
    expect(h.store.get().message).toEqual({
      kind: 'warning',
      text: 'Open an image series in the active viewport first.',
      anchor,
    });
  });

  it('shows a failed Segment under Segment and in OHIF notifications', async () => {
    const h = await harness();
    await attached(h);
    // The worker fails the way a worker does: its segment call rejects.
    jest.spyOn(h.predictions, 'get').mockImplementation(() => {
      throw new Error('the WebGL context was lost');
    });
    h.controller.segment();
    await h.idle();
    const text = 'Segment failed: the WebGL context was lost';
    expect(h.store.get().message).toEqual({ kind: 'error', text, anchor: 'segment' });
    expect(h.notes).toEqual([['error', 'seglens', text]]);
  });

  it('restarts on WASM after a lost GPU and says so in the Segment failure, which the user sees', async () => {
    const h = await harness();
    await attached(h);
    const started = h.worker.started;
    // The worker's own error for a lost WebGL/WebGPU device (src/worker/errors.ts).
    jest.spyOn(h.predictions, 'get').mockImplementationOnce(() => {
      throw Object.assign(new Error('The GPU device was lost (WebGL context lost).'), {
        name: 'BackendLostError',
      });
    });
    h.controller.segment();
    await h.idle();
    const text =
      'Segment failed: The GPU device was lost (WebGL context lost). Switched to WASM; run it again.';
    expect(h.store.get().message).toEqual({ kind: 'error', text, anchor: 'segment' });
    expect(h.notes).toEqual([['error', 'seglens', text]]);
    // A new worker, started on WASM.
    expect(h.worker.started).toBe(started + 1);
    expect(h.worker.init.at(-1)).toMatchObject({ prefer: 'wasm' });
  });

  it('shows a cancelled Segment under Segment, without a notification', async () => {
    const h = await harness();
    await attached(h);
    h.controller.segment();
    h.controller.cancel();
    await h.idle();
    expect(h.store.get().message).toEqual({
      kind: 'info',
      text: 'Segment: cancelled. Previous results are kept.',
      anchor: 'segment',
    });
    expect(h.notes).toEqual([]);
  });

  it('shows what Draw labels and a failed Fine-tune say under Fine-tune', async () => {
    const h = await harness();
    await attached(h);
    h.controller.startLabelling();
    await h.idle();
    expect(h.store.get().message).toMatchObject({ kind: 'info', anchor: 'fine-tune' });
    expect(h.store.get().message!.text).toMatch(/^Brush active on "Your labels"/);
    // Fine-tune before painting anything: the run finds no labelled slice.
    h.controller.fineTune();
    await h.idle();
    const text = 'Fine-tune hippocampus-rce failed: No labelled slices: draw labels with the brush first';
    expect(h.store.get().message).toEqual({ kind: 'error', text, anchor: 'fine-tune' });
    expect(h.notes).toEqual([['error', 'seglens', text]]);
    h.controller.setFineTune({ baseModelKey: null });
    h.controller.startLabelling();
    expect(h.store.get().message).toEqual({
      kind: 'warning',
      text: 'Choose a base model that fits this series first.',
      anchor: 'fine-tune',
    });
  });

  it('says under Models that a new backend waits for the running task, then starts it', async () => {
    const h = await segmented();
    const before = h.worker.started;
    h.controller.segment();
    h.controller.setBackendChoice({ backend: 'webgl', threads: 'auto' });
    h.controller.setBackendChoice({ backend: 'cpu', threads: 1 });
    expect(h.store.get().message).toEqual({
      kind: 'info',
      text: 'The new backend starts once the current task has finished.',
      anchor: 'models',
    });
    // Not under the running task: the worker is the same until it ends.
    expect(h.worker.started).toBe(before);
    await h.idle();
    for (let i = 0; i < 100 && h.worker.started < before + 1; i++) await new Promise((r) => setTimeout(r, 5));
    // Then once, on the last choice.
    await new Promise((r) => setTimeout(r, 20));
    expect(h.worker.started).toBe(before + 1);
    expect(h.worker.init.at(-1)).toMatchObject({ prefer: 'cpu', threads: 1 });
  });

  it('warns under Compare about reference segments no model class matches', async () => {
    const h = await harness();
    await attached(h);
    h.addReference('Hippocampus labels', blocks(h.volume.dims), [
      'anterior hippocampus',
      'posterior hippocampus',
      'Tumour',
    ]);
    h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
    h.controller.segment();
    await h.idle();
    expect(h.store.get().message).toEqual({
      kind: 'warning',
      text: 'Reference segments not matched to a model class: Tumour',
      anchor: 'compare',
    });
    expect(h.store.get().comparison!.reference).toBe('DICOM SEG: Hippocampus labels');
  });

  it('puts a catalogue that could not load in the banner (no control asked for it) and notifies', async () => {
    const h = await harness();
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = (async () => new Response('not here', { status: 404 })) as typeof fetch;
    try {
      h.controller.attach();
      for (let i = 0; i < 400 && !h.store.get().message; i++) await new Promise((r) => setTimeout(r, 5));
    } finally {
      globalThis.fetch = fetchBefore;
    }
    const text =
      'Could not load the shipped models: HTTP 404 for http://127.0.0.1:3000/_seglens/models/index.json';
    expect(h.store.get().message).toEqual({ kind: 'error', text });
    expect(h.store.get().message).not.toHaveProperty('anchor');
    expect(h.notes).toEqual([['error', 'seglens', text]]);
  });
});

describe("OHIF's notification service", () => {
  const params = (services: Partial<OhifServices>): ExtensionParams => ({
    servicesManager: { services: services as OhifServices },
    commandsManager: { run: () => undefined },
    extensionManager: { getModuleEntry: () => undefined },
  });

  it('shows what the host is told, with its kind', () => {
    const shown: unknown[] = [];
    const host = hostContext(params({ uiNotificationService: { show: (o) => shown.push(o) } }));
    host.notify('error', 'seglens', 'Segment failed: the WebGL context was lost');
    expect(shown).toEqual([
      {
        title: 'seglens',
        message: 'Segment failed: the WebGL context was lost',
        type: 'error',
        duration: 6000,
      },
    ]);
  });

  it('is optional: a host without it is told nothing and nothing throws', () => {
    const host = hostContext(params({}));
    expect(() => host.notify('error', 'seglens', 'Segment failed: out of memory')).not.toThrow();
  });

  it('keeps the panel message when the notification service throws', async () => {
    const h = await harness();
    await attached(h);
    h.host.notify = () => {
      throw new Error('the notification service is not ready');
    };
    h.controller.setBackendChoice({ backend: 'tpu' as 'cpu', threads: 'auto' });
    expect(h.store.get().message).toMatchObject({ kind: 'error', anchor: 'models' });
    expect(console.warn).toHaveBeenCalledWith(
      'seglens: the notification could not be shown',
      expect.objectContaining({ message: 'the notification service is not ready' }),
    );
  });
});
