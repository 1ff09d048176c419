// Labelled cases turned, once and before any training step, into model-sized float32 images and uint8 label
// maps, so the step loop only copies rows into a batch buffer.
import * as tf from '@tensorflow/tfjs-core';
import { isOrientationCode, orientationCode, type Volume } from '@seglens/data';
import { networkChannels, normalizeVoxels, type InputSpec, type ModelCard } from '../card';
import {
  fitImages,
  fitLabels,
  gatherSlices,
  sliceLayout,
  toModelOrientation,
  type SliceLayout,
} from '../infer';
import { labelsToModelOrientation } from '../infer/orientation';

/** One labelled case: an image and its label map on the same grid. */
export interface TrainingCase {
  /** Identifier recorded in the model card (e.g. the file name without extension). */
  id: string;
  image: Volume;
  /** Class indices 0..classes-1, one channel, same dims as the image. */
  labels: Volume;
}

/**
 * Model-sized slices of a set of cases. Every slice of every case is fitted once and stored alone; a network
 * input that takes context slices is assembled from its neighbours when a batch is made (networkInput), so
 * 2k + 1 context slices cost no more memory than one.
 */
export interface PreparedSlices {
  /** Slices to train on (all, or those with foreground). */
  count: number;
  height: number;
  width: number;
  /** The network's channels: sliceChannels × (2·context + 1) (networkChannels). */
  channels: number;
  /** Channels of one slice (the card's input.channels). */
  sliceChannels: number;
  /** Context slices on either side of the labelled one (the card's input.contextSlices; 0 for none). */
  context: number;
  /**
   * [rows, height, width, sliceChannels]: every slice of every case, case after case; with context slices even
   * those left out of `count` (they are still the neighbours of the slices kept). Read a network input with
   * networkInput().
   */
  images: Float32Array;
  /** Row of `images` that holds each slice. */
  rowOf: Int32Array;
  /** [count, height, width] */
  labels: Uint8Array;
  /** Case (index into the cases given) and slice index of every slice. */
  caseOf: Int32Array;
  sliceOf: Int32Array;
  /** Per case: the row of its first slice in `images`, and how many slices it has (read with context slices). */
  caseFirst: Int32Array;
  caseSlices: Int32Array;
}

/**
 * Writes slice i's network input [height, width, channels] into `out` at `offset`: its `context` neighbours
 * on either side, slice-major (s − k … s + k, the first or last slice of the case repeated past its ends),
 * as segment() gathers them.
 */
export function networkInput(p: PreparedSlices, i: number, out: Float32Array, offset = 0): void {
  const plane = p.height * p.width;
  const ch = p.sliceChannels;
  if (p.context === 0) {
    const row = p.rowOf[i];
    out.set(p.images.subarray(row * plane * ch, (row + 1) * plane * ch), offset);
    return;
  }
  const C = p.channels;
  const c = p.caseOf[i];
  const first = p.caseFirst[c];
  const last = p.caseSlices[c] - 1;
  for (let j = 0; j <= 2 * p.context; j++) {
    const row = first + Math.min(last, Math.max(0, p.sliceOf[i] + j - p.context));
    const src = p.images.subarray(row * plane * ch, (row + 1) * plane * ch);
    for (let q = 0; q < plane; q++)
      for (let k = 0; k < ch; k++) out[offset + q * C + j * ch + k] = src[q * ch + k];
  }
}

/** Checks a case's label volume against its image and the class count; errors name the case. */
export function checkCase(c: TrainingCase, channels: number, classes: number, what: string): void {
  if (!c || typeof c.id !== 'string' || !c.image || !c.labels)
    throw new Error(`${what}: every case needs id, image and labels`);
  const { image, labels: label } = c;
  if (image.channels !== channels)
    throw new Error(
      `${what}: case ${c.id} has ${image.channels}-channel images but the model takes ${channels}`,
    );
  if (label.channels !== 1)
    throw new Error(`${what}: case ${c.id} has a label map with ${label.channels} channels (expected 1)`);
  if (image.dims.join() !== label.dims.join())
    throw new Error(`${what}: case ${c.id} has image dims [${image.dims}] but label dims [${label.dims}]`);
  const v = label.voxels;
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] < classes && Number.isInteger(v[i]))) {
      throw new Error(
        `${what}: case ${c.id} has label value ${v[i]} at voxel ${i}; labels must be integers in 0..${classes - 1}`,
      );
    }
  }
}

/**
 * The card with the orientation its model will be trained in: the card's own, else that of the first training
 * image (so a model trained on NIfTI stored RAS records 'RAS'). Left out only when that image's axes are too
 * oblique to name, and then the model works in stored order, as cards without an orientation do.
 */
export function withTrainingOrientation(card: ModelCard, first: Volume | undefined): ModelCard {
  if (card.input.orientation !== undefined || !first?.direction) return card;
  const code = orientationCode(first);
  return isOrientationCode(code) ? { ...card, input: { ...card.input, orientation: code } } : card;
}

/**
 * Every case re-indexed (never resampled) to the card's orientation, images and labels alike (labels lie on
 * their image's grid), so a dataset that mixes storage orders trains on one anatomy, and the model sees in
 * training what segment() will show it. Malformed cases are passed through for checkCase to name.
 */
export function orientCases(cases: readonly TrainingCase[], input: InputSpec): TrainingCase[] {
  return cases.map((c) => {
    const image = c?.image;
    const labels = c?.labels;
    if (!image?.direction || !labels?.voxels || image.dims?.join() !== labels.dims?.join()) return c;
    const what = `train: case ${c.id}`;
    const oriented = toModelOrientation(input, image, what);
    if (oriented === image) return c;
    return {
      ...c,
      image: oriented,
      labels: labelsToModelOrientation(input, image, oriented, labels, what),
    };
  });
}

/** Fits slices [n, h, w(, c)] to the model's size in chunks (bounded memory), appending into `out`. */
function fitInto(
  layout: SliceLayout,
  values: ArrayLike<number>,
  channels: number,
  input: InputSpec,
  isLabel: boolean,
  out: Float32Array | Uint8Array,
  offset: number,
): void {
  const { height, width, count } = layout;
  const [H, W] = input.size;
  const chunk = 32;
  for (let start = 0; start < count; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => start + i);
    const raw = gatherSlices(
      values,
      channels,
      layout,
      idx,
      new Float32Array(idx.length * height * width * channels),
    );
    const fitted = tf.tidy(() =>
      isLabel
        ? fitLabels(tf.tensor3d(raw, [idx.length, height, width], 'int32'), input.size, input.fit)
        : fitImages(tf.tensor4d(raw, [idx.length, height, width, channels]), input.size, input.fit),
    );
    out.set(fitted.dataSync(), offset + start * H * W * channels);
    fitted.dispose();
  }
}

/**
 * Keeps the slices whose labels have any foreground (after fitting), in order. Their images are copied out,
 * except with context slices: then every image stays, as the neighbours of the slices kept.
 */
function withForeground(p: PreparedSlices): PreparedSlices {
  const plane = p.height * p.width;
  const keep: number[] = [];
  for (let s = 0; s < p.count; s++)
    if (p.labels.subarray(s * plane, (s + 1) * plane).some((v) => v !== 0)) keep.push(s);
  const labels = new Uint8Array(keep.length * plane);
  keep.forEach((s, i) => labels.set(p.labels.subarray(s * plane, (s + 1) * plane), i * plane));
  let { images, rowOf } = p;
  if (p.context === 0) {
    const size = plane * p.sliceChannels;
    images = new Float32Array(keep.length * size);
    keep.forEach((s, i) =>
      images.set(p.images.subarray(p.rowOf[s] * size, (p.rowOf[s] + 1) * size), i * size),
    );
    rowOf = Int32Array.from(keep, (_, i) => i);
  } else rowOf = Int32Array.from(keep, (s) => p.rowOf[s]);
  return {
    ...p,
    count: keep.length,
    images,
    rowOf,
    labels,
    caseOf: Int32Array.from(keep, (s) => p.caseOf[s]),
    sliceOf: Int32Array.from(keep, (s) => p.sliceOf[s]),
  };
}

/**
 * Normalises, slices and fits every case (all slices along the model's axis, or with `skipEmptySlices` only
 * those with some foreground: fewer steps per epoch, but a different class balance than inference sees).
 */
export function prepareSlices(
  cases: readonly TrainingCase[],
  input: InputSpec,
  skipEmptySlices = false,
): PreparedSlices {
  const [H, W] = input.size;
  const sliceChannels = input.channels;
  const counts = cases.map((c) => sliceLayout(c.image.dims, input.sliceAxis).count);
  const count = counts.reduce((a, b) => a + b, 0);
  const images = new Float32Array(count * H * W * sliceChannels);
  const labels = new Uint8Array(count * H * W);
  const caseOf = new Int32Array(count);
  const sliceOf = new Int32Array(count);
  const caseFirst = new Int32Array(cases.length);
  const caseSlices = Int32Array.from(counts);
  let offset = 0;
  cases.forEach((c, ci) => {
    const layout = sliceLayout(c.image.dims, input.sliceAxis);
    const normalized = normalizeVoxels(c.image.voxels, sliceChannels, input.normalization);
    fitInto(layout, normalized, sliceChannels, input, false, images, offset * H * W * sliceChannels);
    fitInto(layout, c.labels.voxels, 1, input, true, labels, offset * H * W);
    caseFirst[ci] = offset;
    for (let s = 0; s < layout.count; s++) {
      caseOf[offset + s] = ci;
      sliceOf[offset + s] = s;
    }
    offset += layout.count;
  });
  const all: PreparedSlices = {
    count,
    height: H,
    width: W,
    channels: networkChannels(input),
    sliceChannels,
    context: input.contextSlices ?? 0,
    images,
    rowOf: Int32Array.from({ length: count }, (_, i) => i),
    labels,
    caseOf,
    sliceOf,
    caseFirst,
    caseSlices,
  };
  return skipEmptySlices ? withForeground(all) : all;
}
