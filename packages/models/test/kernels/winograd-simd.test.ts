// Winograd's F(2×2, 3×3) and F(4×4, 3×3) convolutions on wasm (winograd3x3 and winograd4x4 in kernels.wat) against
// the exact sum in float64: every output within float32 rounding of it (relative to the algorithm's own terms in
// magnitude, the scale its rounding errors grow with), over partial tiles, paddings, bias and ReLU; and outside
// `withWinograd`, or where it does not apply, XNNPACK's bits as before. The same bits on 1 and 2 threads are checked
// in kernel-threads.test.ts, on a threaded backend (this file's, started by tf.setBackend in Node, has one thread).
import * as tf from '@tensorflow/tfjs-core';
import { sameBits, spreadValues as values } from './bits';
import { registerFastKernels, restoreNativeKernels } from '../../src/kernels';
import {
  WinogradFilterCache,
  winogradApplies,
  withWinograd,
  type WinogradTile,
} from '../../src/kernels/simd/winograd-simd';
import { convGeometry } from '../../src/kernels/conv-geometry';
import { join } from 'node:path';
import { readNiftiFile, resolveDataDir } from '@seglens/data';
import {
  foldBatchNorm,
  loadModelFromDirectory,
  segment,
  setDefaultConvolution,
  type ConvolutionAlgorithm,
} from '../../src';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  name: string;
  x: [number, number, number, number];
  outC: number;
  pad: Pad;
  activation?: 'relu' | 'linear';
}

// F(2×2, 3×3) runs on every width; F(4×4, 3×3) only from 16 outputs wide (narrower layers keep F(2×2)), so its
// cases are at least that wide.
const cases2: Case[] = [
  { name: 'U-Net layer, bias + ReLU', x: [2, 32, 32, 16], outC: 32, pad: 'same', activation: 'relu' },
  {
    name: 'odd height and width (partial tiles)',
    x: [2, 9, 11, 4],
    outC: 8,
    pad: 'same',
    activation: 'linear',
  },
  { name: "'valid', no bias", x: [1, 12, 13, 8], outC: 16, pad: 'valid' },
  {
    name: 'explicit uneven padding',
    x: [1, 9, 9, 8],
    outC: 16,
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
    activation: 'relu',
  },
  { name: 'narrower than a tile', x: [1, 5, 3, 4], outC: 8, pad: 'same', activation: 'relu' },
  { name: 'deep layer, 64 → 128', x: [1, 8, 8, 64], outC: 128, pad: 'same', activation: 'relu' },
];
const cases4: Case[] = [
  { name: 'U-Net layer, bias + ReLU', x: [2, 32, 32, 16], outC: 32, pad: 'same', activation: 'relu' },
  {
    name: 'odd height and width (partial tiles)',
    x: [2, 17, 19, 4],
    outC: 8,
    pad: 'same',
    activation: 'linear',
  },
  { name: "'valid', no bias", x: [1, 20, 21, 8], outC: 16, pad: 'valid' },
  {
    name: 'explicit uneven padding',
    x: [1, 9, 17, 8],
    outC: 16,
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
    activation: 'relu',
  },
  { name: 'shorter than a tile', x: [1, 3, 16, 4], outC: 8, pad: 'same', activation: 'relu' },
  { name: 'deep layer, 64 → 128', x: [1, 16, 16, 64], outC: 128, pad: 'same', activation: 'relu' },
  // F(4×4) passes each patch through scratch T of 36 × inC floats (after V and M): wide in, narrow out
  {
    name: 'wide input, narrow output, 128 → 8',
    x: [2, 16, 21, 128],
    outC: 8,
    pad: 'same',
    activation: 'relu',
  },
];
const casesOf = (tile: WinogradTile): Case[] => (tile === 4 ? cases4 : cases2);

/** Bᵀ, G and Aᵀ of F(m×m, 3×3) in magnitude (only |·| enters the bound). */
const MATRICES: Record<WinogradTile, { BT: number[][]; G: number[][]; AT: number[][] }> = {
  2: {
    BT: [
      [1, 0, 1, 0],
      [0, 1, 1, 0],
      [0, 1, 1, 0],
      [0, 1, 0, 1],
    ],
    G: [
      [1, 0, 0],
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5],
      [0, 0, 1],
    ],
    AT: [
      [1, 1, 1, 0],
      [0, 1, 1, 1],
    ],
  },
  4: {
    BT: [
      [4, 0, 5, 0, 1, 0],
      [0, 4, 4, 1, 1, 0],
      [0, 4, 4, 1, 1, 0],
      [0, 2, 1, 2, 1, 0],
      [0, 2, 1, 2, 1, 0],
      [0, 4, 0, 5, 0, 1],
    ],
    G: [
      [1 / 4, 0, 0],
      [1 / 6, 1 / 6, 1 / 6],
      [1 / 6, 1 / 6, 1 / 6],
      [1 / 24, 1 / 12, 1 / 6],
      [1 / 24, 1 / 12, 1 / 6],
      [0, 0, 1],
    ],
    AT: [
      [1, 1, 1, 1, 1, 0],
      [0, 1, 1, 2, 2, 0],
      [0, 1, 1, 4, 4, 0],
      [0, 1, 1, 8, 8, 1],
    ],
  },
};

type Tensors = { x: tf.Tensor4D; filter: tf.Tensor4D; bias: tf.Tensor1D };

function tensors(c: Case): Tensors {
  const n = c.x.reduce((a, b) => a * b, 1);
  const inC = c.x[3];
  return {
    // real layers see activations of one scale; the spread values test magnitudes the kernel must not lose
    x: tf.tensor4d(values(n, 1), c.x),
    filter: tf.tensor4d(values(9 * inC * c.outC, 2), [3, 3, inC, c.outC]),
    bias: tf.tensor1d(values(c.outC, 3)),
  };
}

function convolve(c: Case, t: Tensors): tf.Tensor4D {
  return c.activation
    ? tf.fused.conv2d({
        x: t.x,
        filter: t.filter,
        bias: t.bias,
        pad: c.pad,
        strides: 1,
        activation: c.activation,
      })
    : tf.conv2d(t.x, t.filter, 1, c.pad);
}

/**
 * The exact sum in float64 per output, and the bound Winograd's rounding errors scale with: the algorithm's own
 * terms in magnitude, |Aᵀ| (Σ_c |Bᵀ| |d| |B| · |G| |g| |Gᵀ|) |A| + |bias|, d the tile's input patch. It covers
 * the whole patch, not only the output's 3×3 window: inputs the window does not use enter the transformed terms and
 * cancel only in exact arithmetic, so their rounding stays (Lavin & Gray; Barabasz et al. 2020).
 */
function exact(
  c: Case,
  t: Tensors,
  shape: number[],
  tile: WinogradTile,
): { y: Float64Array; bound: Float64Array } {
  const [n, h, w, inC] = c.x;
  const [, oh, ow, co] = shape;
  const g = convGeometry(c.x, [3, 3, inC, c.outC], 1, c.pad, undefined);
  const x = t.x.dataSync();
  const f = t.filter.dataSync();
  const b = t.bias.dataSync();
  const y = new Float64Array(n * oh * ow * co);
  const bound = new Float64Array(y.length);
  for (let bi = 0; bi < n; bi++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < co; o++) {
          let acc = c.activation ? b[o] : 0;
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const iy = oy + ky - g.padTop;
              const ix = ox + kx - g.padLeft;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let k = 0; k < inC; k++)
                acc += x[((bi * h + iy) * w + ix) * inC + k] * f[((ky * 3 + kx) * inC + k) * co + o];
            }
          y[((bi * oh + oy) * ow + ox) * co + o] = c.activation === 'relu' ? Math.max(0, acc) : acc;
        }
  const { BT, G, AT } = MATRICES[tile];
  const p = tile + 2; // the input patch's side
  const q = p * p;
  // |U| per (input channel, output channel): q values
  const U = new Float64Array(inC * co * q);
  for (let k = 0; k < inC; k++)
    for (let o = 0; o < co; o++)
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let a = 0; a < 3; a++)
            for (let e = 0; e < 3; e++)
              s += G[i][a] * Math.abs(f[((a * 3 + e) * inC + k) * co + o]) * G[j][e];
          U[(k * co + o) * q + i * p + j] = s;
        }
  for (let bi = 0; bi < n; bi++)
    for (let ty = 0; ty < Math.ceil(oh / tile); ty++)
      for (let tx = 0; tx < Math.ceil(ow / tile); tx++) {
        const V = new Float64Array(inC * q);
        for (let k = 0; k < inC; k++)
          for (let i = 0; i < p; i++)
            for (let j = 0; j < p; j++) {
              let s = 0;
              for (let a = 0; a < p; a++)
                for (let e = 0; e < p; e++) {
                  const iy = tile * ty + a - g.padTop;
                  const ix = tile * tx + e - g.padLeft;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                  s += BT[i][a] * Math.abs(x[((bi * h + iy) * w + ix) * inC + k]) * BT[j][e];
                }
              V[k * q + i * p + j] = s;
            }
        for (let o = 0; o < co; o++) {
          const m = new Float64Array(q);
          for (let k = 0; k < inC; k++)
            for (let z = 0; z < q; z++) m[z] += V[k * q + z] * U[(k * co + o) * q + z];
          for (let dy = 0; dy < tile; dy++)
            for (let dx = 0; dx < tile; dx++) {
              const [oy, ox] = [tile * ty + dy, tile * tx + dx];
              if (oy >= oh || ox >= ow) continue;
              let s = c.activation ? Math.abs(b[o]) : 0;
              for (let i = 0; i < p; i++)
                for (let j = 0; j < p; j++) s += AT[dy][i] * m[i * p + j] * AT[dx][j];
              bound[((bi * oh + oy) * ow + ox) * co + o] = s;
            }
        }
      }
  return { y, bound };
}

describe.each([2, 4] as const)("Winograd's F(m×m, 3×3) on wasm, m = %i", (tile) => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it.each(casesOf(tile).map((c, i) => [c.name, i] as const))(
    '%s: within float32 rounding of the exact sum, and not XNNPACK’s bits',
    (_, i) => {
      const c = casesOf(tile)[i];
      const t = tensors(c);
      const direct = convolve(c, t);
      const wino = withWinograd(() => convolve(c, t), tile);
      expect(wino.shape).toEqual(direct.shape);
      const { y, bound } = exact(c, t, wino.shape, tile);
      const a = wino.dataSync() as Float32Array;
      const d = direct.dataSync() as Float32Array;
      let worst = 0;
      let worstDirect = 0;
      for (let j = 0; j < y.length; j++) {
        worst = Math.max(worst, Math.abs(a[j] - y[j]) / bound[j]);
        worstDirect = Math.max(worstDirect, Math.abs(d[j] - y[j]) / bound[j]);
      }
      // measured, F(2×2): 1e-8 to 9e-8 of its bound (the direct sum: 2e-8 to 2e-7 of it); F(4×4): 7e-9 to 3.5e-8
      // of its own, larger bound (its Bᵀ has 4s and 5s). float32's epsilon is 1.2e-7, and a wrong tap, channel or
      // transform coefficient would be off by the order of the bound itself
      expect(worst).toBeLessThan(1e-6);
      expect(worstDirect).toBeLessThan(1e-6);
      // it did run: another order of additions than XNNPACK's
      expect(sameBits(a, d)).toBe(false);
      tf.dispose([direct, wino, t]);
    },
  );
});

describe('where Winograd applies', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  it('F(4×4) runs from 16 outputs wide; a narrower layer asked for it gets F(2×2)’s bits', () => {
    const c = cases2[5]; // 8 × 8, 64 → 128
    const t = tensors(c);
    const two = withWinograd(() => convolve(c, t), 2);
    const four = withWinograd(() => convolve(c, t), 4);
    expect(sameBits(four.dataSync() as Float32Array, two.dataSync() as Float32Array)).toBe(true);
    const wide = cases4[0];
    const tw = tensors(wide);
    const wideTwo = withWinograd(() => convolve(wide, tw), 2);
    const wideFour = withWinograd(() => convolve(wide, tw), 4);
    expect(sameBits(wideFour.dataSync() as Float32Array, wideTwo.dataSync() as Float32Array)).toBe(false);
    expect(() => withWinograd(() => 0, 3 as never)).toThrow('withWinograd: tile must be 2 or 4, got 3');
    tf.dispose([two, four, wideTwo, wideFour, t, tw]);
  });

  it('applies to 3×3 stride-1 layers with input channels in fours only; elsewhere XNNPACK’s bits', () => {
    const g = (x: [number, number, number, number], f: [number, number, number, number], s: number) =>
      convGeometry(x, f, s, 'same', undefined);
    expect(winogradApplies(g([1, 8, 8, 16], [3, 3, 16, 16], 1))).toBe(true);
    expect(winogradApplies(g([1, 8, 8, 1], [3, 3, 1, 16], 1))).toBe(false); // a first layer: 1 input channel
    expect(winogradApplies(g([1, 8, 8, 16], [3, 3, 16, 16], 2))).toBe(false);
    expect(winogradApplies(g([1, 8, 8, 16], [1, 1, 16, 16], 1))).toBe(false);
    const first: Case = { name: 'first', x: [1, 9, 9, 1], outC: 16, pad: 'same', activation: 'relu' };
    const t = tensors(first);
    const direct = convolve(first, t);
    const inside = withWinograd(() => convolve(first, t));
    expect(sameBits(inside.dataSync() as Float32Array, direct.dataSync() as Float32Array)).toBe(true);
    tf.dispose([direct, inside, t]);
  });
});

describe('inference with Winograd: segment(), foldBatchNorm and the process default', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm']);
  });
  afterAll(() => {
    setDefaultConvolution(undefined);
    restoreNativeKernels();
  });

  it('hippocampus-rce on an MSD volume: scores within float32 rounding of the direct ones, the same labels; the default follows setDefaultConvolution', async () => {
    const model = await loadModelFromDirectory(join(__dirname, '..', '..', 'pretrained', 'hippocampus-rce'));
    const file = (model.card.training?.dataset as { validationCases: string[] }).validationCases[0];
    const { volume } = await readNiftiFile(join(resolveDataDir(), 'msd-hippocampus', 'images', file));
    const run = (convolution?: ConvolutionAlgorithm) =>
      segment(model, volume, { modelScores: true, ...(convolution ? { convolution } : {}) });
    const direct = await run('direct');
    const wino = await run('winograd');
    const wino4 = await run('winograd4');
    const byDefault = await run();
    const d = direct.modelScores!.values;
    const worstFrom = (w: Float32Array): number => {
      let worst = 0;
      for (let i = 0; i < d.length; i++) worst = Math.max(worst, Math.abs(d[i] - w[i]));
      return worst;
    };
    // measured: F(2×2) 9.5e-7, F(4×4) 2.4e-6 (the scores are logits of a few units)
    for (const [w, limit] of [
      [wino, 1e-5],
      [wino4, 2e-5],
    ] as const) {
      expect(worstFrom(w.modelScores!.values)).toBeGreaterThan(0); // it ran: other bits
      expect(worstFrom(w.modelScores!.values)).toBeLessThan(limit);
      expect(Buffer.compare(direct.labels.voxels as Uint8Array, w.labels.voxels as Uint8Array)).toBe(0);
    }
    expect(sameBits(wino4.modelScores!.values, wino.modelScores!.values)).toBe(false);
    expect(sameBits(byDefault.modelScores!.values, wino4.modelScores!.values)).toBe(true);
    setDefaultConvolution('direct');
    expect(sameBits((await run()).modelScores!.values, d)).toBe(true);
    expect(foldBatchNorm(model.net).convolution).toBe('direct');
    setDefaultConvolution(undefined);
    expect(foldBatchNorm(model.net).convolution).toBe('winograd4');
    expect(() => foldBatchNorm(model.net, { convolution: 'fft' as never })).toThrow(
      "foldBatchNorm: convolution must be one of 'winograd4', 'winograd', 'direct', got \"fft\"",
    );
    expect(() => setDefaultConvolution('Winograd' as never)).toThrow(
      "setDefaultConvolution: convolution must be one of 'winograd4', 'winograd', 'direct', got \"Winograd\"",
    );
    model.net.dispose();
  });
});

describe('transformed filters kept between calls (WinogradFilterCache)', () => {
  beforeAll(async () => {
    restoreNativeKernels();
    await tf.setBackend('wasm');
    registerFastKernels(['wasm']);
  });
  afterAll(() => restoreNativeKernels());

  const dataIds = (): number => tf.engine().backend.numDataIds();

  it.each([2, 4] as const)(
    'F(m×m), m = %i: the first call keeps one U, later calls reuse it with the same bits; dispose frees it',
    (tile) => {
      const c = casesOf(tile)[0];
      const t = tensors(c);
      const plain = withWinograd(() => convolve(c, t), tile);
      const cache = new WinogradFilterCache();
      const before = dataIds();
      const first = withWinograd(() => convolve(c, t), tile, cache);
      // the output, and the kept U
      expect(dataIds() - before).toBe(2);
      expect(cache.size).toBe(1);
      const second = withWinograd(() => convolve(c, t), tile, cache);
      expect(dataIds() - before).toBe(3); // one more output, no new U
      expect(cache.size).toBe(1);
      for (const y of [first, second])
        expect(sameBits(y.dataSync() as Float32Array, plain.dataSync() as Float32Array)).toBe(true);
      cache.dispose();
      expect(cache.size).toBe(0);
      expect(dataIds() - before).toBe(2); // the two outputs
      tf.dispose([plain, first, second, t]);
    },
  );

  it('keeps one U per filter and tile: another filter, or F(2×2) for the same one, is transformed anew', () => {
    const c = cases4[0];
    const t = tensors(c);
    const other = tf.mul(t.filter, 2) as tf.Tensor4D;
    const cache = new WinogradFilterCache();
    const four = withWinograd(() => convolve(c, t), 4, cache);
    const two = withWinograd(() => convolve(c, t), 2, cache);
    const doubled = withWinograd(() => convolve(c, { ...t, filter: other }), 4, cache);
    expect(cache.size).toBe(3);
    // each is what it would be without the cache: a wrong U would give other bits
    const fresh = (tile: WinogradTile, filter: tf.Tensor4D) =>
      withWinograd(() => convolve(c, { ...t, filter }), tile);
    for (const [y, tile, filter] of [
      [four, 4, t.filter],
      [two, 2, t.filter],
      [doubled, 4, other],
    ] as const) {
      const expected = fresh(tile, filter);
      expect(sameBits(y.dataSync() as Float32Array, expected.dataSync() as Float32Array)).toBe(true);
      expected.dispose();
    }
    expect(sameBits(four.dataSync() as Float32Array, two.dataSync() as Float32Array)).toBe(false);
    cache.dispose();
    tf.dispose([four, two, doubled, other, t]);
  });

  it('a fold keeps the transforms of its Winograd layers until it is disposed; its predictions do not change', async () => {
    const model = await loadModelFromDirectory(join(__dirname, '..', '..', 'pretrained', 'hippocampus-rce'));
    const x = tf.tensor4d(values(2 * 48 * 32, 5), [2, 48, 32, 1]);
    const fresh = foldBatchNorm(model.net, { convolution: 'winograd4' });
    const expected = fresh.predict(x);
    fresh.dispose();
    const before = dataIds();
    const folded = foldBatchNorm(model.net, { convolution: 'winograd4' });
    const filters = dataIds() - before; // the folded filters and biases
    const first = folded.predict(x);
    const kept = dataIds() - before - filters - 1; // less the prediction
    // hippocampus-rce, depth 4: 14 3×3 layers (two per level, three levels up), all by Winograd but the first
    // (one input channel)
    expect(kept).toBe(13);
    const second = folded.predict(x);
    expect(dataIds() - before - filters).toBe(kept + 2);
    for (const y of [first, second])
      expect(sameBits(y.dataSync() as Float32Array, expected.dataSync() as Float32Array)).toBe(true);
    folded.dispose();
    expect(dataIds() - before).toBe(2); // the two predictions
    tf.dispose([x, expected, first, second]);
    model.net.dispose();
  });
});
