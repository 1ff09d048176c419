// Bringing slices of any size to the model's input size and back, as the card's `fit` says. Resizing uses
// half-pixel centres (as PyTorch's align_corners=False and OpenCV do), so a resize and its inverse line up.
import * as tf from '@tensorflow/tfjs-core';
import type { FitMode } from '../card';

/** Where the top-left of a [h, w] slice goes in the [H, W] model input (negative where it is cropped). */
function centredOffset(h: number, w: number, size: [number, number]): [number, number] {
  return [Math.floor((size[0] - h) / 2), Math.floor((size[1] - w) / 2)];
}

/**
 * Places [n, h, w] or [n, h, w, c] into [n, H, W, (c)] with its top-left pixel at (top, left), cropping what
 * falls outside and filling the rest with zeros.
 */
function place<T extends tf.Tensor>(x: T, size: [number, number], top: number, left: number): T {
  const [, h, w] = x.shape;
  return tf.tidy(() => {
    const rank = x.rank;
    const cropTop = Math.max(0, -top);
    const cropLeft = Math.max(0, -left);
    const padTop = Math.max(0, top);
    const padLeft = Math.max(0, left);
    const keepH = Math.min(h - cropTop, size[0] - padTop);
    const keepW = Math.min(w - cropLeft, size[1] - padLeft);
    let y: tf.Tensor = x;
    if (cropTop > 0 || cropLeft > 0 || keepH < h || keepW < w) {
      y = tf.slice(
        y,
        rank === 4 ? [0, cropTop, cropLeft, 0] : [0, cropTop, cropLeft],
        rank === 4 ? [-1, keepH, keepW, -1] : [-1, keepH, keepW],
      );
    }
    const pads: Array<[number, number]> = [
      [0, 0],
      [padTop, size[0] - keepH - padTop],
      [padLeft, size[1] - keepW - padLeft],
    ];
    if (rank === 4) pads.push([0, 0]);
    return (pads.some(([a, b]) => a > 0 || b > 0) ? tf.pad(y, pads) : tf.clone(y)) as T;
  });
}

function padOrCrop<T extends tf.Tensor>(x: T, size: [number, number]): T {
  const [top, left] = centredOffset(x.shape[1] as number, x.shape[2] as number, size);
  return place(x, size, top, left);
}

/** Exact inverse of padOrCrop: model-sized data back to the [h, w] = `size` of the original slice. */
function unpad<T extends tf.Tensor>(x: T, size: [number, number]): T {
  const [top, left] = centredOffset(size[0], size[1], [x.shape[1] as number, x.shape[2] as number]);
  return place(x, size, -top, -left);
}

/** Images [n, h, w, c] float32 → [n, H, W, c]. */
export function fitImages(images: tf.Tensor4D, size: [number, number], mode: FitMode): tf.Tensor4D {
  const [, h, w] = images.shape;
  if (h === size[0] && w === size[1]) return tf.clone(images);
  if (mode === 'pad') return padOrCrop(images, size);
  return tf.image.resizeBilinear(images, size, false, true);
}

/** Label maps [n, h, w] int32 → [n, H, W]: nearest neighbour (never inventing classes) or padding with 0. */
export function fitLabels(labels: tf.Tensor3D, size: [number, number], mode: FitMode): tf.Tensor3D {
  const [, h, w] = labels.shape;
  if (h === size[0] && w === size[1]) return tf.clone(labels);
  if (mode === 'pad') return padOrCrop(labels, size);
  return tf.tidy(
    () =>
      tf.squeeze(
        tf.image.resizeNearestNeighbor(tf.expandDims(labels, -1) as tf.Tensor4D, size, false, true),
        [3],
      ) as tf.Tensor3D,
  );
}

/**
 * Per-class scores [n, H, W, C] at model size → [n, h, w, C] at the slice's own size: bilinear resize, or the
 * inverse of the padding (regions that were cropped away get uniform scores, so argmax calls them class 0).
 */
export function unfitScores(scores: tf.Tensor4D, size: [number, number], mode: FitMode): tf.Tensor4D {
  const [, h, w] = scores.shape;
  if (h === size[0] && w === size[1]) return tf.clone(scores);
  if (mode === 'pad') return unpad(scores, size);
  return tf.image.resizeBilinear(scores, size, false, true);
}
