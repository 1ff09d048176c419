// One Adam update of a weight tensor as one kernel on the wasm backend (adam in kernels.wat), on the backend's
// threads. train/adam.ts writes the update as 13 TF.js kernels per weight (products, sums, a square, a square root,
// two quotients); for the 60-odd weights of a U-Net that is some 800 kernel calls per training step, most on small
// tensors where the call costs more than the arithmetic. The kernel does the same float32 operations in the same
// order, so the weights and moments have the same bits (test/kernels/adam-simd.test.ts).
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { runSplit, backendPool } from './simd-pool';

/** seglens's own kernel name: inputs `x` (the weight), `g`, `m`, `v`; outputs the new x, m and v. */
export const ADAM_UPDATE = 'SeglensAdamUpdate';

/** The update's scalars, each used as a float32 (as tf.scalar makes them). */
export interface AdamUpdateAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** −learningRate / (1 − β1^t). */
  step: number;
  /** sqrt(1 − β2^t). */
  sqrtCorrection: number;
  epsilon: number;
}

/** Elements per thread under which one thread does it all. */
const MIN_PER_THREAD = 32768;

const bitsOf = (v: number): number => new Int32Array(Float32Array.of(v).buffer)[0];

/** The wasm kernel function: three new tensors (in SIMD, else the same in JavaScript), or an error naming what does not fit. */
export function wasmAdamUpdate({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo[] {
  const { x, g, m, v } = inputs;
  const parts = [x, g, m, v];
  if (parts.some((t) => !t || t.dtype !== 'float32' || !util.arraysEqual(t.shape, x!.shape))) {
    throw new Error(
      `${ADAM_UPDATE}: x, g, m and v must be float32 tensors of one shape, got ${parts.map((t) => `${t?.dtype}[${t?.shape}]`).join(', ')}`,
    );
  }
  const memory = wasmBackendMemory(backend);
  const a = attrs as unknown as AdamUpdateAttrs;
  const heap = backend as unknown as WasmHeapBackend;
  const outs = [0, 1, 2].map(() => heap.makeOutput([...x!.shape], 'float32'));
  const size = util.sizeFromShape(x!.shape);
  if (size === 0) return outs;
  // The kernel's order of the scalars (kernels.wat's adam).
  const scalars = [a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.step, a.sqrtCorrection, a.epsilon];
  if (!memory || !simdKernelsOn(memory)) {
    // No WebAssembly SIMD (an old browser or CPU): the same float32 operations in JavaScript. Each result of +, −,
    // ·, / and sqrt on float32 values, computed in double and rounded once to float32, is the float32 result.
    const [w, gs, ms, vs, wOut, mOut, vOut] = [x!, g!, m!, v!, ...outs].map((t) =>
      heap.typedArrayFromHeap(t),
    );
    const f = Math.fround;
    const [b1, c1, b2, c2, step, corr, eps] = scalars.map(f);
    for (let i = 0; i < size; i++) {
      const mi = f(f(ms[i] * b1) + f(gs[i] * c1));
      const vi = f(f(vs[i] * b2) + f(f(gs[i] * gs[i]) * c2));
      mOut[i] = mi;
      vOut[i] = vi;
      wOut[i] = f(w[i] + f(step * f(mi / f(f(f(Math.sqrt(vi)) / corr) + eps))));
    }
    return outs;
  }
  const [xAt, gAt, mAt, vAt, xOut, mOut, vOut] = [x!, g!, m!, v!, ...outs].map((t) => heapOffset(heap, t));
  const scalarBits = scalars.map(bitsOf);
  const pool = backendPool(memory);
  runSplit(
    pool,
    'adam',
    size,
    (i0, i1) => [xAt, gAt, mAt, vAt, xOut, mOut, vOut, i0, i1, ...scalarBits],
    MIN_PER_THREAD,
    4,
  );
  return outs;
}
