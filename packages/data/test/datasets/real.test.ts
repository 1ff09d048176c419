// Real-data facts checked with numpy/Pillow: hippocampus has 208 volumes, 7425 k-slices and class totals
// [12356293, 354264, 327677]; PolypGen masks are 0/255 and the first 40 training masks (sorted by name) hold the
// foreground pixel counts given below.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadHippocampusDataset,
  loadPolypDataset,
  resolveDataDir,
  type SegmentationDataset,
} from '../../src';

describe('hippocampus dataset', () => {
  let ds: SegmentationDataset;
  beforeAll(async () => {
    ds = await loadHippocampusDataset();
  });

  it('splits the 208 volumes by case, 166 / 42 with seed 0', () => {
    const files = readdirSync(join(resolveDataDir(), 'msd-hippocampus', 'images')).sort();
    const { split } = ds.card;
    expect(split.train).toHaveLength(166);
    expect(split.validation).toHaveLength(42);
    expect([...split.train, ...split.validation].sort()).toEqual(files);
    expect(ds.train.caseIds).toEqual(split.train);
    expect(ds.card).toMatchObject({
      classNames: ['background', 'anterior hippocampus', 'posterior hippocampus'],
      inputShape: [64, 64, 1],
      fit: 'pad',
      axis: 2,
      normalization: { method: 'percentile', scope: 'case', lowPercentile: 0.5, highPercentile: 99.5 },
    });
  });

  it('keeps every slice and every labelled voxel (numpy totals; padding adds background)', () => {
    expect(ds.train.sampleCount + ds.validation.sampleCount).toBe(7425);
    const train = ds.train.classVoxelCounts(3);
    const validation = ds.validation.classVoxelCounts(3);
    const fg = [354264, 327677];
    expect(train.map((n, c) => n + validation[c])).toEqual([7425 * 64 * 64 - fg[0] - fg[1], ...fg]);
  });

  it('padding to 64x64 loses no label: validation batches hold exactly the validation voxel counts', () => {
    const counts = [0, 0, 0];
    let samples = 0;
    for (const batch of ds.validation.batches({ batchSize: 256 })) {
      expect(batch.shape.slice(1)).toEqual([64, 64, 1]);
      samples += batch.shape[0];
      for (const v of batch.labels) counts[v]++;
    }
    expect(samples).toBe(ds.validation.sampleCount);
    const expected = ds.validation.classVoxelCounts(3);
    expect(counts).toEqual(expected);
  });

  it('normalises each volume to [0, 1] between its 0.5 and 99.5 percentiles', () => {
    const [batch] = ds.train.batches({ batchSize: 64 });
    let min = Infinity;
    let max = -Infinity;
    for (const v of batch.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });
});

describe('polyp dataset (first 40 training and 40 validation pairs)', () => {
  it('loads RGB frames with binary masks, given split and per-channel z-score from the training frames', async () => {
    const ds = await loadPolypDataset({ limit: 40, size: [128, 128] });
    expect(ds.card.inputShape).toEqual([128, 128, 3]);
    expect(ds.card.split).toMatchObject({ method: 'given' });
    expect(ds.card.split.train).toHaveLength(40);
    expect(ds.card.samples).toEqual({ train: 40, validation: 40 });
    const n = ds.card.normalization;
    if (n.method !== 'zscore' || n.scope !== 'dataset') throw new Error('expected a dataset z-score');
    // Pillow on the same 40 training JPEGs: channel means 134.974, 94.732, 71.139 (jpeg-js differs by < 0.5).
    expect(n.mean[0]).toBeCloseTo(134.974, 0);
    expect(n.mean[1]).toBeCloseTo(94.732, 0);
    expect(n.mean[2]).toBeCloseTo(71.139, 0);
    // Pillow: 76148 foreground pixels in those 40 masks at 256x256, and 19073 after a NEAREST resize to 128x128.
    expect(ds.train.classVoxelCounts(2)).toEqual([40 * 128 * 128 - 19073, 19073]);
    const [batch] = ds.train.batches({ batchSize: 8, augment: true, shuffle: true, seed: 4 });
    expect(batch.shape).toEqual([8, 128, 128, 3]);
    expect(new Set(batch.labels)).toEqual(new Set([0, 1]));
  });
});
