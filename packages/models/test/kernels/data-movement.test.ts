// seglens's Concat, Slice, SplitV, Tile, Reverse, PadV2 and Identity for wasm give exactly what the cpu backend's own
// kernels give, for every axis, rank 1-5, int32, bool and float32, empty parts, and boxes that cut the middle of any axis;
// Identity shares memory without leaking it or letting one dispose free the other.
import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by tfjs-layers (see the facts file); the concat-gradient case needs them.
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend';
import { fastKernelRegistrations, registerFastKernels, restoreNativeGradients, restoreNativeKernels } from '../../src/kernels';
import { createUNet } from '../../src/unet';
import { wasmPadV2 } from '../../src/kernels/wasm-data-movement';

type Case = () => tf.Tensor | tf.Tensor[];

const ramp = (shape: number[], dtype: 'float32' | 'int32' = 'float32', offset = 0): tf.Tensor =>
  tf.add(tf.reshape(tf.range(0, shape.reduce((a, b) => a * b, 1), 1, dtype), shape), tf.scalar(offset, dtype));

const CASES: Record<string, Case> = {
  'concat channels (the U-Net skip)': () => tf.concat([ramp([2, 5, 4, 3]), ramp([2, 5, 4, 6], 'float32', 1000)], 3),
  'concat axis 0': () => tf.concat([ramp([1, 3, 2]), ramp([2, 3, 2], 'float32', 50)], 0),
  'concat axis 1 of rank 3, three parts, one empty': () => tf.concat([ramp([2, 3, 70]), ramp([2, 0, 70]), ramp([2, 2, 70], 'float32', 9)], 1),
  'concat long rows (set path)': () => tf.concat([ramp([3, 100]), ramp([3, 80], 'float32', 7)], 1),
  'concat int32 rank 1': () => tf.concat([ramp([4], 'int32'), ramp([3], 'int32', 10)], 0),
  'concat rank 5 axis 2': () => tf.concat([ramp([2, 2, 1, 3, 2]), ramp([2, 2, 2, 3, 2], 'float32', 99)], 2),
  'slice channels': () => tf.slice(ramp([2, 5, 4, 9]), [0, 0, 0, 3], [2, 5, 4, 4]),
  'slice a middle box': () => tf.slice(ramp([3, 6, 7, 5]), [1, 2, 1, 1], [2, 3, 4, 3]),
  'slice whole trailing axes': () => tf.slice(ramp([4, 6, 7, 5]), [1, 2, 0, 0], [2, 3, -1, -1]),
  'slice rank 2 int32': () => tf.slice(ramp([5, 9], 'int32'), [1, 2], [3, 5]),
  'slice rank 1': () => tf.slice(ramp([10]), [3], [4]),
  'slice rank 5': () => tf.slice(ramp([2, 3, 4, 5, 6]), [1, 0, 1, 2, 3], [1, 3, 2, 2, 2]),
  'slice empty': () => tf.slice(ramp([3, 4]), [1, 1], [0, 2]),
  'split channels by sizes (concat gradient)': () => tf.split(ramp([2, 4, 3, 9]), [3, 6], 3),
  'split axis 1 in 3 equal parts': () => tf.split(ramp([2, 6, 5]), 3, 1),
  'split with -1': () => tf.split(ramp([7, 4], 'int32'), [2, -1, 1], 0),
  'tile [1, 1, 1, C] over an activation (the batch norm gradient)': () => tf.tile(ramp([1, 1, 1, 5]), [2, 3, 4, 1]),
  'tile every axis of rank 3': () => tf.tile(ramp([2, 3, 4]), [2, 1, 3]),
  'tile int32 rank 1': () => tf.tile(ramp([3], 'int32'), [4]),
  'tile bool': () => tf.tile(tf.greater(ramp([2, 3]), 2), [2, 2]),
  'tile rank 5': () => tf.tile(ramp([1, 2, 1, 3, 2]), [2, 1, 3, 1, 2]),
  'tile long blocks (set path)': () => tf.tile(ramp([2, 700]), [3, 2]),
  'tile nothing along an axis': () => tf.tile(ramp([2, 3]), [0, 2]),
  'reverse a filter in space (the input gradient)': () => tf.reverse(ramp([3, 3, 4, 5]), [0, 1]),
  'reverse the last axis': () => tf.reverse(ramp([2, 3, 7]), -1),
  'reverse the middle axis only': () => tf.reverse(ramp([2, 5, 3]), 1),
  'reverse every axis of rank 4, int32': () => tf.reverse(ramp([2, 3, 2, 4], 'int32'), [0, 1, 2, 3]),
  'reverse rank 1': () => tf.reverse(ramp([6])),
  'reverse long runs (set path)': () => tf.reverse(ramp([3, 700]), 0),
  'reverse an axis of length 1 (a copy)': () => tf.reverse(ramp([1, 4, 3]), 0),
  'reverse bool': () => tf.reverse(tf.greater(ramp([2, 3]), 2), [0, 1]),
  'pad a crop to the model size (segment())': () => tf.pad(ramp([2, 5, 3, 1]), [[0, 0], [1, 2], [3, 0], [0, 0]]),
  'pad every axis with a constant': () => tf.pad(ramp([2, 3, 4]), [[1, 0], [0, 2], [1, 1]], -7.5),
  'pad the last axis only': () => tf.pad(ramp([2, 3, 4]), [[0, 0], [0, 0], [1, 2]]),
  'pad int32 rank 1': () => tf.pad(ramp([4], 'int32'), [[2, 3]], 9),
  'pad rank 5': () => tf.pad(ramp([1, 2, 3, 2, 2]), [[0, 1], [1, 0], [0, 0], [2, 1], [0, 0]]),
  'pad nothing (a copy)': () => tf.pad(ramp([2, 3]), [[0, 0], [0, 0]]),
  'pad an empty tensor': () => tf.pad(ramp([0, 3]), [[1, 1], [0, 1]], 4),
  'pad long rows (set path)': () => tf.pad(ramp([3, 700]), [[1, 0], [0, 5]]),
  'concat gradient through tf.grad': () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, tf.square(x)], 3), ramp([2, 3, 3, 8]))))(ramp([2, 3, 3, 4])),
};

async function valuesOn(backend: string): Promise<Record<string, number[][]>> {
  await tf.setBackend(backend);
  const out: Record<string, number[][]> = {};
  for (const [name, make] of Object.entries(CASES)) {
    const result = tf.tidy(make);
    const list = Array.isArray(result) ? result : [result];
    out[name] = list.map((t) => [...t.shape, NaN, ...Array.from(t.dataSync())]);
    tf.dispose(list);
  }
  return out;
}

describe('wasm data-movement kernels', () => {
  beforeAll(async () => {
    await selectBackend({ force: 'wasm' });
  });

  it('are registered on wasm', () => {
    const wasm = fastKernelRegistrations().filter((r) => r.backendName === 'wasm').map((r) => r.kernelName);
    expect(wasm).toEqual(expect.arrayContaining(['Concat', 'Slice', 'SplitV', 'Identity', 'Tile', 'Reverse', 'PadV2']));
  });

  it('equal the cpu backend exactly and leak nothing', async () => {
    const before = tf.memory().numTensors;
    const wasm = await valuesOn('wasm');
    expect(tf.memory().numTensors).toBe(before);
    const cpu = await valuesOn('cpu');
    for (const name of Object.keys(CASES)) expect([name, wasm[name]]).toEqual([name, cpu[name]]);
  });

  it("give batch norm's gradient (which tiles a [1, 1, 1, C] factor) the same bits as TF.js's own wasm kernels", async () => {
    await tf.setBackend('wasm');
    // Mul, Rsqrt and the rest run on wasm in both; only seglens's kernels are swapped for TF.js's.
    const gradient = (): number[] =>
      tf.tidy(() => {
        const { mean, variance } = tf.moments(tf.sin(ramp([2, 5, 3, 4])), [0, 1, 2]);
        const f = (x: tf.Tensor): tf.Tensor =>
          tf.sum(tf.mul(tf.batchNorm(x, mean, variance, ramp([4]), ramp([4], 'float32', 1), 1e-3), ramp([2, 5, 3, 4])));
        return Array.from(tf.grad(f)(tf.sin(ramp([2, 5, 3, 4]))).dataSync());
      });
    // TF.js's own batch-norm gradient (the one that tiles), with seglens's kernels and then with TF.js's.
    restoreNativeGradients();
    const ours = gradient();
    expect(fastKernelRegistrations().some((r) => r.kernelName === 'Tile')).toBe(true);
    restoreNativeKernels();
    try {
      expect(ours).toEqual(gradient());
    } finally {
      registerFastKernels(['wasm', 'cpu']);
    }
  });

  it('Identity shares memory: both tensors read the data, disposing one keeps the other, both free it', async () => {
    await tf.setBackend('wasm');
    const bytes = tf.memory().numBytes;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a); // Identity
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.memory().numBytes).toBe(bytes);
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const ids = backend.dataIdMap.numDataIds();
    const c = tf.tensor1d([4, 5]);
    const d = tf.clone(c);
    expect(backend.dataIdMap.numDataIds()).toBe(ids + 1);
    tf.dispose([c, d]);
    expect(backend.dataIdMap.numDataIds()).toBe(ids);
  });

  it('leave a whole U-Net training gradient as on cpu (skip concatenations, their SplitV gradient, copies)', async () => {
    const grads = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const model = createUNet({ inputChannels: 1, classes: 3, depth: 3, baseFilters: 4, normalization: 'batch', seed: 2 });
      const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 4);
      const labels = tf.oneHot(tf.randomUniform([2 * 16 * 16], 0, 3, 'int32', 5), 3);
      const { grads: g } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(labels, tf.reshape(model.apply(x, { training: true }) as tf.Tensor, [-1, 3])) as tf.Scalar,
      );
      const values = Object.keys(g).sort().map((k) => g[k].dataSync() as Float32Array);
      tf.dispose([x, labels, ...Object.values(g)]);
      model.dispose();
      return values;
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    expect(wasm.length).toBe(cpu.length);
    wasm.forEach((w, i) => {
      const scale = Math.max(...cpu[i].map(Math.abs));
      const worst = Math.max(...w.map((v, j) => Math.abs(v - cpu[i][j])));
      expect(worst / scale).toBeLessThan(1e-4);
    });
  });

  it('PadV2 names paddings that do not fit the input', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([2, 3]);
    const call = (paddings: unknown) => () =>
      wasmPadV2({ inputs: { x }, backend: tf.backend(), attrs: { paddings, constantValue: 0 } as never });
    expect(call([[1, 1]])).toThrow('PadV2: paddings must be 2 pairs of non-negative integers for shape [2,3], got [[1,1]]');
    expect(call([[0, 0], [-1, 0]])).toThrow('got [[0,0],[-1,0]]');
    x.dispose();
  });

  it('leave string tensors to the native kernels', async () => {
    await tf.setBackend('wasm');
    expect(tf.concat([tf.tensor1d(['a']), tf.tensor1d(['b', 'c'])]).arraySync()).toEqual(['a', 'b', 'c']);
  });
});
