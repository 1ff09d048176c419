// The U-Net's up-convolution (Conv2DBackpropInput where the kernel equals the stride and nothing is padded) on the
// wasm backend in one WebAssembly SIMD kernel (upconv in kernels.wat), on the backend's threads. The path it
// replaces (conv2d-backprop-input.ts, `patchwise`) slices, transposes and reshapes the filter, runs a 1×1
// convolution per filter row and concatenates the rows, six kernels and as many intermediate tensors per call; on
// small layers (the hippocampus models' 8–32 channels) those cost more than the products. Here every pixel's
// products go straight to their place in the output, summed in the order of the 1×1 convolutions (from +0, over dy's
// channels upwards), so the bits are the same (test/kernels/conv-transpose-patchwise.test.ts).
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from '../conv-geometry';
import { heapOffset, simdKernelsOn, wasmBackendMemory, type WasmHeapBackend } from './simd-module';
import { MIN_MACS_PER_THREAD, runSplit, backendPool } from './simd-pool';

/** Outputs per block of the kernel: a pixel's row of kw × ci outputs must come in eights. */
const OUTPUT_BLOCK = 8;

/**
 * dx [b, ho·kh, wo·kw, ci] of a patchwise geometry (`isPatchwise`) from dy [b, ho, wo, co] and the filter
 * [kh, kw, ci, co]; null (the caller's other path then) without SIMD kernels, for other dtypes, or when kw × ci is
 * not a multiple of 8.
 */
export function simdUpconv(
  backend: KernelBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo | null {
  const { batch: b, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw } = g;
  const [ci, co] = [g.inChannels, g.outChannels];
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32' || (kw * ci) % OUTPUT_BLOCK !== 0) return null;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([b, ho * kh, wo * kw, ci], 'float32');
  const pixels = b * ho * wo;
  if (pixels === 0) return out;
  const wT = heap.makeOutput([kh, co, kw * ci], 'float32');
  try {
    const pool = backendPool(memory);
    // Offsets only now: each makeOutput may have grown (and moved) the memory.
    const [dyAt, filterAt, wTAt, outAt] = [dy, filter, wT, out].map((t) => heapOffset(heap, t));
    pool.kernels.upconvFilter(filterAt, wTAt, kh, kw, ci, co);
    runSplit(
      pool,
      'upconv',
      pixels,
      (p0, p1) => [dyAt, wTAt, outAt, p0, p1, ho, wo, co, ci, kh, kw],
      Math.max(4, Math.ceil(MIN_MACS_PER_THREAD / (kh * kw * ci * co))),
      4,
    );
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    backend.disposeData(wT.dataId);
  }
  return out;
}
