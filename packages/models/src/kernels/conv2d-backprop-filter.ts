// Conv2DBackpropFilter, which TF.js 4.22's wasm backend lacks and its cpu backend runs an order of magnitude slower
// than a convolution. On wasm (channels-last, float32) a WebAssembly SIMD kernel on TF.js's heap (simd/); otherwise
// ONE forward convolution plus two layout transposes, so it runs on the backend's fastest kernel (XNNPACK on wasm,
// the plain-loop conv on cpu). The derivation is in conv-geometry.ts.
import type {
  Conv2DBackpropFilterAttrs,
  KernelBackend,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, filterGradAxis, type Shape4 } from './conv-geometry';
import { KernelCalls, kernelInput } from './kernel-calls';
import { FILTER_GRAD_CHUNKS, runFilterGradChunks, simdFilterGradFits } from './simd/filter-grad-simd';
import { heapOffset, simdKernelsOn, wasmBackendMemory, type WasmHeapBackend } from './simd/simd-module';
import { backendPool } from './simd/simd-pool';

/**
 * On wasm, channels-last, float32: the WebAssembly SIMD kernel straight on TF.js's heap (about a forward
 * convolution's cost; the convolution below pays as much again to repack dy as a filter). Returns null where it
 * does not apply (NCHW, no SIMD), so the caller takes the general path.
 */
function simdFilterGrad(
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo | null {
  if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const g = convGeometry(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (!simdFilterGradFits(g)) return null;
  const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(
      `Conv2DBackpropFilter: dy has shape [${dy.shape}] but the convolution gives [${expected}]`,
    );
  }
  const heap = backend as unknown as WasmHeapBackend;
  // Fixed row chunks shared by as many threads as the backend has (1 on TF.js's single-threaded build).
  const pool = backendPool(memory);
  const out = heap.makeOutput([...attrs.filterShape], 'float32');
  const partials = Array.from({ length: FILTER_GRAD_CHUNKS - 1 }, () =>
    heap.makeOutput([...attrs.filterShape], 'float32'),
  );
  try {
    const at = (t: TensorInfo): number => heapOffset(heap, t);
    runFilterGradChunks(pool, at(x), at(dy), [out, ...partials].map(at), g);
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    partials.forEach((p) => backend.disposeData(p.dataId));
  }
  return out;
}

export interface FilterGradArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

export function conv2dBackpropFilterViaConv(
  backendName: string,
  simdEnabled = true,
): (args: FilterGradArgs) => TensorInfo {
  return ({ inputs, backend, attrs }) => {
    const x = kernelInput(inputs, 'x', 'Conv2DBackpropFilter');
    const dy = kernelInput(inputs, 'dy', 'Conv2DBackpropFilter');
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs;
    if (backendName === 'wasm' && simdEnabled) {
      const direct = simdFilterGrad(backend, x, dy, attrs as unknown as Conv2DBackpropFilterAttrs);
      if (direct) return direct;
    }
    const calls = new KernelCalls(backend, backendName);
    try {
      const channelsFirst = dataFormat === 'NCHW';
      const xh = channelsFirst ? calls.transpose(x, [0, 2, 3, 1]) : x;
      const dyh = channelsFirst ? calls.transpose(dy, [0, 2, 3, 1]) : dy;
      const g = convGeometry(xh.shape as Shape4, filterShape, strides, pad, dimRoundingMode);
      const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      if (dyh.shape.join() !== expected.join()) {
        throw new Error(
          `Conv2DBackpropFilter: dy has shape [${dyh.shape}] but the convolution gives [${expected}]`,
        );
      }
      const ah = filterGradAxis(g.inHeight, g.filterHeight, g.strideHeight, g.padTop, g.outHeight);
      const aw = filterGradAxis(g.inWidth, g.filterWidth, g.strideWidth, g.padLeft, g.outWidth);
      // x as [ci, h, w, b]: the input channels become the batch and the batch the channels being summed.
      let xt = calls.transpose(xh, [3, 1, 2, 0]);
      if (ah.cropBefore + ah.cropAfter + aw.cropBefore + aw.cropAfter > 0) {
        const h = g.inHeight - ah.cropBefore - ah.cropAfter;
        const w = g.inWidth - aw.cropBefore - aw.cropAfter;
        xt = calls.slice(xt, [0, ah.cropBefore, aw.cropBefore, 0], [g.inChannels, h, w, g.batch]);
      }
      // dy as the filter [ho, wo, b, co], dilated by the stride so that tap o meets x at o*stride.
      const dyFilter = calls.transpose(dyh, [1, 2, 0, 3]);
      const grad = calls.run(
        'Conv2D',
        { x: xt, filter: dyFilter },
        {
          strides: [1, 1],
          dilations: [g.strideHeight, g.strideWidth],
          pad: [
            [0, 0],
            [ah.padBefore, ah.padAfter],
            [aw.padBefore, aw.padAfter],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        },
      );
      // [ci, kh, kw, co] -> [kh, kw, ci, co]
      return calls.release(calls.transpose(grad, [1, 2, 0, 3]));
    } catch (error) {
      calls.releaseAll();
      throw error;
    }
  };
}
