// Reading a result tensor's values for one pass over them. On the wasm backend the values already sit in the
// backend's memory: segment() reads them there instead of through data(), which copies them into a new array.
// That copy was not a small cost: a batch of 8 CT slices with 14 class scores at 512x512 is 117 MB, and every
// page of a new array is faulted in on first touch (about 13 µs a page on this project's 2-core VMs, a scratch
// measurement of session 46), so the copy alone took 46-63 ms per slice, more than the network.
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from '../kernels/wasm-data-movement';

type HeapBackend = Pick<WasmBackendLike, 'typedArrayFromHeap'>;
type Values = ReturnType<HeapBackend['typedArrayFromHeap']>;

function isHeapBackend(backend: unknown): backend is HeapBackend {
  return typeof (backend as Partial<HeapBackend>)?.typedArrayFromHeap === 'function';
}

/**
 * Calls `use` with the values of `t` (float32, int32 or bool) and returns what it returns: a view of the wasm
 * backend's memory where the backend offers one, else a copy from data(). The view is only valid during `use`
 * (another kernel may grow the memory or reuse the bytes), so `use` must not keep it or await.
 */
export async function withValues<R>(t: tf.Tensor, use: (values: Values) => R): Promise<R> {
  if (t.dtype === 'float32' || t.dtype === 'int32' || t.dtype === 'bool') {
    const backend = tf.engine().backendName === 'wasm' ? tf.backend() : undefined;
    if (isHeapBackend(backend)) return use(backend.typedArrayFromHeap(t));
  }
  return use((await t.data()) as Values);
}
