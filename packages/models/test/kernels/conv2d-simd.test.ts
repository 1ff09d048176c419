// The WebAssembly SIMD forward convolution (conv2d in kernels.wat) against TF.js's own wasm kernels (XNNPACK): the
// same bits for Conv2D and FusedConv2D over strides, paddings, filter sizes, widths that leave a partial tile, one
// and many input channels; TF.js's kernel where it does not apply. Values of very different magnitudes make any
// other order of additions change bits (checked below), so "same bits" means "XNNPACK's order". And shipped models
// give the same softmax scores, to the bit, on real scans.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { sameBits, spreadValues as values } from './bits';
import { simdConv2D, simdConv2DGeometry } from '../../src/kernels/simd/conv2d-simd';
import { registerFastKernels, restoreNativeKernels, type FastKernelName } from '../../src/kernels';
import { join } from 'node:path';
import { readImageFile, readNiftiFile, resolveDataDir, type Volume } from '@seglens/data';
import { loadModelFromDirectory, segment } from '../../src';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  /** FusedConv2D with a bias and this activation; undefined: Conv2D. */
  fused?: 'relu' | 'linear';
}

const cases: Case[] = [
  {
    name: 'U-Net layer, bias + ReLU',
    x: [8, 32, 32, 16],
    filter: [3, 3, 16, 32],
    strides: [1, 1],
    pad: 'same',
    fused: 'relu',
  },
  { name: 'first layer, 1 channel', x: [2, 17, 19, 1], filter: [3, 3, 1, 16], strides: [1, 1], pad: 'same' },
  {
    name: 'odd sizes, bias + ReLU',
    x: [2, 9, 11, 5],
    filter: [3, 3, 5, 8],
    strides: [1, 1],
    pad: 'same',
    fused: 'relu',
  },
  {
    name: 'stride 2, linear',
    x: [2, 10, 10, 3],
    filter: [3, 3, 3, 8],
    strides: [2, 2],
    pad: 'same',
    fused: 'linear',
  },
  { name: '1x1', x: [1, 8, 6, 16], filter: [1, 1, 16, 24], strides: [1, 1], pad: 'valid', fused: 'relu' },
  { name: '5x5 valid, strides 2/1', x: [1, 12, 13, 4], filter: [5, 5, 4, 8], strides: [2, 1], pad: 'valid' },
  {
    name: 'explicit uneven padding',
    x: [1, 9, 9, 8],
    filter: [3, 3, 8, 16],
    strides: [1, 1],
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  {
    name: 'narrower than a tile',
    x: [1, 5, 3, 2],
    filter: [3, 3, 2, 8],
    strides: [1, 1],
    pad: 'same',
    fused: 'relu',
  },
];

// A type, not an interface, so that tf.dispose takes it as a container.
type Tensors = {
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
};

function tensors(c: Case): Tensors {
  const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor4d(values(size(c.x), 1), c.x),
    filter: tf.tensor4d(values(size(c.filter), 2), c.filter),
    bias: tf.tensor1d(values(c.filter[3], 3)),
  };
}

function convolve(c: Case, t: Tensors): Float32Array {
  const y = c.fused
    ? tf.fused.conv2d({
        x: t.x,
        filter: t.filter,
        bias: t.bias,
        strides: c.strides,
        pad: c.pad,
        activation: c.fused,
      })
    : tf.conv2d(t.x, t.filter, c.strides, c.pad);
  const v = y.dataSync() as Float32Array;
  y.dispose();
  return v;
}

describe('SIMD forward convolution on wasm', () => {
  let native: Float32Array[];

  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    native = cases.map((c) => {
      const t = tensors(c);
      const v = convolve(c, t);
      tf.dispose(t);
      return v;
    });
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it.each(cases.map((c, i) => [c.name, i] as const))(
    "%s: the SIMD kernel runs and gives XNNPACK's bits",
    (_, i) => {
      const c = cases[i];
      const t = tensors(c);
      const inputs = { x: t.x, filter: t.filter, ...(c.fused ? { bias: t.bias } : {}) };
      const attrs = {
        strides: c.strides,
        pad: c.pad,
        dataFormat: 'NHWC',
        dilations: [1, 1],
        activation: c.fused,
      };
      // called directly, so a silent fallback to TF.js's kernel could not pass
      const out = simdConv2D({ inputs, backend: tf.backend(), attrs: attrs as never }, c.fused !== undefined);
      expect(out).not.toBeNull();
      const direct = tf.engine().makeTensorFromTensorInfo(out!);
      const registered = convolve(c, t);
      expect(direct.shape).toEqual(tf.conv2d(t.x, t.filter, c.strides, c.pad).shape);
      expect(sameBits(direct.dataSync() as Float32Array, native[i])).toBe(true);
      expect(sameBits(registered, native[i])).toBe(true);
      tf.dispose([direct, t]);
    },
  );

  it('the test values tell orders apart: channels before taps changes bits of a real layer', () => {
    const c = cases[2];
    const t = tensors(c);
    const [n, h, w, ci] = c.x;
    const [, , , co] = c.filter;
    const x = t.x.dataSync();
    const f = t.filter.dataSync();
    const b = t.bias.dataSync();
    let differ = 0;
    for (let p = 0; p < n * h * w; p++) {
      const [bi, y0, x0] = [Math.floor(p / (h * w)), Math.floor(p / w) % h, p % w];
      for (let o = 0; o < co; o++) {
        let acc = b[o];
        for (let k = 0; k < ci; k++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const [iy, ix] = [y0 + ky - 1, x0 + kx - 1];
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              acc = Math.fround(
                acc +
                  Math.fround(x[((bi * h + iy) * w + ix) * ci + k] * f[((ky * 3 + kx) * ci + k) * co + o]),
              );
            }
        if (!Object.is(Math.max(0, acc), native[2][p * co + o])) differ++;
      }
    }
    expect(differ).toBeGreaterThan(50);
    tf.dispose(t);
  });

  it("leaves other convolutions to TF.js's kernels, with their results", () => {
    const x = tf.tensor4d(values(2 * 8 * 8 * 4, 4), [2, 8, 8, 4]);
    const f6 = tf.tensor4d(values(3 * 3 * 4 * 6, 5), [3, 3, 4, 6]);
    const f8 = tf.tensor4d(values(3 * 3 * 4 * 8, 6), [3, 3, 4, 8]);
    const bias = tf.tensor1d(values(8, 7));
    const prelu = tf.tensor1d(values(8, 8));
    const read = (y: tf.Tensor): Float32Array => {
      const v = y.dataSync() as Float32Array;
      y.dispose();
      return v;
    };
    const geometry = (inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>, fused: boolean) =>
      simdConv2DGeometry({ inputs, attrs: { strides: 1, pad: 'same', ...attrs } as never }, fused);
    expect(geometry({ x, filter: f8 }, {}, false)).not.toBeNull();
    expect(geometry({ x, filter: f6 }, {}, false)).toBeNull(); // 6 output channels: not a block of 8
    expect(geometry({ x, filter: f8 }, { dilations: 2 }, false)).toBeNull();
    expect(geometry({ x, filter: f8 }, { dataFormat: 'NCHW' }, false)).toBeNull();
    expect(geometry({ x, filter: f8, bias }, { activation: 'elu' }, true)).toBeNull();
    expect(
      geometry({ x, filter: f8, bias, preluActivationWeights: prelu }, { activation: 'prelu' }, true),
    ).toBeNull();
    const xi = tf.cast(x, 'int32');
    expect(geometry({ x: xi, filter: f8 }, {}, false)).toBeNull();
    // and the registered kernels still compute those (TF.js's results)
    const fast = [
      tf.conv2d(x, f6, 1, 'same'),
      tf.conv2d(x, f8, 1, 'same', 'NHWC', 2),
      tf.fused.conv2d({ x, filter: f8, bias, activation: 'elu', strides: 1, pad: 'same' }),
    ].map(read);
    restoreNativeKernels();
    const own = [
      tf.conv2d(x, f6, 1, 'same'),
      tf.conv2d(x, f8, 1, 'same', 'NHWC', 2),
      tf.fused.conv2d({ x, filter: f8, bias, activation: 'elu', strides: 1, pad: 'same' }),
    ].map(read);
    registerFastKernels(['wasm']);
    fast.forEach((v, i) => expect(sameBits(v, own[i])).toBe(true));
    tf.dispose([x, xi, f6, f8, bias, prelu]);
  });

  it('frees its scratch buffer: only the output is left', () => {
    const c = cases[0];
    const t = tensors(c);
    const before = tf.memory().numTensors;
    const ids = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const y = tf.fused.conv2d({
      x: t.x,
      filter: t.filter,
      bias: t.bias,
      activation: 'relu',
      pad: 'same',
      strides: 1,
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(ids + 1);
    tf.dispose([y, t]);
  });

  it.each([
    ['hippocampus-rce', 'an MSD hippocampus MR volume'],
    ['polyp-rce', 'a PolypGen colonoscopy frame (3 input channels)'],
  ])("%s on %s: the softmax scores have XNNPACK's bits (convolution 'direct')", async (name) => {
    const data = resolveDataDir();
    const model = await loadModelFromDirectory(join(__dirname, '..', '..', 'pretrained', name));
    const file = (model.card.training?.dataset as { validationCases: string[] }).validationCases[0];
    const volume: Volume =
      model.card.task === 'hippocampus'
        ? (await readNiftiFile(join(data, 'msd-hippocampus', 'images', file))).volume
        : await readImageFile(join(data, 'polypgen-256', 'val', 'images', file));
    const scores = async (): Promise<Float32Array> =>
      (await segment(model, volume, { modelScores: true, convolution: 'direct' })).modelScores!.values;
    const all = registerFastKernels(['wasm']).map((r) => r.kernelName as FastKernelName);
    const withSimd = await scores();
    restoreNativeKernels();
    // every other kernel of seglens stays (its Exp is not TF.js's), so only the convolution differs
    registerFastKernels(
      ['wasm'],
      all.filter((k) => k !== 'Conv2D' && k !== 'FusedConv2D'),
    );
    const withXnnpack = await scores();
    restoreNativeKernels();
    registerFastKernels(['wasm']);
    expect(withSimd.length).toBeGreaterThan(10_000);
    expect(sameBits(withSimd, withXnnpack)).toBe(true);
    model.net.dispose();
  });
});
