// BatchMatMul with an inner size of 1 (an outer product) and Max over the last axis, for the wasm backend, in one
// WebAssembly loop each (outerProduct and maxRows in kernels.wat; the same loops in JavaScript without SIMD). The losses repeat values along the class axis with a matMul against a row of ones, and the
// gradient of every sum they take that way is such an outer product; TF.js's wasm BatchMatMul runs it through a
// GEMM that pads the single inner column to its tile width (and, batched, pays a call per batch): 4-16 ms each on
// [8·128·128, 14] or [1024 × 128, 14], about 5% of a 14-class RCE training step. The log-softmax's maximum per pixel
// (Max over the class axis) takes TF.js 4 ns a value. A product of two float32 values rounds once whichever code
// computes it (TF.js's GEMM then adds it to +0, which turns −0 into +0: so do we), and a maximum does not round,
// so both give TF.js's bits (test/kernels/wasm-small-ops.test.ts).
import { backend_util, util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd/simd-module';

/**
 * a × b where the inner size is 1: out[batch, m, n] = a[batch, m] · b[batch, n], whichever operand is transposed
 * (with one inner column, [m, 1] and [1, m] lie the same way in memory). Batch dimensions must be equal, or one
 * side's all 1 (broadcast). Null for anything else, which TF.js's own kernel takes.
 */
export function wasmOuterMatMul({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo | null {
  const { a, b } = inputs;
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  const innerA = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const innerB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (innerA !== 1 || innerB !== 1) return null;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  if (!(util.arraysEqual(outerA, outerB) || batchA === 1 || batchB === 1)) return null;
  // The output's batch dimensions as TF.js broadcasts them (e.g. [] against [1, 1] gives [1, 1]).
  const outer =
    outerA.length >= outerB.length
      ? outerA.map((d, i) => Math.max(d, outerB[i - (outerA.length - outerB.length)] ?? 1))
      : outerB.map((d, i) => Math.max(d, outerA[i - (outerB.length - outerA.length)] ?? 1));
  const batches = Math.max(batchA, batchB);
  const memory = wasmBackendMemory(backend);
  const simd = memory && simdKernelsOn(memory);
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...outer, m, n], 'float32');
  if (simd) {
    // Offsets after makeOutput: an allocation may grow (and so move) the heap.
    const [aAt, bAt, outAt] = [a, b, out].map((t) => heapOffset(heap, t));
    simd.outerProduct(aAt, bAt, outAt, batches, m, n, batchA === 1 ? 0 : 4 * m, batchB === 1 ? 0 : 4 * n);
    return out;
  }
  const av = heap.typedArrayFromHeap(a);
  const bv = heap.typedArrayFromHeap(b);
  const ov = heap.typedArrayFromHeap(out);
  let o = 0;
  for (let batch = 0; batch < batches; batch++) {
    const aAt = batchA === 1 ? 0 : batch * m;
    const bAt = batchB === 1 ? 0 : batch * n;
    for (let i = 0; i < m; i++) {
      const s = av[aAt + i];
      // + 0 as TF.js's GEMM, whose sum starts from +0: a product of −0 comes out +0.
      for (let j = 0; j < n; j++) ov[o++] = s * bv[bAt + j] + 0;
    }
  }
  return out;
}

/** Max over the last axis only (float32); null for other axes or dtypes, which TF.js's own kernel takes. */
export function wasmMaxLastAxis({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo | null {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32' || x.shape.length === 0) return null;
  const rank = x.shape.length;
  const axes = util.parseAxisParam(attrs?.reductionIndices as number | number[], x.shape);
  if (axes.length !== 1 || axes[0] !== rank - 1) return null;
  const c = x.shape[rank - 1];
  if (c === 0) return null;
  const rows = util.sizeFromShape(x.shape) / c;
  const shape = backend_util.computeOutAndReduceShapes(x.shape, axes)[0];
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput(attrs?.keepDims ? [...shape, 1] : shape, 'float32');
  const memory = wasmBackendMemory(backend);
  const simd = memory && simdKernelsOn(memory);
  if (simd) {
    simd.maxRows(heapOffset(heap, x), heapOffset(heap, out), rows, c);
    return out;
  }
  const xv = heap.typedArrayFromHeap(x);
  const ov = heap.typedArrayFromHeap(out);
  for (let r = 0, p = 0; r < rows; r++) {
    let best = xv[p++];
    for (let k = 1; k < c; k++, p++) {
      const v = xv[p];
      if (v > best || v !== v) best = v; // NaN wins, as in TF.js's kernel
    }
    ov[r] = best;
  }
  return out;
}
