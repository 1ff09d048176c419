// seglens's WebAssembly SIMD kernels (kernels.wat), instantiated on the wasm backend's own memory so that they
// read inputs and write outputs where TF.js keeps them: no copies in or out.
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { kernelsPlainBase64, kernelsSharedBase64 } from './kernels-wasm';

/** The part of tfjs-backend-wasm's BackendWasm the SIMD kernels use: outputs, and views of tensors on the heap. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** What TF.js passes a kernel function whose inputs are named (every kernel here but Concat's list). */
export interface NamedKernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

/**
 * Byte offset of a tensor in the backend's memory. Read it after every makeOutput of the kernel: an allocation
 * may grow the memory (and so move the views of it).
 */
export function heapOffset(backend: WasmHeapBackend, t: TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
}

/** The module's exports; every pointer is a byte offset into the backend's memory. */
export interface SimdKernels {
  /** Conv2DBackpropFilter rows [r0, r1) into dw (zeroed first); argument order in filter-grad-simd.ts. */
  filterGrad(...args: number[]): void;
  /** Conv2D / FusedConv2D rows [r0, r1) into out, XNNPACK's bits; argument order in conv2d-simd.ts. */
  conv2d(...args: number[]): void;
  /** A 3×3 stride-1 convolution by Winograd's F(2×2, 3×3), tile rows [r0, r1); argument order in winograd-simd.ts. */
  winograd3x3(...args: number[]): void;
  /** The same by F(4×4, 3×3) (36 planes, 4×4 output tiles); the same arguments. */
  winograd4x4(...args: number[]): void;
  /** The 16 transformed 3×3 filters U = G g Gᵀ of w [3, 3, inC, outC] into u [16, inC, outC] (outC % 4 = 0). */
  winogradFilter(w: number, u: number, inC: number, outC: number): void;
  /** U = G g Gᵀ for F(4×4, 3×3): 36 planes of [inC, outC]. */
  winogradFilter4(w: number, u: number, inC: number, outC: number): void;
  /** out = a + b, a − b or a · b for elements [i0, i1); argument order in binary-simd.ts. */
  binary(...args: number[]): void;
  /** One Adam update of elements [i0, i1); argument order in adam-simd.ts. */
  adam(...args: number[]): void;
  /** dst[i] += src[i] for n floats. */
  addInto(dst: number, src: number, n: number): void;
  /** `runs` runs of `runBytes` bytes from src to dst, advancing srcStride and dstStride bytes per run. */
  copyRuns(
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    runs: number,
    runBytes: number,
  ): void;
  /** out[j] = sum over r < rows of x[r * c + j], c % 4 == 0. */
  sumRows(x: number, out: number, rows: number, c: number): void;
  /** MaxPoolGrad for non-overlapping windows; argument order in max-pool-grad-simd.ts. */
  maxPoolGrad(...args: number[]): void;
  /** FusedBatchNorm with per-channel statistics, rows [r0, r1); argument order in batch-norm-simd.ts. */
  batchNorm(...args: number[]): void;
  /** dx = dy * step(x) for elements [i0, i1); argument order in elementwise-grad-simd.ts. */
  reluGrad(...args: number[]): void;
  /** dx = dy * (x * 2) for elements [i0, i1); argument order in elementwise-grad-simd.ts. */
  squareGrad(...args: number[]): void;
  /** out[i] = e^x[i] for elements [i0, i1); argument order in exp-simd.ts. */
  expf(...args: number[]): void;
  /** out[batch, i, j] = a[batch, i] · b[batch, j] + 0; strides in bytes per batch (0: broadcast). */
  outerProduct(
    a: number,
    b: number,
    out: number,
    batches: number,
    m: number,
    n: number,
    aStride: number,
    bStride: number,
  ): void;
  /** out[r] = max of row r of [rows, c] (NaN if any). */
  maxRows(x: number, out: number, rows: number, c: number): void;
  /** wT[ky][c][kx·ci + i] = f[ky][kx][i][c]: a transposed convolution's filter laid out for upconv. */
  upconvFilter(f: number, wT: number, kh: number, kw: number, ci: number, co: number): void;
  /** The up-convolution of dy's pixels [p0, p1); argument order in upconv-simd.ts. */
  upconv(...args: number[]): void;
  /** Softmax over rows [r0, r1) of [rows, c]; four rows at a time. */
  softmaxRows(...args: number[]): void;
  /** One channel of one slice, float64 voxels normalised into float32; argument order in infer/heap-slices.ts. */
  normalizeSlice(...args: number[]): void;
  /** One slice's int32 labels into a label volume's bytes; argument order in infer/heap-slices.ts. */
  labelSlice(...args: number[]): void;
}

/** The part of the Emscripten module of tfjs-backend-wasm that holds its memory (single-threaded and threaded builds). */
interface EmscriptenModuleLike {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether `memory` is shared (TF.js's threaded build), which decides the module variant. */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** The module variant (base64) whose memory import matches `memory`. */
export function simdKernelsBase64(memory: WebAssembly.Memory): string {
  return isSharedMemory(memory) ? kernelsSharedBase64 : kernelsPlainBase64;
}

/** The wasm backend's linear memory, or undefined when this TF.js build does not expose it. */
export function wasmBackendMemory(backend: unknown): WebAssembly.Memory | undefined {
  const module = (backend as { wasm?: EmscriptenModuleLike }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The kernels instantiated on `memory`, or null where they cannot run (no WebAssembly SIMD). Cached per memory. */
export function simdKernelsOn(memory: WebAssembly.Memory): SimdKernels | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let kernels: SimdKernels | null = null;
  try {
    // Synchronous compilation is fine: the module is a few KB (browsers refuse only large modules on the main thread).
    const module = new WebAssembly.Module(decodeBase64(simdKernelsBase64(memory)));
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
  } catch {
    // A browser or Node without WebAssembly SIMD: callers keep TF.js's or seglens's other kernels.
    kernels = null;
  }
  instances.set(memory, kernels);
  return kernels;
}
