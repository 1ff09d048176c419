// Segmentation runs: each selected model's labels become a labelmap on the series (read back through the fake
// Cornerstone's image cache), with the run's timings and proportions in the panel, the disagreement of the
// first two models, and visibility and opacity per overlay.
import { readLabels } from '../../src/ohif/labelmap';
import { attached, blocks, harness, modelUrl, segmented } from './fake-host';

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
