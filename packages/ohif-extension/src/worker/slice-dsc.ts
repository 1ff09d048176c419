// Mean foreground DSC of a model on the labelled pixels of a few slices, without segmenting the whole volume:
// the volume is normalised whole (as segment() does, so the numbers are those of a full segmentation), the
// chosen slices are stacked into a small volume along axis 2, and the model runs on that stack with its
// normalisation switched off (already applied). Each slice is predicted on its own, so the labels equal
// those slices of a full segment(). The stack is cut from the volume re-indexed to the model's orientation,
// as segment() would show it; `slices` count along the stored axis the model slices along (modelSliceAxis).
// A model that sees context slices gets each chosen slice with its neighbours from the volume as channels,
// so the stack needs no neighbours of its own.
import { createVolume, type Volume } from '@seglens/data';
import { confusionCounts, dice } from '@seglens/metrics';
import {
  gatherSlices,
  modelSliceAxis,
  networkChannels,
  normalizeVoxels,
  segment,
  sliceLayout,
  toModelOrientation,
  type SeglensModel,
} from '@seglens/models';
import { IGNORE } from './loss-lens';

export interface SliceStack {
  /** The normalised slices as a volume [width, height, slices]. */
  volume: Volume;
  /** The reference labels of those slices in the same layout (255 = unlabelled). */
  labels: Uint8Array;
}

export function sliceStack(
  model: SeglensModel,
  image: Volume,
  labels: Uint8Array,
  slices: readonly number[],
): SliceStack {
  const { input } = model.card;
  const { reversed } = modelSliceAxis(input, image);
  const oriented = toModelOrientation(input, image, 'sliceStack');
  const orientedLabels =
    oriented === image
      ? labels
      : toModelOrientation(input, { ...image, voxels: labels, channels: 1 }, 'sliceStack').voxels;
  const layout = sliceLayout(oriented.dims, input.sliceAxis);
  const modelSlices = reversed ? slices.map((s) => layout.count - 1 - s) : slices;
  const normalized = normalizeVoxels(oriented.voxels, input.channels, input.normalization);
  const n = slices.length;
  const seen = networkChannels(input);
  const voxels = gatherSlices(
    normalized,
    input.channels,
    layout,
    modelSlices,
    new Float32Array(n * layout.height * layout.width * seen),
    input.contextSlices ?? 0,
  );
  const stackLabels = gatherSlices(
    orientedLabels,
    1,
    layout,
    modelSlices,
    new Uint8Array(n * layout.height * layout.width),
  );
  return {
    volume: createVolume({ voxels, dims: [layout.width, layout.height, n], channels: seen }),
    labels: stackLabels,
  };
}

/**
 * The model with its input normalisation off, slicing along axis 2 and taking the stack as stored (it is cut
 * in the model's orientation already, each slice with its context slices as channels), for a stack from
 * sliceStack().
 */
function stackModel(model: SeglensModel): SeglensModel {
  const input = {
    ...model.card.input,
    channels: networkChannels(model.card.input),
    sliceAxis: 2 as const,
    normalization: { kind: 'none' as const },
  };
  delete input.orientation;
  delete input.contextSlices;
  return { net: model.net, card: { ...model.card, input } };
}

/** Mean over the foreground classes of the DSC on the labelled pixels of the stack (metrics' empty-set rules). */
export async function stackDsc(
  model: SeglensModel,
  stack: SliceStack,
  signal?: AbortSignal,
): Promise<number> {
  const { labels: predicted } = await segment(stackModel(model), stack.volume, { signal });
  const classes = model.card.classes.length;
  const counts = confusionCounts(predicted.voxels as Uint8Array, stack.labels, {
    numClasses: classes,
    ignoreIndex: IGNORE,
  });
  let sum = 0;
  for (let k = 1; k < classes; k++) sum += dice(counts[k]);
  return sum / (classes - 1);
}
