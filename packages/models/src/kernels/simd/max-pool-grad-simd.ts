// MaxPoolGrad on the wasm backend with the SIMD kernel (maxPoolGrad in kernels.wat) where the pooling windows do
// not overlap (stride = window, as in the U-Net's 2x2/2 pooling) and channels come in fours. TF.js 4.22's own wasm
// kernel loops over every dx element and every window covering it (about 19 ms for an 8x128x128x16 input); this
// one finds each window's maximum once and writes dy there (about 2 ms).
import {
  backend_util,
  type KernelBackend,
  type MaxPoolGradAttrs,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { simdKernelsOn, wasmBackendMemory } from './simd-module';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export interface MaxPoolGradArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

/** dx of max pooling, or null where the SIMD kernel does not apply (the caller then runs TF.js's kernel). */
export function simdMaxPoolGrad({ inputs, backend, attrs }: MaxPoolGradArgs): TensorInfo | null {
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
  const nonOverlapping = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth;
  if (!nonOverlapping || info.inChannels % 4 !== 0 || info.dilationHeight !== 1 || info.dilationWidth !== 1)
    return null;
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dy.shape.join() !== expected.join()) return null;
  const memory = wasmBackendMemory(backend);
  const kernels = memory && simdKernelsOn(memory);
  if (!kernels) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const dx = heap.makeOutput([...input.shape], 'float32');
  // Offsets are read after makeOutput, which may grow (and so move the views of) the memory.
  const at = (t: TensorInfo): number => heap.typedArrayFromHeap(t).byteOffset;
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
