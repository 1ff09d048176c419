// `node bench/run.mjs filter-grad [--threads <cores>] [--calls 21]`: where one call of seglens's wasm
// Conv2DBackpropFilter goes, per layer shape of the reference U-Net (batch 8, 3x3, 'same'). Kernels are called
// directly (no engine, no tape), each timed alone; medians over the calls. Columns: the forward convolution
// (seglens's SIMD kernel), TF.js's own (XNNPACK) and their ratio; the
// whole filter gradient; its two transposes (x to [ci, h, w, b], dy to [h, w, b, co]); its convolution with dy
// as the filter when XNNPACK can reuse the operator it built for that filter (same tensor every call), and when
// the filter is a new tensor every call, as in training (XNNPACK then packs dy afresh).
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels } from '../src/kernels';
import { wasmBackendMemory } from '../src/kernels/simd/simd-module';
import { simdPool } from '../src/kernels/simd/simd-pool';
import { conv2dBackpropFilterViaConv } from '../src/kernels/conv2d-backprop-filter';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const info = (t: tf.Tensor): TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });

function kernel(name: string) {
  const k = getKernel(name, 'wasm');
  if (!k) throw new Error(`filter-grad: wasm has no ${name} kernel`);
  return k.kernelFunc;
}

async function main(): Promise<void> {
  const threadsArg = arg('threads', '');
  const calls = Number(arg('calls', '21'));
  if (!Number.isInteger(calls) || calls < 1) throw new Error(`--calls must be a positive integer, got ${arg('calls', '')}`);
  const selection = await selectBackend({ force: 'wasm', threads: threadsArg === '' ? undefined : Number(threadsArg) });
  // TF.js's own forward convolution (XNNPACK): selectBackend installed seglens's kernels, so put the originals back
  // to take it (its setup ran when the backend started), then install them again.
  restoreNativeKernels();
  const xnnpackConv = kernel('Conv2D');
  registerFastKernels(['wasm']);
  const backend = tf.backend() as KernelBackend;
  const conv = kernel('Conv2D');
  // seglens's SIMD kernels run on their own pool of threads: time them once its helpers are up.
  const memory = wasmBackendMemory(backend);
  if (memory) await simdPool(memory, selection.threads ?? 1).whenReady();
  const transpose = kernel('Transpose');
  const filterGrad = kernel('Conv2DBackpropFilter');
  // The kernel before the SIMD one: always one forward convolution with dy as the filter.
  const viaConv = conv2dBackpropFilterViaConv('wasm', false);
  // Times `run` (whose output is freed untimed); `prepare` makes its inputs untimed before each call.
  const median = <P>(prepare: () => P, run: (p: P) => TensorInfo, release: (p: P) => void = () => undefined): number => {
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const p = prepare();
      const t0 = performance.now();
      const out = run(p);
      ms.push(performance.now() - t0);
      backend.disposeData(out.dataId);
      release(p);
    }
    return ms.sort((a, b) => a - b)[Math.floor(calls / 2)];
  };
  console.log(`wasm, ${selection.threads ?? 1} thread(s); ms per call, median of ${calls}`);
  console.log(
    '| layer (batch 8) | forward conv | XNNPACK forward conv | ×XNNPACK | filter gradient | ×forward | via conv (before) | ×forward | transposes x + dy | its conv, operator reused | its conv, dy new each call |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const same = { strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC' };
  const padded = { ...same, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] };
  for (const [size, ci, co] of [[128, 8, 8], [128, 16, 16], [64, 16, 32], [32, 32, 64], [16, 64, 128], [8, 128, 128]]) {
    const x = tf.randomNormal([8, size, size, ci], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, ci, co], 0, 1, 'float32', 2);
    const dy = tf.randomNormal([8, size, size, co], 0, 1, 'float32', 3);
    const xt = tf.transpose(x, [3, 1, 2, 0]);
    const dyFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const none = () => null;
    const forward = median(none, () => conv({ inputs: { x: info(x), filter: info(w) }, backend, attrs: { ...same, pad: 'same' } }) as TensorInfo);
    const xnnpack = median(none, () => xnnpackConv({ inputs: { x: info(x), filter: info(w) }, backend, attrs: { ...same, pad: 'same' } }) as TensorInfo);
    const whole = median(none, () =>
      filterGrad({ inputs: { x: info(x), dy: info(dy) }, backend, attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] } }) as TensorInfo,
    );
    const before = median(none, () =>
      viaConv({ inputs: { x: info(x), dy: info(dy) }, backend, attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] } }),
    );
    const tx = median(none, () => transpose({ inputs: { x: info(x) }, backend, attrs: { perm: [3, 1, 2, 0] } }) as TensorInfo);
    const tdy = median(none, () => transpose({ inputs: { x: info(dy) }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TensorInfo);
    const reused = median(none, () => xnnpackConv({ inputs: { x: info(xt), filter: info(dyFilter) }, backend, attrs: padded }) as TensorInfo);
    // A new tensor with dy's values (Add makes new memory; Identity would alias it).
    const fresh = median(
      () => tf.add(dyFilter, 0),
      (f) => xnnpackConv({ inputs: { x: info(xt), filter: info(f) }, backend, attrs: padded }) as TensorInfo,
      (f) => f.dispose(),
    );
    const f1 = (v: number) => v.toFixed(1);
    console.log(
      `| ${size}² ${ci}→${co} | ${f1(forward)} | ${f1(xnnpack)} | ${(forward / xnnpack).toFixed(2)} | ${f1(whole)} | ${(whole / forward).toFixed(2)} | ${f1(before)} | ${(before / forward).toFixed(2)} | ${f1(tx)} + ${f1(tdy)} | ${f1(reused)} | ${f1(fresh)} |`,
    );
    tf.dispose([x, w, dy, xt, dyFilter]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
