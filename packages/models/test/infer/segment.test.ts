// segment(): geometry of the label volume, every slice axis, resizing back, RGB images, probabilities (and the
// scores at the model's size that expandScores turns into the same probabilities), progress and cancellation. The networks here are single convolutions with hand-set weights, so the
// expected labels can be computed independently in plain JavaScript.
import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { createVolume, type Volume } from '@seglens/data';
import { createModelCard, type InputSpec } from '../../src/card';
import type { SeglensModel } from '../../src/io';
import { expandScores, foldBatchNorm, segment } from '../../src/infer';
import { testVolume, tinyModel, useWasm } from '../io/fixtures';

/** Two classes; class 1 where 10·(Σ_c w_c·x at the tap offset) − 5 > 0. Kernel taps one pixel only. */
function tapModel(
  input: Partial<InputSpec>,
  channels: number,
  kernel: [number, number],
  tap: [number, number],
  weights: number[],
): SeglensModel {
  const net = sequential({
    layers: [
      layers.conv2d({
        inputShape: [null, null, channels],
        filters: 2,
        kernelSize: kernel,
        padding: 'same',
        useBias: true,
      }),
    ],
  });
  const w = new Float32Array(kernel[0] * kernel[1] * channels * 2);
  weights.forEach((v, c) => (w[((tap[0] * kernel[1] + tap[1]) * channels + c) * 2 + 1] = 10 * v));
  net.setWeights([tf.tensor4d(w, [kernel[0], kernel[1], channels, 2]), tf.tensor1d([0, -5])]);
  const card = createModelCard({
    name: 'tap',
    task: 'test',
    modality: 'MR',
    classNames: ['background', 'bright'],
    input: { channels, size: [16, 16], sliceAxis: 2, fit: 'pad', normalization: { kind: 'none' }, ...input },
    architecture: { inputChannels: channels, classes: 2, depth: 2, baseFilters: 4 },
  });
  return { net: net as unknown as SeglensModel['net'], card };
}

function binaryVolume(dims: [number, number, number], seed: number): Volume {
  const n = dims[0] * dims[1] * dims[2];
  const voxels = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    voxels[i] = s % 3 === 0 ? 1 : 0;
  }
  return { ...testVolume(dims), voxels };
}

describe('segment', () => {
  beforeAll(useWasm);

  it.each([
    ['pad', undefined],
    ['resize', undefined],
    ['resize', 'RAS'],
    ['pad', 'RAS'],
  ] as const)(
    'keeps scores at the model size (%s, orientation %s) that expand to the same probabilities',
    async (fit, orientation) => {
      // 20x12 slices against a 16x16 input: padded along one axis and cropped along the other, or resized.
      const volume = binaryVolume([20, 12, 7], 11);
      const model = tapModel({ fit, ...(orientation ? { orientation } : {}) }, 1, [3, 3], [0, 2], [1]);
      const full = await segment(model, volume, { probabilities: true, batchSize: 3 });
      const before = tf.memory().numTensors;
      const lean = await segment(model, volume, { modelScores: true, batchSize: 3 });
      expect(lean.probabilities).toBeUndefined();
      expect(Array.from(lean.labels.voxels)).toEqual(Array.from(full.labels.voxels));
      const scores = lean.modelScores!;
      expect(scores.values.length).toBe(scores.layout.count * 16 * 16 * 2);
      expect(scores.size).toEqual([16, 16]);
      const expanded = await expandScores(scores);
      const probabilities = full.probabilities!.voxels as Float32Array;
      expect(expanded.length).toBe(probabilities.length);
      let worst = 0;
      let zeros = 0;
      for (let i = 0; i < expanded.length; i++) {
        worst = Math.max(worst, Math.abs(expanded[i] - probabilities[i]));
        if (probabilities[i] === 0) zeros++;
        if (probabilities[i] === 0) expect(expanded[i]).toBe(0); // cropped away by 'pad': 0 in both
      }
      // TF.js's kernel interpolates in float32, expandScores in double: a few float32 steps apart.
      expect(worst).toBeLessThan(1e-5);
      // The 'pad' fit crops 4 of every 20 columns (either way up: 7x20 or 12x20 slices), both classes; a
      // resize crops nothing.
      expect(zeros).toBe(fit === 'pad' ? 4 * 12 * 7 * 2 : 0);
      expect(tf.memory().numTensors).toBe(before);
      // The labels are the argmax of what expands (away from exact ties, which interpolation between a score
      // and its complement makes): a wrong layout or resize would break this too.
      let disagree = 0;
      for (let v = 0; v < lean.labels.voxels.length; v++) {
        if (Math.abs(expanded[2 * v + 1] - expanded[2 * v]) < 1e-5) continue;
        if ((expanded[2 * v + 1] > expanded[2 * v] ? 1 : 0) !== lean.labels.voxels[v]) disagree++;
      }
      expect(disagree).toBe(0);
    },
  );

  it('writes the scores into a given array when it is long enough, else into a fresh one, the same values', async () => {
    const volume = binaryVolume([20, 12, 7], 11);
    const model = tapModel({ fit: 'resize' }, 1, [3, 3], [0, 2], [1]);
    const fresh = (await segment(model, volume, { modelScores: true, batchSize: 3 })).modelScores!.values;
    expect(fresh.length).toBe(7 * 16 * 16 * 2);
    // longer than needed, holding another run's values: its first part is overwritten, the rest left alone
    const into = new Float32Array(fresh.length + 5).fill(-7);
    const reused = (await segment(model, volume, { modelScores: true, batchSize: 3, modelScoresInto: into }))
      .modelScores!.values;
    expect(reused.buffer).toBe(into.buffer);
    expect(reused.byteOffset).toBe(0);
    expect(reused.length).toBe(fresh.length);
    expect(Array.from(reused)).toEqual(Array.from(fresh));
    expect(Array.from(into.subarray(fresh.length))).toEqual([-7, -7, -7, -7, -7]);
    // one value short: a fresh array, the short one untouched
    const short = new Float32Array(fresh.length - 1).fill(-7);
    const other = (await segment(model, volume, { modelScores: true, modelScoresInto: short })).modelScores!
      .values;
    expect(other.buffer).not.toBe(short.buffer);
    expect(Array.from(other)).toEqual(Array.from(fresh));
    expect(short.every((x) => x === -7)).toBe(true);
    await expect(
      segment(model, volume, { modelScores: true, modelScoresInto: [0] as unknown as Float32Array }),
    ).rejects.toThrow('segment: modelScoresInto must be a Float32Array, got [object Array]');
  });

  it('names scores that do not match their layout', async () => {
    const model = tapModel({ fit: 'resize' }, 1, [1, 1], [0, 0], [1]);
    const { modelScores } = await segment(model, testVolume([20, 12, 7]), { modelScores: true });
    await expect(expandScores({ ...modelScores!, values: modelScores!.values.subarray(1) })).rejects.toThrow(
      /expandScores: values must be a Float32Array of 7 slices x 16x16 x 2 classes \(3584\), got 3583/,
    );
  });

  it('returns labels on exactly the input grid, with the DICOM source', async () => {
    const volume = testVolume([20, 12, 5]);
    const model = tapModel({}, 1, [1, 1], [0, 0], [1 / 60]); // class 1 where x > 30
    const { labels, probabilities } = await segment(model, volume);
    expect(labels.dims).toEqual(volume.dims);
    expect(labels.spacing).toEqual(volume.spacing);
    expect(labels.origin).toEqual(volume.origin);
    expect(labels.direction).toEqual(volume.direction);
    expect(labels.dicom).toEqual(volume.dicom);
    expect(labels.channels).toBe(1);
    expect(labels.voxels).toBeInstanceOf(Uint8Array);
    expect(probabilities).toBeUndefined();
    expect(Array.from(labels.voxels)).toEqual(Array.from(volume.voxels, (x) => (x > 30 ? 1 : 0)));
  });

  // The tap is the pixel to the left (column − 1). Columns are i for axes 2 and 1, and j for axis 0.
  it.each<[0 | 1 | 2, [number, number, number]]>([
    [2, [-1, 0, 0]],
    [1, [-1, 0, 0]],
    [0, [0, -1, 0]],
  ])('slices along axis %i with rows and columns in volume order', async (axis, shift) => {
    const dims: [number, number, number] = [9, 7, 5];
    const volume = binaryVolume(dims, 7 + axis);
    const model = tapModel({ sliceAxis: axis }, 1, [1, 3], [0, 0], [1]);
    const { labels } = await segment(model, volume, { batchSize: 3 });
    const [nx, ny] = dims;
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const [si, sj] = [i + shift[0], j + shift[1]];
          const expected = si < 0 || sj < 0 ? 0 : volume.voxels[(k * ny + sj) * nx + si];
          expect(labels.voxels[(k * ny + j) * nx + i]).toBe(expected);
        }
  });

  it('undoes padding exactly and calls cropped-away pixels background', async () => {
    // 20 columns on a 16-wide input: columns 0-1 and 18-19 are cropped; 12 rows are padded.
    const volume = binaryVolume([20, 12, 3], 3);
    const model = tapModel({}, 1, [1, 1], [0, 0], [1]);
    const { labels } = await segment(model, volume);
    volume.voxels.forEach((x, v) => {
      const i = v % 20;
      expect(labels.voxels[v]).toBe(i < 2 || i >= 18 ? 0 : x);
    });
  });

  it('resizes probabilities back bilinearly (half-pixel centres) before the argmax', async () => {
    const dims: [number, number, number] = [20, 12, 2];
    const volume = testVolume(dims);
    const model = tapModel({ fit: 'resize', normalization: { kind: 'minmax' } }, 1, [1, 1], [0, 0], [1]);
    const { labels, probabilities } = await segment(model, volume, { probabilities: true });
    // Reference: normalise, resize 12x20 -> 16x16, logit 10x - 5, softmax, resize back, argmax, in plain JS.
    const values = Array.from(volume.voxels);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const norm = values.map((x) => (x - lo) / (hi - lo));
    const resize = (src: number[], h: number, w: number, H: number, W: number): number[] => {
      const out: number[] = [];
      const coord = (o: number, inSize: number, outSize: number) =>
        Math.max(0, (o + 0.5) * (inSize / outSize) - 0.5);
      for (let r = 0; r < H; r++)
        for (let c = 0; c < W; c++) {
          const y = coord(r, h, H);
          const x = coord(c, w, W);
          const y0 = Math.floor(y);
          const x0 = Math.floor(x);
          const y1 = Math.min(y0 + 1, h - 1);
          const x1 = Math.min(x0 + 1, w - 1);
          const dy = y - y0;
          const dx = x - x0;
          const at = (yy: number, xx: number) => src[yy * w + xx];
          out.push(
            (1 - dy) * ((1 - dx) * at(y0, x0) + dx * at(y0, x1)) +
              dy * ((1 - dx) * at(y1, x0) + dx * at(y1, x1)),
          );
        }
      return out;
    };
    for (let k = 0; k < 2; k++) {
      const slice = norm.slice(k * 240, (k + 1) * 240);
      const p1 = resize(slice, 12, 20, 16, 16).map((x) => 1 / (1 + Math.exp(-(10 * x - 5))));
      const back = resize(p1, 16, 16, 12, 20);
      back.forEach((p, v) => {
        expect(probabilities!.voxels[(k * 240 + v) * 2 + 1]).toBeCloseTo(p, 4);
        expect(
          probabilities!.voxels[(k * 240 + v) * 2] + probabilities!.voxels[(k * 240 + v) * 2 + 1],
        ).toBeCloseTo(1, 5);
        if (Math.abs(p - 0.5) > 1e-3) expect(labels.voxels[k * 240 + v]).toBe(p > 0.5 ? 1 : 0);
      });
    }
    expect(probabilities!.channels).toBe(2);
    expect(probabilities!.dims).toEqual(dims);
    // the blob is found: both classes present
    expect(new Set(labels.voxels).size).toBe(2);
  });

  it('segments a 2D RGB image (one slice, three channels)', async () => {
    const [w, h] = [10, 6];
    const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 37) % 256);
    const image = createVolume({ voxels: rgb, dims: [w, h, 1], channels: 3 });
    // class 1 where (R − B)/255 > 0.5, i.e. R − B > 127.5, with fixed normalisation x/255
    const model = tapModel(
      { normalization: { kind: 'fixed', mean: [0, 0, 0], std: [255, 255, 255] } },
      3,
      [1, 1],
      [0, 0],
      [1, 0, -1],
    );
    const { labels } = await segment(model, image);
    expect(labels.dims).toEqual([w, h, 1]);
    for (let p = 0; p < w * h; p++)
      expect(labels.voxels[p]).toBe(rgb[3 * p] - rgb[3 * p + 2] > 127.5 ? 1 : 0);
  });

  it('reports progress, cancels, and checks its inputs', async () => {
    const volume = testVolume([8, 8, 5]);
    const model = tapModel({}, 1, [1, 1], [0, 0], [1]);
    const seen: number[] = [];
    await segment(model, volume, { batchSize: 2, onProgress: (p) => seen.push(p.slicesDone, p.slices) });
    expect(seen).toEqual([2, 5, 4, 5, 5, 5]);
    const controller = new AbortController();
    const run = segment(model, volume, {
      batchSize: 1,
      signal: controller.signal,
      onProgress: (p) => p.slicesDone === 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(segment(model, testVolume([8, 8, 1], 3))).rejects.toThrow(
      "segment: the model 'tap' takes 1-channel images but the volume has 3 channel(s)",
    );
    await expect(segment(model, volume, { batchSize: 0 })).rejects.toThrow(
      'segment: batchSize must be a positive integer, got 0',
    );
  });

  it('leaks no tensors and holds none between batches, in a re-indexed orientation too', async () => {
    // testVolume is stored PIL; a card trained RAS makes segment() walk it flipped and permuted.
    const volume = testVolume([20, 12, 7]);
    // Stored order: 7 slices along k, 4 batches; RAS: the model's S axis is the stored j, 12 slices, 6 batches.
    for (const [orientation, batches] of [
      [undefined, 4],
      ['RAS', 6],
    ] as const) {
      const model = tapModel(
        { fit: 'resize', ...(orientation ? { orientation } : {}) },
        1,
        [1, 1],
        [0, 0],
        [1],
      );
      for (const probabilities of [true, false]) {
        await segment(model, volume, { probabilities, batchSize: 2 }); // first call: kernels set up
        const before = tf.memory();
        const between: Array<[number, number]> = [];
        const { labels } = await segment(model, volume, {
          probabilities,
          batchSize: 2,
          onProgress: () => between.push([tf.memory().numTensors, tf.memory().numBytes]),
        });
        expect(labels.voxels.length).toBe(20 * 12 * 7);
        // After each batch exactly the model's own tensors are alive.
        expect(between).toEqual(new Array(batches).fill([before.numTensors, before.numBytes]));
        expect(tf.memory().numTensors).toBe(before.numTensors);
        expect(tf.memory().numBytes).toBe(before.numBytes);
      }
    }
  });

  it('uses a kept fold while it is current, folds afresh when the weights changed, and frees neither', async () => {
    const model = tinyModel({ classes: 3, depth: 2 }, {}, 4);
    // Batch-norm statistics away from 0 / 1 and random kernels, so that the fold matters and the labels vary.
    const stats = () =>
      model.net.getWeights().map((w, i) => {
        const name = model.net.weights[i].originalName;
        if (name.endsWith('/moving_variance')) return tf.randomUniform(w.shape, 0.2, 3, 'float32', i);
        if (/\/(gamma|beta|moving_mean)$/.test(name)) return tf.randomNormal(w.shape, 0.3, 0.8, 'float32', i);
        return tf.randomNormal(w.shape, 0, 0.5, 'float32', 100 + i); // kernels and biases
      });
    model.net.setWeights(stats());
    const volume = testVolume([16, 16, 5]);
    const fresh = (await segment(model, volume, { batchSize: 2 })).labels.voxels;
    const kept = foldBatchNorm(model.net);
    const before = tf.memory().numTensors;
    const withKept = (await segment(model, volume, { batchSize: 2, folded: kept })).labels.voxels;
    expect(withKept).toEqual(fresh);
    expect(new Set(fresh).size).toBeGreaterThan(1); // not all one class
    expect(tf.memory().numTensors).toBe(before); // the kept fold's tensors stay, nothing else
    expect(kept.isCurrent()).toBe(true);

    // New weights (a fine-tune): the stale fold is passed but not used, so the labels are the new weights'.
    model.net.setWeights(model.net.getWeights().map((w) => tf.mul(w, -1)));
    expect(kept.isCurrent()).toBe(false);
    const changed = (await segment(model, volume, { batchSize: 2 })).labels.voxels;
    expect(changed).not.toEqual(fresh);
    expect((await segment(model, volume, { batchSize: 2, folded: kept })).labels.voxels).toEqual(changed);
    const stale = kept.predict(tf.zeros([1, 16, 16, 1])); // still usable: segment() did not dispose it
    stale.dispose();

    const other = tinyModel({ classes: 3, depth: 2 }, {}, 5);
    const otherFold = foldBatchNorm(other.net);
    await expect(segment(model, volume, { folded: otherFold })).rejects.toThrow(
      "segment: options.folded was folded from another network than the model 'tiny'",
    );
    for (const d of [kept, otherFold, model.net, other.net]) d.dispose();
  });
});
