// Softmax over the last axis on the wasm backend in WebAssembly SIMD (softmaxRows in kernels.wat), on the backend's
// threads. TF.js's own kernel is XNNPACK's softmax, which makes three calls per row (the maximum, the exponentials
// and their sum, the scaling): for a segmentation's class scores, a row per pixel of 2 to 14 classes, the calls cost
// more than the arithmetic (a 64×64 batch of 8 with 3 classes: 1.2–1.4 ms, about a twelfth of a hippocampus
// segmentation's kernels). segment() and training's validation call it once per batch. The exponentials are exp-simd's
// (within 2 ulp), so the probabilities differ from TF.js's in the last bits; each row's bits depend on nothing but
// the row, so every thread count gives the same result.
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { runSplit, backendPool } from './simd-pool';

/** Elements per thread under which one thread does it all. */
const MIN_PER_THREAD = 65536;

/**
 * Softmax of a float32 tensor over its last axis in SIMD; null (TF.js's own kernel then) for another axis or dtype,
 * or without SIMD kernels.
 */
export function simdSoftmax({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo | null {
  const { logits } = inputs;
  if (!logits || logits.dtype !== 'float32' || logits.shape.length === 0) return null;
  const rank = logits.shape.length;
  const dim = attrs?.dim;
  if (dim !== undefined && dim !== -1 && dim !== rank - 1) return null;
  const memory = wasmBackendMemory(backend);
  const kernels = memory && simdKernelsOn(memory);
  if (!memory || !kernels) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...logits.shape], 'float32');
  const c = logits.shape[rank - 1];
  const rows = c === 0 ? 0 : util.sizeFromShape(logits.shape) / c;
  if (rows === 0) return out;
  const [xAt, outAt] = [logits, out].map((t) => heapOffset(heap, t));
  try {
    runSplit(
      backendPool(memory),
      'softmaxRows',
      rows,
      (r0, r1) => [xAt, outAt, r0, r1, c],
      Math.ceil(MIN_PER_THREAD / c),
      4,
    );
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  }
  return out;
}
