// Concat, Slice, SplitV, Tile, Reverse and PadV2 for the wasm backend with one tight copy loop. TF.js 4.22's own versions (JavaScript
// too) copy each innermost run with `subarray().set()`, a call per run: for channels-last tensors that is a call
// per pixel of 16-64 floats, which made the U-Net's skip concatenation and its gradient (SplitV) cost about as
// much as a convolution. Long runs keep `set`, which is already fast. Identity becomes a reference (as on cpu)
// instead of a copy of the whole tensor.
import {
  util,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { simdKernelsOn, wasmBackendMemory, type SimdKernels } from './simd/simd-module';

/** The part of tfjs-backend-wasm's BackendWasm these kernels (and segment()'s read-back) use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: TensorInfo['dataId']): void;
}

export interface WasmKernelArgs {
  inputs: NamedTensorInfoMap | TensorInfo[];
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

/** Runs shorter than this are copied element by element; longer ones with one `set` each. */
const SHORT_RUN = 64;

type Heap = Float32Array | Int32Array | Uint8Array;

/** The SIMD copy of the backend's memory, or null (no WebAssembly SIMD, or a TF.js that hides its memory). */
function simdOf(backend: KernelBackend): SimdKernels | null {
  const memory = wasmBackendMemory(backend);
  return memory ? simdKernelsOn(memory) : null;
}

function copyRuns(
  simd: SimdKernels | null,
  src: Heap,
  srcStart: number,
  srcStride: number,
  dst: Heap,
  dstStart: number,
  dstStride: number,
  runs: number,
  run: number,
): void {
  if (simd && run < SHORT_RUN * 16) {
    // Short runs (a pixel's channels) in WebAssembly: a JavaScript loop or a `set` per run costs 5-10x more.
    const e = src.BYTES_PER_ELEMENT;
    simd.copyRuns(
      src.byteOffset + srcStart * e,
      srcStride * e,
      dst.byteOffset + dstStart * e,
      dstStride * e,
      runs,
      run * e,
    );
    return;
  }
  if (run >= SHORT_RUN) {
    for (let r = 0; r < runs; r++)
      dst.set(
        src.subarray(srcStart + r * srcStride, srcStart + r * srcStride + run),
        dstStart + r * dstStride,
      );
    return;
  }
  let s = srcStart;
  let d = dstStart;
  for (let r = 0; r < runs; r++, s += srcStride, d += dstStride) {
    for (let j = 0; j < run; j++) dst[d + j] = src[s + j];
  }
}

function wasmOf(backend: KernelBackend): WasmBackendLike {
  return backend as unknown as WasmBackendLike;
}

function axisOf(axis: unknown, rank: number, kernel: string): number {
  const a = Array.isArray(axis) ? axis[0] : axis;
  if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank)
    throw new Error(`${kernel}: axis must be an integer in [-${rank}, ${rank}), got ${String(axis)}`);
  return a < 0 ? a + rank : a;
}

/** Concat along any axis: each input is [outer, inner_i] and lands at its column offset of [outer, sum inner]. */
export function wasmConcat({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  // Concat's inputs arrive as an array (the engine passes the op's tensor list).
  const all = (Array.isArray(inputs) ? inputs : Object.values(inputs)) as TensorInfo[];
  const list = all.filter((t) => util.sizeFromShape(t.shape) > 0);
  if (all.length === 0) throw new Error('Concat: needs at least one input');
  const rank = all[0].shape.length;
  const axis = axisOf(attrs?.axis, rank, 'Concat');
  const outShape = [...all[0].shape];
  outShape[axis] = all.reduce((sum, t) => sum + t.shape[axis], 0);
  for (const t of all) {
    if (
      t.dtype !== all[0].dtype ||
      t.shape.length !== rank ||
      t.shape.some((d, i) => i !== axis && d !== all[0].shape[i])
    ) {
      throw new Error(
        `Concat: inputs [${all.map((x) => `${x.dtype}[${x.shape}]`).join(', ')}] do not agree off axis ${axis}`,
      );
    }
  }
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(outShape, all[0].dtype);
  if (list.length === 0) return out;
  const dst = wasm.typedArrayFromHeap(out);
  const simd = simdOf(backend);
  const outer = util.sizeFromShape(outShape.slice(0, axis));
  const total = util.sizeFromShape(outShape.slice(axis));
  let offset = 0;
  for (const t of list) {
    const inner = util.sizeFromShape(t.shape.slice(axis));
    copyRuns(simd, wasm.typedArrayFromHeap(t), 0, inner, dst, offset, total, outer, inner);
    offset += inner;
  }
  return out;
}

/** Row-major strides of every axis, the last one included (util.computeStrides leaves it out). */
function fullStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/** A box of x (any rank), copied as evenly spaced lines of contiguous runs. */
function sliceBox(wasm: WasmBackendLike, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = wasm.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  const simd = simdOf(wasm as unknown as KernelBackend);
  const origin = new Array<number>(size.length).fill(0);
  copyBox(simd, wasm.typedArrayFromHeap(x), x.shape, begin, wasm.typedArrayFromHeap(out), size, origin, size);
  return out;
}

/**
 * Copies a box of shape `size` from src (a tensor of srcShape, the box at srcBegin) into dst (dstShape, at
 * dstBegin): Slice copies a box out of x, PadV2 copies x into a box of the output. Trailing axes the box covers
 * whole in both merge with the one before them into a single contiguous run; the runs along the axis before that
 * are evenly spaced in both (a "line", one copyRuns call), and the axes before the line are walked like an odometer.
 */
function copyBox(
  simd: SimdKernels | null,
  src: Heap,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: Heap,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  size: readonly number[],
): void {
  const rank = size.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const [ss, ds] = [fullStrides(srcShape), fullStrides(dstShape)];
  let last = rank - 1;
  let run = size[last];
  while (last > 0 && size[last] === srcShape[last] && size[last] === dstShape[last]) {
    last--;
    run *= size[last];
  }
  let s = 0;
  let d = 0;
  for (let a = 0; a <= last; a++) {
    s += srcBegin[a] * ss[a];
    d += dstBegin[a] * ds[a];
  }
  if (last === 0) {
    copyRuns(simd, src, s, 0, dst, d, 0, 1, run);
    return;
  }
  const lineAxis = last - 1;
  const lines = util.sizeFromShape(size.slice(0, lineAxis));
  const counter = new Array<number>(lineAxis).fill(0);
  for (let l = 0; l < lines; l++) {
    copyRuns(simd, src, s, ss[lineAxis], dst, d, ds[lineAxis], size[lineAxis], run);
    for (let a = lineAxis - 1; a >= 0; a--) {
      counter[a]++;
      s += ss[a];
      d += ds[a];
      if (counter[a] < size[a]) break;
      s -= counter[a] * ss[a];
      d -= counter[a] * ds[a];
      counter[a] = 0;
    }
  }
}

function normaliseBox(
  shape: number[],
  begin: number | number[],
  size: number | number[] | undefined,
  kernel: string,
): [number[], number[]] {
  const rank = shape.length;
  const b = typeof begin === 'number' ? [begin, ...new Array<number>(rank - 1).fill(0)] : [...begin];
  while (b.length < rank) b.push(0);
  const s =
    size === undefined
      ? shape.map((d, i) => d - b[i])
      : typeof size === 'number'
        ? [size, ...shape.slice(1)]
        : [...size];
  while (s.length < rank) s.push(-1);
  for (let i = 0; i < rank; i++) {
    if (s[i] === -1) s[i] = shape[i] - b[i];
    if (b[i] < 0 || s[i] < 0 || b[i] + s[i] > shape[i])
      throw new Error(`${kernel}: box begin [${b}] size [${s}] does not fit shape [${shape}]`);
  }
  return [b, s];
}

export function wasmSlice({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("Slice: input 'x' is missing");
  const [begin, size] = normaliseBox(
    x.shape,
    attrs?.begin as number | number[],
    attrs?.size as number | number[] | undefined,
    'Slice',
  );
  return sliceBox(wasmOf(backend), x, begin, size);
}

export function wasmSplitV({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo[] {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("SplitV: input 'x' is missing");
  const axis = axisOf(attrs?.axis, x.shape.length, 'SplitV');
  const spec = attrs?.numOrSizeSplits as number | number[];
  let sizes: number[];
  if (typeof spec === 'number') {
    if (x.shape[axis] % spec !== 0)
      throw new Error(`SplitV: ${x.shape[axis]} is not divisible into ${spec} parts`);
    sizes = new Array<number>(spec).fill(x.shape[axis] / spec);
  } else {
    const known = spec.filter((s) => s !== -1).reduce((a, b) => a + b, 0);
    sizes = spec.map((s) => (s === -1 ? x.shape[axis] - known : s));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== x.shape[axis])
    throw new Error(`SplitV: sizes [${sizes}] do not add up to ${x.shape[axis]}`);
  const wasm = wasmOf(backend);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const part = sliceBox(wasm, x, [...begin], size);
    begin[axis] += s;
    return part;
  });
}

/**
 * PadV2: x inside a box of `constantValue`, paddings[a] = [before, after] elements along each axis a. TF.js's wasm
 * PadV2 works out a source index per element, about 16 ns each: segment() pads every batch of slices to the model's
 * size (the hippocampus crops, [8, 51, 35, 1] to [8, 64, 64, 1], took 0.5 ms, more than the first convolution).
 * Here the output is filled with the value once and each run of x below its last padded axis is one copy.
 */
export function wasmPadV2({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("PadV2: input 'x' is missing");
  const rank = x.shape.length;
  const given: unknown = attrs?.paddings;
  const paddings = Array.isArray(given) ? (given as unknown[]) : [];
  const pairOk = (p: unknown): p is [number, number] =>
    Array.isArray(p) &&
    p.length === 2 &&
    p.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0);
  if (paddings.length !== rank || !paddings.every(pairOk)) {
    throw new Error(
      `PadV2: paddings must be ${rank} pairs of non-negative integers for shape [${x.shape}], got ${JSON.stringify(given)}`,
    );
  }
  const value = typeof attrs?.constantValue === 'number' ? attrs.constantValue : 0;
  const outShape = x.shape.map((d, a) => d + paddings[a][0] + paddings[a][1]);
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) === 0) return out;
  const dst = wasm.typedArrayFromHeap(out);
  dst.fill(value);
  if (util.sizeFromShape(x.shape) === 0) return out;
  const before = paddings.map((p) => p[0]);
  const origin = new Array<number>(rank).fill(0);
  copyBox(simdOf(backend), wasm.typedArrayFromHeap(x), x.shape, origin, dst, outShape, before, x.shape);
  return out;
}

/** A second reference to the same memory, as the cpu backend does; wasm's own Identity copies every byte. */
export function wasmIdentity({ inputs, backend }: WasmKernelArgs): TensorInfo {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("Identity: input 'x' is missing");
  if (x.dtype === 'string') throw new Error('Identity: string tensors are left to the native kernel');
  wasmOf(backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Tile: x repeated reps[a] times along each axis a. TF.js's wasm Tile works out a source index per element, and batch
 * norm's gradient tiles a [1, 1, 1, C] factor over the whole activation, once per normalised layer: 1.4 s of a
 * 4.3 s step (reference U-Net with batch norm, 128x128, batch 8, 1 thread). Here each run of x's last axis is
 * copied once, and every repetition along an axis is one strided copy of the block already written.
 */
export function wasmTile({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("Tile: input 'x' is missing");
  const rank = x.shape.length;
  const given: unknown = attrs?.reps;
  const reps = Array.isArray(given) ? (given as unknown[]) : [];
  if (
    reps.length !== rank ||
    !reps.every((r): r is number => typeof r === 'number' && Number.isInteger(r) && r >= 0)
  ) {
    throw new Error(
      `Tile: reps must be ${rank} non-negative integers for shape [${x.shape}], got ${String(given)}`,
    );
  }
  const outShape = x.shape.map((d, a) => d * reps[a]);
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) === 0) return out;
  const src = wasm.typedArrayFromHeap(x);
  const dst = wasm.typedArrayFromHeap(out);
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const simd = simdOf(backend);
  const xStrides = fullStrides(x.shape);
  const outStrides = fullStrides(outShape);
  // x's block below axis a (from element s) into out's first repetition at d, then that block copied reps[a] - 1
  // times after itself (a source stride of 0).
  const fill = (a: number, s: number, d: number): void => {
    const n = x.shape[a];
    if (a === rank - 1) copyRuns(simd, src, s, 0, dst, d, 0, 1, n);
    else for (let i = 0; i < n; i++) fill(a + 1, s + i * xStrides[a], d + i * outStrides[a]);
    const block = n * outStrides[a];
    const times = reps[a] - 1;
    if (times > 0) copyRuns(simd, dst, d, 0, dst, d + block, block, times, block);
  };
  fill(0, 0, 0);
  return out;
}

/**
 * Reverse: x with the order of its elements along `dims` reversed. TF.js's wasm Reverse works out a source index
 * per element, about 55 ns each: reversing a [3, 3, 128, 128] filter in space took 8 ms, as long as the
 * convolution it prepares (the input gradient convolves dy with the flipped filter, on every training step).
 * Here every run below the last reversed axis is one copy; only a reversed last axis is copied element by element.
 */
export function wasmReverse({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const x = (inputs as NamedTensorInfoMap).x;
  if (x == null) throw new Error("Reverse: input 'x' is missing");
  const rank = x.shape.length;
  const given: unknown = attrs?.dims;
  // No dims reverses every axis (TF.js's parseAxisParam).
  const list =
    given == null ? x.shape.map((_, a) => a) : Array.isArray(given) ? (given as unknown[]) : [given];
  const reversed = new Array<boolean>(rank).fill(false);
  for (const d of list) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < -rank || d >= rank)
      throw new Error(
        `Reverse: dims must be integers in [-${rank}, ${rank}) for shape [${x.shape}], got ${String(given)}`,
      );
    reversed[d < 0 ? d + rank : d] = true;
  }
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput([...x.shape], x.dtype);
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return out;
  const src = wasm.typedArrayFromHeap(x);
  const dst = wasm.typedArrayFromHeap(out);
  const last = reversed.lastIndexOf(true);
  if (last < 0) {
    dst.set(src);
    return out;
  }
  const simd = simdOf(backend);
  const strides = fullStrides(x.shape);
  // Axes up to `last` are walked; everything below it is a contiguous run of strides[last] elements, except when
  // `last` is the innermost axis, whose elements are reversed one by one.
  const walk = (a: number, s: number, d: number): void => {
    const n = x.shape[a];
    const stride = strides[a];
    if (a === last && a === rank - 1) {
      for (let i = 0; i < n; i++) dst[d + i] = src[s + n - 1 - i];
      return;
    }
    if (a === last) {
      if (reversed[a])
        for (let i = 0; i < n; i++)
          copyRuns(simd, src, s + (n - 1 - i) * stride, 0, dst, d + i * stride, 0, 1, stride);
      else copyRuns(simd, src, s, 0, dst, d, 0, 1, n * stride);
      return;
    }
    for (let i = 0; i < n; i++) walk(a + 1, s + (reversed[a] ? n - 1 - i : i) * stride, d + i * stride);
  };
  walk(0, 0, 0);
  return out;
}
