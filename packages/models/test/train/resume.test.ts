// Checkpoints: a resumed run ends exactly where an uninterrupted one does; cancelling mid-epoch leaves the
// saved checkpoint and best model byte for byte as they were; no tensors leak from epoch to epoch.
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel } from '../../src/io';
import { directoryTrainingStore, train, type TrainingCase, type TrainOptions } from '../../src/train';
import { useWasm, withTempDir } from '../io/fixtures';
import { hippocampusCard, hippocampusCases, HIPPOCAMPUS_IDS } from './hippocampus';

async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const sub of await readdir(dir))
    for (const f of await readdir(join(dir, sub))) out.set(`${sub}/${f}`, await readFile(join(dir, sub, f)));
  return out;
}

function weightsOf(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('checkpoints', () => {
  let cases: TrainingCase[];
  const base = (): Omit<TrainOptions, 'epochs'> => ({
    card: hippocampusCard(16, 4),
    train: cases.slice(0, 2),
    validation: cases.slice(2, 3),
    loss: { name: 'rce', options: { penalty: 'kl' } },
    batchSize: 8,
    // A tiny rate and patience 1, so that the validation loss stalls and the schedule state (best, bad
    // epochs, halved rate) has to survive the resume.
    learningRate: 1e-6,
    lrPatience: 1,
    seed: 7,
    augment: { flipVertical: true, intensityScale: 0.1 },
  });

  beforeAll(async () => {
    await useWasm();
    cases = await hippocampusCases(HIPPOCAMPUS_IDS.slice(3, 6));
  });

  it('resumed (2 epochs, then to 4) equals uninterrupted (4 epochs)', async () => {
    await withTempDir(async (dir) => {
      const straight = join(dir, 'straight');
      const split = join(dir, 'split');
      let steps = 0;
      const a = await train({
        ...base(),
        epochs: 4,
        store: directoryTrainingStore(straight),
        onProgress: (e) => e.type === 'prepared' && (steps = e.stepsPerEpoch),
      });
      const b1 = await train({ ...base(), epochs: 2, store: directoryTrainingStore(split) });
      b1.model.net.dispose();
      const b = await train({ ...base(), epochs: 4, store: directoryTrainingStore(split), resume: true });
      expect(b.resumedFrom).toBe(2);
      const sa = await snapshot(straight);
      const sb = await snapshot(split);
      // Same weights (batch-norm statistics included), same Adam moments, same schedule, rng and history.
      const wa = weightsOf(sa.get('checkpoint/group1-shard1of1.bin')!);
      const wb = weightsOf(sb.get('checkpoint/group1-shard1of1.bin')!);
      expect(wb.length).toBe(wa.length);
      let maxDiff = 0;
      wa.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - wb[i]))));
      expect(maxDiff).toBeLessThanOrEqual(1e-6);
      const ma = weightsOf(sa.get('checkpoint/optimizer.bin')!);
      const mb = weightsOf(sb.get('checkpoint/optimizer.bin')!);
      let maxMoment = 0;
      ma.forEach((v, i) => (maxMoment = Math.max(maxMoment, Math.abs(v - mb[i]))));
      expect(maxMoment).toBeLessThanOrEqual(1e-6);
      const stateA = JSON.parse(sa.get('checkpoint/training-state.json')!.toString());
      const stateB = JSON.parse(sb.get('checkpoint/training-state.json')!.toString());
      for (const key of ['epochsDone', 'rng', 'adam', 'plateau', 'fingerprint'] as const)
        expect(stateB[key]).toEqual(stateA[key]);
      // hippocampus_006 and _008 have 34 and 40 axial slices: 74 slices make 9 full batches of 8 per epoch
      expect(steps).toBe(9);
      expect(stateA.adam.iteration).toBe(4 * steps);
      const strip = (h: { seconds: number }[]) => h.map(({ seconds: _, ...rest }) => rest);
      expect(strip(stateB.history)).toEqual(strip(stateA.history));
      // The schedule acted (epoch 4 did not improve, so the rate was halved), so its state had to survive.
      expect(stateA.adam.learningRate).toBeCloseTo(0.5e-6, 12);
      expect(b.bestEpoch).toBe(a.bestEpoch);
      // The returned best models predict the same.
      const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
      const pa = (a.model.net.predict(x) as tf.Tensor).dataSync();
      const pb = (b.model.net.predict(x) as tf.Tensor).dataSync();
      pa.forEach((v, i) => expect(Math.abs(v - pb[i])).toBeLessThan(1e-4));
      // The best model on disk is what train() returned.
      const loaded = await loadModel(split);
      expect(loaded.card).toEqual(b.model.card);
      tf.dispose([x]);
      [a, b].forEach((r) => r.model.net.dispose());
      loaded.net.dispose();
    });
  });

  it('cancelled mid-epoch: rejects with AbortError, saved files byte-identical', async () => {
    await withTempDir(async (dir) => {
      const store = directoryTrainingStore(dir);
      const first = await train({ ...base(), epochs: 1, store });
      first.model.net.dispose();
      const before = await snapshot(dir);
      expect([...before.keys()].sort()).toEqual([
        'checkpoint/group1-shard1of1.bin',
        'checkpoint/model.json',
        'checkpoint/optimizer.bin',
        'checkpoint/seglens.json',
        'checkpoint/training-state.json',
        'model/group1-shard1of1.bin',
        'model/model.json',
        'model/seglens.json',
      ]);
      const controller = new AbortController();
      const steps: number[] = [];
      const run = train({
        ...base(),
        epochs: 3,
        store,
        resume: true,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'step') {
            steps.push(e.step);
            if (e.epoch === 2 && e.step === 3) controller.abort();
          }
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(steps).toEqual([1, 2, 3]); // resumed at epoch 2 and stopped before step 4
      const after = await snapshot(dir);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes)).toBe(true);
      expect(await readdir(dir)).toEqual(['checkpoint', 'model']); // no temporary leftovers
    });
  });

  it('an abort from another macrotask (as Ctrl-C) stops within the epoch, not after it', async () => {
    await withTempDir(async (dir) => {
      const controller = new AbortController();
      const steps: number[] = [];
      let perEpoch = 0;
      const run = train({
        ...base(),
        epochs: 2,
        store: directoryTrainingStore(dir),
        signal: controller.signal,
        onProgress: (e) => {
          // A timer, like a signal handler, only runs when the loop gives the event loop a turn.
          if (e.type === 'prepared') {
            perEpoch = e.stepsPerEpoch;
            setTimeout(() => controller.abort(), 0);
          }
          if (e.type === 'step') steps.push(e.step);
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(perEpoch).toBe(9);
      expect(steps.length).toBeLessThan(perEpoch);
      expect(await readdir(dir)).toEqual([]); // no epoch finished, nothing saved
    });
  });

  it('a save killed between its two renames: the previous checkpoint is restored and resumed', async () => {
    await withTempDir(async (dir) => {
      const first = await train({ ...base(), epochs: 1, store: directoryTrainingStore(dir) });
      first.model.net.dispose();
      const saved = await snapshot(dir);
      // What writeDirectoryAtomic leaves when killed after moving the old checkpoint aside: no checkpoint/, the
      // previous one under a hidden name carrying the (now dead) writer's pid, and the new one's temporary copy.
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const stamp = Date.now().toString(36);
      await rename(join(dir, 'checkpoint'), join(dir, `.checkpoint.old-${dead}-${stamp}-abc123`));
      await mkdir(join(dir, `.checkpoint.tmp-${dead}-${stamp}-def456`));
      const store = directoryTrainingStore(dir);
      expect(await store.recover()).toEqual(['checkpoint']);
      expect((await readdir(dir)).sort()).toEqual(['checkpoint', 'model']);
      const restored = await snapshot(dir);
      for (const [file, bytes] of saved) expect(restored.get(file)!.equals(bytes)).toBe(true);
      const resumed = await train({ ...base(), epochs: 2, store, resume: true });
      expect(resumed.resumedFrom).toBe(1);
      resumed.model.net.dispose();
    });
  });

  it("resume: true without a checkpoint is an error; 'or-start' starts afresh", async () => {
    await withTempDir(async (dir) => {
      await expect(
        train({ ...base(), epochs: 1, store: directoryTrainingStore(dir), resume: true }),
      ).rejects.toThrow(`train: resume: there is no checkpoint in ${dir} to resume from`);
      const r = await train({ ...base(), epochs: 1, store: directoryTrainingStore(dir), resume: 'or-start' });
      expect(r.resumedFrom).toBe(0);
      r.model.net.dispose();
    });
  });

  it('refuses to resume with different settings, naming the setting', async () => {
    await withTempDir(async (dir) => {
      const r = await train({ ...base(), epochs: 1, store: directoryTrainingStore(dir) });
      r.model.net.dispose();
      await expect(
        train({ ...base(), loss: 'dice', epochs: 2, store: directoryTrainingStore(dir), resume: true }),
      ).rejects.toThrow(
        /train: cannot resume from .*: its loss is \{"name":"rce",.* but this run asks for \{"name":"dice",/,
      );
      await expect(
        train({ ...base(), seed: 8, epochs: 2, store: directoryTrainingStore(dir), resume: true }),
      ).rejects.toThrow(/its seed is 7 but this run asks for 8/);
    });
  });

  it('leaks no tensors across epochs', async () => {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const r = await train({
      ...base(),
      epochs: 3,
      onProgress: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors),
    });
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    // Afterwards only the returned network's weights remain.
    expect(tf.memory().numTensors - before).toBe(r.model.net.weights.length);
    r.model.net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
