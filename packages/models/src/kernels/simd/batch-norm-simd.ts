// FusedBatchNorm on the wasm backend with the SIMD kernel (batchNorm in kernels.wat), on the backend's threads.
// tfjs-layers' batch norm in training runs it on every full-size activation, and TF.js 4.22's wasm kernel takes a
// square root and a double division per element, on one thread, with an index wrap-around per statistic: about 4 ns
// per element, 9% of a batch-norm training step. The square root is per channel, so it is taken once here; the
// rest keeps the C++ kernel's precisions, so the bits are unchanged (test/kernels/batch-norm-simd.test.ts).
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { runSplit, backendPool } from './simd-pool';

/** Rows per thread under which one thread does it all (a 16-channel row is 64 bytes: 4096 rows is 256 KB). */
const MIN_ROWS_PER_THREAD = 4096;

/**
 * The normalised x, or null where the kernel does not apply (TF.js's kernel then runs): x must be float32 with
 * mean, variance and any scale and offset holding one float32 value per channel of its last axis.
 */
export function simdBatchNorm({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo | null {
  const { x, mean, variance, offset, scale } = inputs;
  if (!x || !mean || !variance || x.dtype !== 'float32' || x.shape.length < 1) return null;
  const c = x.shape[x.shape.length - 1];
  const perChannel = (t: TensorInfo | undefined): boolean =>
    t === undefined || (t.dtype === 'float32' && util.sizeFromShape(t.shape) === c);
  if (c === 0 || ![mean, variance, offset, scale].every(perChannel)) return null;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return null;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...x.shape], 'float32');
  // Per channel: offset and divisor as doubles (8-byte aligned), mean and scale as floats; 4 spare bytes to align.
  const scratch = heap.makeOutput([6 * c + 1], 'float32');
  try {
    const base = heapOffset(heap, scratch);
    const at = base + (base % 8 === 0 ? 0 : 4);
    const offsets = new Float64Array(memory.buffer, at, c);
    const divisors = new Float64Array(memory.buffer, at + 8 * c, c);
    const means = new Float32Array(memory.buffer, at + 16 * c, c);
    const scales = new Float32Array(memory.buffer, at + 20 * c, c);
    const values = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    // The C++ kernel takes epsilon as a float and the root with std::sqrt(float): float32 all through, then widened.
    const epsilon = Math.fround((attrs?.varianceEpsilon as number | undefined) ?? 0.001);
    const v = values(variance);
    for (let i = 0; i < c; i++) divisors[i] = Math.fround(Math.sqrt(Math.fround(v[i] + epsilon)));
    means.set(values(mean));
    if (scale) scales.set(values(scale));
    else scales.fill(1);
    if (offset) offsets.set(values(offset));
    else offsets.fill(0);
    const xAt = heapOffset(heap, x);
    const outAt = heapOffset(heap, out);
    const pool = backendPool(memory);
    const args = (r0: number, r1: number): number[] => [
      xAt,
      outAt,
      r0,
      r1,
      c,
      at + 16 * c,
      at + 20 * c,
      at,
      at + 8 * c,
    ];
    runSplit(pool, 'batchNorm', size / c, args, MIN_ROWS_PER_THREAD);
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return out;
}
