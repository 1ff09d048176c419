// Reference and comparison: with a SEG of the series in OHIF (not one of ours), each model is compared with it
// per class; without one, the models' proportions are shown side by side.
import { attached, blocks, harness, until } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

async function run(
  withReference: boolean,
  options: { spacingUnknown?: boolean; segments?: string[]; reference?: (dims: number[]) => Uint8Array } = {},
) {
  const h = await harness(7, options);
  await attached(h);
  const refId = withReference
    ? h.addReference(
        'Hippocampus labels',
        (options.reference ?? blocks)(h.volume.dims),
        options.segments ?? ['anterior hippocampus', 'Posterior Hippocampus'],
      )
    : null;
  h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
  h.predictions.set('hippocampus-dice', blocks(h.volume.dims, 5, 10, 2));
  h.controller.segment();
  await h.idle();
  return { h, refId };
}

describe('reference and comparison', () => {
  it("says the study's SEG is loading while OHIF loads it on opening the series, then names it as the reference", async () => {
    const h = await harness(7);
    const release = h.addSegDisplaySet('Hippocampus labels', blocks(h.volume.dims), [
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    await attached(h);
    expect(h.store.get().referenceLoading).toBe('DICOM SEG: Hippocampus labels');
    expect(h.store.get().comparison).toBeNull();
    release();
    await until(() => h.store.get().referenceLoading === null);
    expect(h.store.get().comparison?.reference).toBe('DICOM SEG: Hippocampus labels');
    expect(h.store.get().comparison?.proportions[0].values[1]).toBeCloseTo(250 / h.volume.voxels.length, 12);
  });

  it('says nothing is loading for a series without a SEG', async () => {
    const h = await harness(7);
    await attached(h);
    expect(h.store.get().series).not.toBeNull();
    expect(h.store.get().referenceLoading).toBeNull();
  });

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
    // Computed in the worker, once per run, both models against the SEG's 500 labelled voxels.
    expect(h.worker.compare).toEqual([
      { models: ['hippocampus-dice', 'hippocampus-rce'], referenceVoxels: 500 },
    ]);
    const outline = h.styles.find(([spec]) => spec.segmentationId === refId);
    expect(outline?.[1]).toMatchObject({ renderFill: false, renderOutline: true });
  });

  it('measures distances in the series unit: voxels for slices without PixelSpacing, never a false mm', async () => {
    const dice = async (spacingUnknown: boolean) => {
      const { h } = await run(true, { spacingUnknown });
      const c = h.store.get().comparison!;
      return { unit: c.distanceUnit, row: c.rows.find((r) => r.model === 'hippocampus-dice')! };
    };
    const mm = await dice(false);
    const voxels = await dice(true);
    expect([mm.unit, voxels.unit]).toEqual(['mm', 'voxels']);
    // The Dice model's blocks are 2 columns off the reference: HD95 2. This series' voxels are 1 mm, so the
    // numbers are the same either way (NSD at 1 mm and at 1 voxel alike): only the unit says what they are.
    expect([mm.row.hd95, voxels.row.hd95]).toEqual([2, 2]);
    expect(voxels.row.nsd).toBe(mm.row.nsd);
    expect(mm.row.nsd).toBeGreaterThan(0);
    expect(mm.row.nsd).toBeLessThan(1);
  });

  it('scores only the classes a SEG of some of them labels, says which are not scored, and shows no loss lens', async () => {
    // A SEG of the anterior hippocampus alone (segment 1 of the blocks; the posterior half left unlabelled).
    const anteriorOnly = (dims: number[]) => blocks(dims).map((v) => (v === 1 ? 1 : 0));
    const { h } = await run(true, { segments: ['anterior hippocampus'], reference: anteriorOnly });
    const s = h.store.get();
    const c = s.comparison!;
    expect(c.rows.map((r) => [r.model, r.className, Number(r.dsc.toFixed(6))])).toEqual([
      ['hippocampus-dice', 'anterior hippocampus', 0.8],
      ['hippocampus-rce', 'anterior hippocampus', 1],
    ]);
    expect(c.unscored).toEqual(['posterior hippocampus']);
    expect(c.proportions[0].values[1]).toBeCloseTo(250 / h.volume.voxels.length, 12);
    expect(c.proportions[0].values[2]).toBeNaN();
    // Each model's posterior proportion is still drawn: only the reference has none.
    expect(c.proportions[2].values[2]).toBeCloseTo(250 / h.volume.voxels.length, 12);
    expect(s.lossLens).toBeNull();
    expect(h.worker.lossLens).toEqual([]);
    expect(s.message).toEqual({
      kind: 'info',
      text: 'Loss lens: off. The reference leaves 1 of the classes unlabelled (see Compare), and a loss would count them as background.',
      anchor: 'loss-lens',
    });
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
    // Nothing to score: no comparison asked of the worker.
    expect(h.worker.compare).toEqual([]);
  });
});
