// The loss lens: after a comparison with a reference, each model's terms over the whole volume; scoped to a
// slice, the worker is asked for the slice the viewport shows.
import { attached, blocks, harness } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('loss lens', () => {
  it('computes the whole volume after Segment and the viewed slice when scoped to it', async () => {
    const h = await harness(12);
    await attached(h);
    h.addReference('Hippocampus labels', blocks(h.volume.dims), [
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
    h.controller.segment();
    await h.idle();
    const rce = 'worker:http://127.0.0.1:3000/_seglens/models/hippocampus-rce/';
    const dice = 'worker:http://127.0.0.1:3000/_seglens/models/hippocampus-dice/';
    // The reference the lens gets is the SEG's labels: 10 x 10 x 5 foreground voxels.
    expect(h.worker.lossLens).toEqual([
      { modelKey: dice, slice: undefined, referenceVoxels: 500 },
      { modelKey: rce, slice: undefined, referenceVoxels: 500 },
    ]);
    expect(h.store.get().lossLens).toEqual({
      scope: 'volume',
      slice: null,
      rows: [
        { model: 'hippocampus-dice', loss: 'dice', label: 'Dice', value: 0.25 },
        { model: 'hippocampus-rce', loss: 'dice', label: 'Dice', value: 0.25 },
      ],
    });
    h.controller.setLossLensScope('slice');
    await h.idle();
    expect(h.worker.lossLens.slice(2).map((c) => c.slice)).toEqual([12, 12]);
    expect(h.store.get().lossLens).toMatchObject({ scope: 'slice', slice: 12 });
  });

  it('leaves out a model whose series was too large to keep its probabilities, and says why under the lens', async () => {
    const h = await harness(12);
    await attached(h);
    h.addReference('Hippocampus labels', blocks(h.volume.dims), [
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    const reason = "the lens needs every voxel's probability for each class, 367001600 values (1.4 GiB)";
    h.lensOff.set('hippocampus-rce', reason);
    h.controller.segment();
    await h.idle();
    const s = h.store.get();
    // Both overlays are there; only the Dice model is asked for its lens.
    expect(s.predictions.map((p) => [p.modelName, p.lensOff])).toEqual([
      ['hippocampus-dice', undefined],
      ['hippocampus-rce', reason],
    ]);
    expect(h.worker.lossLens.map((c) => c.modelKey)).toEqual([
      'worker:http://127.0.0.1:3000/_seglens/models/hippocampus-dice/',
    ]);
    expect(s.lossLens?.rows.map((r) => r.model)).toEqual(['hippocampus-dice']);
    expect(s.message).toEqual({ kind: 'warning', text: `hippocampus-rce: ${reason}.`, anchor: 'loss-lens' });
    expect(h.notes).toEqual([]);
  });
});
