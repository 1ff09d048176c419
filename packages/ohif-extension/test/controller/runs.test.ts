// Segmentation runs: each selected model's labels become a labelmap on the series (read back through the fake
// Cornerstone's image cache), with the run's timings and proportions in the panel, the disagreement of the
// first two models, and visibility and opacity per overlay.
import { SHOW_TOGETHER_MS, SHOW_TOGETHER_WAIT_MS, showTogether } from '../../src/controller/runs';
import { readLabels } from '../../src/ohif/labelmap';
import { attached, blocks, harness, modelUrl, segmented, until, type Harness } from './fake-host';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Attached with the two hippocampus models' labels set, Segment pressed, both models sent to the worker. */
async function pressed(setUp: (h: Harness) => void = () => undefined): Promise<Harness> {
  const h = await harness();
  await attached(h);
  h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
  h.predictions.set('hippocampus-dice', blocks(h.volume.dims, 5, 10, 2));
  setUp(h);
  h.controller.segment();
  await until(() => h.worker.segment.length === 2);
  return h;
}

const shown = (h: Harness) => h.store.get().predictions.map((p) => p.modelName);

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('segmentation runs', () => {
  it('writes each selected model into its own labelmap, in catalogue order, and counts where they disagree', async () => {
    const h = await segmented();
    const s = h.store.get();
    expect(s.message).toBeNull();
    expect(s.predictions.map((p) => [p.modelName, p.loss, p.backend, p.inferenceMs])).toEqual([
      ['hippocampus-dice', 'dice', 'wasm', 40],
      ['hippocampus-rce', 'rce', 'wasm', 40],
    ]);
    const labels = s.predictions.map((p) => readLabels(h.host.target(), p.segmentationId, h.ds).labels);
    expect(labels[0]).toEqual(blocks(h.volume.dims, 5, 10, 2));
    expect(labels[1]).toEqual(blocks(h.volume.dims));
    expect(h.segmentations.get(s.predictions[1].segmentationId)!.label).toBe('hippocampus-rce · RCE(L1)');
    // Blocks 10 wide, shifted by 2: 4 differing columns x 10 rows x 5 slices.
    expect(s.disagreement).toMatchObject({ a: 'hippocampus-dice', b: 'hippocampus-rce', voxels: 200 });
    expect(s.disagreement!.fraction).toBeCloseTo(200 / h.volume.voxels.length, 12);
    // Each model is loaded once, by its preload; the worker sees the model keys of the catalogue.
    expect(h.worker.preload).toEqual([modelUrl('hippocampus-dice'), modelUrl('hippocampus-rce')]);
    expect(h.worker.loadModel).toEqual([]);
  });

  it('keeps the worker busy: every model is loaded up front, the next one is sent before an overlay is drawn', async () => {
    const h = await segmented({ preload: false });
    expect(h.worker.preload).toEqual([]);
    expect(h.worker.order).toEqual([
      'load hippocampus-dice',
      'load hippocampus-rce',
      'segment hippocampus-dice',
      'segment hippocampus-rce',
    ]);
    // Drawing an overlay keeps the page busy; the second model was already in the worker by then.
    expect(h.worker.overlaysAtSegment).toEqual([0, 0]);
    expect(h.store.get().predictions).toHaveLength(2);
  });

  it('hides an overlay class by class and sets its opacity, ignoring an opacity outside 0..1', async () => {
    const h = await segmented();
    const p = h.store.get().predictions[1];
    h.controller.setVisibility(p.key, false);
    expect(h.visibility).toEqual([
      [p.segmentationId, 1, false],
      [p.segmentationId, 2, false],
    ]);
    expect(h.store.get().predictions[1].visible).toBe(false);
    h.controller.setOpacity(p.key, 0.2);
    h.controller.setOpacity(p.key, 1.5);
    expect(h.store.get().predictions[1].opacity).toBe(0.2);
    expect(h.styles.filter(([spec]) => spec.segmentationId === p.segmentationId).map(([, st]) => st)).toEqual(
      [{ fillAlpha: 0.2, fillAlphaInactive: 0.2 }],
    );
  });

  it('shows the disagreement as a labelmap of its own on the first toggle', async () => {
    const h = await segmented();
    h.controller.toggleDisagreement();
    await h.idle();
    const d = h.store.get().disagreement!;
    expect(d.visible).toBe(true);
    const mask = readLabels(h.host.target(), d.segmentationId!, h.ds).labels;
    expect(mask.reduce((n, v) => n + v, 0)).toBe(200);
  });

  it('asks for a model when none is selected and runs nothing', async () => {
    const h = await harness();
    await attached(h);
    for (const m of h.store.get().models.filter((x) => x.selected)) h.controller.toggleModel(m.key);
    h.controller.segment();
    expect(h.store.get().message).toEqual({
      kind: 'warning',
      text: 'Select at least one model that fits this series.',
      anchor: 'segment',
    });
    expect(h.worker.segment).toEqual([]);
  });
});

describe('short models: overlays shown together', () => {
  it.each([
    [0, true],
    [40, true],
    [SHOW_TOGETHER_MS - 1, true],
    [SHOW_TOGETHER_MS, false],
    [2000, false],
  ])('a model that ran %p ms in the model waits for the next: %p', (ms, expected) => {
    expect(showTogether(ms)).toBe(expected);
  });

  it("holds a short model's overlay until the next model's is in, then shows both in catalogue order", async () => {
    let release = (): void => undefined;
    const h = await pressed((x) => (release = x.holdSegment('hippocampus-rce')));
    // The first result (40 ms in the model) is back; its overlay waits for the second.
    await sleep(50);
    expect(shown(h)).toEqual([]);
    expect(h.segmentations.size).toBe(0);
    release();
    await h.idle();
    expect(shown(h)).toEqual(['hippocampus-dice', 'hippocampus-rce']);
    expect(h.store.get().disagreement).toMatchObject({ voxels: 200 });
    expect(h.store.get().message).toBeNull();
  });

  it("shows a long model's overlay at once, while the next model runs", async () => {
    let release = (): void => undefined;
    const h = await pressed((x) => {
      x.inferenceMs.set('hippocampus-dice', SHOW_TOGETHER_MS);
      release = x.holdSegment('hippocampus-rce');
    });
    await until(() => shown(h).length === 1);
    expect(shown(h)).toEqual(['hippocampus-dice']);
    expect(h.store.get().predictions[0].inferenceMs).toBe(SHOW_TOGETHER_MS);
    release();
    await h.idle();
    expect(shown(h)).toEqual(['hippocampus-dice', 'hippocampus-rce']);
  });

  it("shows the running model's slices done in the progress, and the whole task's fraction", async () => {
    let release = (): void => undefined;
    const h = await pressed((x) => (release = x.holdSegment('hippocampus-rce')));
    const slices = h.volume.dims[2];
    const done = Math.floor(slices / 2);
    expect(done).toBeGreaterThan(0);
    // Progress within a stage is shown at most every PROGRESS_INTERVAL_MS: wait for it.
    await until(() => h.store.get().busy?.detail === `slice ${done} of ${slices}`);
    const busy = h.store.get().busy!;
    expect(busy.label).toBe('Segmenting with hippocampus-rce (2 of 2)');
    expect(busy.fraction).toBeCloseTo((1 + done / slices) / 2, 12);
    release();
    await h.idle();
  });

  it('shows a held overlay after the longest wait when the next model is still running', async () => {
    let release = (): void => undefined;
    const h = await pressed((x) => (release = x.holdSegment('hippocampus-rce')));
    await sleep(SHOW_TOGETHER_WAIT_MS / 5);
    expect(shown(h)).toEqual([]);
    await until(() => shown(h).length === 1);
    expect(shown(h)).toEqual(['hippocampus-dice']);
    expect(h.store.get().busy).not.toBeNull();
    release();
    await h.idle();
    expect(shown(h)).toEqual(['hippocampus-dice', 'hippocampus-rce']);
  });

  it('still shows the held overlay when the next model fails, and says which failure', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const h = await pressed((x) =>
      x.segmentErrors.set('hippocampus-rce', new Error('the worker ran out of memory')),
    );
    await h.idle();
    expect(shown(h)).toEqual(['hippocampus-dice']);
    expect(h.store.get().message).toEqual({
      kind: 'error',
      text: 'Segment failed: the worker ran out of memory',
      anchor: 'segment',
    });
  });

  it('still shows the held overlay on a cancel while the next model runs, and keeps it', async () => {
    let release = (): void => undefined;
    const h = await pressed((x) => (release = x.holdSegment('hippocampus-rce')));
    h.controller.cancel();
    release();
    await h.idle();
    expect(shown(h)).toEqual(['hippocampus-dice']);
    const labels = readLabels(h.host.target(), h.store.get().predictions[0].segmentationId, h.ds).labels;
    expect(labels).toEqual(blocks(h.volume.dims, 5, 10, 2));
    expect(h.store.get().message).toMatchObject({ kind: 'info', anchor: 'segment' });
    expect(h.store.get().message!.text).toMatch(/^Segment: cancelled\. Previous results are kept\.$/);
  });
});
