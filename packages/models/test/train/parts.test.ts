// The training loop's parts, against hand-computed values.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seglens/metrics';
import { Adam, augmentSample, initialPlateau, plateauStep, resolveLoss } from '../../src/train';
import { checkAugment } from '../../src/train/augment';
import { useWasm } from '../io/fixtures';

describe('Adam', () => {
  beforeAll(useWasm);

  it("matches PyTorch's update by hand", () => {
    // w = 1, constant gradient 0.5, lr 0.1. Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → w −= 0.1·0.5/(0.5+1e-8).
    // Step 2: m = 0.095, v = 0.00049975, m̂ = 0.5, v̂ = 0.25 → the same step again.
    const w = tf.variable(tf.scalar(1));
    const adam = new Adam([w], { learningRate: 0.1 });
    adam.apply([tf.scalar(0.5)]);
    expect(w.dataSync()[0]).toBeCloseTo(0.9, 6);
    adam.apply([tf.scalar(0.5)]);
    expect(w.dataSync()[0]).toBeCloseTo(0.8, 6);
    // A gradient that flips sign: m = 0.9·0.095 − 0.05 = 0.0355, v = 0.999·0.00049975 + 0.00025 = 0.00074925
    // m̂ = 0.0355/0.271 = 0.130996, v̂ = 0.00074925/0.002997001 = 0.25; step = 0.1·0.130996/0.5
    adam.apply([tf.scalar(-0.5)]);
    expect(w.dataSync()[0]).toBeCloseTo(
      0.8 - (0.1 * (0.0355 / (1 - 0.9 ** 3))) / Math.sqrt(0.00074925 / (1 - 0.999 ** 3)),
      5,
    );
    expect(adam.state()).toEqual({
      iteration: 3,
      learningRate: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    adam.dispose();
    w.dispose();
  });

  it('restores moments and iteration exactly', async () => {
    const w1 = tf.variable(tf.tensor1d([1, 2, 3]));
    const w2 = tf.variable(tf.tensor1d([1, 2, 3]));
    const a = new Adam([w1], { learningRate: 0.01 });
    const g = tf.tensor1d([0.3, -0.2, 0.1]);
    a.apply([g]);
    a.apply([g]);
    const b = new Adam([w2], { learningRate: 0.01 });
    w2.assign(w1);
    b.restore(a.state(), await a.moments());
    a.apply([g]);
    b.apply([g]);
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w1.dataSync()));
    expect(() => b.restore(a.state(), new Float32Array(5))).toThrow(
      'Adam.restore: the saved moments have 5 values but the model needs 6',
    );
    tf.dispose([w1, w2, g]);
    a.dispose();
    b.dispose();
  });
});

describe('plateau schedule', () => {
  it('halves after `patience` epochs without a strictly lower loss', () => {
    const config = { factor: 0.5, patience: 3, minLearningRate: 0 };
    let state = initialPlateau();
    let lr = 1e-4;
    const rates: number[] = [];
    for (const loss of [1, 0.9, 0.9, 0.95, 0.91, 0.8, 0.85, 0.85, 0.85, 0.85]) {
      const next = plateauStep(state, loss, lr, config);
      state = next.state;
      lr = next.learningRate;
      rates.push(lr);
    }
    // 0.9 (equal) counts as no improvement: bad epochs at 0.9, 0.95, 0.91 -> halve; 0.8 improves; three 0.85s -> halve.
    expect(rates).toEqual([1e-4, 1e-4, 1e-4, 1e-4, 5e-5, 5e-5, 5e-5, 5e-5, 2.5e-5, 2.5e-5]);
    expect(plateauStep({ best: 1, badEpochs: 2 }, 2, 1e-6, { ...config, minLearningRate: 1e-6 })).toEqual({
      state: { best: 1, badEpochs: 0 },
      learningRate: 1e-6,
      reduced: false,
    });
  });
});

describe('Rng', () => {
  it('is repeatable from a seed and from a saved state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    const saved = a.state();
    const c = new Rng(saved);
    expect(Array.from({ length: 100 }, () => c.next())).toEqual(Array.from({ length: 100 }, () => a.next()));
    expect(new Rng(43).nextUint32()).not.toBe(first[0]);
    expect(() => new Rng([1, 2, 3] as never)).toThrow(
      'Rng: a state must be four unsigned 32-bit integers, got [1,2,3]',
    );
  });

  it('draws uniform permutations', () => {
    const rng = new Rng(1);
    const firstPosition = [0, 0, 0, 0];
    for (let t = 0; t < 4000; t++) {
      const p = rng.permutation(4);
      expect([...p].sort()).toEqual([0, 1, 2, 3]);
      firstPosition[p[0]]++;
    }
    // each element leads about 1000 times (binomial sd ≈ 27)
    for (const n of firstPosition) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });
});

describe('augmentSample', () => {
  it('moves image and labels together', () => {
    // 2x3 image with 2 channels; labels equal to the pixel index so every move is visible.
    const image = Float32Array.from({ length: 12 }, (_, i) => i);
    const labels = Int32Array.from({ length: 6 }, (_, i) => i);
    // find a seed whose first draws flip horizontally but not vertically
    let seed = 0;
    for (; ; seed++) {
      const r = new Rng(seed);
      if (r.next() < 0.5 && r.next() >= 0.5) break;
    }
    augmentSample(image, labels, 2, 3, 2, { flipHorizontal: true, flipVertical: true }, new Rng(seed));
    expect(Array.from(labels)).toEqual([2, 1, 0, 5, 4, 3]);
    expect(Array.from(image)).toEqual([4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7]);
  });

  it('draws the same augmentation as before the PRNG moved to @seglens/metrics (checkpoints resume on it)', () => {
    // Recorded with packages/models/src/train/rng.ts at 9164a15: three 4x4 samples, every option on.
    const image = Float32Array.from({ length: 16 }, (_, i) => i / 4);
    const labels = Int32Array.from({ length: 16 }, (_, i) => i % 3);
    const rng = new Rng(7);
    const all = {
      flipHorizontal: true,
      flipVertical: true,
      rotate90: true,
      intensityScale: 0.1,
      intensityShift: 0.1,
    };
    for (let k = 0; k < 3; k++) augmentSample(image, labels, 4, 4, 1, all, rng);
    expect(Array.from(labels)).toEqual([0, 1, 2, 0, 2, 0, 1, 2, 1, 2, 0, 1, 0, 1, 2, 0]);
    expect(Array.from(image)).toEqual([
      3.117525100708008, 3.378709316253662, 3.6398937702178955, 3.901078224182129, 2.0727880001068115,
      2.333972215652466, 2.595156669616699, 2.8563408851623535, 1.0280507802963257, 1.2892351150512695,
      1.5504194498062134, 1.8116037845611572, -0.016686344519257545, 0.24449795484542847, 0.5056822896003723,
      0.7668665647506714,
    ]);
    expect(rng.state()).toEqual([4079210280, 2265884455, 585788340, 2372217193]);
    // The epoch's slice order of `seglens train --seed 1`, after four draws.
    const order = new Rng(1 ^ 0x5eed1e55);
    for (let k = 0; k < 4; k++) order.nextUint32();
    expect(order.permutation(10)).toEqual([9, 1, 2, 8, 6, 0, 5, 3, 7, 4]);
  });

  it('zooms about the centre: labels take the nearest pixel, the image is bilinear (exact on a ramp)', () => {
    // 4x4, centre 1.5: zoom 2 samples column c at 1.5 + (c - 1.5) / 2 = 0.75, 1.25, 1.75, 2.25 (rows alike).
    const labels = Int32Array.from({ length: 16 }, (_, i) => i);
    const image = Float32Array.from(labels);
    augmentSample(image, labels, 4, 4, 1, { zoom: [2, 2] }, new Rng(5));
    expect(Array.from(labels)).toEqual([5, 5, 6, 6, 5, 5, 6, 6, 9, 9, 10, 10, 9, 9, 10, 10]);
    const at = [0.75, 1.25, 1.75, 2.25];
    expect(Array.from(image)).toEqual(at.flatMap((y) => at.map((x) => 4 * y + x)));
  });

  it('rotates by an angle drawn after the first five draws; outside the slice is 0', () => {
    const h = 5;
    const w = 5;
    const labels = new Int32Array(h * w);
    labels[12] = 1; // the centre pixel
    const image = Float32Array.from({ length: h * w }, (_, i) => i % w); // value = column: a ramp
    const rng = new Rng(11);
    const probe = new Rng(11);
    for (let k = 0; k < 5; k++) probe.next();
    const angle = ((2 * probe.next() - 1) * 30 * Math.PI) / 180;
    probe.next(); // the zoom draw
    augmentSample(image, labels, h, w, 1, { rotateDegrees: 30 }, rng);
    expect(rng.state()).toEqual(probe.state());
    expect(Math.abs(angle)).toBeGreaterThan(0.01);
    expect(
      Array.from(labels)
        .map((v, i) => (v ? i : -1))
        .filter((i) => i >= 0),
    ).toEqual([12]);
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) {
        const sx = 2 + Math.cos(angle) * (c - 2) + Math.sin(angle) * (r - 2);
        const sy = 2 - Math.sin(angle) * (c - 2) + Math.cos(angle) * (r - 2);
        const inside = sx >= 0 && sx <= 4 && sy >= 0 && sy <= 4;
        expect(image[r * w + c]).toBeCloseTo(inside ? sx : 0, 5);
      }
  });

  it('names a bad rotation or zoom', () => {
    expect(() => checkAugment({ rotateDegrees: 200 }, [8, 8])).toThrow(
      'train: augment.rotateDegrees must be a number of degrees in [0, 180], got 200',
    );
    expect(() => checkAugment({ zoom: [1.2, 0.9] }, [8, 8])).toThrow(
      'train: augment.zoom must be [min, max] with 0 < min <= max, got [1.2,0.9]',
    );
    expect(() => checkAugment({ zoom: [0.9, 1.1], rotateDegrees: 10 }, [8, 6])).not.toThrow();
  });

  it('scales and shifts intensities only', () => {
    const image = new Float32Array([1, 2]);
    const labels = new Int32Array([0, 1]);
    const rng = new Rng(3);
    const probe = new Rng(3);
    probe.next();
    probe.next();
    probe.int(4);
    const scale = 1 + 0.5 * (2 * probe.next() - 1);
    const shift = 0.2 * (2 * probe.next() - 1);
    augmentSample(image, labels, 1, 2, 1, { intensityScale: 0.5, intensityShift: 0.2 }, rng);
    expect(image[0]).toBeCloseTo(1 * scale + shift, 6);
    expect(image[1]).toBeCloseTo(2 * scale + shift, 6);
    expect(Array.from(labels)).toEqual([0, 1]);
  });
});

describe('resolveLoss', () => {
  it('records every option, defaults included, and rejects unknown names', () => {
    expect(resolveLoss('rce', 'train').record).toEqual({
      name: 'rce',
      options: { penalty: 'l1', lambda: 1, temperature: 10, ignoreIndex: 255 },
    });
    // With the KL penalty the loss runs with λ = 0.1 (paper §4.1), and the card must say so.
    expect(resolveLoss({ name: 'rce', options: { penalty: 'kl' } }, 'train').record).toEqual({
      name: 'rce',
      options: { penalty: 'kl', lambda: 0.1, temperature: 10, ignoreIndex: 255 },
    });
    expect(resolveLoss({ name: 'focal', options: { gamma: 1 } }, 'train').record).toEqual({
      name: 'focal',
      options: { gamma: 1, ignoreIndex: 255 },
    });
    expect(() => resolveLoss('dise' as never, 'train')).toThrow(
      /train: unknown loss "dise" \(known: crossEntropy, /,
    );
    expect(() => resolveLoss({ name: 'focal', options: { gamma: -1 } }, 'train')).toThrow(/gamma/);
    const fn = () => tf.scalar(0);
    expect(resolveLoss({ name: 'mine', fn, options: { a: 1 } }, 'train').record).toEqual({
      name: 'mine',
      options: { a: 1 },
    });
  });
});
