// Reference and comparison: with a SEG of the series in OHIF (not one of ours), each model is compared with it
// per class; without one, the models' proportions are shown side by side.
import { attached, blocks, harness } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

async function run(withReference: boolean) {
  const h = await harness();
  await attached(h);
  const refId = withReference
    ? h.addReference('Hippocampus labels', blocks(h.volume.dims), [
        'anterior hippocampus',
        'Posterior Hippocampus',
      ])
    : null;
  h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
  h.predictions.set('hippocampus-dice', blocks(h.volume.dims, 5, 10, 2));
  h.controller.segment();
  await h.idle();
  return { h, refId };
}

describe('reference and comparison', () => {
  it("compares each model with the study's SEG per class and draws the SEG as outlines", async () => {
    const { h, refId } = await run(true);
    const c = h.store.get().comparison!;
    expect(c.reference).toBe('DICOM SEG: Hippocampus labels');
    const dsc = c.rows.map((r) => [r.model, r.className, Number(r.dsc.toFixed(6))]);
    // The Dice model's blocks are shifted by 2 of 10 columns: DSC 2·8/(10+10) = 0.8 for both classes.
    expect(dsc).toEqual([
      ['hippocampus-dice', 'anterior hippocampus', 0.8],
      ['hippocampus-dice', 'posterior hippocampus', 0.8],
      ['hippocampus-rce', 'anterior hippocampus', 1],
      ['hippocampus-rce', 'posterior hippocampus', 1],
    ]);
    expect(c.proportions[0].source).toBe('reference');
    expect(c.proportions[0].values[1]).toBeCloseTo(250 / h.volume.voxels.length, 12);
    const outline = h.styles.find(([spec]) => spec.segmentationId === refId);
    expect(outline?.[1]).toMatchObject({ renderFill: false, renderOutline: true });
  });

  it('without a reference shows each model proportions and no metrics or loss lens', async () => {
    const { h } = await run(false);
    const s = h.store.get();
    expect(s.comparison!.reference).toBeNull();
    expect(s.comparison!.rows).toEqual([]);
    expect(s.comparison!.proportions.map((p) => p.source)).toEqual(['hippocampus-dice', 'hippocampus-rce']);
    expect(s.comparison!.proportions[1].values[2]).toBeCloseTo(250 / h.volume.voxels.length, 12);
    expect(s.lossLens).toBeNull();
    expect(h.worker.lossLens).toEqual([]);
  });
});
