// The worker through its client, on the wasm backend, with the shipped hippocampus models on a real MSD
// hippocampus volume: labels identical to @seglens/models segment() called directly, progress, cancellation,
// errors that keep their names, export, and a corrupted model file.
import { copyFile, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolume, type Volume } from '@seglens/data';
import { regionProportions } from '@seglens/metrics';
import { loadModel, segment, type SeglensModel } from '@seglens/models';
import { copyVolume, hippocampusCase, inProcessWorker, modelDir, type InProcessWorker } from './harness';

describe('SegmentationWorker: segment, cancel, errors, export', () => {
  let w: InProcessWorker;
  let image: Volume;
  const direct = new Map<string, SeglensModel>();
  let tmp: string;

  beforeAll(async () => {
    w = inProcessWorker();
    ({ image } = await hippocampusCase());
    tmp = await mkdtemp(join(tmpdir(), 'seglens-worker-'));
  });
  afterAll(async () => {
    w.close();
    direct.forEach((m) => m.net.dispose());
    await rm(tmp, { recursive: true, force: true });
  });

  it('starts on the backend asked for', async () => {
    const backend = await w.client.init({ force: 'wasm' });
    expect(backend.name).toBe('wasm');
    expect(backend.skipped).toEqual([]);
    expect(backend.initMs).toBeGreaterThan(0);
    expect(w.posted[0]).toEqual({ type: 'ready' });
  });

  it.each(['hippocampus-rce', 'hippocampus-dice'])(
    '%s: labels equal segment() called directly; proportions; monotone progress',
    async (name) => {
      const loaded = await w.client.loadModel(modelDir(name));
      expect(loaded.modelKey).toBe(modelDir(name));
      expect(loaded.card.name).toBe(name);
      expect(loaded.ms).toBeGreaterThan(0);
      const fractions: number[] = [];
      const input = copyVolume(image);
      const result = await w.client.segment(loaded.modelKey, input, {
        batchSize: 8,
        onProgress: (f) => fractions.push(f),
      });
      // The voxels were transferred, not copied: the caller's buffer is detached.
      expect(input.voxels.length).toBe(0);

      const model = await loadModel(modelDir(name));
      direct.set(name, model);
      const expected = await segment(model, image);
      expect(result.labels).toEqual(expected.labels.voxels);
      expect(result.backend).toBe('wasm');
      expect(result.inferenceMs).toBeGreaterThan(0);
      expect(result.proportions).toEqual(Array.from(regionProportions(result.labels, { numClasses: 3 })));
      // A real segmentation of this volume: both hippocampus classes are there.
      expect(result.proportions[1]).toBeGreaterThan(0.005);
      expect(result.proportions[2]).toBeGreaterThan(0.005);

      const slices = image.dims[2];
      expect(fractions).toHaveLength(Math.ceil(slices / 8));
      fractions.forEach((f, i) => i > 0 && expect(f).toBeGreaterThan(fractions[i - 1]));
      expect(fractions[fractions.length - 1]).toBe(1);
    },
  );

  it('cancels a running segment between batches, rejects with AbortError, and keeps working', async () => {
    const key = modelDir('hippocampus-rce');
    const controller = new AbortController();
    let seen = 0;
    const before = w.posted.length;
    const run = w.client.segment(key, copyVolume(image), {
      batchSize: 1,
      signal: controller.signal,
      onProgress: () => {
        seen++;
        controller.abort();
      },
    });
    const error = await run.catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    // The host stopped long before the end (one batch per slice).
    const progressed = w.posted
      .slice(before)
      .filter((m) => (m as { type: string }).type === 'progress').length;
    expect(seen).toBe(1);
    expect(progressed).toBeLessThan(image.dims[2] / 2);
    const again = await w.client.segment(key, copyVolume(image));
    expect(again.labels).toEqual((await segment(direct.get('hippocampus-rce')!, image)).labels.voxels);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      w.client.segment(modelDir('hippocampus-rce'), copyVolume(image), { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it("passes the models' errors through with their message, and the worker keeps working", async () => {
    const rgb = createVolume({ voxels: new Uint8Array(8 * 8 * 2 * 3), dims: [8, 8, 2], channels: 3 });
    const error = (await w.client
      .segment(modelDir('hippocampus-rce'), rgb)
      .catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('Error');
    expect(error.message).toBe(
      "segment: the model 'hippocampus-rce' takes 1-channel images but the volume has 3 channel(s)",
    );
    await expect(w.client.segment('nope', copyVolume(image))).rejects.toThrow(
      'segment: no model is loaded under the key "nope"',
    );
    await expect(w.client.lossLens('nope', new Uint8Array(1))).rejects.toThrow(
      'lossLens: no model is loaded',
    );
    const broken = { ...copyVolume(image), dims: [1, 2, 3] as [number, number, number] };
    await expect(w.client.segment(modelDir('hippocampus-rce'), broken)).rejects.toThrow(
      'segment(hippocampus-rce): volume: createVolume: voxels has',
    );
    const ok = await w.client.segment(modelDir('hippocampus-rce'), copyVolume(image));
    expect(ok.labels.length).toBe(image.voxels.length);
  });

  it('reports a corrupted weight file as ModelIntegrityError with its fields', async () => {
    const dir = join(tmp, 'corrupt');
    await mkdir(dir);
    for (const f of ['model.json', 'seglens.json', 'group1-shard1of1.bin'])
      await copyFile(join(modelDir('hippocampus-dice'), f), join(dir, f));
    const shard = await readFile(join(dir, 'group1-shard1of1.bin'));
    shard[1000] ^= 0xff;
    await writeFile(join(dir, 'group1-shard1of1.bin'), shard);
    const error = (await w.client.loadModel(dir).catch((e: unknown) => e)) as Error & { file?: string };
    expect(error.name).toBe('ModelIntegrityError');
    expect(error.message).toContain(`Model file group1-shard1of1.bin in ${dir} is corrupt or modified`);
    expect(error.file).toBe('group1-shard1of1.bin');
  });

  it('exports files that load again and segment identically', async () => {
    const key = modelDir('hippocampus-dice');
    const files = await w.client.exportModel(key);
    expect(files.map((f) => f.name).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'seglens.json']);
    const dir = join(tmp, 'exported');
    await mkdir(dir);
    for (const f of files) await writeFile(join(dir, f.name), new Uint8Array(f.data));
    const loaded = await w.client.loadModel(dir);
    expect(loaded.card.name).toBe('hippocampus-dice');
    const a = await w.client.segment(key, copyVolume(image));
    const b = await w.client.segment(loaded.modelKey, copyVolume(image));
    expect(b.labels).toEqual(a.labels);
    await w.client.unloadModel(loaded.modelKey);
    await expect(w.client.exportModel(loaded.modelKey)).rejects.toThrow('exportModel: no model is loaded');
  });
});
