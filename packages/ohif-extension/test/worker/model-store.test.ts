// ModelStore's kept fold, with the shipped hippocampus-rce on wasm: one fold per loaded network, reused while
// the weights are unchanged, made again after they change, and freed with the network (replaced, removed, or
// dropped after a lost backend), so that nothing it folded outlives its model.
import * as tf from '@tensorflow/tfjs-core';
import { loadModel, selectBackend, type SeglensModel } from '@seglens/models';
import { ModelStore } from '../../src/worker/model-store';
import { modelDir } from './harness';

const KEY = 'hippocampus-rce';
const load = (): Promise<SeglensModel> => loadModel(modelDir(KEY));

describe('ModelStore.folded', () => {
  beforeAll(async () => {
    expect((await selectBackend({ force: 'wasm' })).name).toBe('wasm');
  });

  it('keeps one fold per network and makes it again when the weights change', async () => {
    const store = new ModelStore();
    const model = await load();
    store.put(KEY, model, load);
    const first = store.folded(KEY, 'test');
    expect(first.source).toBe(model.net);
    expect(first.folded).toBe(14); // every conv → batch norm pair of the depth-4 U-Net
    expect(store.folded(KEY, 'test')).toBe(first);

    // A weight assigned (as fine-tuning in place would): the old fold is stale, freed, and a new one is made.
    const live = tf.memory().numTensors;
    const bias = model.net.weights.find((w) => w.originalName.endsWith('/bias'))!;
    const shifted = tf.tidy(() => tf.add(bias.read(), 0.5));
    bias.write(shifted);
    shifted.dispose(); // the variable holds the values now
    expect(first.isCurrent()).toBe(false);
    const second = store.folded(KEY, 'test');
    expect(second).not.toBe(first);
    expect(second.isCurrent()).toBe(true);
    expect(tf.memory().numTensors).toBe(live); // the stale fold's tensors were freed for the new one's

    store.remove(KEY);
    expect(second.isCurrent()).toBe(false); // disposed with its network
  });

  it('frees the fold with its network: replaced, dropped after a lost backend, and reloaded cold', async () => {
    const before = tf.memory().numTensors;
    const store = new ModelStore();
    const a = await load();
    store.put(KEY, a, load);
    const foldA = store.folded(KEY, 'test');
    const b = await load();
    store.put(KEY, b, load); // a and its fold are freed
    expect(foldA.isCurrent()).toBe(false);
    const foldB = store.folded(KEY, 'test');
    expect(foldB.source).toBe(b.net);
    store.put(KEY, b, load); // the same network again: its fold is kept
    expect(store.folded(KEY, 'test')).toBe(foldB);

    store.dropNetworks();
    expect(foldB.isCurrent()).toBe(false);
    expect(() => store.folded(KEY, 'test')).toThrow(`test: the model under "${KEY}" is not loaded`);
    const reloaded = await store.model(KEY, 'test');
    expect(store.folded(KEY, 'test').source).toBe(reloaded.net);
    store.remove(KEY);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ModelStore spare scores memory', () => {
  const scores = (values: Float32Array) => ({
    dims: [1, 1, 1] as [number, number, number],
    classes: 2,
    scores: {
      values,
      layout: null as never,
      size: [1, 1] as [number, number],
      fit: 'pad' as const,
      classes: 2,
    },
    probabilities: null,
  });

  it("keeps the scores a new last segmentation replaces, never the last one's, and the larger of two", async () => {
    const store = new ModelStore();
    store.put(KEY, await load(), load);
    expect(store.takeSpare(KEY)).toBeNull();
    const a = new Float32Array(12);
    const b = new Float32Array(16);
    store.setLast(KEY, scores(a.subarray(0, 8)));
    expect(store.takeSpare(KEY)).toBeNull(); // nothing replaced yet
    store.setLast(KEY, scores(b));
    const spare = store.takeSpare(KEY)!;
    expect(spare.buffer).toBe(a.buffer);
    expect(spare.length).toBe(12); // the whole array, not the view the last segmentation had
    expect(store.takeSpare(KEY)).toBeNull(); // taken
    store.keepSpare(KEY, b); // what the lens reads: refused
    expect(store.takeSpare(KEY)).toBeNull();
    store.keepSpare(KEY, a);
    store.keepSpare(KEY, new Float32Array(4)); // smaller than the one kept
    expect(store.takeSpare(KEY)!.buffer).toBe(a.buffer);
    // lens off (no scores): the one before still becomes the spare
    store.setLast(KEY, {
      dims: [1, 1, 1],
      classes: 2,
      scores: null,
      probabilities: null,
      lensOff: 'too large',
    });
    expect(store.takeSpare(KEY)!.buffer).toBe(b.buffer);
    store.remove(KEY);
  });
});
