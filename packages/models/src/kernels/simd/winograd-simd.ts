// A 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016) on the wasm backend, for inference only. Each 2×2 output tile costs 16
// multiplies per input channel and output channel against the direct sum's 36: the U-Net's 3×3 layers, 84% of
// its inference time, do 2.25× fewer multiplications. The price is another order of additions (and the filter's
// halves), so results differ from XNNPACK's (and conv2d's) in the last bits: a prediction's scores move by about
// 1e-6, which is why training never runs it (a run and its resumption keep XNNPACK's bits) and inference asks for it
// by name (`withWinograd`).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { ConvGeometry } from '../conv-geometry';
import { heapOffset, type WasmHeapBackend, type NamedKernelArgs } from './simd-module';
import { MIN_MACS_PER_THREAD, runSplit, simdPool } from './simd-pool';

let winogradDepth = 0;

/**
 * Runs `fn` with 3×3 stride-1 convolutions on wasm computed by Winograd's F(2×2, 3×3) where they qualify
 * (`winogradApplies`). `fn` must be synchronous (the wasm backend's kernels are): the setting ends when it returns.
 */
export function withWinograd<T>(fn: () => T): T {
  winogradDepth++;
  try {
    return fn();
  } finally {
    winogradDepth--;
  }
}

/** Whether a convolution runs now inside `withWinograd`. */
export function winogradOn(): boolean {
  return winogradDepth > 0;
}

/** 3×3, stride 1, input channels in fours (the SIMD input transform), output channels in eights (as conv2d). */
export function winogradApplies(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.inChannels % 4 === 0 &&
    g.outChannels % 8 === 0
  );
}

/** Floats of scratch one thread needs: V [16, tilesWp, inC] and M [16, tilesWp, outC], each plane up to a cache line apart. */
function scratchFloats(g: ConvGeometry): number {
  const tilesWp = Math.ceil(Math.ceil(g.outWidth / 2) / 4) * 4;
  return 16 * (tilesWp * (g.inChannels + g.outChannels) + 32);
}

/** The convolution into `out` (already made); x, filter and bias as Conv2D / FusedConv2D take them. */
export function winogradConv2D(
  args: NamedKernelArgs,
  g: ConvGeometry,
  memory: WebAssembly.Memory,
  out: TensorInfo,
  relu: boolean,
  withBias: boolean,
): void {
  const { inputs, backend } = args;
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const heap = backend as unknown as WasmHeapBackend;
  const pool = simdPool(memory, Math.max(1, getThreadsCount() || 1));
  const rows = g.batch * Math.ceil(g.outHeight / 2);
  const macsPerRow = 16 * Math.ceil(g.outWidth / 2) * g.inChannels * g.outChannels;
  const perThread = scratchFloats(g);
  const u = heap.makeOutput([16, g.inChannels, g.outChannels], 'float32');
  const zeros = heap.makeOutput([g.inChannels], 'float32');
  // Scratch for every thread the pool has; runSplit may use fewer.
  const scratch = heap.makeOutput([pool.threads * perThread], 'float32');
  try {
    heap.typedArrayFromHeap(zeros).fill(0);
    // Offsets only now: each makeOutput may have grown (and moved) the memory.
    const at = {
      x: heapOffset(heap, x),
      u: heapOffset(heap, u),
      bias: withBias && inputs.bias ? heapOffset(heap, inputs.bias) : 0,
      out: heapOffset(heap, out),
      zeros: heapOffset(heap, zeros),
      scratch: heapOffset(heap, scratch),
    };
    pool.kernels.winogradFilter(heapOffset(heap, filter), at.u, g.inChannels, g.outChannels);
    // Each thread its own tile rows and its own scratch: every output depends on its own tile only, so the bits do
    // not depend on the thread count.
    runSplit(
      pool,
      'winograd3x3',
      rows,
      (r0, r1, thread) => [
        at.x,
        at.u,
        at.bias,
        at.out,
        at.zeros,
        r0,
        r1,
        g.outHeight,
        g.outWidth,
        g.outChannels,
        g.inHeight,
        g.inWidth,
        g.inChannels,
        g.padTop,
        g.padLeft,
        relu ? 1 : 0,
        at.scratch + thread * perThread * 4,
      ],
      Math.max(1, Math.ceil(MIN_MACS_PER_THREAD / macsPerRow)),
    );
  } finally {
    backend.disposeData(u.dataId);
    backend.disposeData(zeros.dataId);
    backend.disposeData(scratch.dataId);
  }
}
