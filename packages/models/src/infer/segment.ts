// Whole-volume inference: normalise as the card says, cut the volume into the slices the model sees in its
// training orientation, fit each batch to the model's input, predict, bring per-class probabilities back to
// the slice's own size, take the argmax, and put the slices back where they are stored, so the label volume
// lies exactly on the input's grid. The slices are walked in the stored voxels (modelSliceLayout) and normalised
// as they are gathered into the batch, so the input is never copied whole and nothing is re-indexed. The batch
// loop allocates one input tensor per batch and nothing per slice; on wasm the results are read where the
// backend holds them.
// The network runs with batch norm folded into its convolutions (foldBatchNorm): the same labels in about two
// thirds of the time on wasm. Per-voxel probabilities come either now (`probabilities`) or later from the scores
// kept at the model's input size (`modelScores`, expanded by expandScores in model-scores.ts).
import * as tf from '@tensorflow/tfjs-core';
import { createVolume, type Volume } from '@seglens/data';
import { networkChannels, normalizationCoefficients } from '../card';
import type { SeglensModel } from '../io';
import { throwIfAborted, yieldAndCheck } from './abort';
import { fitImages, unfitScores } from './fit';
import { foldBatchNorm, type ConvolutionAlgorithm, type FoldedNet } from './folded-net';
import { modelSliceLayout } from './orientation';
import { gatherNormalizedOnHeap, scatterLabelsOnHeap } from './heap-slices';
import { withValues } from './read-back';
import { gatherNormalizedSliceRange, scatterScoreRange, scatterSliceRange } from './slices';
import type { ModelScores } from './model-scores';

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
  /**
   * Also return the softmax scores at the model's input size (`modelScores`), from which `expandScores` makes the
   * same probabilities later, only if they are read (the viewer's loss lens): for a 512x512 CT and a 128x128
   * input, 16 times fewer values to keep. Default false.
   */
  modelScores?: boolean;
  /**
   * With `modelScores`: an array to write them into instead of a fresh one, when it holds at least as many values
   * (its first part becomes `modelScores.values`; otherwise a fresh array is made). For callers that segment again
   * and again (the viewer's worker, with the array of the model's run before): a fresh array's memory is given to the
   * process page by page as it is first written (about 13 µs per 4 KB here, a scratch measurement of session 46: 5-8 ms
   * per cardiac series of 10 slices; packages/models README, "Scores written into memory already in use").
   */
  modelScoresInto?: Float32Array;
  /**
   * A fold of `model.net` (foldBatchNorm) to use instead of folding afresh, for callers that segment with one
   * model many times. Used only while `isCurrent()`; a stale fold (the weights were trained since) is ignored and
   * the call folds for itself. The caller keeps and disposes it. Default: fold for this call.
   */
  folded?: FoldedNet;
  /**
   * How the 3×3 convolutions run on wasm when this call folds (a kept `folded` has its own): `'winograd4'` (about
   * 0.5× the time of the direct convolutions), `'winograd'` (about 0.65×) or `'direct'` (TF.js's results to the
   * bit). See ConvolutionAlgorithm. Default: setDefaultConvolution's, 'winograd4' unless set.
   */
  convolution?: ConvolutionAlgorithm;
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
  /** Softmax scores at the model's input size, when asked for (see expandScores). */
  modelScores?: ModelScores;
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
    spacingUnknown: like.spacingUnknown,
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
  if (options.folded !== undefined && options.folded.source !== net)
    throw new Error(`segment: options.folded was folded from another network than the model '${card.name}'`);
  throwIfAborted(options.signal, 'segment');
  const layout = modelSliceLayout(input, volume, 'segment');
  // The normalisation's statistics come from the whole volume; it is applied slice by slice as they are gathered.
  const coefficients = normalizationCoefficients(volume.voxels, input.channels, input.normalization);
  const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
  const labels = new Uint8Array(voxels);
  const probabilities = options.probabilities ? new Float32Array(voxels * classes) : undefined;
  const { height, width, count } = layout;
  // With context slices, each slice goes in with its neighbours as channels (gathered from the volume, no copy).
  const context = input.contextSlices ?? 0;
  const seen = networkChannels(input);
  const sliceSize = height * width * seen;
  // For the JavaScript gather (backends other than wasm, layouts heap-slices.ts does not take), made at its first
  // use; no larger than the volume needs: a single colour frame would otherwise allocate (and zero) eight frames'.
  let buffer: Float32Array | undefined;
  const [inH, inW] = input.size;
  const scoreSize = inH * inW * classes;
  const into = options.modelScoresInto;
  if (into !== undefined && !(into instanceof Float32Array))
    throw new Error(
      `segment: modelScoresInto must be a Float32Array, got ${Object.prototype.toString.call(into)}`,
    );
  const scoreValues = count * scoreSize;
  const modelScores: ModelScores | undefined = options.modelScores
    ? {
        values:
          into && into.length >= scoreValues ? into.subarray(0, scoreValues) : new Float32Array(scoreValues),
        layout,
        size: [inH, inW],
        fit: input.fit,
        classes,
      }
    : undefined;
  // The forward pass with batch norm folded into the convolutions: the caller's, while it matches the weights.
  const kept = options.folded?.isCurrent() ? options.folded : undefined;
  const folded = kept ?? foldBatchNorm(net, { convolution: options.convolution });
  try {
    for (let start = 0; start < count; start += batchSize) {
      await yieldAndCheck(options.signal, 'segment'); // a macrotask per batch lets Ctrl-C abort it
      const n = Math.min(batchSize, count - start);
      // With probabilities, the scores are read back once and the argmax is taken while scattering them;
      // without, only the argmax is read (a class count times less to copy from a GPU).
      const [out, small] = tf.tidy(() => {
        // On wasm straight into the input tensor in the backend's memory (heap-slices.ts), else through `buffer`.
        let x = gatherNormalizedOnHeap(
          volume.voxels,
          input.channels,
          layout,
          start,
          n,
          coefficients,
          context,
        );
        if (!x) {
          buffer ??= new Float32Array(Math.min(batchSize, count) * sliceSize);
          const images = n === batchSize ? buffer : buffer.subarray(0, n * sliceSize);
          gatherNormalizedSliceRange(
            volume.voxels,
            input.channels,
            layout,
            start,
            n,
            coefficients,
            images,
            context,
          );
          x = tf.tensor4d(images, [n, height, width, seen]);
        }
        const softmax = tf.softmax(folded.predict(fitImages(x, input.size, input.fit))) as tf.Tensor4D;
        const scores = unfitScores(softmax, [height, width], input.fit);
        return [probabilities ? scores : tf.argMax(scores, -1), modelScores ? softmax : null] as const;
      });
      try {
        if (probabilities)
          await withValues(out, (values) =>
            scatterScoreRange(values, classes, layout, start, n, labels, probabilities),
          );
        else if (!scatterLabelsOnHeap(out, layout, start, n, labels))
          await withValues(out, (values) => scatterSliceRange(values, 1, layout, start, n, labels));
        if (modelScores && small) {
          await withValues(small, (values) => modelScores.values.set(values, start * scoreSize));
        }
      } finally {
        out.dispose();
        small?.dispose();
      }
      options.onProgress?.({ slicesDone: start + n, slices: count });
    }
  } finally {
    if (!kept) folded.dispose();
  }
  return {
    labels: alignedVolume(volume, labels, 1),
    ...(probabilities ? { probabilities: alignedVolume(volume, probabilities, classes) } : {}),
    ...(modelScores ? { modelScores } : {}),
  };
}
