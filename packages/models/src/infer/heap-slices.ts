// segment()'s gather and label scatter on the wasm backend, in seglens's WebAssembly module (normalizeSlice and
// labelSlice in kernels/simd/kernels.wat) instead of JavaScript loops. The JavaScript loops (normalizeRow,
// scatterOne in slices.ts) run once per batch; in the viewer's worker, which segments a series once or twice, V8
// left the loops around the row function in its middle tier (Maglev), at 10-20 ns a voxel: the gather took 2-9 ms
// of an 18 ms colour frame and about 60 ms of a 20-slice abdominal CT (packages/models README, "The gather and the
// label scatter in WebAssembly"). WebAssembly runs compiled from its first call. Same values to the bit (see the
// .wat).
//
// Each slice goes through the backend's memory: its voxels are copied in as float64 with one `set` (a typed array's
// own conversion, exact for every voxel type), normalised by the kernel straight into the network's input tensor;
// its labels are written by the kernel into a scratch byte run laid out as the label volume stores that slice, then
// copied out with one `set`. That needs a slice to occupy a run of the volume of exactly its own size (no gaps):
// true for any layout that slices along the stored third axis (any flips or transposes within the slice), not for
// slices along the first or second axis; for those these functions return null / false and segment() keeps the
// JavaScript loops.
import * as tf from '@tensorflow/tfjs-core';
import type { ChannelNormalization } from '../card';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type SimdKernels,
  type WasmHeapBackend,
} from '../kernels/simd/simd-module';
import { clampSlice, type SliceLayout } from './slices';

interface HeapAccess {
  heap: WasmHeapBackend;
  memory: WebAssembly.Memory;
  kernels: SimdKernels;
}

/** The active backend's memory and seglens's kernels on it, or null (not wasm, or no WebAssembly SIMD). */
function heapAccess(): HeapAccess | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend();
  const memory = wasmBackendMemory(backend);
  const kernels = memory ? simdKernelsOn(memory) : null;
  return memory && kernels ? { heap: backend as unknown as WasmHeapBackend, memory, kernels } : null;
}

/**
 * The first voxel index slice `slice` of `layout` touches, if the slice occupies exactly height × width
 * consecutive voxel indices; else null.
 */
function denseStart(layout: SliceLayout, slice: number): number | null {
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  // Strides that tile a run of height × width voxels exactly: one axis steps by a voxel, the other by a whole line
  // of the first (either sign).
  const tiles =
    (Math.abs(colStride) === 1 && Math.abs(rowStride) === width) ||
    (Math.abs(rowStride) === 1 && Math.abs(colStride) === height) ||
    height * width === 1;
  if (!tiles) return null;
  return (
    base + slice * sliceStride + Math.min(0, (height - 1) * rowStride) + Math.min(0, (width - 1) * colStride)
  );
}

/**
 * gatherNormalizedSliceRange (slices.ts) into a new float32 tensor [n, height, width, channels × (2 × context + 1)]
 * on the wasm backend: the same values to the bit. Null when the backend is not wasm with seglens's kernels or the
 * layout's slices are not dense runs of the volume (the caller then gathers in JavaScript).
 */
export function gatherNormalizedOnHeap(
  values: ArrayLike<number> & { subarray(begin: number, end: number): ArrayLike<number> },
  channels: number,
  layout: SliceLayout,
  start: number,
  n: number,
  coefficients: readonly ChannelNormalization[],
  context: number,
): tf.Tensor4D | null {
  const access = heapAccess();
  if (!access || n <= 0) return null;
  const { height, width, count, sliceStride, rowStride, colStride, base } = layout;
  const starts: number[] = [];
  for (let s = start; s < start + n; s++)
    for (let d = -context; d <= context; d++) {
      const lo = denseStart(layout, clampSlice(s, d, count));
      if (lo === null) return null;
      starts.push(lo);
    }
  const { heap, memory, kernels } = access;
  const seen = channels * (2 * context + 1);
  const sliceValues = height * width * channels;
  const out = heap.makeOutput([n, height, width, seen], 'float32');
  let scratch: ReturnType<WasmHeapBackend['makeOutput']> | undefined;
  try {
    // float64 voxels of one slice (two float32 slots each, and one more voxel to align them to 8 bytes).
    scratch = heap.makeOutput([2 * sliceValues + 2], 'float32');
    // Offsets only after the last allocation: each may grow (and so move) the memory.
    const outAt = heapOffset(heap, out);
    const scratchAt = (heapOffset(heap, scratch) + 7) & ~7;
    const staged = new Float64Array(memory.buffer, scratchAt, sliceValues);
    let k = 0;
    for (let s = start; s < start + n; s++) {
      for (let d = -context; d <= context; d++, k++) {
        const lo = starts[k];
        staged.set(values.subarray(lo * channels, lo * channels + sliceValues));
        // The slice's pixel (0, 0) within the staged run; strides in staged elements.
        const first = (base + clampSlice(s, d, count) * sliceStride - lo) * channels;
        for (let ch = 0; ch < channels; ch++) {
          const { offset, scale, min, max } = coefficients[ch];
          const o = (s - start) * height * width * seen + (d + context) * channels + ch;
          kernels.normalizeSlice(
            scratchAt + (first + ch) * 8,
            outAt + o * 4,
            height,
            width,
            rowStride * channels,
            colStride * channels,
            width * seen,
            seen,
            offset,
            scale,
            min,
            max,
          );
        }
      }
    }
  } catch (error) {
    tf.backend().disposeData(out.dataId);
    throw error;
  } finally {
    if (scratch) tf.backend().disposeData(scratch.dataId);
  }
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}

/**
 * scatterSliceRange (slices.ts) of one label per pixel: `labels4` [n, height, width] int32 (tf.argMax's result, on
 * the wasm backend) into `labels` at slices start, ..., start + n − 1. False, with nothing written, when the
 * backend is not wasm with seglens's kernels or the slices are not dense runs of the volume.
 */
export function scatterLabelsOnHeap(
  labels4: tf.Tensor,
  layout: SliceLayout,
  start: number,
  n: number,
  labels: Uint8Array,
): boolean {
  const access = heapAccess();
  if (!access || labels4.dtype !== 'int32' || n <= 0) return false;
  const { height, width, sliceStride, rowStride, colStride, base } = layout;
  const starts: number[] = [];
  for (let s = start; s < start + n; s++) {
    const lo = denseStart(layout, s);
    if (lo === null) return false;
    starts.push(lo);
  }
  const { heap, memory, kernels } = access;
  const pixels = height * width;
  const scratch = heap.makeOutput([Math.ceil(pixels / 4)], 'float32');
  try {
    const srcAt = heapOffset(heap, labels4);
    const scratchAt = heapOffset(heap, scratch);
    const bytes = new Uint8Array(memory.buffer, scratchAt, pixels);
    for (let s = start; s < start + n; s++) {
      const lo = starts[s - start];
      kernels.labelSlice(
        srcAt + (s - start) * pixels * 4,
        scratchAt + (base + s * sliceStride - lo),
        height,
        width,
        rowStride,
        colStride,
      );
      labels.set(bytes, lo);
    }
  } finally {
    tf.backend().disposeData(scratch.dataId);
  }
  return true;
}
