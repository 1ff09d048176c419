// MaxPoolGrad on the wasm backend: the SIMD kernel (maxPoolGrad in kernels.wat) where the pooling windows do not
// overlap (stride = window, as in the U-Net's 2x2/2 pooling) and channels come in fours, else a plain loop. Both
// give each window's gradient to its first maximum, as TF.js's cpu kernel does. TF.js 4.22's own wasm kernel is
// slow (it loops over every dx element and every window covering it: about 19 ms for an 8x128x128x16 input, the
// SIMD kernel 2 ms) and silently wrong: a window whose maximum is not above 0 passes no gradient at all (ties go
// to the last maximum, where cpu takes the first). The U-Net pools ReLU outputs, whose gradient at 0 is 0, so its
// training was not affected; other networks on wasm were.
import { backend_util, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { maxPoolGradLoop } from './max-pool-grad-loop';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';

/** dx of max pooling for float32 NHWC, or null for other dtypes (the caller then runs TF.js's kernel). */
export function simdMaxPoolGrad({ inputs, backend, attrs }: NamedKernelArgs): TensorInfo | null {
  const { dy, input } = inputs;
  if (!dy || !input || dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4)
    return null;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(
      `MaxPoolGrad: dy has shape [${dy.shape}] but pooling [${input.shape}] gives [${expected}]`,
    );
  }
  const heap = backend as unknown as WasmHeapBackend;
  const dx = heap.makeOutput([...input.shape], 'float32');
  const nonOverlapping = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth;
  const memory = wasmBackendMemory(backend);
  const kernels = memory && simdKernelsOn(memory);
  if (!kernels || !nonOverlapping || info.inChannels % 4 !== 0) {
    // Views are taken after makeOutput, which may grow (and so move the views of) the memory.
    maxPoolGradLoop(
      heap.typedArrayFromHeap(input),
      heap.typedArrayFromHeap(dy),
      heap.typedArrayFromHeap(dx),
      info,
    );
    return dx;
  }
  const at = (t: TensorInfo): number => heapOffset(heap, t);
  kernels.maxPoolGrad(
    at(input),
    at(dy),
    at(dx),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx;
}
