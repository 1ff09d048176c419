// `node bench/run.mjs winograd [--threads <cores>] [--calls 21]`: the 3×3 layers of the reference U-Net (batch 8,
// 'same', bias + ReLU as inference runs them) by TF.js's own kernel (XNNPACK), seglens's direct SIMD kernel and
// Winograd's F(2×2, 3×3) (`withWinograd`), each called alternately through the registered FusedConv2D; medians of
// the calls, ms, and GFLOP/s counted as the direct convolution's 2·macs (so Winograd's "GFLOP/s" is the direct
// rate it equals).
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels } from '../src/kernels';
import { wasmBackendMemory } from '../src/kernels/simd/simd-module';
import { simdPool } from '../src/kernels/simd/simd-pool';
import { withWinograd } from '../src/kernels/simd/winograd-simd';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const threadsArg = arg('threads', '');
  const calls = Number(arg('calls', '21'));
  if (!Number.isInteger(calls) || calls < 1)
    throw new Error(`--calls must be a positive integer, got ${arg('calls', '')}`);
  const selection = await selectBackend({
    force: 'wasm',
    threads: threadsArg === '' ? undefined : Number(threadsArg),
  });
  const memory = wasmBackendMemory(tf.backend());
  if (memory) await simdPool(memory, selection.threads ?? 1).whenReady();
  console.log(
    `wasm, ${selection.threads ?? 1} thread(s); ms per call (GFLOP/s), median of ${calls}, calls alternating`,
  );
  console.log(
    '| layer (batch 8) | XNNPACK | seglens direct | Winograd F(2×2, 3×3) | F(4×4, 3×3) | F(2×2) ÷ direct | F(4×4) ÷ direct | F(4×4) max |error| vs direct |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const layers = [
    [128, 8, 8],
    [128, 16, 16],
    [128, 32, 16],
    [64, 16, 32],
    [32, 32, 64],
    [16, 64, 128],
    [8, 128, 128],
  ];
  for (const [size, ci, co] of layers) {
    const x = tf.randomNormal([8, size, size, ci], 0, 1, 'float32', 1) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, ci, co], 0, 0.1, 'float32', 2) as tf.Tensor4D;
    const bias = tf.randomNormal([co], 0, 0.1, 'float32', 3) as tf.Tensor1D;
    const run = (): void => {
      const y = tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'relu' });
      y.dispose();
    };
    const ways: Record<string, () => void> = {
      xnnpack: () => {
        restoreNativeKernels();
        try {
          run();
        } finally {
          registerFastKernels(['wasm']);
        }
      },
      direct: run,
      winograd: () => withWinograd(run),
      winograd4: () => withWinograd(run, 4),
    };
    const ms: Record<string, number[]> = { xnnpack: [], direct: [], winograd: [], winograd4: [] };
    for (const f of Object.values(ways)) f(); // warm-up (XNNPACK builds its operator)
    for (let i = 0; i < calls; i++)
      for (const [name, f] of Object.entries(ways)) {
        const t0 = performance.now();
        f();
        ms[name].push(performance.now() - t0);
      }
    const median = (v: number[]): number => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const gflop = (2 * 8 * size * size * 9 * ci * co) / 1e9;
    const cell = (v: number): string => `${v.toFixed(1)} (${(gflop / (v / 1000)).toFixed(0)})`;
    const [a, b, c, d] = [median(ms.xnnpack), median(ms.direct), median(ms.winograd), median(ms.winograd4)];
    // How far F(4×4)'s outputs are from the direct sum's, against the outputs' own size.
    const conv = (): tf.Tensor =>
      tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'relu' });
    const direct = conv();
    const f4 = withWinograd(conv, 4);
    const err = tf.tidy(() => tf.max(tf.abs(tf.sub(direct, f4))).dataSync()[0]);
    const scale = tf.tidy(() => tf.max(tf.abs(direct)).dataSync()[0]);
    tf.dispose([direct, f4]);
    console.log(
      `| ${size}² ${ci}→${co} | ${cell(a)} | ${cell(b)} | ${cell(c)} | ${cell(d)} | ${(c / b).toFixed(2)} | ${(d / b).toFixed(2)} | ${err.toExponential(1)} of ${scale.toFixed(2)} |`,
    );
    tf.dispose([x, filter, bias]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
