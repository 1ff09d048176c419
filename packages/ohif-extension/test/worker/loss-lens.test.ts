// The loss lens against @seglens/losses called directly on the whole tensor (logits = log of the stored
// probabilities, floored), over one slice and over the whole volume, for the shipped RCE and Dice models on
// a real hippocampus volume and its manual labels; and the decomposition identities.
import * as tf from '@tensorflow/tfjs-core';
import type { Volume } from '@seglens/data';
import { crossEntropy, decompose, dice, logDice, rce, regionKL, regionL1 } from '@seglens/losses';
import { loadModel, segment } from '@seglens/models';
import { PROBABILITY_FLOOR } from '../../src/worker/loss-lens';
import type { LossLensTerms } from '../../src/worker/protocol';
import { copyVolume, hippocampusCase, inProcessWorker, modelDir, type InProcessWorker } from './harness';

/** |a − b| within 1e-5 absolute plus 1e-4 relative: float64 sums here, float32 tensors in the package. */
function close(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  const tolerance = 1e-5 + 1e-4 * Math.abs(expected);
  if (!(Math.abs((actual as number) - expected) <= tolerance))
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected}`);
}

interface Direct {
  ce: number;
  dice: number;
  logDice: number;
  rceL1: number;
  rceKL: number;
  l1: number;
  kl: number;
  ceTerms: ReturnType<typeof decompose>;
  logDiceTerms: ReturnType<typeof decompose>;
}

/** Every loss of the package on logits [1, ...spatial, C] built from probabilities (one image). */
function directLosses(
  probs: Float32Array,
  labels: ArrayLike<number>,
  spatial: number[],
  classes: number,
): Direct {
  const z = tf.tensor(
    Float32Array.from(probs, (p) => Math.log(Math.max(p, PROBABILITY_FLOOR))),
    [1, ...spatial, classes],
  );
  const y = tf.tensor(Int32Array.from(labels), [1, ...spatial], 'int32');
  const read = (t: tf.Scalar): number => {
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  try {
    return {
      ce: read(crossEntropy(z, y)),
      dice: read(dice(z, y)),
      logDice: read(logDice(z, y)),
      rceL1: read(rce(z, y)),
      rceKL: read(rce(z, y, { penalty: 'kl' })),
      l1: read(regionL1(z, y)),
      kl: read(regionKL(z, y)),
      ceTerms: decompose('ce', z, y),
      logDiceTerms: decompose('logDice', z, y),
    };
  } finally {
    tf.dispose([z, y]);
  }
}

function checkRows(rows: LossLensTerms[], d: Direct, model: string): void {
  expect(rows.map((r) => [r.loss, r.label])).toEqual([
    ['crossEntropy', 'CE'],
    ['dice', 'Dice'],
    ['logDice', 'LogDice'],
    ['rce', 'RCE(L1) (λ=1)'],
    ['rce', 'RCE(DKL) (λ=0.1)'],
  ]);
  rows.forEach((r) => expect(r.model).toBe(model));
  const [ceRow, diceRow, logDiceRow, l1Row, klRow] = rows;
  // Values: the registry's losses with their default options.
  close(ceRow.value, d.ce);
  close(diceRow.value, d.dice);
  close(logDiceRow.value, d.logDice);
  close(l1Row.value, d.rceL1);
  close(klRow.value, d.rceKL);
  // CE: decompose('ce') itself.
  close(ceRow.matching, d.ceTerms.matching);
  close(ceRow.regionSize, d.ceTerms.regionSize);
  close(ceRow.constant, d.ceTerms.constant);
  // log-Dice: decompose('logDice') over the C = 3 classes the loss averages.
  close(logDiceRow.matching, d.logDiceTerms.matching / 3);
  close(logDiceRow.regionSize, d.logDiceTerms.regionSize / 3);
  close(logDiceRow.constant, d.logDiceTerms.constant / 3);
  // RCE: CE's matching term; region size = CE's region-size term + λ·penalty.
  close(l1Row.matching, d.ceTerms.matching);
  close(l1Row.regionSize, d.ceTerms.regionSize + 1 * d.l1);
  close(klRow.regionSize, d.ceTerms.regionSize + 0.1 * d.kl);
  // ...which adds up to the registry's RCE value.
  close(d.ceTerms.matching + d.ceTerms.regionSize + d.ceTerms.constant + d.l1, d.rceL1);
  close(d.ceTerms.matching + d.ceTerms.regionSize + d.ceTerms.constant + 0.1 * d.kl, d.rceKL);
  // Identities: value = matching + region size + constant (to float precision) wherever terms are given.
  for (const r of [ceRow, logDiceRow, l1Row, klRow])
    expect(Math.abs(r.matching! + r.regionSize! + r.constant! - r.value)).toBeLessThan(1e-8);
  expect(diceRow.matching).toBeUndefined();
}

describe('lossLens', () => {
  let w: InProcessWorker;
  let image: Volume;
  let reference: Uint8Array;

  beforeAll(async () => {
    w = inProcessWorker();
    await w.client.init({ force: 'wasm' });
    const c = await hippocampusCase();
    image = c.image;
    reference = Uint8Array.from(c.labels.voxels);
  });
  afterAll(() => w.close());

  it.each(['hippocampus-rce', 'hippocampus-dice'])(
    '%s: every loss and term equals @seglens/losses',
    async (name) => {
      const { modelKey } = await w.client.loadModel(modelDir(name));
      await expect(w.client.lossLens(modelKey, reference)).rejects.toThrow(
        `lossLens: ${name} has no segmentation in this worker yet; call segment first`,
      );
      await w.client.segment(modelKey, copyVolume(image));
      const model = await loadModel(modelDir(name));
      const { probabilities } = await segment(model, image, { probabilities: true });
      model.net.dispose();
      const probs = probabilities!.voxels as Float32Array;
      const [nx, ny, nz] = image.dims;

      const volumeRows = await w.client.lossLens(modelKey, reference);
      checkRows(volumeRows, directLosses(probs, reference, [nz, ny, nx], 3), name);

      // Slice 17 along the card's axis 2: a contiguous block of the volume.
      const s = 17;
      const sliceRows = await w.client.lossLens(modelKey, reference, { slice: s });
      const n = nx * ny;
      checkRows(
        sliceRows,
        directLosses(
          probs.subarray(s * n * 3, (s + 1) * n * 3),
          reference.subarray(s * n, (s + 1) * n),
          [ny, nx],
          3,
        ),
        name,
      );
      // CE's region-size term is a KL divergence (≥ 0); for a good model a small part of the loss.
      expect(sliceRows[0].regionSize!).toBeGreaterThanOrEqual(0);
      expect(sliceRows[0].regionSize!).toBeLessThan(sliceRows[0].value);
    },
  );

  it("reuses the run before last's scores memory, and a cancelled run leaves the lens's scores as they were", async () => {
    const { modelKey } = await w.client.loadModel(modelDir('hippocampus-rce'));
    // The same crop mirrored left to right: other predictions, so other lens values against the same reference.
    const [nx] = image.dims;
    const mirrored = copyVolume(image);
    const src = image.voxels as Float32Array;
    const dst = mirrored.voxels as Float32Array;
    for (let i = 0; i < src.length; i++) dst[i] = src[i - (i % nx) + (nx - 1 - (i % nx))];
    const values = (rows: Awaited<ReturnType<typeof w.client.lossLens>>) => rows.map((r) => r.value);
    await w.client.segment(modelKey, copyVolume(image));
    const first = values(await w.client.lossLens(modelKey, reference));
    await w.client.segment(modelKey, copyVolume(mirrored));
    const second = values(await w.client.lossLens(modelKey, reference));
    expect(second).not.toEqual(first);
    // Into the first run's memory (the spare now), then cancelled after its first batch of scores: it wrote into the
    // spare, never into what the lens reads. (The lens is not opened in between: once opened it keeps the
    // probabilities it made, and would not read the scores again.)
    await w.client.segment(modelKey, copyVolume(image));
    const controller = new AbortController();
    await expect(
      w.client.segment(modelKey, copyVolume(mirrored), {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toThrow();
    // The first run's values again, exactly: the memory reused held the right scores.
    expect(values(await w.client.lossLens(modelKey, reference))).toEqual(first);
    await w.client.segment(modelKey, copyVolume(mirrored));
    expect(values(await w.client.lossLens(modelKey, reference))).toEqual(second);
    // The tests below read the crop's own segmentation.
    await w.client.segment(modelKey, copyVolume(image));
    expect(values(await w.client.lossLens(modelKey, reference))).toEqual(first);
  });

  it('leaves out voxels labelled 255 exactly as the losses ignore them', async () => {
    const key = modelDir('hippocampus-rce');
    const partial = reference.slice();
    for (let i = 0; i < partial.length; i += 3) partial[i] = 255;
    const model = await loadModel(key);
    const { probabilities } = await segment(model, image, { probabilities: true });
    model.net.dispose();
    const [nx, ny, nz] = image.dims;
    checkRows(
      await w.client.lossLens(key, partial),
      directLosses(probabilities!.voxels as Float32Array, partial, [nz, ny, nx], 3),
      'hippocampus-rce',
    );
  });

  it('names bad references and slices', async () => {
    const key = modelDir('hippocampus-rce');
    await expect(w.client.lossLens(key, new Uint8Array(5))).rejects.toThrow(
      `lossLens: reference must be a Uint8Array of ${reference.length} labels (the segmented volume's ${image.dims.join('x')} voxels), got 5`,
    );
    const bad = reference.slice();
    bad[123] = 7;
    await expect(w.client.lossLens(key, bad)).rejects.toThrow(
      'lossLens: reference has label 7 at voxel 123; labels must be 0..2 or 255 (left out)',
    );
    await expect(w.client.lossLens(key, reference, { slice: image.dims[2] })).rejects.toThrow(
      `lossLens: slice must be an integer in 0..${image.dims[2] - 1} (axis 2), got ${image.dims[2]}`,
    );
    await expect(w.client.lossLens(key, new Uint8Array(reference.length).fill(255))).rejects.toThrow(
      'lossLens: no voxel of the volume has both a reference label (not 255) and a prediction',
    );
  });
});

describe('lossLens on a series too large to keep its probabilities', () => {
  it('segments as usual, keeps no probabilities and says why the lens is off', async () => {
    const c = await hippocampusCase();
    const [nx, ny, nz] = c.image.dims;
    const values = nx * ny * nz * 3; // three classes per voxel
    // One value under what this volume needs: the same path a 512x512x100 CT takes with the real budget.
    const small = inProcessWorker({}, { probabilityBudget: values - 1 });
    const roomy = inProcessWorker({}, { probabilityBudget: values });
    try {
      await Promise.all([small.client.init({ force: 'wasm' }), roomy.client.init({ force: 'wasm' })]);
      const key = (await small.client.loadModel(modelDir('hippocampus-rce'))).modelKey;
      await roomy.client.loadModel(modelDir('hippocampus-rce'));
      const a = await small.client.segment(key, copyVolume(c.image));
      const b = await roomy.client.segment(key, copyVolume(c.image));
      expect(a.labels).toEqual(b.labels);
      expect(a.proportions).toEqual(b.proportions);
      const reference = Uint8Array.from(c.labels.voxels);
      await expect(small.client.lossLens(key, reference)).rejects.toThrow(
        `lossLens: the lens needs every voxel's probability for each class, ${values} values ` +
          `(${Math.round((values * 4) / 2 ** 20)} MiB) for this ${nx}x${ny}x${nz} series and hippocampus-rce's 3 ` +
          `classes, more than the ${Math.round(((values - 1) * 4) / 2 ** 20)} MiB the worker keeps per model`,
      );
      // At exactly the budget the lens works.
      expect((await roomy.client.lossLens(key, reference)).length).toBeGreaterThan(0);
    } finally {
      small.close();
      roomy.close();
    }
  });
});
