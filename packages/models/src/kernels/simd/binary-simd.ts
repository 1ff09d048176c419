// Add, Sub and Multiply of float32 tensors on the wasm backend with the SIMD kernel (binary in kernels.wat), on the
// backend's threads. A training step of a batch-norm U-Net runs dozens of them on whole activations: the gradient
// sums where a layer's output feeds two others, batch norm's x − mean and its scale in the gradient, Adam's update.
// TF.js runs each on one thread, and those that broadcast a per-channel vector along the last axis at about half the
// speed of the others. One IEEE operation per element either way, so the bits are TF.js's
// (test/kernels/binary-simd.test.ts).
import { backend_util, util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { runSplit, backendPool } from './simd-pool';

export type BinaryKernelName = 'Add' | 'Sub' | 'Multiply';

const OP: Record<BinaryKernelName, number> = { Add: 0, Sub: 1, Multiply: 2 };

/** Elements per thread under which one thread does it all. */
const MIN_PER_THREAD = 65536;

/** How b meets a: the same shape; c values repeated along a's last axis; one value. */
export type BinaryLayout = { mode: 0 } | { mode: 1; c: number } | { mode: 2 };

/** How `b` broadcasts onto `a` for the SIMD kernel (the result has a's shape), or null where it does not apply. */
export function binaryLayout(a: readonly number[], b: readonly number[]): BinaryLayout | null {
  const size = util.sizeFromShape([...a]);
  if (size === 0) return null;
  if (util.arraysEqual([...a], [...b])) return { mode: 0 };
  if (b.length > a.length) return null;
  const bSize = util.sizeFromShape([...b]);
  if (bSize === 1) return { mode: 2 };
  const c = a[a.length - 1];
  const leadingOnes = b.slice(0, -1).every((d) => d === 1);
  if (b[b.length - 1] === c && bSize === c && leadingOnes && c % 4 === 0) return { mode: 1, c };
  return null;
}

/** a op b, or null (TF.js's own kernel then) for other dtypes, other broadcasts, or without WebAssembly SIMD. */
export function simdBinary({ inputs, backend }: NamedKernelArgs, name: BinaryKernelName): TensorInfo | null {
  let { a, b } = inputs;
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  let layout = binaryLayout(a.shape, b.shape);
  // a + b and a · b are the same bits either way round, so a broadcast a can swap places with b.
  if (!layout && name !== 'Sub') {
    layout = binaryLayout(b.shape, a.shape);
    if (layout) [a, b] = [b, a];
  }
  if (!layout) return null;
  // The result's shape is a's (b has no more axes and broadcasts into it); TF.js's rule says the same.
  if (!util.arraysEqual(backend_util.assertAndGetBroadcastShape(a.shape, b.shape), [...a.shape])) return null;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...a.shape], 'float32');
  const [aAt, bAt, outAt] = [a, b, out].map((t) => heapOffset(heap, t));
  const c = layout.mode === 1 ? layout.c : 1;
  const pool = backendPool(memory);
  runSplit(
    pool,
    'binary',
    util.sizeFromShape(a.shape),
    (i0, i1) => [OP[name], aAt, bAt, outAt, i0, i1, c, layout.mode],
    MIN_PER_THREAD,
    layout.mode === 1 ? c : 4,
  );
  return out;
}
