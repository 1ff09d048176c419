// The softmax scores of a segmentation kept at the model's input size, and the per-voxel probabilities made from
// them only when something reads them. segment() with `probabilities` resizes every class's scores back to the
// slice and keeps them all: for a 512x512 CT and 14 classes, 15 MB per slice of fresh memory, written while the
// user waits for the labels. The scores at the input size are 16 times smaller. expandScores brings them back
// as unfitScores does (bilinear with half-pixel centres, or the inverse of the centred pad) in plain
// JavaScript, so that it needs no TF.js backend: the viewer's loss lens still works after a lost GPU.
import type { FitMode } from '../card';
import { throwIfAborted, yieldAndCheck } from './abort';
import type { SliceLayout } from './slices';

export interface ModelScores {
  /** Softmax scores [slices, rows, columns, classes] at the model's input size, in the model's slice order. */
  values: Float32Array;
  /** Where each slice's pixels lie in the segmented volume (segment()'s layout: the model's orientation). */
  layout: SliceLayout;
  /** The model's input size [rows, columns]. */
  size: [number, number];
  /** How the slices were fitted to it, and so how the scores go back. */
  fit: FitMode;
  classes: number;
}

export interface ExpandScoresOptions {
  signal?: AbortSignal;
}

/** Per output pixel along one axis: the two source pixels and the weight of the second. */
interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float64Array;
}

/**
 * Bilinear taps with half-pixel centres (TF.js resizeBilinear with halfPixelCenters, PyTorch's
 * align_corners=False): output pixel i looks at source position (i + 0.5)·in/out − 0.5, clamped at the edges.
 */
function resizeTaps(from: number, to: number): AxisTaps {
  const taps = { lo: new Int32Array(to), hi: new Int32Array(to), frac: new Float64Array(to) };
  for (let i = 0; i < to; i++) {
    const x = ((i + 0.5) * from) / to - 0.5;
    const lo = Math.max(0, Math.floor(x));
    taps.lo[i] = lo;
    taps.hi[i] = Math.min(from - 1, Math.ceil(x));
    taps.frac[i] = taps.hi[i] === lo ? 0 : x - lo;
  }
  return taps;
}

/** The inverse of segment()'s centred pad or crop: output pixel i is source pixel i + offset, or none (−1). */
function unpadTaps(from: number, to: number): AxisTaps {
  const offset = Math.floor((from - to) / 2);
  const taps = { lo: new Int32Array(to), hi: new Int32Array(to), frac: new Float64Array(to) };
  for (let i = 0; i < to; i++) {
    const j = i + offset;
    taps.lo[i] = taps.hi[i] = j >= 0 && j < from ? j : -1;
  }
  return taps;
}

/**
 * The per-voxel probabilities (`classes` values per voxel, class fastest, in the segmented volume's storage
 * order) that segment() with `probabilities` returns, made from its `modelScores`. Equal to them up to float32
 * rounding (the same interpolation, computed in double here); voxels a 'pad' model cropped away get 0 for every
 * class, as there.
 */
export async function expandScores(
  scores: ModelScores,
  options: ExpandScoresOptions = {},
): Promise<Float32Array> {
  const { values, layout, size, fit, classes } = scores;
  const { count, height, width, sliceStride, rowStride, colStride, base } = layout;
  const [inH, inW] = size;
  const sliceSize = inH * inW * classes;
  if (!(values instanceof Float32Array) || values.length !== count * sliceSize) {
    throw new Error(
      `expandScores: values must be a Float32Array of ${count} slices x ${size.join('x')} x ${classes} classes (${count * sliceSize}), got ${values instanceof Float32Array ? values.length : typeof values}`,
    );
  }
  throwIfAborted(options.signal, 'expandScores');
  const rows = fit === 'pad' ? unpadTaps(inH, height) : resizeTaps(inH, height);
  const cols = fit === 'pad' ? unpadTaps(inW, width) : resizeTaps(inW, width);
  const out = new Float32Array(count * height * width * classes);
  for (let s = 0; s < count; s++) {
    // A macrotask every few slices lets a worker read its messages (a cancel) while a large volume expands.
    if (s > 0 && s % 8 === 0) await yieldAndCheck(options.signal, 'expandScores');
    const slice = s * sliceSize;
    for (let r = 0; r < height; r++) {
      const r0 = rows.lo[r];
      if (r0 < 0) continue; // cropped away: stays 0
      const top = slice + r0 * inW * classes;
      const bottom = slice + rows.hi[r] * inW * classes;
      const v = base + s * sliceStride + r * rowStride;
      expandRow(values, top, bottom, rows.frac[r], cols, classes, out, v, colStride);
    }
  }
  return out;
}

/**
 * One output row: source rows `top` and `bottom` (element offsets into `values`) blended by `fy`, resampled along
 * the columns, into `out` from voxel `v` on, `colStride` voxels apart. A function of its own, called once per row,
 * so that V8 optimises it as a whole: as loops nested in expandScores, reached once per call, V8 compiled the inner
 * loops on the stack (on-stack replacement) and left that code at every end of a row (241 such exits in one press
 * of Segment in the viewer, a --trace-deopt scratch run), which made the loss lens's first expansion of a polyp
 * frame or a hippocampus crop several times slower (models README, "The loss lens's first expansion").
 */
function expandRow(
  values: Float32Array,
  top: number,
  bottom: number,
  fy: number,
  cols: AxisTaps,
  classes: number,
  out: Float32Array,
  v: number,
  colStride: number,
): void {
  const width = cols.lo.length;
  for (let c = 0; c < width; c++, v += colStride) {
    const c0 = cols.lo[c];
    if (c0 < 0) continue;
    const left = c0 * classes;
    const right = cols.hi[c] * classes;
    const fx = cols.frac[c];
    const o = v * classes;
    for (let k = 0; k < classes; k++) {
      const t = values[top + left + k] + (values[top + right + k] - values[top + left + k]) * fx;
      const b = values[bottom + left + k] + (values[bottom + right + k] - values[bottom + left + k]) * fx;
      out[o + k] = t + (b - t) * fy;
    }
  }
}
