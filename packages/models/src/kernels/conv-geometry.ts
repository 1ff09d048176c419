// Index arithmetic that turns both convolution gradients into forward convolutions (which every backend runs
// fast: XNNPACK on wasm) plus cheap pads, crops and transposes. Pure functions, so they are testable alone.
import { backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

export type Shape4 = [number, number, number, number];

/** How one spatial axis is adjusted before a 'valid' convolution: crop first, then zero-pad. */
export interface AxisAdjust {
  cropBefore: number;
  cropAfter: number;
  padBefore: number;
  padAfter: number;
}

/** A signed amount of padding on each side becomes a crop where it is negative. */
export function padOrCrop(before: number, after: number): AxisAdjust {
  return {
    cropBefore: Math.max(0, -before),
    cropAfter: Math.max(0, -after),
    padBefore: Math.max(0, before),
    padAfter: Math.max(0, after),
  };
}

/** The forward convolution's geometry, as TF.js computes it (NHWC shapes). */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

export function convGeometry(
  xShape: Shape4,
  filterShape: Shape4,
  strides: Conv2DBackpropFilterAttrs['strides'],
  pad: Conv2DBackpropFilterAttrs['pad'],
  dimRoundingMode: Conv2DBackpropFilterAttrs['dimRoundingMode'],
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * Filter gradient as a convolution over the batch: dW[k, ci, co] = sum_{b,o} x[b, o*s + k - p, ci] dy[b, o, co]
 * is a 'valid' correlation of x (channels ci as its batch, b as its channels) with dy as the filter, dilated
 * by the stride s, giving exactly K outputs per axis when x gets p in front and this much behind.
 */
export function filterGradAxis(
  inSize: number,
  filterSize: number,
  stride: number,
  padBefore: number,
  outSize: number,
): AxisAdjust {
  return padOrCrop(padBefore, filterSize + (outSize - 1) * stride - padBefore - inSize);
}

/**
 * Input gradient as a convolution with the flipped filter: dx[i] = sum_k dyd[i + K - 1 - p - k'] w[K-1-k'],
 * where dyd is dy with stride-1 zeros inserted (length outSize*stride, the tail being zeros). A 'valid'
 * correlation of dyd padded by K-1-p in front gives inSize outputs with this much behind.
 */
export function inputGradAxis(
  inSize: number,
  filterSize: number,
  stride: number,
  padBefore: number,
  outSize: number,
): AxisAdjust {
  const before = filterSize - 1 - padBefore;
  const dilated = stride > 1 ? outSize * stride : outSize;
  return padOrCrop(before, inSize + filterSize - 1 - before - dilated);
}

/** Kernel size equal to stride and no padding: every output pixel comes from exactly one input pixel and tap. */
export function isPatchwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === g.strideHeight &&
    g.filterWidth === g.strideWidth &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outHeight * g.strideHeight === g.inHeight &&
    g.outWidth * g.strideWidth === g.inWidth
  );
}
