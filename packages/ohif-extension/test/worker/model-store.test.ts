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
