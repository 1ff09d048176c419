// Whole-volume inference: re-index the volume to the model's training orientation, normalise as the card
// says, cut the volume into slices along the model's axis, fit each batch to the model's input, predict, bring
// per-class probabilities back to the slice's own size, take the argmax, put the slices back, and re-index the
// result to the input's storage order, so the label volume lies exactly on the input's grid.
import * as tf from '@tensorflow/tfjs-core';
import { createVolume, type Volume } from '@seglens/data';
import { normalizeVoxels } from '../card';
import type { SeglensModel } from '../io';
import { throwIfAborted, yieldAndCheck } from './abort';
import { fitImages, unfitScores } from './fit';
import { fromModelOrientation, toModelOrientation } from './orientation';
import { gatherSlices, scatterSlices, sliceLayout } from './slices';

export interface SegmentProgress {
  /** Slices done and in all. */
  slicesDone: number;
  slices: number;
}

export interface SegmentOptions {
  /** Slices per forward pass. Default 8. */
  batchSize?: number;
  /** Also return per-class probabilities (a float32 Volume with one channel per class). Default false. */
  probabilities?: boolean;
  onProgress?: (progress: SegmentProgress) => void;
  signal?: AbortSignal;
}

export interface SegmentResult {
  /**
   * Class index per voxel (uint8), same dims, spacing, origin, direction and DICOM source as the input, in the
   * input's storage order whatever orientation the model works in.
   */
  labels: Volume;
  /** Softmax probabilities, `classes` channels per voxel, when asked for. */
  probabilities?: Volume;
}

/** The same-grid Volume for new voxels, keeping every piece of the input's geometry and DICOM identity. */
function alignedVolume(like: Volume, voxels: Uint8Array | Float32Array, channels: number): Volume {
  return createVolume({
    voxels,
    dims: [...like.dims],
    spacing: [...like.spacing],
    origin: [...like.origin],
    direction: [...like.direction],
    channels,
    dicom: like.dicom,
  });
}

export async function segment(
  model: SeglensModel,
  volume: Volume,
  options: SegmentOptions = {},
): Promise<SegmentResult> {
  const { card, net } = model;
  const input = card.input;
  const classes = card.classes.length;
  if (!volume || !volume.voxels || !Array.isArray(volume.dims))
    throw new Error('segment: volume must be a Volume');
  if (volume.channels !== input.channels) {
    throw new Error(
      `segment: the model '${card.name}' takes ${input.channels}-channel images but the volume has ${volume.channels} channel(s)`,
    );
  }
  if (classes > 256) throw new Error(`segment: ${classes} classes do not fit a uint8 label map`);
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`segment: batchSize must be a positive integer, got ${batchSize}`);
  throwIfAborted(options.signal, 'segment');
  // The model sees the volume in its training orientation; `oriented` is `volume` when that is its order.
  const oriented = toModelOrientation(input, volume, 'segment');
  const layout = sliceLayout(oriented.dims, input.sliceAxis);
  const normalized = normalizeVoxels(oriented.voxels, input.channels, input.normalization);
  const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
  const labels = new Uint8Array(voxels);
  const probabilities = options.probabilities ? new Float32Array(voxels * classes) : undefined;
  const { height, width, count } = layout;
  const buffer = new Float32Array(batchSize * height * width * input.channels);
  for (let start = 0; start < count; start += batchSize) {
    await yieldAndCheck(options.signal, 'segment'); // a macrotask per batch lets Ctrl-C abort it
    const indices = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const n = indices.length;
    const images = gatherSlices(
      normalized,
      input.channels,
      layout,
      indices,
      buffer.subarray(0, n * height * width * input.channels),
    );
    const [argmax, probs] = tf.tidy(() => {
      const x = tf.tensor4d(images, [n, height, width, input.channels]);
      const logits = net.predict(fitImages(x, input.size, input.fit)) as tf.Tensor4D;
      const scores = unfitScores(tf.softmax(logits), [height, width], input.fit);
      return [tf.argMax(scores, -1), probabilities ? scores : null] as const;
    });
    try {
      scatterSlices(await argmax.data(), 1, layout, indices, labels);
      if (probabilities && probs) scatterSlices(await probs.data(), classes, layout, indices, probabilities);
    } finally {
      tf.dispose([argmax, probs ?? []]);
    }
    options.onProgress?.({ slicesDone: start + n, slices: count });
  }
  return {
    labels: alignedVolume(volume, fromModelOrientation(labels, 1, oriented, volume), 1),
    ...(probabilities
      ? {
          probabilities: alignedVolume(
            volume,
            fromModelOrientation(probabilities, classes, oriented, volume),
            classes,
          ),
        }
      : {}),
  };
}
