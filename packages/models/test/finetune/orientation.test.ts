// fineTune() learns from slices as segment() shows them: the image and labels are re-indexed to the card's
// orientation, and slice indices count along the stored axis the model slices along (modelSliceAxis).
import { reorient, type Volume } from '@seglens/data';
import { prepareSamples } from '../../src/finetune';
import { modelSliceAxis } from '../../src/infer';
import { useWasm } from '../io/fixtures';
import { hippocampusCard, hippocampusCases } from '../train/hippocampus';
import type { TrainingCase } from '../../src/train';

describe('fineTune samples in the model orientation', () => {
  let c: TrainingCase;
  beforeAll(async () => {
    await useWasm();
    [c] = await hippocampusCases(['hippocampus_001']);
  });

  it.each(['LPS', 'SAR', 'IPL'])(
    'prepares slice 20 of the RAS case and of the same case stored %s alike',
    (code) => {
      const card = hippocampusCard(32, 4);
      const input = { ...card.input, orientation: 'RAS' };
      const image = reorient(c.image, code);
      const labels = reorient({ ...c.image, voxels: c.labels.voxels, channels: 1 } as Volume, code);
      const { axis, reversed } = modelSliceAxis(input, image);
      const count = image.dims[axis];
      const slice = reversed ? count - 1 - 20 : 20;
      const expected = prepareSamples([{ image: c.image, labels: c.labels, slices: [20] }], input, 3);
      const got = prepareSamples([{ image, labels, slices: [slice] }], input, 3);
      expect(got.labels).toEqual(expected.labels);
      expect(got.images).toEqual(expected.images);
      // Where the stored slice order runs the other way, stored index 20 is another slice of the anatomy.
      if (reversed) {
        const other = prepareSamples([{ image, labels, slices: [20] }], input, 3);
        expect(other.labels).not.toEqual(expected.labels);
      }
    },
  );
});
