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
});
