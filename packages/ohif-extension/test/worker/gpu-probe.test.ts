import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendSelection, type SelectBackendOptions } from '@seglens/models';
import {
  gpuKind,
  planBackend,
  probeGpu,
  softwareGpuReason,
  type ProbeScope,
} from '../../src/worker/gpu-probe';
import { BackendGuard, withThreads } from '../../src/worker/backend-guard';
import { prepareWasmThreads } from '../../src/worker/wasm-threads';

// What headless Chromium on a machine without a GPU reports (measured on this machine, Chromium 14x):
// WebGPU's fallback adapter is SwiftShader, WebGL renders through ANGLE on SwiftShader.
const SWIFTSHADER_WEBGL =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

/** A worker scope whose WebGPU and WebGL report the given adapter and renderer. */
function scope(adapter: unknown, renderer: string | null): ProbeScope {
  const gl = {
    RENDERER: 0x1f01,
    getExtension: (name: string) =>
      name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : null,
    getParameter: (p: number) => (p === 0x9246 ? renderer : 'WebKit WebGL'),
  };
  return {
    navigator: { gpu: { requestAdapter: async () => adapter as never } },
    OffscreenCanvas: class {
      getContext(kind: string) {
        return renderer !== null && kind === 'webgl2' ? gl : null;
      }
    } as never,
  };
}

describe('software GPU detection', () => {
  it('reads WebGPU adapter info and the unmasked WebGL renderer', async () => {
    const facts = await probeGpu(
      scope(
        { isFallbackAdapter: false, info: { vendor: 'google', architecture: 'swiftshader' } },
        SWIFTSHADER_WEBGL,
      ),
    );
    expect(facts).toEqual({
      webgpu: {
        isFallbackAdapter: false,
        vendor: 'google',
        architecture: 'swiftshader',
        description: undefined,
      },
      webglRenderer: SWIFTSHADER_WEBGL,
    });
    expect(softwareGpuReason(facts)).toBe('the GPU is a software rasteriser (swiftshader)');
  });

  it('calls software: a fallback adapter, SwiftShader or llvmpipe in either API; hardware: real GPUs', () => {
    expect(softwareGpuReason({ webgpu: { isFallbackAdapter: true }, webglRenderer: null })).toBe(
      'the WebGPU adapter is a software fallback',
    );
    expect(softwareGpuReason({ webgpu: null, webglRenderer: SWIFTSHADER_WEBGL })).toMatch(/SwiftShader/);
    expect(softwareGpuReason({ webgpu: null, webglRenderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toMatch(
      /llvmpipe/,
    );
    expect(
      softwareGpuReason({
        webgpu: { vendor: 'nvidia', architecture: 'ada-lovelace' },
        webglRenderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 4070 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      }),
    ).toBeNull();
    expect(softwareGpuReason({ webgpu: null, webglRenderer: null })).toBeNull();
  });

  it('never throws: a failing WebGPU or a missing OffscreenCanvas is a missing fact', async () => {
    const failing: ProbeScope = {
      navigator: { gpu: { requestAdapter: () => Promise.reject(new Error('no GPU process')) } },
    };
    await expect(probeGpu(failing)).resolves.toEqual({ webgpu: null, webglRenderer: null });
    await expect(probeGpu({})).resolves.toEqual({ webgpu: null, webglRenderer: null });
  });

  it("puts WASM first on a software GPU, keeps the user's choice, and says why", () => {
    const soft = { webgpu: null, webglRenderer: SWIFTSHADER_WEBGL };
    expect(planBackend({}, soft)).toEqual({
      prefer: 'wasm',
      reason: 'automatic: the GPU is a software rasteriser (SwiftShader), so WASM is faster',
    });
    expect(planBackend({}, { webgpu: null, webglRenderer: 'Apple M2' })).toEqual({
      reason: 'automatic: a hardware GPU, fastest first',
    });
    expect(planBackend({ prefer: 'webgl' }, soft)).toEqual({ prefer: 'webgl', reason: 'chosen by you' });
    expect(planBackend({ force: 'cpu' }, soft)).toEqual({ force: 'cpu', reason: 'chosen by you' });
  });

  it('the worker starts WASM on a software GPU and reports the reason to the panel', async () => {
    const guard = new BackendGuard(
      () => undefined,
      undefined,
      async () => ({ webgpu: { isFallbackAdapter: true }, webglRenderer: null }),
    );
    const view = await guard.init({});
    expect(view.name).toBe('wasm');
    expect(view.reason).toBe('automatic: the WebGPU adapter is a software fallback, so WASM is faster');
  });

  it('tells a named GPU from one that names nothing (masked renderer, empty adapter info) and from none', () => {
    expect(
      gpuKind({ webgpu: { vendor: 'nvidia', architecture: '' }, webglRenderer: 'WebKit WebGL' }),
    ).toEqual({
      kind: 'hardware',
      name: 'nvidia',
    });
    expect(gpuKind({ webgpu: null, webglRenderer: 'Apple GPU' })).toEqual({
      kind: 'hardware',
      name: 'Apple GPU',
    });
    expect(
      gpuKind({ webgpu: { vendor: '', architecture: '', description: '' }, webglRenderer: 'WebKit WebGL' }),
    ).toEqual({
      kind: 'unknown',
    });
    expect(gpuKind({ webgpu: null, webglRenderer: 'Mozilla' })).toEqual({ kind: 'unknown' });
    expect(gpuKind({ webgpu: null, webglRenderer: null })).toEqual({ kind: 'none' });
    expect(planBackend({}, { webgpu: {}, webglRenderer: null })).toEqual({
      trial: true,
      reason: 'automatic: the GPU does not say what it is',
    });
    expect(planBackend({}, { webgpu: null, webglRenderer: null })).toEqual({
      prefer: 'wasm',
      reason: 'automatic: no GPU here, so WASM',
    });
  });

  describe('a GPU that names nothing: the worker times it against WASM and keeps the faster', () => {
    const unknownGpu = async () => ({ webgpu: {}, webglRenderer: 'WebKit WebGL' });
    // Node has no GPU backend, so TF.js's cpu backend stands in for an unnamed WebGL: it starts when the
    // worker asks for the fastest backend and is reported as webgl; WASM is the real one.
    const cpuAsWebgl = async (o: SelectBackendOptions = {}): Promise<BackendSelection> =>
      o.force === 'wasm'
        ? selectBackend(o)
        : { ...(await selectBackend({ ...o, force: 'cpu' })), name: 'webgl' as const };

    it('measures both for real and keeps WASM when the GPU is slower', async () => {
      const guard = new BackendGuard(() => undefined, undefined, unknownGpu, cpuAsWebgl);
      const view = await guard.init({});
      expect(view.name).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      const m =
        /^automatic: the GPU does not say what it is; a test convolution took (\d+\.\d\d) s on WebGL and (\d+\.\d\d) s on WASM, so WASM$/.exec(
          view.reason ?? '',
        );
      expect(m).not.toBeNull();
      // TF.js's plain-loop cpu convolution is an order of magnitude slower than XNNPACK's.
      expect(Number(m![1])).toBeGreaterThan(Number(m![2]));
      expect(view.skipped).toContainEqual({
        name: 'webgl',
        reason: expect.stringMatching(/^slower here: a test convolution took/),
      });
    });

    it('keeps the GPU when it is faster, and WASM when no GPU backend starts', async () => {
      const times = [12, 48];
      const faster = new BackendGuard(
        () => undefined,
        undefined,
        unknownGpu,
        cpuAsWebgl,
        async () => times.shift()!,
      );
      const view = await faster.init({});
      expect([view.name, tf.getBackend()]).toEqual(['webgl', 'cpu']);
      expect(view.reason).toBe(
        'automatic: the GPU does not say what it is; a test convolution took 0.01 s on WebGL and 0.05 s on WASM, so WebGL',
      );
      const noGpu = new BackendGuard(
        () => undefined,
        undefined,
        unknownGpu,
        (o) => selectBackend({ ...o, force: 'wasm' }),
      );
      const started = await noGpu.init({});
      expect([started.name, started.reason]).toEqual([
        'wasm',
        'automatic: the GPU does not say what it is, and no GPU backend started',
      ]);
    });
  });

  it('says when the user chose the threads too', () => {
    expect(withThreads('chosen by you', 1)).toBe('backend and 1 thread chosen by you');
    expect(withThreads('automatic: a hardware GPU, fastest first', 2)).toBe(
      'automatic: a hardware GPU, fastest first; 2 threads chosen by you',
    );
    expect(withThreads('chosen by you', undefined)).toBe('chosen by you');
  });

  it('starts WASM with the thread count asked for, 1 included, in an isolated scope', () => {
    const nav = { hardwareConcurrency: 8 };
    const one = prepareWasmThreads({ crossOriginIsolated: true, navigator: nav }, 1);
    // TF.js halves the cores it reads: 2 reported cores make its one thread.
    expect([one.threads, nav.hardwareConcurrency]).toEqual([1, 2]);
    one.restore();
    expect(nav.hardwareConcurrency).toBe(8);
    // Not isolated: no threads at all, whatever was asked.
    expect(prepareWasmThreads({ crossOriginIsolated: false, navigator: nav }, 4).threads).toBeUndefined();
  });
});
