// `node bench/run.mjs small-ops [--threads 1] [--calls 31]`: the per-element kernels around the network that
// segment() and the losses run, TF.js's own wasm kernel against seglens's (registerFastKernels), alternating call
// by call, medians in ms per call: Softmax of each shipped task's class scores (a batch as segment() makes it),
// PadV2 of the hippocampus crops to the model's 64×64, Exp of a 14-class loss's [8·128·128, 14], and the
// up-convolutions (Conv2DBackpropInput; TF.js's own is a plain C++ loop) of the hippocampus and polyp networks.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend';
import { registerFastKernels, restoreNativeKernels } from '../src/kernels';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const threads = Number(arg('threads', '1'));
  const calls = Number(arg('calls', '31'));
  if (!Number.isInteger(calls) || calls < 1)
    throw new Error(`--calls must be a positive integer, got ${arg('calls', '')}`);
  const selection = await selectBackend({ force: 'wasm', threads });
  const cases: Array<{ name: string; shape: number[]; run: (x: tf.Tensor) => tf.Tensor }> = [
    { name: 'Softmax, hippocampus batch [8, 64, 64, 3]', shape: [8, 64, 64, 3], run: (x) => tf.softmax(x) },
    { name: 'Softmax, polyp frame [1, 128, 128, 2]', shape: [1, 128, 128, 2], run: (x) => tf.softmax(x) },
    { name: 'Softmax, cardiac batch [8, 128, 128, 4]', shape: [8, 128, 128, 4], run: (x) => tf.softmax(x) },
    { name: 'Softmax, CT batch [8, 128, 128, 14]', shape: [8, 128, 128, 14], run: (x) => tf.softmax(x) },
    {
      name: 'PadV2, hippocampus crops [8, 51, 35, 1] → [8, 64, 64, 1]',
      shape: [8, 51, 35, 1],
      run: (x) =>
        tf.pad(x, [
          [0, 0],
          [6, 7],
          [14, 15],
          [0, 0],
        ]),
    },
    { name: 'Exp, a 14-class loss [8·128·128, 14]', shape: [8 * 128 * 128, 14], run: (x) => tf.exp(x) },
    ...(
      [
        ['hippocampus decoder [8, 32, 32, 16] → [8, 64, 64, 8]', [8, 32, 32, 16], 8],
        ['hippocampus bottom [8, 8, 8, 64] → [8, 16, 16, 32]', [8, 8, 8, 64], 32],
        ['polyp decoder [1, 64, 64, 32] → [1, 128, 128, 16]', [1, 64, 64, 32], 16],
        ['polyp bottom [1, 16, 16, 128] → [1, 32, 32, 64]', [1, 16, 16, 128], 64],
      ] as const
    ).map(([where, shape, ci]) => {
      const [b, h, w, co] = shape;
      const filter = tf.randomNormal([2, 2, ci, co], 0, 0.1, 'float32', 8) as tf.Tensor4D;
      return {
        name: `Conv2DBackpropInput, up-convolution, ${where}`,
        shape: [...shape],
        run: (x: tf.Tensor) =>
          tf.conv2dTranspose(x as tf.Tensor4D, filter, [b, 2 * h, 2 * w, ci], 2, 'valid'),
      };
    }),
  ];
  console.log(
    `wasm, ${selection.wasmThreads ?? 1} thread(s); ms per call, median of ${calls}, TF.js's and seglens's kernels alternating`,
  );
  console.log('| kernel and input | TF.js | seglens | ratio |');
  console.log('|---|---|---|---|');
  for (const c of cases) {
    const x = tf.randomNormal(c.shape, 0, 4, 'float32', 7);
    const time = (): number => {
      const t0 = performance.now();
      c.run(x).dispose();
      return performance.now() - t0;
    };
    const ms: [number[], number[]] = [[], []];
    for (let i = 0; i <= calls; i++)
      for (const [j, native] of [
        [0, true],
        [1, false],
      ] as const) {
        if (native) restoreNativeKernels();
        else registerFastKernels(['wasm']);
        const t = time();
        if (i > 0) ms[j].push(t); // the first of each: warm-up
      }
    const [a, b] = ms.map((v) => v.sort((p, q) => p - q)[Math.floor(v.length / 2)]);
    console.log(`| ${c.name} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(2)} |`);
    x.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
