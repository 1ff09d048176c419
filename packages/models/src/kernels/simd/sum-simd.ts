// Sum and Mean over every axis but the last (the bias gradients of a channels-last network; batch norm's batch
// statistics in training) on the wasm backend with the SIMD kernel (sumRows in kernels.wat). TF.js 4.22's wasm Sum
// and Mean first transpose the whole input so that the reduced axes come last (an 8 MB copy for an 8x128x128x16
// tensor), then sum each column in order; this sums the same columns in the same order without the copy, so the
// bits are unchanged. Mean then divides each column's float32 sum by the count, as TF.js's kernel does.
import { util, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';

/** The sum over the leading axes, or null where the SIMD kernel does not apply (TF.js's kernel then runs). */
export function simdSum(args: NamedKernelArgs): TensorInfo | null {
  return leadingAxesReduction(args, false);
}

/** The mean over the leading axes, or null where the SIMD kernel does not apply (TF.js's kernel then runs). */
export function simdMean(args: NamedKernelArgs): TensorInfo | null {
  return leadingAxesReduction(args, true);
}

function leadingAxesReduction({ inputs, backend, attrs }: NamedKernelArgs, mean: boolean): TensorInfo | null {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32' || x.shape.length < 2) return null;
  const { axis, keepDims } = attrs as unknown as SumAttrs;
  const rank = x.shape.length;
  // Only axes named in ascending order: TF.js's kernel sums in the order the axes are named, and the bits must match.
  const axes = util.parseAxisParam(axis, x.shape);
  if (axes.length !== rank - 1 || axes.some((a, i) => a !== i)) return null;
  const c = x.shape[rank - 1];
  const size = util.sizeFromShape(x.shape);
  if (c === 0 || c % 4 !== 0 || size === 0) return null;
  const memory = wasmBackendMemory(backend);
  const kernels = memory && simdKernelsOn(memory);
  if (!kernels) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput(keepDims ? [...new Array<number>(rank - 1).fill(1), c] : [c], 'float32');
  const rows = size / c;
  kernels.sumRows(heapOffset(heap, x), heapOffset(heap, out), rows, c);
  if (mean) {
    // A float32 quotient computed in double and rounded once is the correctly rounded float32 quotient, the same
    // bits as the C++ kernel's float division. The view is made after the kernel: makeOutput may grow the memory.
    const sums = new Float32Array(memory.buffer, heapOffset(heap, out), c);
    for (let i = 0; i < c; i++) sums[i] = sums[i] / rows;
  }
  return out;
}
