// The WebAssembly SIMD filter gradient (filterGrad in kernels.wat): its geometry and argument order.
import type { SimdKernels } from './simd-module';

/** Geometry of one call, in elements (NHWC x [batch, inH, inW, inC], dy [batch, outH, outW, outC]). */
export interface SimdFilterGradShape {
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

/** Whether the SIMD kernel handles this geometry (4 input channels and 8 output channels per block). */
export function simdFilterGradFits(shape: SimdFilterGradShape): boolean {
  return (
    shape.inChannels % 4 === 0 && shape.outChannels % 8 === 0 && shape.inChannels > 0 && shape.outChannels > 0
  );
}

/**
 * dW for rows [rowStart, rowEnd) of the flattened (batch, outHeight) axis into the float32 buffer at byte offset
 * `dw` (zeroed first); `x` and `dy` are byte offsets of the NHWC tensors in the same memory.
 */
export function runSimdFilterGrad(
  kernel: SimdKernels,
  x: number,
  dy: number,
  dw: number,
  shape: SimdFilterGradShape,
  rowStart = 0,
  rowEnd = shape.batch * shape.outHeight,
): void {
  const s = shape;
  kernel.filterGrad(
    x,
    dy,
    dw,
    rowStart,
    rowEnd,
    s.outHeight,
    s.outWidth,
    s.outChannels,
    s.inHeight,
    s.inWidth,
    s.inChannels,
    s.filterHeight,
    s.filterWidth,
    s.strideHeight,
    s.strideWidth,
    s.padTop,
    s.padLeft,
  );
}
