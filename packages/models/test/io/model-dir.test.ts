// Save/load round trips through a directory, float16 storage, and the errors for damaged files.
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, loadModelFromDirectory, ModelIntegrityError, saveModelToDirectory } from '../../src/io';
import { predict, tinyModel, useWasm, withTempDir } from './fixtures';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('model directories', () => {
  beforeAll(useWasm);
  const x = () => tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 3) as tf.Tensor4D;

  it('round-trips: same predictions, card hashes equal the files', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const out = join(dir, 'm');
      const card = await saveModelToDirectory(model, out);
      const names = (await readdir(out)).sort();
      expect(names).toEqual(['group1-shard1of1.bin', 'model.json', 'seglens.json']);
      for (const f of card.files) {
        const bytes = await readFile(join(out, f.path));
        expect(f.sha256).toBe(sha(bytes));
        expect(f.bytes).toBe(bytes.length);
      }
      // float32 weights: 4 bytes per parameter, nothing else in the shards
      expect(card.files[1].bytes).toBe(4 * model.net.countParams());
      const loaded = await loadModel(out);
      const input = x();
      expect(Array.from(predict(loaded, input))).toEqual(Array.from(predict(model, input)));
      expect(loaded.card).toEqual(card);
      input.dispose();
      loaded.net.dispose();
    });
    model.net.dispose();
  });

  it('stores float16 weights in half the bytes, decoded by TF.js within half precision', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const card = await saveModelToDirectory(model, dir, { weightDtype: 'float16' });
      expect(card.weightDtype).toBe('float16');
      expect(card.files[1].bytes).toBe(2 * model.net.countParams());
      const loaded = await loadModelFromDirectory(dir);
      const a = model.net.getWeights();
      const b = loaded.net.getWeights();
      a.forEach((w, i) => {
        const va = w.dataSync();
        const vb = b[i].dataSync();
        for (let j = 0; j < va.length; j++)
          expect(Math.abs(vb[j] - va[j])).toBeLessThanOrEqual(Math.max(Math.abs(va[j]) * 2 ** -11, 2 ** -24));
      });
      const input = x();
      const pa = predict(model, input);
      const pb = predict(loaded, input);
      let maxDiff = 0;
      for (let i = 0; i < pa.length; i++) maxDiff = Math.max(maxDiff, Math.abs(pa[i] - pb[i]));
      expect(maxDiff).toBeLessThan(0.02);
      expect(maxDiff).toBeGreaterThan(0); // the weights really went through half precision
      input.dispose();
      loaded.net.dispose();
    });
    model.net.dispose();
  });

  it('round-trips a model with instance normalisation (a seglens layer)', async () => {
    const model = tinyModel({ normalization: 'instance' });
    await withTempDir(async (dir) => {
      await saveModelToDirectory(model, dir);
      const loaded = await loadModelFromDirectory(dir);
      expect(loaded.net.layers.some((l) => l.getClassName() === 'SeglensInstanceNormalization')).toBe(true);
      const input = x();
      expect(Array.from(predict(loaded, input))).toEqual(Array.from(predict(model, input)));
      input.dispose();
      loaded.net.dispose();
    });
    model.net.dispose();
  });

  it('replaces an existing directory whole and leaves no temporary files', async () => {
    const a = tinyModel({}, {}, 1);
    const b = tinyModel({}, {}, 2);
    await withTempDir(async (dir) => {
      const out = join(dir, 'm');
      await saveModelToDirectory(a, out);
      await writeFile(join(out, 'stale.txt'), 'old');
      const card = await saveModelToDirectory(b, out);
      expect((await readdir(out)).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'seglens.json']);
      expect(await readdir(dir)).toEqual(['m']);
      const loaded = await loadModelFromDirectory(out);
      expect(loaded.card.files).toEqual(card.files);
      loaded.net.dispose();
    });
    a.net.dispose();
    b.net.dispose();
  });

  it('splits weights into shards of the given size', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const card = await saveModelToDirectory(model, dir, { shardBytes: 4096 });
      const total = 4 * model.net.countParams();
      const shards = card.files.slice(1);
      const count = Math.ceil(total / 4096);
      expect(count).toBeGreaterThan(1);
      expect(shards.map((f) => f.path)).toEqual(
        Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`),
      );
      expect(shards.reduce((n, f) => n + f.bytes, 0)).toBe(total);
      const loaded = await loadModelFromDirectory(dir);
      expect(loaded.net.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
        model.net.getWeights().map((w) => Array.from(w.dataSync())),
      );
      loaded.net.dispose();
    });
    model.net.dispose();
  });

  it('names a corrupt weight file with the expected and actual hash', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const card = await saveModelToDirectory(model, dir);
      const file = join(dir, 'group1-shard1of1.bin');
      const bytes = await readFile(file);
      bytes[100] ^= 0xff;
      await writeFile(file, bytes);
      const error = await loadModelFromDirectory(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelIntegrityError);
      const message = (error as Error).message;
      expect(message).toContain('group1-shard1of1.bin');
      expect(message).toContain('corrupt or modified');
      expect(message).toContain(`expected ${card.files[1].sha256}`);
      expect(message).toContain(`actual ${sha(bytes)}`);
    });
    model.net.dispose();
  });

  it('names a truncated file and its sizes', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const card = await saveModelToDirectory(model, dir);
      const file = join(dir, 'group1-shard1of1.bin');
      await truncate(file, 1000);
      expect((await stat(file)).size).toBe(1000);
      await expect(loadModelFromDirectory(dir)).rejects.toThrow(
        `Model file group1-shard1of1.bin in ${dir} is truncated (1000 of ${card.files[1].bytes} bytes): sha256 expected ${card.files[1].sha256}, actual ${sha(await readFile(file))}`,
      );
    });
    model.net.dispose();
  });

  it('detects a changed model.json', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const file = join(dir, 'model.json');
      await saveModelToDirectory(model, dir);
      const text = (await readFile(file, 'utf8')).replace('seglens_unet', 'seglens_unex');
      await writeFile(file, text);
      await expect(loadModelFromDirectory(dir)).rejects.toThrow(
        /Model file model\.json in .* is corrupt or modified: sha256 expected [0-9a-f]{64}, actual [0-9a-f]{64}/,
      );
    });
    model.net.dispose();
  });

  it('explains a missing card or directory', async () => {
    await withTempDir(async (dir) => {
      await expect(loadModelFromDirectory(dir)).rejects.toThrow(
        `${dir} has no seglens.json (not a seglens model directory)`,
      );
    });
  });

  it('validates the card before reading any weights', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      await saveModelToDirectory(model, dir);
      const file = join(dir, 'seglens.json');
      const card = JSON.parse(await readFile(file, 'utf8'));
      card.classes[1].color = [255, 0];
      await writeFile(file, JSON.stringify(card));
      await expect(loadModelFromDirectory(dir)).rejects.toThrow(
        `Invalid model card ${dir}/seglens.json: classes[1].color must be an array of 3 numbers, got an array of 2`,
      );
      await writeFile(file, '{"format": ');
      await expect(loadModelFromDirectory(dir)).rejects.toThrow(
        /Invalid model card .*seglens\.json: not JSON/,
      );
    });
    model.net.dispose();
  });
});
