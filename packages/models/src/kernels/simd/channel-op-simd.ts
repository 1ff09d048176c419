// Multiply, Sub and Add of a channels-last tensor and a per-channel one on the wasm backend with the SIMD kernel
// (channelOp in kernels.wat), on the backend's threads. Batch norm in training does this on every full-size
// activation (tf.moments' x - mean, its gradient's x - mean and dy * scale), and TF.js 4.22's wasm backend sends a
// broadcast to a loop that computes each operand's index per element: 1.5-3 ms per 8x128x128x16 call, about 7% of a
// batch-norm training step. One IEEE operation per element either way, so the bits are TF.js's
// (test/kernels/channel-op-simd.test.ts). Same-shape operands stay with TF.js (XNNPACK already runs them).
import { util, type KernelBackend, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, simdKernelsOn, wasmBackendMemory, type WasmHeapBackend } from './simd-module';
import { runSplit, simdPool } from './simd-pool';

export type ChannelOpKernel = 'Multiply' | 'Sub' | 'Add';

export interface ChannelOpArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
}

const OP_CODE: Record<ChannelOpKernel, number> = { Multiply: 0, Sub: 1, Add: 2 };

/** Rows per thread under which one thread does it all. */
const MIN_ROWS_PER_THREAD = 4096;

/** Whether `t` holds one value per channel of `full`'s last axis ([c] or [1, ..., 1, c], no higher rank). */
function perChannel(t: TensorInfo, full: TensorInfo): boolean {
  const c = full.shape[full.shape.length - 1];
  return (
    t.shape.length >= 1 &&
    t.shape.length <= full.shape.length &&
    t.shape[t.shape.length - 1] === c &&
    util.sizeFromShape(t.shape) === c
  );
}

/**
 * a (op) b where one operand is a float32 channels-last tensor with channels in fours and the other holds one
 * float32 value per channel (for Sub, only the second), or null where the kernel does not apply (TF.js's kernel
 * then runs).
 */
export function simdChannelOp(
  kernel: ChannelOpKernel,
  { inputs, backend }: ChannelOpArgs,
): TensorInfo | null {
  let { a, b } = inputs;
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  // Multiplication and addition commute (to the bit), so the per-channel operand may come first.
  if (kernel !== 'Sub' && perChannel(a, b) && !perChannel(b, a)) [a, b] = [b, a];
  const c = a.shape[a.shape.length - 1];
  const size = util.sizeFromShape(a.shape);
  if (a.shape.length < 2 || c === 0 || c % 4 !== 0 || size <= c || !perChannel(b, a)) return null;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...a.shape], 'float32');
  const [aAt, bAt, outAt] = [a, b, out].map((t) => heapOffset(heap, t));
  const pool = simdPool(memory, Math.max(1, getThreadsCount() || 1));
  runSplit(
    pool,
    'channelOp',
    size / c,
    (r0, r1) => [aAt, bAt, outAt, r0, r1, c, OP_CODE[kernel]],
    MIN_ROWS_PER_THREAD,
  );
  return out;
}
