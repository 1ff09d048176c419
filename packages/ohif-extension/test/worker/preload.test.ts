// Preloading in the worker, through its client on the wasm backend, with shipped models on real inputs (the
// MSD hippocampus validation case hippocampus_004 and a PolypGen frame): the warm-up input has the series'
// slice size and geometry (the model's input size without a series) and all of its slices when it is small (its
// first batch otherwise), the warm-up changes
// neither the weights nor any label, a loaded model is kept (not replaced by a fresh copy), warmth belongs to
// one backend instance, and a failed preload leaves the worker working.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetDir, readImageFile, type Volume } from '@seglens/data';
import {
  foldBatchNorm,
  loadModel,
  modelSliceLayout,
  segment,
  type FoldedNet,
  type ModelCard,
  type SeglensModel,
} from '@seglens/models';
import {
  SEGMENT_BATCH_SIZE,
  anotherWarmUpPass,
  prepareScoresMemory,
  WARM_UP_MAX_SLICES,
  WARM_UP_MAX_VOXELS,
  warmUp,
  warmUpSlices,
  warmUpVolume,
} from '../../src/worker/warm-up';
import {
  PRETRAINED,
  copyVolume,
  hippocampusCase,
  inProcessWorker,
  modelDir,
  type InProcessWorker,
} from './harness';

const series = (v: Volume) => ({ dims: v.dims, direction: v.direction });

/** A clock for warmUp on which every pass takes `passMs`: it reads the time before and after each pass. */
function clockOfPasses(passMs: number): () => number {
  let t = 0;
  let reads = 0;
  return () => (reads++ % 2 === 0 ? t : (t += passMs));
}

/** `fold` as segment() sees it, counting its forward passes in `count.passes`. */
function countingFold(fold: FoldedNet, count: { passes: number }): FoldedNet {
  return {
    predict: (x) => {
      count.passes++;
      return fold.predict(x);
    },
    folded: fold.folded,
    source: fold.source,
    convolution: fold.convolution,
    isCurrent: () => fold.isCurrent(),
    dispose: () => fold.dispose(),
  };
}

/** Every weight of the network, copied out. */
function weights(model: SeglensModel): Float32Array[] {
  return model.net
    .getWeights()
    .map((w) => w.dataSync() as Float32Array)
    .map((a) => a.slice());
}

describe('preloading in the worker', () => {
  let w: InProcessWorker;
  let image: Volume;
  let frame: Volume;
  const unwarmed: SeglensModel[] = [];

  beforeAll(async () => {
    w = inProcessWorker();
    await w.client.init({ force: 'wasm' });
    ({ image } = await hippocampusCase());
    const images = join(datasetDir('polypgen-256'), 'val', 'images');
    frame = await readImageFile(join(images, readdirSync(images).sort()[0]));
  });
  afterAll(() => {
    w.close();
    unwarmed.forEach((m) => m.net.dispose());
  });

  it("builds the warm-up input at every shipped model's input size, in its orientation", () => {
    const names = readdirSync(PRETRAINED).filter((n) => !n.includes('.'));
    expect(names.length).toBeGreaterThanOrEqual(11);
    for (const name of names) {
      const card = JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')) as ModelCard;
      const volume = warmUpVolume(card, 3);
      const layout = modelSliceLayout(card.input, volume, name);
      expect([name, layout.count, layout.height, layout.width]).toEqual([name, 3, ...card.input.size]);
      expect(volume.channels).toBe(card.input.channels);
    }
  });

  it("builds it from the series when known: the series' slices and geometry, its first batch along the model's axis", () => {
    const card = (name: string) =>
      JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')) as ModelCard;
    // The hippocampus case: the RAS-trained model slices it along a stored axis of its own, 8 slices of the
    // real run's first batch, each of the real slices' size (not the model's 64x64).
    const hippo = card('hippocampus-rce');
    const warm = warmUpVolume(hippo, 8, series(image));
    expect(warm.direction).toEqual(image.direction);
    const real = modelSliceLayout(hippo.input, image, 'real');
    const layout = modelSliceLayout(hippo.input, warm, 'warm');
    expect([layout.count, layout.height, layout.width]).toEqual([8, real.height, real.width]);
    expect([real.height, real.width]).not.toEqual(hippo.input.size);
    // A 256x256 colonoscopy frame for a 128x128 model: one 256x256 RGB slice, resized as the real one will be.
    const polyp = card('polyp-rce');
    const frameWarm = warmUpVolume(polyp, 1, series(frame));
    expect([frameWarm.dims, frameWarm.channels]).toEqual([[256, 256, 1], 3]);
    // Of the voxel type the panel's reader gives (uint8 colour, float32 grey), so V8 compiles the gather once.
    expect(frameWarm.voxels).toBeInstanceOf(Uint8Array);
    expect(warm.voxels).toBeInstanceOf(Float32Array);
  });

  it("is the batch size the benchmarks' PyTorch peer runs in (tools/viewer-bench.mjs cannot import it)", () => {
    const bench = readFileSync(join(__dirname, '../../../../tools/viewer-bench.mjs'), 'utf8');
    const assumed = /export function segmentBatches\(slices, batch = (\d+)\)/.exec(bench)?.[1];
    expect(Number(assumed)).toBe(SEGMENT_BATCH_SIZE);
  });

  it('warms up on a small series whole (all 38 slices of the hippocampus case, 1 frame), a large one on its first batch', () => {
    const card = (name: string) =>
      JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')) as ModelCard;
    expect(SEGMENT_BATCH_SIZE).toBe(8);
    // 36 x 52 x 38 voxels, sliced by the model along its last stored axis: five batches, the last of 6.
    expect(image.dims).toEqual([36, 52, 38]);
    expect(warmUpSlices(card('hippocampus-rce'), series(image))).toBe(38);
    expect(warmUpSlices(card('polyp-rce'), series(frame))).toBe(1);
    expect(warmUpSlices(card('polyp-rce'), undefined)).toBe(8);
    // At most 2^21 voxels × channels per pass, never less than a batch, at most 48 slices: 32 slices of 256 x 256
    // fit (so 33 give 32), a 512 x 512 CT its first batch of 8, colour counts three times (10 frames of 256 x 256),
    // and a long stack of small slices stops at six batches.
    const identity = image.direction.map((_, i) => (i % 4 === 0 ? 1 : 0)) as Volume['direction'];
    expect([WARM_UP_MAX_VOXELS, WARM_UP_MAX_SLICES]).toEqual([256 * 256 * 32, 48]);
    const slicesOf = (name: string, dims: Volume['dims']) =>
      warmUpSlices(card(name), { dims, direction: identity });
    expect(slicesOf('cardiac-rce', [256, 256, 32])).toBe(32);
    expect(slicesOf('cardiac-rce', [256, 256, 33])).toBe(32);
    expect(slicesOf('ct-abdomen-rce', [512, 512, 200])).toBe(8);
    expect(slicesOf('polyp-rce', [256, 256, 11])).toBe(10);
    expect(slicesOf('cardiac-rce', [64, 64, 500])).toBe(48);
    expect(() => warmUpSlices(card('polyp-rce'), { dims: [0, 2, 3] as unknown as Volume['dims'] })).toThrow(
      'preload(polyp-rce): series.dims must be three whole numbers ≥ 1, got [0,2,3]',
    );
  });

  it('changes neither the weights nor the labels: a warmed and an unwarmed model segment identically', async () => {
    const warmed = await loadModel(modelDir('hippocampus-rce'));
    const cold = await loadModel(modelDir('hippocampus-rce'));
    unwarmed.push(warmed, cold);
    const before = weights(warmed);
    const folded = foldBatchNorm(warmed.net);
    const count = { passes: 0 };
    // Passes of 150 ms (a long call): the two every warm-up makes, one batch of 8 slices each.
    // The passes write their scores into one array, left for the first real run (ModelStore's spare).
    let spare: Float32Array | null = null;
    const taken: (Float32Array | null)[] = [];
    const memory = {
      take: () => {
        taken.push(spare);
        const s = spare;
        spare = null;
        return s;
      },
      keep: (v: Float32Array) => {
        if (spare === null || spare.length < v.length) spare = new Float32Array(v.buffer as ArrayBuffer);
      },
    };
    const made = await warmUp(
      warmed,
      countingFold(folded, count),
      8,
      series(image),
      new AbortController().signal,
      memory,
      clockOfPasses(150),
    );
    expect(made).toBe(2);
    expect(count.passes).toBe(2);
    expect(taken[0]).toBeNull();
    expect(taken[1]!.length).toBe(8 * 64 * 64 * 3); // 8 slices at the model's 64 × 64, 3 classes
    expect(spare!.buffer).toBe(taken[1]!.buffer); // the second pass wrote into the first one's
    expect(weights(warmed)).toEqual(before);
    expect(folded.isCurrent()).toBe(true); // kept for Segment, which then runs the warmed fold
    const a = await segment(warmed, image, { folded });
    folded.dispose();
    const b = await segment(cold, image);
    expect(a.labels.voxels).toEqual(b.labels.voxels);
    // A real segmentation: both hippocampus classes are found.
    const counts = [0, 0, 0];
    for (const l of a.labels.voxels) counts[l]++;
    expect(counts[1]).toBeGreaterThan(100);
    expect(counts[2]).toBeGreaterThan(100);
  });

  it('runs every batch of a whole-series warm-up: 38 slices are five forward passes, the last of 6 slices', async () => {
    const model = await loadModel(modelDir('hippocampus-rce'));
    unwarmed.push(model);
    const folded = foldBatchNorm(model.net);
    const sizes: number[] = [];
    const fold: FoldedNet = {
      ...countingFold(folded, { passes: 0 }),
      predict: (x) => {
        sizes.push(x.shape[0]);
        return folded.predict(x);
      },
    };
    const made = await warmUp(
      model,
      fold,
      38,
      series(image),
      new AbortController().signal,
      undefined,
      clockOfPasses(150),
    );
    expect(made).toBe(2);
    expect(sizes).toEqual([8, 8, 8, 8, 6, 8, 8, 8, 8, 6]);
    folded.dispose();
  });

  it.each([
    // [passes made, the last one's ms, another?]
    [0, Infinity, true],
    [1, 5000, true], // the cold first pass says nothing of a call's size
    [2, 99, true],
    [2, 100, false],
    [3, 250, false],
    [4, 1, true],
    [5, 1, false],
  ])('after %i passes, the last in %d ms: another pass is %s', (done, lastMs, expected) => {
    expect(anotherWarmUpPass(done, lastMs)).toBe(expected);
  });

  it("holds room for a whole run's scores after preload, written once, and keeps memory already large enough", async () => {
    const card = (await loadModel(modelDir('hippocampus-rce'))).card;
    // 38 slices at the model's 64 × 64, 3 classes; held first: an 8-slice array (as a warm-up on a first batch leaves)
    const needed = 38 * 64 * 64 * 3;
    let held: Float32Array | null = new Float32Array(8 * 64 * 64 * 3);
    const memory = {
      take: () => {
        const h = held;
        held = null;
        return h;
      },
      keep: (v: Float32Array) => void (held = v),
    };
    const small = held;
    expect(prepareScoresMemory(card, series(image), memory)).toBe(needed);
    const made = held as Float32Array | null;
    expect(made).not.toBe(small);
    expect(made!.length).toBe(needed);
    expect(made!.every((x) => x === 0)).toBe(true);
    // large enough already: the same array stays
    expect(prepareScoresMemory(card, series(image), memory)).toBe(needed);
    expect(held).toBe(made);
    // a frame for the RGB model: 1 slice at 128 × 128, 2 classes
    const polyp = (await loadModel(modelDir('polyp-rce'))).card;
    held = null;
    expect(prepareScoresMemory(polyp, series(frame), memory)).toBe(128 * 128 * 2);
  });

  it('makes more passes while they are short (up to five), each a forward pass of the fold', async () => {
    const model = await loadModel(modelDir('polyp-rce'));
    unwarmed.push(model);
    const folded = foldBatchNorm(model.net);
    const signal = new AbortController().signal;
    for (const [passMs, expected] of [
      [20, 5],
      [99, 5],
      [100, 2],
    ]) {
      const count = { passes: 0 };
      const fold = countingFold(folded, count);
      expect(await warmUp(model, fold, 1, series(frame), signal, undefined, clockOfPasses(passMs))).toBe(
        expected,
      );
      expect(count.passes).toBe(expected); // one frame per pass: one forward pass each
    }
    folded.dispose();
  });

  it("preloads (load + warm-up) and then segments with the labels of an unwarmed model's segment()", async () => {
    const key = modelDir('hippocampus-dice');
    const p = await w.client.preload(key, { series: series(image) });
    expect(p.modelKey).toBe(key);
    expect(p.card.name).toBe('hippocampus-dice');
    expect(p.backend).toBe('wasm');
    expect(p.warmupSlices).toBe(38);
    expect(p.loadMs).toBeGreaterThan(0);
    expect(p.warmupMs).toBeGreaterThan(0);
    expect(p.ms).toBeGreaterThanOrEqual(p.loadMs + p.warmupMs);
    const result = await w.client.segment(key, copyVolume(image));
    // The run is on the performance timeline: one entry per model, each run replacing the one before.
    await w.client.segment(key, copyVolume(image));
    const timed = performance.getEntriesByName('seglens segment hippocampus-dice', 'measure');
    expect(timed).toHaveLength(1);
    expect(timed[0].duration).toBeGreaterThan(0);
    // And so is each request as a whole (host.ts): the segment request holds the in-model window.
    const request = performance.getEntriesByName('seglens request segment', 'measure');
    expect(request).toHaveLength(1);
    expect(request[0].startTime).toBeLessThanOrEqual(timed[0].startTime);
    expect(request[0].startTime + request[0].duration).toBeGreaterThanOrEqual(
      timed[0].startTime + timed[0].duration,
    );
    const cold = await loadModel(key);
    unwarmed.push(cold);
    expect(result.labels).toEqual((await segment(cold, image)).labels.voxels);
  });

  it('keeps a loaded model as it is: no reload, no second warm-up, its last segmentation stays for the lens', async () => {
    const key = modelDir('hippocampus-dice');
    const again = await w.client.preload(key, { series: series(image) });
    expect(again.warmupMs).toBe(0);
    expect(again.warmupPasses).toBe(0);
    // The lens reads the last segmentation of the model under this key: a replaced model would have none.
    const lens = await w.client.lossLens(key, (await hippocampusCase()).labels.voxels as Uint8Array);
    expect(lens.map((r) => r.loss)).toEqual(['crossEntropy', 'dice', 'logDice', 'rce', 'rce']);
    expect(lens[0].value).toBeGreaterThan(0);
  });

  it('needs no warm-up for a model that has segmented; a new backend instance warms it again', async () => {
    const key = modelDir('hippocampus-rce');
    await w.client.loadModel(key);
    await w.client.segment(key, copyVolume(image));
    expect((await w.client.preload(key, { series: series(image) })).warmupMs).toBe(0);
    await w.client.init({ force: 'wasm' });
    const after = await w.client.preload(key, { series: series(image) });
    expect(after.warmupMs).toBeGreaterThan(0);
    expect(after.loadMs).toBeLessThan(after.ms);
  });

  it('warms an RGB model with a batch of one frame, and its labels equal the unwarmed ones', async () => {
    const key = modelDir('polyp-rce');
    const p = await w.client.preload(key, { series: series(frame) });
    expect(p.warmupSlices).toBe(1);
    expect(p.warmupMs).toBeGreaterThan(0);
    // on this clock: 2 passes at least, 5 at most (how many depends on the machine's speed)
    expect(p.warmupPasses).toBeGreaterThanOrEqual(2);
    expect(p.warmupPasses).toBeLessThanOrEqual(5);
    const result = await w.client.segment(key, copyVolume(frame));
    const cold = await loadModel(key);
    unwarmed.push(cold);
    const expected = (await segment(cold, frame)).labels.voxels;
    expect(result.labels).toEqual(expected);
    expect(result.labels.some((l) => l === 1)).toBe(true);
  });

  it('rejects a preload it cannot do with the error, and keeps working', async () => {
    const missing = join(PRETRAINED, 'no-such-model');
    const error = (await w.client.preload(missing).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('no-such-model');
    await expect(w.client.segment(missing, copyVolume(image))).rejects.toThrow(
      'segment: no model is loaded under the key',
    );
    const ok = await w.client.segment(modelDir('hippocampus-rce'), copyVolume(image));
    expect(ok.labels.length).toBe(image.voxels.length);
  });
});
