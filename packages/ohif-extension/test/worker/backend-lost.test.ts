// A backend that dies under the worker. The GPU backends cannot run in Node, so: the wasm backend's module is
// disposed under a loaded model (every op then throws, as after a lost GPU) and the worker must answer with a
// BackendLostError naming it, then work again after init(); the WebGL/WebGPU hooks are driven with objects
// shaped like TF.js's backends; and the guard's hook path (a loss with no failing op) on the real engine.
import * as tf from '@tensorflow/tfjs-core';
import type { Volume } from '@seglens/data';
import { segment, loadModel } from '@seglens/models';
import { BackendGuard } from '../../src/worker/backend-guard';
import { watchBackend, type BackendWatch } from '../../src/worker/backend-watch';
import type { BackendLostError } from '../../src/worker/errors';
import { copyVolume, hippocampusCase, inProcessWorker, modelDir } from './harness';

describe('a lost backend', () => {
  let image: Volume;
  beforeAll(async () => {
    ({ image } = await hippocampusCase());
  });

  it('surfaces as BackendLostError naming it; init() brings the worker and its models back', async () => {
    const lost: Error[] = [];
    const w = inProcessWorker({ onBackendLost: (e) => lost.push(e) });
    try {
      await w.client.init({ force: 'wasm' });
      const key = modelDir('hippocampus-rce');
      await w.client.loadModel(key);
      const first = await w.client.segment(key, copyVolume(image));
      const reference = Uint8Array.from(first.labels);

      // The wasm module goes away under the loaded model, as a GPU does when its device is lost.
      tf.engine().registry.wasm.dispose();
      const error = (await w.client
        .segment(key, copyVolume(image))
        .catch((e: unknown) => e)) as BackendLostError;
      expect(error.name).toBe('BackendLostError');
      expect(error.backend).toBe('wasm');
      expect(error.message).toMatch(
        /^The wasm backend was lost \(".+", and a probe op failed too: .+\)\. Call init\(\) again/,
      );
      expect(lost.map((e) => e.name)).toEqual(['BackendLostError']);
      // Everything that needs TF.js fails the same way until init(); the loss lens needs none and still works.
      await expect(w.client.exportModel(key)).rejects.toMatchObject({
        name: 'BackendLostError',
        backend: 'wasm',
      });
      await expect(w.client.loadModel(modelDir('hippocampus-dice'))).rejects.toMatchObject({
        name: 'BackendLostError',
      });
      const lens = await w.client.lossLens(key, reference);
      expect(lens[0].value).toBeGreaterThan(0);

      const backend = await w.client.init({ prefer: 'wasm' });
      expect(backend.name).toBe('wasm');
      const again = await w.client.segment(key, copyVolume(image));
      expect(again.labels).toEqual(reference);
      const direct = await loadModel(key);
      expect(again.labels).toEqual((await segment(direct, image)).labels.voxels);
      direct.net.dispose();
      expect(lost).toHaveLength(1);
    } finally {
      w.close();
    }
  });

  it('reports a loss from the hooks even when no op failed, and recovers on init()', async () => {
    let trigger: (reason: string) => void = () => undefined;
    const fakeWatch = (_name: string, _backend: unknown, onLost: (reason: string) => void): BackendWatch => {
      let reason: string | null = null;
      trigger = (r) => {
        reason = r;
        onLost(r);
      };
      return { lostReason: () => reason, detach: () => undefined };
    };
    const events: BackendLostError[] = [];
    const guard = new BackendGuard((e) => events.push(e), fakeWatch);
    expect(() => guard.ensureReady('segment')).toThrow(
      'segment: the worker has no TF.js backend yet; call init() first',
    );
    await guard.init({ force: 'wasm' });
    expect(guard.ensureReady('segment')).toBe('wasm');
    const healthy = new Error('a request error');
    expect(await guard.classify(healthy, false)).toBe(healthy); // the probe passes: the request, not the backend, failed
    // A browser's GPU failure named AbortError is not a cancel unless the caller cancelled.
    const gpuAbort = Object.assign(new Error("Failed to execute 'mapAsync' on 'GPUBuffer'"), {
      name: 'AbortError',
    });
    expect(await guard.classify(gpuAbort, true)).toBe(gpuAbort);
    expect(await guard.classify(gpuAbort, false)).toMatchObject({
      name: 'Error',
      message:
        "Failed to execute 'mapAsync' on 'GPUBuffer' (an operation of the wasm backend was aborted; not a cancel)",
    });
    trigger('the WebGL context was lost');
    expect(() => guard.check()).toThrow(
      "The wasm backend was lost (the WebGL context was lost). Call init() again, e.g. init({ prefer: 'wasm' })",
    );
    expect(() => guard.ensureReady('segment')).toThrow(expect.objectContaining({ name: 'BackendLostError' }));
    expect(events.map((e) => e.backend)).toEqual(['wasm']);
    const view = await guard.init({ prefer: 'wasm' });
    expect(view.name).toBe('wasm');
    expect(guard.ensureReady('segment')).toBe('wasm');
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3))).dataSync()[0]).toBe(5);
  });
});

describe('watchBackend', () => {
  it('reports a lost WebGL context from the canvas event or isContextLost()', () => {
    const canvas = new EventTarget();
    let contextLost = false;
    const backend = { gpgpu: { gl: { canvas, isContextLost: () => contextLost } } };
    const reasons: string[] = [];
    const watch = watchBackend('webgl', backend, (r) => reasons.push(r));
    expect(watch.lostReason()).toBeNull();
    canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(reasons).toEqual(['the WebGL context was lost']);
    expect(watch.lostReason()).toBe('the WebGL context was lost');

    const quiet: string[] = [];
    const polled = watchBackend('webgl', backend, (r) => quiet.push(r));
    contextLost = true;
    expect(polled.lostReason()).toBe('the WebGL context was lost');
    expect(quiet).toHaveLength(1);

    const detached: string[] = [];
    const gone = watchBackend('webgl', { gpgpu: { gl: { canvas: new EventTarget() } } }, (r) =>
      detached.push(r),
    );
    gone.detach();
    canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(detached).toEqual([]);
  });

  it('reports a lost WebGPU device with its reason and message', async () => {
    let resolve: (info: { reason: string; message: string }) => void = () => undefined;
    const lost = new Promise<{ reason: string; message: string }>((r) => (resolve = r));
    const reasons: string[] = [];
    const watch = watchBackend('webgpu', { device: { lost } }, (r) => reasons.push(r));
    expect(watch.lostReason()).toBeNull();
    resolve({ reason: 'unknown', message: 'the GPU process exited' });
    await lost;
    await Promise.resolve();
    expect(reasons).toEqual(['the WebGPU device was lost (unknown): the GPU process exited']);
    expect(watch.lostReason()).toBe(reasons[0]);
  });

  it('has nothing to watch on wasm and cpu', () => {
    const watch = watchBackend('wasm', {}, () => undefined);
    expect(watch.lostReason()).toBeNull();
  });
});
