// Training in one orientation: train() records the first training image's orientation in the card (MSD
// NIfTI crops are stored RAS) and re-indexes every case to it, so a dataset mixing storage orders trains on
// the same slices as one stored uniformly.
import { reorient, type Volume } from '@seglens/data';
import { prepareSlices, train, type TrainingCase } from '../../src/train';
import { orientCases, withTrainingOrientation } from '../../src/train/cases';
import { useWasm } from '../io/fixtures';
import { hippocampusCard, hippocampusCases } from './hippocampus';

const stored = (c: TrainingCase, code: string): TrainingCase => ({
  id: c.id,
  image: reorient(c.image, code),
  // Labels lie on the image grid: re-index them with the image's geometry.
  labels: reorient({ ...c.image, voxels: c.labels.voxels, channels: 1 } as Volume, code),
});

describe('training orientation', () => {
  let cases: TrainingCase[];
  beforeAll(async () => {
    await useWasm();
    cases = await hippocampusCases(['hippocampus_001', 'hippocampus_003']);
  });

  it('takes the orientation of the first training image unless the card names one', () => {
    const card = hippocampusCard(32, 4);
    expect(card.input.orientation).toBeUndefined();
    expect(withTrainingOrientation(card, cases[0].image).input.orientation).toBe('RAS');
    expect(withTrainingOrientation(card, stored(cases[0], 'PIL').image).input.orientation).toBe('PIL');
    const named = { ...card, input: { ...card.input, orientation: 'LPS' } };
    expect(withTrainingOrientation(named, cases[0].image).input.orientation).toBe('LPS');
  });

  it('slices a mixed-orientation dataset exactly as the same dataset stored one way', () => {
    const input = withTrainingOrientation(hippocampusCard(32, 4), cases[0].image).input;
    const uniform = prepareSlices(orientCases(cases, input), input);
    const mixed = prepareSlices(orientCases([cases[0], stored(cases[1], 'SPL')], input), input);
    expect(mixed.count).toBe(uniform.count);
    expect(Array.from(mixed.sliceOf)).toEqual(Array.from(uniform.sliceOf));
    expect(mixed.labels).toEqual(uniform.labels);
    expect(mixed.images).toEqual(uniform.images);
    // Without re-indexing, the SPL case would be sliced along its stored k (left-right): other slices.
    expect(prepareSlices([cases[0], stored(cases[1], 'SPL')], input).count).not.toBe(uniform.count);
  });

  it('records the orientation in the trained card', async () => {
    const result = await train({
      card: hippocampusCard(32, 4),
      train: [stored(cases[0], 'LPS'), cases[1]],
      loss: 'crossEntropy',
      epochs: 1,
      batchSize: 8,
    });
    try {
      expect(result.model.card.input.orientation).toBe('LPS');
    } finally {
      result.model.net.dispose();
    }
  });
});
