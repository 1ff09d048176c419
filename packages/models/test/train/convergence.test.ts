// A real training run: four MSD hippocampus cases, all 142 axial slices resized to 32x32, a small U-Net
// (depth 3, 8 base filters), DiceCE, 8 epochs on wasm. The loss must fall and both structures must be
// segmented on the training cases well above what an untrained network does.
import { confusionCounts, dice } from '@seglens/metrics';
import { segment } from '../../src/infer';
import { train, type TrainProgress } from '../../src/train';
import { createUNet } from '../../src/unet';
import { useWasm } from '../io/fixtures';
import { hippocampusCard, hippocampusCases, HIPPOCAMPUS_IDS } from './hippocampus';

describe('training on real hippocampus slices', () => {
  beforeAll(useWasm);

  it('lowers the loss and learns both structures', async () => {
    const cases = await hippocampusCases(HIPPOCAMPUS_IDS.slice(0, 4));
    const card = hippocampusCard();
    // The baseline: an untrained network of the same architecture and seed.
    const untrained = await segment(
      { net: createUNet({ ...card.architecture, seed: 1 }), card },
      cases[0].image,
    );
    const untrainedDsc = [1, 2].map((k) =>
      dice(confusionCounts(untrained.labels.voxels, cases[0].labels.voxels, { numClasses: 3 })[k]),
    );
    const epochs: Extract<TrainProgress, { type: 'epoch' }>[] = [];
    const result = await train({
      card,
      train: cases,
      validation: cases,
      dataset: { name: 'msd-hippocampus', split: 'test subset' },
      batchSize: 4,
      loss: { name: 'diceCE', options: { lambda: 1 } },
      epochs: 8,
      learningRate: 5e-3,
      seed: 1,
      onProgress: (e) => e.type === 'epoch' && epochs.push(e),
    });
    const losses = epochs.map((e) => e.trainLoss);
    expect(losses[losses.length - 1]).toBeLessThan(0.3 * losses[0]);
    const last = epochs[epochs.length - 1].validation!;
    expect(last.perClass.map((k) => k.name)).toEqual(['anterior', 'posterior']);
    for (const k of last.perClass) expect(k.dsc).toBeGreaterThan(0.7);
    // Independently of the validation code: segment() on a training case, DSC from confusion counts.
    const { labels } = await segment(result.model, cases[0].image);
    const counts = confusionCounts(labels.voxels, cases[0].labels.voxels, { numClasses: 3 });
    const trained = [1, 2].map((k) => dice(counts[k]));
    for (const d of trained) expect(d).toBeGreaterThan(0.7);
    for (const d of untrainedDsc) expect(d).toBeLessThan(0.25);
    // The card records the run.
    const t = result.model.card.training!;
    expect(t.loss).toEqual({
      name: 'diceCE',
      options: { lambda: 1, smooth: 0, includeBackground: true, ignoreIndex: 255 },
    });
    expect(t.dataset).toEqual({
      name: 'msd-hippocampus',
      split: 'test subset',
      trainCases: HIPPOCAMPUS_IDS.slice(0, 4),
      validationCases: HIPPOCAMPUS_IDS.slice(0, 4),
    });
    expect(t).toMatchObject({
      epochs: 8,
      seed: 1,
      batchSize: 4,
      backend: 'wasm',
      selectBy: 'meanForegroundDsc',
      optimizer: { name: 'adam', learningRate: 5e-3 },
    });
    expect(t.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.bestEpoch).toBe(result.bestEpoch);
    const bestDsc = Math.max(...epochs.map((e) => e.validation!.meanForegroundDsc));
    expect(result.model.card.validation!.meanForegroundDsc).toBe(bestDsc);
    result.model.net.dispose();
  });
});
