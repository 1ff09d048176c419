// Exp on the wasm backend in WebAssembly SIMD (expf in kernels.wat), on the backend's threads. TF.js's own Exp is a
// scalar loop over std::exp, about 6 ns per element: the softmax and log-softmax of a 14-class loss call it four
// times per step on [8, 128·128, 14], a tenth of a CT training step. The SIMD kernel is Cephes' expf in float32:
// within 2 ulp of the correctly rounded value where TF.js's is within 1 (test/kernels/exp-simd.test.ts), and each
// element's bits depend on nothing but its input, so every thread count gives the same result.
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

/** e^x of a float32 tensor in SIMD; null (TF.js's own kernel then) for other dtypes or without SIMD kernels. */
export function simdExp({ inputs, backend }: NamedKernelArgs): TensorInfo | null {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32') return null;
  const memory = wasmBackendMemory(backend);
  const kernels = memory && simdKernelsOn(memory);
  if (!memory || !kernels) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...x.shape], 'float32');
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return out;
  const [xAt, outAt] = [x, out].map((t) => heapOffset(heap, t));
  const pool = backendPool(memory);
  runSplit(pool, 'expf', size, (i0, i1) => [xAt, outAt, i0, i1], MIN_PER_THREAD, 4);
  return out;
}
