// fineTune(): the loss on the labelled slices falls, the original model is untouched (also when cancelled),
// a frozen encoder stays frozen, and slices given as typed arrays are prepared like slices of a Volume.
import * as tf from '@tensorflow/tfjs-core';
import { fineTune, prepareSamples } from '../../src/finetune';
import { gatherSlices, sliceLayout } from '../../src/infer';
import type { SeglensModel } from '../../src/io';
import { normalizeVoxels } from '../../src/card';
import { useWasm } from '../io/fixtures';
import { hippocampusCard, hippocampusCases } from '../train/hippocampus';
import { createUNet } from '../../src/unet';
import type { TrainingCase } from '../../src/train';

const weights = (m: SeglensModel): Map<string, Float32Array> =>
  new Map(m.net.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));

describe('fineTune', () => {
  let c: TrainingCase;
  let model: SeglensModel;
  beforeAll(async () => {
    await useWasm();
    [c] = await hippocampusCases(['hippocampus_001']);
    const card = hippocampusCard(32, 4);
    model = { net: createUNet({ ...card.architecture, seed: 3 }), card };
  });
  afterAll(() => model.net.dispose());

  it('lowers the loss on the labelled slices and leaves the original alone', async () => {
    const original = weights(model);
    const seen: number[] = [];
    const steps: { epoch: number; step: number; steps: number; loss: number }[] = [];
    const r = await fineTune(model, [{ image: c.image, labels: c.labels, slices: [15, 17, 19] }], {
      loss: 'crossEntropy',
      epochs: 15,
      learningRate: 1e-2,
      freezeEncoder: false,
      onProgress: (p) => seen.push(p.epoch),
      onStep: (p) => steps.push(p),
      batchSize: 2,
    });
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // 3 slices in batches of 2: two steps per epoch; the last step's running mean is the epoch's loss.
    expect(steps).toHaveLength(30);
    expect(steps.slice(0, 2).map((p) => [p.epoch, p.step, p.steps])).toEqual([
      [1, 1, 2],
      [1, 2, 2],
    ]);
    for (let e = 0; e < 15; e++) expect(steps[2 * e + 1].loss).toBeCloseTo(r.history[e], 6);
    expect(r.lossAfter).toBeLessThan(0.5 * r.lossBefore);
    expect(r.history[14]).toBeLessThan(r.history[0]);
    const now = weights(model);
    for (const [name, values] of original) expect(now.get(name)).toEqual(values);
    expect(r.model.net).not.toBe(model.net);
    expect(r.model.card.fineTuning).toEqual([
      expect.objectContaining({
        samples: 3,
        epochs: 15,
        learningRate: 1e-2,
        freezeEncoder: false,
        loss: { name: 'crossEntropy', options: { ignoreIndex: 255 } },
        lossBefore: r.lossBefore,
        lossAfter: r.lossAfter,
      }),
    ]);
    expect(r.model.card.files).toEqual([]);
    r.model.net.dispose();
  });

  it('trains only the decoder and head with freezeEncoder', async () => {
    const original = weights(model);
    const r = await fineTune(model, [{ image: c.image, labels: c.labels, slices: [16] }], {
      epochs: 2,
      learningRate: 1e-2,
    });
    const tuned = weights(r.model);
    let changedDecoder = 0;
    for (const [name, values] of original) {
      if (/^(enc\d+_|bottleneck_)/.test(name)) expect(tuned.get(name)).toEqual(values);
      else if (tuned.get(name)!.some((v, i) => v !== values[i])) changedDecoder++;
    }
    expect(changedDecoder).toBeGreaterThan(0);
    r.model.net.dispose();
  });

  it('cancels without touching the original and without leaking', async () => {
    const original = weights(model);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = fineTune(model, [{ image: c.image, labels: c.labels, slices: [15, 16] }], {
      epochs: 10,
      batchSize: 1,
      signal: controller.signal,
      onProgress: (p) => p.epoch === 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    const now = weights(model);
    for (const [name, values] of original) expect(now.get(name)).toEqual(values);
  });

  it('prepares a typed-array slice like the same slice of a Volume', () => {
    const card = model.card;
    const layout = sliceLayout(c.image.dims, 2);
    // The Volume path normalises over the whole volume; pass the same normalised numbers as a raw slice with
    // normalisation 'none' to compare the slicing and fitting alone.
    const normalized = normalizeVoxels(c.image.voxels, 1, card.input.normalization);
    const slice = gatherSlices(normalized, 1, layout, [20], new Float32Array(layout.height * layout.width));
    const labels = gatherSlices(
      c.labels.voxels,
      1,
      layout,
      [20],
      new Uint8Array(layout.height * layout.width),
    );
    const a = prepareSamples([{ image: c.image, labels: c.labels, slices: [20] }], card.input, 3);
    const b = prepareSamples(
      [{ image: slice, labels, width: layout.width, height: layout.height }],
      { ...card.input, normalization: { kind: 'none' } },
      3,
    );
    expect(b.count).toBe(1);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    b.images.forEach((v, i) => expect(v).toBeCloseTo(a.images[i], 5));
  });

  it('rejects bad samples with the sample named', async () => {
    await expect(fineTune(model, [])).rejects.toThrow('fineTune: samples must be a non-empty array');
    await expect(fineTune(model, [{ image: c.image, labels: c.labels, slices: [99] }])).rejects.toThrow(
      `fineTune: samples[0].slices has 99, outside 0..${c.image.dims[2] - 1}`,
    );
    await expect(
      fineTune(model, [
        { image: new Float32Array(4), labels: new Uint8Array([0, 1, 7, 255]), width: 2, height: 2 },
      ]),
    ).rejects.toThrow(
      'fineTune: samples[0].labels has label value 7 at index 2; labels must be 0..2 or 255 (unlabelled)',
    );
    await expect(
      fineTune(model, [{ image: new Float32Array(3), labels: new Uint8Array(4), width: 2, height: 2 }]),
    ).rejects.toThrow('fineTune: samples[0].image has 3 values but 2 x 2 x 1 channel(s) need 4');
  });
});
