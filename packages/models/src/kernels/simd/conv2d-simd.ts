// Conv2D and FusedConv2D (bias, ReLU) on the wasm backend with the SIMD kernel (conv2d in kernels.wat), on the
// backend's threads. Forward convolutions are 84% of a U-Net's inference and the largest part of a training step's
// forward pass and input gradients; TF.js runs them with XNNPACK. The SIMD kernel adds in XNNPACK's order (bias,
// then taps row by row, then input channels), so its results have XNNPACK's bits and no model's prediction changes;
// it takes 0.75-0.86 of XNNPACK's time on the U-Net's layers (models README, "The forward convolution").
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, type ConvGeometry, type Shape4 } from '../conv-geometry';
import {
  heapOffset,
  simdKernelsOn,
  wasmBackendMemory,
  type WasmHeapBackend,
  type NamedKernelArgs,
} from './simd-module';
import { MIN_MACS_PER_THREAD, runSplit, backendPool } from './simd-pool';
import { winogradApplies, winogradConv2D, winogradOn } from './winograd-simd';

/** Output channels per block of the kernel: others are left to XNNPACK (a U-Net's head with 2-14 classes). */
const CONV2D_CHANNEL_BLOCK = 8;

/** The attributes of Conv2D and FusedConv2D that decide whether the kernel applies. */
interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: string;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

function isOne(d: ConvAttrs['dilations']): boolean {
  return d === undefined || d === 1 || (Array.isArray(d) && d[0] === 1 && d[1] === 1);
}

/**
 * The geometry, or null where the SIMD kernel does not apply: float32 NHWC x and filter [fH, fW, inC, outC] with
 * outC a multiple of 8, no dilation; for FusedConv2D a linear or ReLU activation and a bias of outC values.
 */
export function simdConv2DGeometry(
  { inputs, attrs }: Pick<NamedKernelArgs, 'inputs' | 'attrs'>,
  fused: boolean,
): ConvGeometry | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  if (!x || !filter || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const a = attrs as unknown as ConvAttrs | undefined;
  if (!a || (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') || !isOne(a.dilations)) return null;
  const [, , inC, outC] = filter.shape;
  if (x.shape[3] !== inC || inC < 1 || outC < CONV2D_CHANNEL_BLOCK || outC % CONV2D_CHANNEL_BLOCK !== 0)
    return null;
  if (fused) {
    if (preluActivationWeights) return null;
    if (a.activation !== undefined && a.activation !== 'linear' && a.activation !== 'relu') return null;
    if (bias && (bias.dtype !== 'float32' || bias.shape.reduce((p, d) => p * d, 1) !== outC)) return null;
  } else if (bias) {
    return null;
  }
  const g = convGeometry(x.shape as Shape4, filter.shape as Shape4, a.strides, a.pad, a.dimRoundingMode);
  if (g.batch * g.outHeight * g.outWidth === 0) return null;
  return g;
}

/** conv2d's arguments in the order kernels.wat takes them: rows [rowStart, rowEnd) of (batch, outHeight). */
function conv2dArgs(
  at: { x: number; filter: number; bias: number; out: number; zeros: number },
  g: ConvGeometry,
  relu: boolean,
  rowStart: number,
  rowEnd: number,
): number[] {
  return [
    at.x,
    at.filter,
    at.bias,
    at.out,
    at.zeros,
    rowStart,
    rowEnd,
    g.outHeight,
    g.outWidth,
    g.outChannels,
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.filterHeight,
    g.filterWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    relu ? 1 : 0,
  ];
}

/** The convolution, or null (TF.js's own kernel then) where the kernel does not apply or WebAssembly SIMD is missing. */
export function simdConv2D(args: NamedKernelArgs, fused: boolean): TensorInfo | null {
  const g = simdConv2DGeometry(args, fused);
  if (!g) return null;
  const { inputs, backend, attrs } = args;
  // simdConv2DGeometry checked that both are there.
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const bias = inputs.bias;
  const memory = wasmBackendMemory(backend);
  if (!memory || !simdKernelsOn(memory)) return null;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([g.batch, g.outHeight, g.outWidth, g.outChannels], 'float32');
  const relu = fused && (attrs as unknown as ConvAttrs).activation === 'relu';
  if (winogradOn() && winogradApplies(g)) {
    try {
      winogradConv2D(args, g, memory, out, relu, fused);
    } catch (error) {
      backend.disposeData(out.dataId);
      throw error;
    }
    return out;
  }
  // Taps outside the input read zeros, as XNNPACK's do: one filter row's worth, which the stride-1 path runs through.
  const zeros = heap.makeOutput([g.filterWidth * g.inChannels], 'float32');
  try {
    heap.typedArrayFromHeap(zeros).fill(0);
    // Offsets only now: each makeOutput may have grown (and moved) the memory.
    const at = {
      x: heapOffset(heap, x),
      filter: heapOffset(heap, filter),
      bias: fused && bias ? heapOffset(heap, bias) : 0,
      out: heapOffset(heap, out),
      zeros: heapOffset(heap, zeros),
    };
    const rows = g.batch * g.outHeight;
    const macsPerRow = g.outWidth * g.outChannels * g.filterHeight * g.filterWidth * g.inChannels;
    const pool = backendPool(memory);
    runSplit(
      pool,
      'conv2d',
      rows,
      (r0, r1) => conv2dArgs(at, g, relu, r0, r1),
      Math.max(1, Math.ceil(MIN_MACS_PER_THREAD / macsPerRow)),
    );
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    backend.disposeData(zeros.dataId);
  }
  return out;
}
