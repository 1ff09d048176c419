// The client's side of the protocol against a scripted worker: ids, transfer lists, progress, cancel
// messages, error reconstruction, a worker that never starts, and terminate().
import { SegmentationWorker, type WorkerLike } from '../../src/worker/client';
import { deserializeError, serializeError } from '../../src/worker/errors';
import type { WorkerResponse } from '../../src/worker/protocol';

class ScriptedWorker implements WorkerLike {
  readonly sent: {
    message: { type: string; id: number } & Record<string, unknown>;
    transfer?: Transferable[];
  }[] = [];
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  terminated = false;
  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.sent.push({ message: message as { type: string; id: number }, transfer });
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: WorkerResponse): void {
    for (const l of this.listeners.get('message') ?? []) l({ data: message } as MessageEvent);
  }
  fail(message: string): void {
    for (const l of this.listeners.get('error') ?? []) l(Object.assign(new Event('error'), { message }));
  }
}

const volume = () => ({
  voxels: new Int16Array([1, 2, 3, 4]),
  dims: [2, 2, 1] as [number, number, number],
  spacing: [1, 1, 1] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ],
  channels: 1,
});

describe('SegmentationWorker client', () => {
  it('numbers requests, transfers whole buffers only, forwards progress and resolves with the result', async () => {
    const worker = new ScriptedWorker();
    const client = new SegmentationWorker(worker);
    worker.reply({ type: 'ready' });
    const v = volume();
    const fractions: number[] = [];
    const run = client.segment('m', v, { onProgress: (f) => fractions.push(f) });
    const { message, transfer } = worker.sent[0];
    expect(message).toMatchObject({ type: 'segment', id: 1, modelKey: 'm' });
    expect(transfer).toEqual([v.voxels.buffer]);
    const view = { ...volume(), voxels: new Int16Array(new ArrayBuffer(16), 4, 4) };
    void client.segment('m', view);
    expect(worker.sent[1].transfer).toEqual([]); // a view into a larger buffer is copied, not detached
    void client.segment('m', volume(), { transfer: false });
    expect(worker.sent[2].transfer).toEqual([]);
    worker.reply({ type: 'progress', id: 1, progress: { fraction: 0.5, slicesDone: 1, slices: 2 } });
    const labels = new Uint8Array([0, 1, 1, 0]);
    worker.reply({
      type: 'result',
      id: 1,
      value: { labels, proportions: [0.5, 0.5], inferenceMs: 3, backend: 'wasm' },
    });
    await expect(run).resolves.toEqual({ labels, proportions: [0.5, 0.5], inferenceMs: 3, backend: 'wasm' });
    expect(fractions).toEqual([0.5]);
    const copied = client.lossLens('m', new Uint8Array(4));
    expect(worker.sent[3].transfer).toEqual([]); // the reference is reused by the caller: copied
    worker.reply({ type: 'result', id: 4, value: [] });
    await expect(copied).resolves.toEqual([]);
  });

  it('posts a cancel on abort and rejects with what the worker answers', async () => {
    const worker = new ScriptedWorker();
    const client = new SegmentationWorker(worker);
    const controller = new AbortController();
    const run = client.fineTune(
      'm',
      {
        image: volume(),
        labels: new Uint8Array(4),
        slices: [0],
        loss: 'rce',
        epochs: 1,
        learningRate: 1e-3,
        saveAs: 'x',
      },
      { signal: controller.signal },
    );
    expect(worker.sent[0].transfer).toHaveLength(2);
    controller.abort();
    controller.abort();
    expect(worker.sent.slice(1).map((s) => s.message)).toEqual([{ type: 'cancel', id: 1 }]);
    worker.reply({ type: 'progress', id: 1, progress: { epoch: 1, epochs: 1, loss: 1 } }); // ignored after abort
    worker.reply({
      type: 'error',
      id: 1,
      error: { name: 'AbortError', message: 'fineTune (request 1) was cancelled' },
    });
    await expect(run).rejects.toMatchObject({
      name: 'AbortError',
      message: 'fineTune (request 1) was cancelled',
    });
  });

  it('rebuilds errors with their name, message and fields', async () => {
    const worker = new ScriptedWorker();
    const client = new SegmentationWorker(worker);
    const run = client.loadModel('http://x/m/');
    const original = Object.assign(new Error('Model file a.bin in x is corrupt or modified'), {
      name: 'ModelIntegrityError',
      file: 'a.bin',
      expected: { sha256: 'aa', bytes: 3 },
      actual: { sha256: 'bb', bytes: 3 },
      net: new Map(), // not plain data: dropped
    });
    worker.reply({ type: 'error', id: 1, error: serializeError(original) });
    const error = (await run.catch((e: unknown) => e)) as Error & Record<string, unknown>;
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ModelIntegrityError',
      message: original.message,
      file: 'a.bin',
      expected: { sha256: 'aa', bytes: 3 },
    });
    expect(error.net).toBeUndefined();
    expect(error.stack).toContain('--- in the segmentation worker ---');
    expect(deserializeError(serializeError('plain string'))).toMatchObject({
      name: 'Error',
      message: 'plain string',
    });
  });

  it('a worker that fails before it is ready fails every call, now and later', async () => {
    const worker = new ScriptedWorker();
    const lost: Error[] = [];
    const client = new SegmentationWorker(worker, { onBackendLost: (e) => lost.push(e) });
    const run = client.init();
    worker.fail('404 seglens-worker.mjs');
    await expect(run).rejects.toMatchObject({
      name: 'WorkerError',
      message: 'segmentation worker failed: 404 seglens-worker.mjs',
    });
    await expect(client.init()).rejects.toMatchObject({ name: 'WorkerError' });
    expect(worker.sent).toHaveLength(1);
    expect(lost).toEqual([]);
  });

  it('reports a lost backend between calls; terminate() rejects pending calls', async () => {
    const worker = new ScriptedWorker();
    const lost: Error[] = [];
    const client = new SegmentationWorker(worker, { onBackendLost: (e) => lost.push(e) });
    worker.reply({ type: 'ready' });
    worker.reply({
      type: 'backendLost',
      error: { name: 'BackendLostError', message: 'gone', details: { backend: 'webgl' } },
    });
    expect(lost[0]).toMatchObject({ name: 'BackendLostError', backend: 'webgl' });
    worker.fail('uncaught'); // after 'ready': pending calls fail, later ones still go out
    const pending = client.exportModel('m');
    client.terminate();
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.unloadModel('m')).rejects.toMatchObject({ name: 'AbortError' });
  });
});
