// Two element-wise gradients as one kernel each on the wasm backend (reluGrad and squareGrad in kernels.wat).
// TF.js builds them from three full-size kernels and two full-size temporaries each:
//   Relu:   dx = dy * cast(step(x))      (Step, Cast, Multiply)
//   Square: dx = dy * (cast(x) * 2)      (Cast, Multiply, Multiply; tf.moments squares every activation that batch
//                                         norm normalises in training)
// Together about 10% of a batch-norm U-Net training step on wasm. These kernels do the same arithmetic in one pass,
// on the backend's threads, so the bits are TF.js's (test/kernels/elementwise-grad-simd.test.ts). seglens's
// gradients of Relu and Square (fast-gradients.ts) call them where they are registered.
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { runSplit, backendPool } from './simd-pool';

/** seglens's own kernel names (TF.js has no gradient kernels for these). Inputs `dy` and `x`, float32, one shape. */
export const RELU_GRAD = 'SeglensReluGrad';
export const SQUARE_GRAD = 'SeglensSquareGrad';
export type ElementwiseGradName = typeof RELU_GRAD | typeof SQUARE_GRAD;

/** Elements per thread under which one thread does it all. */
const MIN_PER_THREAD = 65536;

/** step(x) as TF.js's Step with alpha 0: 1 where x > 0, NaN where x is NaN, else 0. */
function step(x: number): number {
  return x > 0 ? 1 : Number.isNaN(x) ? NaN : 0;
}

/** Per element, in float32 (the JavaScript loop used without WebAssembly SIMD). */
const SCALAR: Record<ElementwiseGradName, (dy: number, x: number) => number> = {
  [RELU_GRAD]: (dy, x) => dy * step(x),
  [SQUARE_GRAD]: (dy, x) => dy * Math.fround(x * 2),
};

const SIMD: Record<ElementwiseGradName, 'reluGrad' | 'squareGrad'> = {
  [RELU_GRAD]: 'reluGrad',
  [SQUARE_GRAD]: 'squareGrad',
};

/** The kernel function of `name` for the wasm backend: the SIMD kernel where it runs, else the same loop in JS. */
export function wasmElementwiseGrad(name: ElementwiseGradName): (args: NamedKernelArgs) => TensorInfo {
  return ({ inputs, backend }) => {
    const { dy, x } = inputs;
    if (
      !dy ||
      !x ||
      dy.dtype !== 'float32' ||
      x.dtype !== 'float32' ||
      !util.arraysEqual(dy.shape, x.shape)
    ) {
      throw new Error(
        `${name}: dy and x must be float32 tensors of one shape, got ${dy?.dtype}[${dy?.shape}] and ${x?.dtype}[${x?.shape}]`,
      );
    }
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput([...x.shape], 'float32');
    const size = util.sizeFromShape(x.shape);
    const memory = wasmBackendMemory(backend);
    const kernels = memory && simdKernelsOn(memory);
    if (!memory || !kernels) {
      const [xs, dys, dx] = [x, dy, out].map((t) => heap.typedArrayFromHeap(t));
      const f = SCALAR[name];
      for (let i = 0; i < size; i++) dx[i] = f(dys[i], xs[i]);
      return out;
    }
    const [xAt, dyAt, dxAt] = [x, dy, out].map((t) => heapOffset(heap, t));
    const pool = backendPool(memory);
    runSplit(pool, SIMD[name], size, (i0, i1) => [xAt, dyAt, dxAt, i0, i1], MIN_PER_THREAD, 4);
    return out;
  };
}
