// The fine-tune panel's DSC before and after is computed on a stack of the labelled slices only (sliceStack +
// stackDsc); it must equal the DSC of a full segment() on those slices. For a model that sees context slices
// the stack carries each slice's neighbours from the whole volume, not the other stacked slices.
import { initializers, layers, sequential } from '@tensorflow/tfjs-layers';
import { confusionCounts, dice } from '@seglens/metrics';
import { createModelCard, segment, selectBackend, type SeglensModel } from '@seglens/models';
import { fineTuneLabels, labelledSlices } from '../../src/analysis';
import { sliceStack, stackDsc } from '../../src/worker/slice-dsc';
import { hippocampusCase } from './harness';

/** A seeded 3×3 convolution over 2k + 1 slices to the three hippocampus classes, on the card's percentiles. */
function contextModel(contextSlices: number): SeglensModel {
  const channels = 2 * contextSlices + 1;
  const net = sequential({
    layers: [
      layers.conv2d({
        inputShape: [null, null, channels],
        filters: 3,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: initializers.randomNormal({ mean: 0, stddev: 1, seed: 7 }),
        biasInitializer: initializers.constant({ value: -0.2 }),
      }),
    ],
  });
  const card = createModelCard({
    name: `context-${contextSlices}`,
    task: 'hippocampus',
    modality: 'MR',
    classNames: ['background', 'anterior', 'posterior'],
    input: {
      channels: 1,
      size: [64, 64],
      orientation: 'RAS',
      sliceAxis: 2,
      fit: 'pad',
      normalization: { kind: 'percentile', lower: 0.5, upper: 99.5 },
      ...(contextSlices > 0 ? { contextSlices } : {}),
    },
    architecture: { inputChannels: channels, classes: 3, depth: 2, baseFilters: 4 },
  });
  return { net: net as unknown as SeglensModel['net'], card };
}

describe('sliceStack + stackDsc', () => {
  beforeAll(async () => {
    await selectBackend({ force: 'wasm', threads: 1 });
  });

  it.each([0, 1, 2])(
    'equal the DSC of a full segmentation on the labelled slices (context slices %i)',
    async (k) => {
      const { image, labels } = await hippocampusCase();
      const all = labelledSlices(labels.voxels, image.dims, 2);
      // Three slices apart from each other, so a stack that took its neighbours from itself would differ.
      const slices = [all[1], all[Math.floor(all.length / 2)], all[all.length - 2]];
      const reference = fineTuneLabels(labels.voxels, image.dims, 2, slices);
      const model = contextModel(k);
      const full = (await segment(model, image)).labels.voxels as Uint8Array;
      const counts = confusionCounts(full, reference, { numClasses: 3, ignoreIndex: 255 });
      const expected = (dice(counts[1]) + dice(counts[2])) / 2;
      const stack = sliceStack(model, image, reference, slices);
      expect(stack.volume.channels).toBe(2 * k + 1);
      expect(stack.volume.dims).toEqual([image.dims[0], image.dims[1], 3]);
      const got = await stackDsc(model, stack);
      expect(got).toBe(expected);
      expect(got).toBeGreaterThan(0);
      model.net.dispose();
    },
  );
});
