// withValues (segment()'s read-back): on wasm, a view of the backend's memory with the same values data()
// copies out, for each dtype a result can have; on other backends, data()'s copy.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { withValues } from '../../src/infer/read-back';

const cases = [
  ['float32', () => tf.softmax(tf.tensor2d([1, 2, 3, -1, 0.5, 7], [2, 3]))],
  ['int32', () => tf.argMax(tf.tensor2d([1, 9, 3, 8, 0.5, 7], [2, 3]), -1)],
  ['bool', () => tf.greater(tf.tensor1d([1, -2, 3]), 0)],
] as const;

describe.each(['wasm', 'cpu'])('withValues on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each(cases)('%s: the values data() gives', async (dtype, make) => {
    const t = make();
    try {
      expect(t.dtype).toBe(dtype);
      const copied = Array.from(await t.data());
      const { values, inPlace } = await withValues(t, (v) => ({
        values: Array.from(v),
        // wasm: a view of the module's memory, which holds far more than this tensor; cpu: an array of its own
        inPlace: v.buffer.byteLength > v.byteLength * 1000,
      }));
      expect(values).toEqual(copied);
      expect(inPlace).toBe(backend === 'wasm');
    } finally {
      t.dispose();
    }
  });

  it('returns what the callback returns, and the callback sees the values before the tensor is disposed', async () => {
    const t = tf.tensor1d([4, 5, 6]);
    const sum = await withValues(t, (v) => Array.from(v).reduce((a, b) => a + b, 0));
    t.dispose();
    expect(sum).toBe(15);
  });
});
