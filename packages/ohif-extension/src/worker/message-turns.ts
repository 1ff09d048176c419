// A worker only reads its next message (e.g. a cancel) when its event loop turns. TF.js's wasm and cpu
// backends resolve `tensor.data()` as a microtask, so segment() and fineTune() of @seglens/models would run
// from start to end without ever letting a cancel in (the GPU backends poll with timers and do yield).
// While a long call runs, the active backend's read() therefore waits for one macrotask first: segment()
// reads once per batch and fineTune() once per step, so a cancel is seen before the next batch or step.
import * as tf from '@tensorflow/tfjs-core';

type Read = (dataId: object) => Promise<unknown>;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function withMessageTurns<T>(run: () => Promise<T>): Promise<T> {
  const backend = tf.backend() as unknown as { read: Read };
  const own = Object.prototype.hasOwnProperty.call(backend, 'read');
  const original = backend.read;
  backend.read = async function read(this: unknown, dataId: object): Promise<unknown> {
    await macrotask();
    return original.call(backend, dataId);
  };
  try {
    return await run();
  } finally {
    if (own) backend.read = original;
    else Reflect.deleteProperty(backend, 'read');
  }
}
