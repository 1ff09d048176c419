// When the GPU does not say what it is (a browser that hides adapter info and masks WebGL's renderer), nobody
// can tell a real GPU from a software rasteriser that runs 4-8x slower than WASM (gpu-probe.ts). So the worker
// measures: the same small convolution stack on the GPU backend and on WASM, and keeps the faster. It costs
// about a second at start, once per worker.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendSelection, SelectBackendOptions } from '@seglens/models';
import type { BackendName } from '../panel/state';

/**
 * Median time (ms) of four chained 3×3 convolutions on a 128×128×16 image, with the read-back (a U-Net's time
 * is mostly such convolutions). The first run, which compiles GPU shaders, is not counted.
 */
export async function timeTestConvolution(runs = 3): Promise<number> {
  const x = tf.randomUniform<tf.Rank.R4>([1, 128, 128, 16], 0, 1, 'float32', 1);
  const f = tf.randomUniform<tf.Rank.R4>([3, 3, 16, 16], -0.1, 0.1, 'float32', 2);
  const once = async (): Promise<number> => {
    const started = performance.now();
    const y = tf.tidy(() =>
      tf.conv2d(tf.conv2d(tf.conv2d(tf.conv2d(x, f, 1, 'same'), f, 1, 'same'), f, 1, 'same'), f, 1, 'same'),
    );
    await y.data();
    y.dispose();
    return performance.now() - started;
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    x.dispose();
    f.dispose();
  }
}

export interface TrialDeps {
  select: (options: SelectBackendOptions) => Promise<BackendSelection>;
  time: () => Promise<number>;
}

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Starts the fastest GPU backend that works, times it, times WASM, and leaves the faster one active. `why`
 * begins the reason shown in the panel.
 */
export async function chooseByTiming(
  options: SelectBackendOptions,
  why: string,
  deps: TrialDeps,
): Promise<{ selection: BackendSelection; reason: string }> {
  const gpu = await deps.select({ ...options, prefer: undefined, force: undefined });
  if (gpu.name === 'wasm' || gpu.name === 'cpu')
    return { selection: gpu, reason: `${why}, and no GPU backend started` };
  const gpuMs = await deps.time();
  let wasm: BackendSelection;
  try {
    wasm = await deps.select({ ...options, prefer: undefined, force: 'wasm' });
  } catch (error) {
    const back = await deps.select({ ...options, prefer: undefined, force: gpu.name });
    const message = error instanceof Error ? error.message : String(error);
    return { selection: back, reason: `${why}; WASM did not start (${message}), so ${LABEL[gpu.name]}` };
  }
  const wasmMs = await deps.time();
  const timed = `a test convolution took ${seconds(gpuMs)} on ${LABEL[gpu.name]} and ${seconds(wasmMs)} on WASM`;
  if (wasmMs <= gpuMs) {
    return {
      selection: { ...wasm, skipped: [...gpu.skipped, { name: gpu.name, reason: `slower here: ${timed}` }] },
      reason: `${why}; ${timed}, so WASM`,
    };
  }
  const back = await deps.select({ ...options, prefer: undefined, force: gpu.name });
  return { selection: back, reason: `${why}; ${timed}, so ${LABEL[gpu.name]}` };
}
