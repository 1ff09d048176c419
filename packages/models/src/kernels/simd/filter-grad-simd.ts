// The WebAssembly SIMD filter gradient (filter-grad.wat), instantiated on the wasm backend's own memory so that it
// reads x and dy and writes dW where TF.js keeps them: no copies in or out.
import { filterGradPlainBase64, filterGradSharedBase64 } from './kernels-wasm';

/** Geometry of one call, in elements (NHWC x [batch, inH, inW, inC], dy [batch, outH, outW, outC]). */
export interface SimdFilterGradShape {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

export interface FilterGradExports {
  filterGrad(...args: number[]): void;
  /** dst[i] += src[i] for n floats (byte offsets). */
  addInto(dst: number, src: number, n: number): void;
}

/** The part of the Emscripten module of tfjs-backend-wasm that holds its memory (single-threaded and threaded builds). */
interface EmscriptenModuleLike {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<WebAssembly.Memory, FilterGradExports | null>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The wasm backend's linear memory, or undefined when this TF.js build does not expose it. */
export function wasmBackendMemory(backend: unknown): WebAssembly.Memory | undefined {
  const module = (backend as { wasm?: EmscriptenModuleLike }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The kernel instantiated on `memory`, or null where it cannot run (no WebAssembly SIMD). Cached per memory. */
export function simdFilterGradOn(memory: WebAssembly.Memory): FilterGradExports | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  let kernel: FilterGradExports | null = null;
  try {
    // Synchronous compilation is fine: the module is about 1 KB (browsers refuse only large modules on the main thread).
    const module = new WebAssembly.Module(decode(shared ? filterGradSharedBase64 : filterGradPlainBase64));
    kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as FilterGradExports;
  } catch {
    // A browser or Node without WebAssembly SIMD: the caller keeps the convolution-based kernel.
    kernel = null;
  }
  instances.set(memory, kernel);
  return kernel;
}

/** Whether the SIMD kernel handles this geometry (4 input channels and 8 output channels per block). */
export function simdFilterGradFits(shape: SimdFilterGradShape): boolean {
  return (
    shape.inChannels % 4 === 0 && shape.outChannels % 8 === 0 && shape.inChannels > 0 && shape.outChannels > 0
  );
}

/**
 * dW for rows [rowStart, rowEnd) of the flattened (batch, outHeight) axis into the float32 buffer at byte offset
 * `dw` (zeroed first); `x` and `dy` are byte offsets of the NHWC tensors in the same memory.
 */
export function runSimdFilterGrad(
  kernel: FilterGradExports,
  x: number,
  dy: number,
  dw: number,
  shape: SimdFilterGradShape,
  rowStart = 0,
  rowEnd = shape.batch * shape.outHeight,
): void {
  const s = shape;
  kernel.filterGrad(
    x,
    dy,
    dw,
    rowStart,
    rowEnd,
    s.outHeight,
    s.outWidth,
    s.outChannels,
    s.inHeight,
    s.inWidth,
    s.inChannels,
    s.filterHeight,
    s.filterWidth,
    s.strideHeight,
    s.strideWidth,
    s.padTop,
    s.padLeft,
  );
}
