// Whether the GPU backends would run on a real GPU. Chromium without a usable GPU renders WebGL and WebGPU
// with a software rasteriser (SwiftShader; llvmpipe under Mesa): TF.js still picks WebGL there, and it is
// measured 4-8x slower than WASM on this kind of machine (25-48 s from Segment to both overlays against
// 5-6.5 s). So before choosing, the worker asks the adapters what they are and, when they are software,
// puts WASM first.
import type { BackendName } from '../panel/state';

/** What the worker could learn about its GPU adapters (null: that API is missing or found no adapter). */
export interface GpuFacts {
  /** WebGPU's GPUAdapterInfo (and the adapter's isFallbackAdapter), when navigator.gpu gave an adapter. */
  webgpu: {
    isFallbackAdapter?: boolean;
    vendor?: string;
    architecture?: string;
    description?: string;
  } | null;
  /** WebGL's UNMASKED_RENDERER_WEBGL (WEBGL_debug_renderer_info), or RENDERER when that is masked. */
  webglRenderer: string | null;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|lavapipe|microsoft basic render/i;

/**
 * Why the GPU backends would run in software here, in words for the panel, or null when nothing says so.
 * Either signal suffices: Chromium backs both APIs with the same rasteriser.
 */
export function softwareGpuReason(facts: GpuFacts): string | null {
  const g = facts.webgpu;
  if (g) {
    if (g.isFallbackAdapter === true) return 'the WebGPU adapter is a software fallback';
    const words = [g.vendor, g.architecture, g.description].filter(Boolean).join(' ');
    const m = SOFTWARE.exec(words);
    if (m) return `the GPU is a software rasteriser (${m[0]})`;
  }
  if (facts.webglRenderer) {
    const m = SOFTWARE.exec(facts.webglRenderer);
    if (m) return `the GPU is a software rasteriser (${m[0]})`;
  }
  return null;
}

/** The parts of a worker's global scope the probe reads (replaceable in tests). */
export interface ProbeScope {
  navigator?: {
    gpu?: {
      requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: GpuAdapterInfoLike } | null>;
    };
  };
  OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown };
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface WebGlLike {
  RENDERER: number;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(p: number): unknown;
}

/** Asks WebGPU and WebGL what they render with; never throws (a missing API is just a missing fact). */
export async function probeGpu(scope: ProbeScope = globalThis as ProbeScope): Promise<GpuFacts> {
  let webgpu: GpuFacts['webgpu'] = null;
  try {
    const adapter = await scope.navigator?.gpu?.requestAdapter();
    if (adapter) {
      const info = adapter.info ?? {};
      webgpu = {
        isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter,
        vendor: info.vendor,
        architecture: info.architecture,
        description: info.description,
      };
    }
  } catch {
    webgpu = null;
  }
  let webglRenderer: string | null = null;
  try {
    const canvas = scope.OffscreenCanvas ? new scope.OffscreenCanvas(1, 1) : null;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl') ?? null) as WebGlLike | null;
    if (gl) {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const value = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
      webglRenderer = typeof value === 'string' ? value : null;
    }
  } catch {
    webglRenderer = null;
  }
  return { webgpu, webglRenderer };
}

/** The values browsers give for WebGL's renderer when they hide the GPU (privacy settings, Firefox, Safari). */
const MASKED_RENDERER = /^\s*(webkit webgl|mozilla|generic renderer|)\s*$/i;

/**
 * What the adapters say the GPU is: software (a rasteriser on the CPU), hardware (a named GPU), unknown (an
 * adapter that names nothing: empty WebGPU info, a masked WebGL renderer) or none (neither API has one).
 */
export type GpuKind =
  | { kind: 'software'; reason: string }
  | { kind: 'hardware'; name: string }
  | { kind: 'unknown' }
  | { kind: 'none' };

export function gpuKind(facts: GpuFacts): GpuKind {
  const software = softwareGpuReason(facts);
  if (software) return { kind: 'software', reason: software };
  const g = facts.webgpu;
  const words = g ? [g.vendor, g.architecture, g.description].filter((w) => w && w.trim()).join(' ') : '';
  if (words) return { kind: 'hardware', name: words };
  if (facts.webglRenderer !== null && !MASKED_RENDERER.test(facts.webglRenderer))
    return { kind: 'hardware', name: facts.webglRenderer };
  return g || facts.webglRenderer !== null ? { kind: 'unknown' } : { kind: 'none' };
}

/** What the worker starts with and why, in words for the panel. */
export interface BackendPlan {
  prefer?: BackendName;
  force?: BackendName;
  /** Time the GPU backend against WASM and keep the faster (the GPU did not say what it is). */
  trial?: boolean;
  reason: string;
}

/**
 * The backend order for init(): the user's choice when there is one (the panel's selector or
 * ?seglensBackend=), else WASM first on a software GPU or without a GPU, a timed trial when the GPU names
 * nothing, else fastest first.
 */
export function planBackend(
  chosen: { prefer?: BackendName; force?: BackendName },
  facts: GpuFacts | null,
): BackendPlan {
  if (chosen.force) return { force: chosen.force, reason: 'chosen by you' };
  if (chosen.prefer) return { prefer: chosen.prefer, reason: 'chosen by you' };
  const gpu: GpuKind = facts ? gpuKind(facts) : { kind: 'none' };
  switch (gpu.kind) {
    case 'software':
      return { prefer: 'wasm', reason: `automatic: ${gpu.reason}, so WASM is faster` };
    case 'unknown':
      return { trial: true, reason: 'automatic: the GPU does not say what it is' };
    case 'none':
      return { prefer: 'wasm', reason: 'automatic: no GPU here, so WASM' };
    case 'hardware':
      return { reason: 'automatic: a hardware GPU, fastest first' };
  }
}
