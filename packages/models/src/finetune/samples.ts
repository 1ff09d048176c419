// Fine-tuning samples (labelled slices of a volume, or single 2D slices as typed arrays) turned into
// model-sized tensors data, normalised exactly as segment() normalises the same volume.
import * as tf from '@tensorflow/tfjs-core';
import type { Volume } from '@seglens/data';
import { networkChannels, normalizeVoxels, type InputSpec, type NumericArray } from '../card';
import {
  fitImages,
  fitLabels,
  gatherSlices,
  modelSliceAxis,
  sliceLayout,
  toModelOrientation,
  type SliceLayout,
} from '../infer';
import { labelsToModelOrientation } from '../infer/orientation';

/** Label value for pixels nobody labelled: left out of the loss (the losses' default ignoreIndex). */
export const UNLABELLED = 255;

export type FineTuneSample =
  /**
   * Slices `slices` of a volume and its label volume (on the image's grid). The indices count along the
   * image's own axis that the model slices along, as stored: modelSliceAxis(card.input, image).axis, which is
   * card.input.sliceAxis for volumes stored in the card's orientation. Both volumes are re-indexed to the
   * card's orientation, as segment() does, so the model learns from what it will be shown.
   */
  | { image: Volume; labels: Volume; slices: readonly number[] }
  /**
   * One 2D slice, rows of `width` pixels (channels interleaved), and its label map, as the model sees it (it
   * carries no geometry, so it is not re-indexed: take it from a volume in the card's orientation). Not for
   * models that see context slices: they need the slice's neighbours, so give a volume.
   */
  | { image: NumericArray; labels: NumericArray; width: number; height: number };

export interface PreparedSamples {
  count: number;
  images: Float32Array;
  labels: Int32Array;
}

function checkLabels(values: ArrayLike<number>, classes: number, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v === UNLABELLED || (Number.isInteger(v) && v >= 0 && v < classes))) {
      throw new Error(
        `${what} has label value ${v} at index ${i}; labels must be 0..${classes - 1} or ${UNLABELLED} (unlabelled)`,
      );
    }
  }
}

function fitted(
  raw: Float32Array,
  rawLabels: Float32Array,
  n: number,
  layout: SliceLayout,
  input: InputSpec,
): [Float32Array, Int32Array] {
  return tf.tidy(() => {
    const x = fitImages(
      tf.tensor4d(raw, [n, layout.height, layout.width, networkChannels(input)]),
      input.size,
      input.fit,
    );
    const y = fitLabels(
      tf.tensor3d(rawLabels, [n, layout.height, layout.width], 'int32'),
      input.size,
      input.fit,
    );
    return [x.dataSync() as Float32Array, y.dataSync() as Int32Array];
  });
}

export function prepareSamples(
  samples: readonly FineTuneSample[],
  input: InputSpec,
  classes: number,
): PreparedSamples {
  if (!Array.isArray(samples) || samples.length === 0)
    throw new Error('fineTune: samples must be a non-empty array');
  const images: Float32Array[] = [];
  const labels: Int32Array[] = [];
  samples.forEach((sample, i) => {
    const what = `fineTune: samples[${i}]`;
    if ('slices' in sample) {
      const { image, labels: label, slices } = sample;
      if (!image?.dims || !label?.dims) throw new Error(`${what} needs image and labels Volumes`);
      if (image.channels !== input.channels)
        throw new Error(
          `${what}.image has ${image.channels} channel(s) but the model takes ${input.channels}`,
        );
      if (label.channels !== 1 || label.dims.join() !== image.dims.join())
        throw new Error(
          `${what}.labels must be one channel with the image's dims [${image.dims}], got [${label.dims}] x ${label.channels}`,
        );
      if (!Array.isArray(slices) || slices.length === 0)
        throw new Error(`${what}.slices must list at least one slice index`);
      const { reversed } = modelSliceAxis(input, image);
      const oriented = toModelOrientation(input, image, what);
      // The labels lie on the image's grid: re-index them exactly as the image.
      const orientedLabels = labelsToModelOrientation(input, image, oriented, label, what);
      const layout = sliceLayout(oriented.dims, input.sliceAxis);
      for (const s of slices)
        if (!Number.isInteger(s) || s < 0 || s >= layout.count)
          throw new Error(`${what}.slices has ${s}, outside 0..${layout.count - 1}`);
      const modelSlices = reversed ? slices.map((s) => layout.count - 1 - s) : slices;
      const rawLabels = gatherSlices(
        orientedLabels.voxels,
        1,
        layout,
        modelSlices,
        new Float32Array(slices.length * layout.height * layout.width),
      );
      checkLabels(rawLabels, classes, `${what}.labels`);
      const normalized = normalizeVoxels(oriented.voxels, input.channels, input.normalization);
      // Each slice with the neighbours a 2.5-D model sees (contextSlices), as segment() gives them.
      const raw = gatherSlices(
        normalized,
        input.channels,
        layout,
        modelSlices,
        new Float32Array(slices.length * layout.height * layout.width * networkChannels(input)),
        input.contextSlices ?? 0,
      );
      const [x, y] = fitted(raw, rawLabels, slices.length, layout, input);
      images.push(x);
      labels.push(y);
    } else {
      const { image, labels: label, width, height } = sample;
      if ((input.contextSlices ?? 0) > 0)
        throw new Error(
          `${what} is a single 2D slice, but the model sees ${input.contextSlices} neighbouring slice(s) on each side: give a volume sample ({ image, labels, slices })`,
        );
      if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
        throw new Error(`${what}: width and height must be positive integers, got ${width} x ${height}`);
      if (image?.length !== width * height * input.channels)
        throw new Error(
          `${what}.image has ${image?.length} values but ${width} x ${height} x ${input.channels} channel(s) need ${width * height * input.channels}`,
        );
      if (label?.length !== width * height)
        throw new Error(
          `${what}.labels has ${label?.length} values but ${width} x ${height} needs ${width * height}`,
        );
      checkLabels(label, classes, `${what}.labels`);
      const layout = sliceLayout([width, height, 1], 2);
      const normalized = normalizeVoxels(image, input.channels, input.normalization);
      const [x, y] = fitted(normalized, Float32Array.from(label), 1, layout, input);
      images.push(x);
      labels.push(y);
    }
  });
  const concat = <T extends Float32Array | Int32Array>(parts: T[], make: (n: number) => T): T => {
    const out = make(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const [H, W] = input.size;
  const imagesAll = concat(images, (n) => new Float32Array(n));
  return {
    count: imagesAll.length / (H * W * networkChannels(input)),
    images: imagesAll,
    labels: concat(labels, (n) => new Int32Array(n)),
  };
}
