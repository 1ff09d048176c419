// The WebAssembly SIMD filter gradient (filterGrad in kernels.wat): its geometry and argument order.
import type { ConvGeometry } from '../conv-geometry';
import type { SimdKernels } from './simd-module';
import { poolArgs, type PoolCall, type SimdPool } from './simd-pool';

/** Geometry of one call, in elements (NHWC x [batch, inH, inW, inC], dy [batch, outH, outW, outC]). */
export type SimdFilterGradShape = ConvGeometry;

/** Whether the SIMD kernel handles this geometry: any channel counts (blocks of 4 inputs and 8 outputs are fastest). */
export function simdFilterGradFits(shape: SimdFilterGradShape): boolean {
  return shape.inChannels > 0 && shape.outChannels > 0;
}

/** filterGrad's arguments in the order kernels.wat takes them: rows [rowStart, rowEnd) of dy into dw. */
function filterGradArgs(
  x: number,
  dy: number,
  dw: number,
  s: SimdFilterGradShape,
  rowStart: number,
  rowEnd: number,
): number[] {
  return [
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
  ].concat([s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft]);
}

/**
 * dW for rows [rowStart, rowEnd) of the flattened (batch, outHeight) axis into the float32 buffer at byte offset
 * `dw` (zeroed first), on the calling thread; `x` and `dy` are byte offsets of the NHWC tensors in the same memory.
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
  kernel.filterGrad(...filterGradArgs(x, dy, dw, shape, rowStart, rowEnd));
}

/** Row chunks of every call: fixed, so that the sum's order, and so the result, never depends on the thread count. */
export const FILTER_GRAD_CHUNKS = 8;

/**
 * dW over the whole (batch, outHeight) row axis on the pool's threads: chunk k (of FILTER_GRAD_CHUNKS fixed row
 * ranges) goes into buffer `dw[k]`, whichever thread claims it (SimdPool.run), then buffers 1.. are added into
 * dw[0] in chunk order. The same bits on 1, 2 or 8 threads, whoever ran which chunk.
 */
export function runFilterGradChunks(
  pool: SimdPool,
  x: number,
  dy: number,
  dw: readonly number[],
  shape: SimdFilterGradShape,
): void {
  if (dw.length !== FILTER_GRAD_CHUNKS)
    throw new Error(`runFilterGradChunks: needs ${FILTER_GRAD_CHUNKS} dW buffers, got ${dw.length}`);
  const rows = shape.batch * shape.outHeight;
  const bound = (k: number): number => Math.round((rows * k) / FILTER_GRAD_CHUNKS);
  const calls: PoolCall[] = Array.from({ length: FILTER_GRAD_CHUNKS }, (_, k) => ({
    fn: 'filterGrad' as const,
    args: poolArgs(filterGradArgs(x, dy, dw[k], shape, bound(k), bound(k + 1))),
  }));
  pool.run(calls);
  const n = shape.filterHeight * shape.filterWidth * shape.inChannels * shape.outChannels;
  for (let k = 1; k < FILTER_GRAD_CHUNKS; k++) pool.kernels.addInto(dw[0], dw[k], n);
}
