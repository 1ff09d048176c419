// Installs the fast gradient kernels over the backends' own, remembering the originals so that they can be
// put back (benchmarks compare against them; tests take reference values from cpu's native kernels).
import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
// The backends register their own kernels on import; importing them first means ours are never overwritten.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterViaConv } from './conv2d-backprop-filter';
import { conv2dBackpropInputViaConv } from './conv2d-backprop-input';
import {
  wasmConcat,
  wasmIdentity,
  wasmPadV2,
  wasmReverse,
  wasmSlice,
  wasmSplitV,
  wasmTile,
  type WasmKernelArgs,
} from './wasm-data-movement';
import { simdMaxPoolGrad } from './simd/max-pool-grad-simd';
import { simdMean, simdSum } from './simd/sum-simd';
import { simdBatchNorm } from './simd/batch-norm-simd';
import type { NamedKernelArgs } from './simd/simd-module';
import { RELU_GRAD, SQUARE_GRAD, wasmElementwiseGrad } from './simd/elementwise-grad-simd';
import { simdExp } from './simd/exp-simd';
import { simdSoftmax } from './simd/softmax-simd';
import { simdConv2D } from './simd/conv2d-simd';
import { simdBinary } from './simd/binary-simd';
import { ADAM_UPDATE, wasmAdamUpdate } from './simd/adam-simd';
import { wasmMaxLastAxis, wasmOuterMatMul } from './wasm-small-ops';
import { registerFastGradients, restoreNativeGradients } from './fast-gradients';

/** Backends for which seglens has faster kernels. */
export type FastKernelBackend = 'wasm' | 'cpu';

/**
 * Names of the kernels replaced (or, on wasm, added: TF.js 4.22 has no Conv2DBackpropFilter there, and no kernels
 * at all for the gradients of ReLU and Square, which seglens's gradients call where they are registered).
 */
export type FastKernelName =
  | 'Conv2DBackpropFilter'
  | 'Conv2DBackpropInput'
  | 'Conv2D'
  | 'FusedConv2D'
  | 'Add'
  | 'Sub'
  | 'Multiply'
  | 'MaxPoolGrad'
  | 'Sum'
  | 'Mean'
  | 'Concat'
  | 'Slice'
  | 'SplitV'
  | 'Identity'
  | 'Tile'
  | 'Reverse'
  | 'PadV2'
  | 'FusedBatchNorm'
  | 'Exp'
  | 'Softmax'
  | 'BatchMatMul'
  | 'Max'
  | typeof RELU_GRAD
  | typeof SQUARE_GRAD
  | typeof ADAM_UPDATE;

export interface FastKernelRegistration {
  kernelName: FastKernelName;
  backendName: FastKernelBackend;
}

// Which kernels pay off where (measured, see README "Backends, kernels and performance"): on cpu the
// flipped-filter convolution is no faster than cpu's own input gradient, so only the filter gradient moves.
// wasm's data-movement kernels copy channels-last rows with a call per pixel; ours copy in one loop. A Sum over
// leading axes in JavaScript was measured slower than wasm's transpose + C++ sum; in WebAssembly SIMD it is faster,
// and the same kernel gives batch norm's Means in training. Batch norm's forward pass in training and the ReLU
// and Square gradients are full-size element-wise passes that TF.js runs on one thread (FusedBatchNorm with a square
// root and a division per element, each gradient as three kernels); ours run them in SIMD on the backend's threads.
// Exp is a scalar std::exp loop in TF.js (the losses' softmax calls it on every pixel and class); ours is SIMD. TF.js's
// Softmax (segment() and validation) makes three XNNPACK calls per pixel; ours takes four pixels per lane. The
// losses' outer products (BatchMatMul with an inner size of 1) and class-axis maxima go through a GEMM and a slow
// reduction in TF.js; ours are one loop each. wasm's Reverse (the input gradient flips every filter in space on
// every step) and PadV2 (segment() pads slices to the model's size) work out a source index per element; ours copy
// runs. The forward convolutions (Conv2D, and
// FusedConv2D at inference) are XNNPACK's, added in its order by a kernel that needs no packed filter and runs a filter row's taps as one loop. Add,
// Sub and Multiply of whole activations run on one thread in TF.js; ours on the backend's threads. Adam's update is
// 13 kernels per weight in TF.js (train/adam.ts uses ours where it is registered).
const PLAN: Record<FastKernelBackend, FastKernelName[]> = {
  wasm: [
    'Conv2DBackpropFilter',
    'Conv2DBackpropInput',
    'Conv2D',
    'FusedConv2D',
    'Add',
    'Sub',
    'Multiply',
    'MaxPoolGrad',
    'Sum',
    'Mean',
    'Concat',
    'Slice',
    'SplitV',
    'Identity',
    'Tile',
    'Reverse',
    'PadV2',
    'FusedBatchNorm',
    'Exp',
    'Softmax',
    'BatchMatMul',
    'Max',
    RELU_GRAD,
    SQUARE_GRAD,
    ADAM_UPDATE,
  ],
  cpu: ['Conv2DBackpropFilter'],
};

const DATA_MOVEMENT: Partial<Record<FastKernelName, (args: WasmKernelArgs) => unknown>> = {
  Concat: wasmConcat,
  Slice: wasmSlice,
  SplitV: wasmSplitV,
  Identity: wasmIdentity,
  Tile: wasmTile,
  Reverse: wasmReverse,
  PadV2: wasmPadV2,
};

/** Whether any input is a string tensor (left to the native kernels, which handle their byte storage). */
function hasStrings(inputs: WasmKernelArgs['inputs']): boolean {
  return (Array.isArray(inputs) ? inputs : Object.values(inputs)).some((t) => t?.dtype === 'string');
}

const originals = new Map<string, KernelConfig | null>();
const key = (r: FastKernelRegistration): string => `${r.backendName}/${r.kernelName}`;

function fastKernel(
  kernelName: FastKernelName,
  backendName: FastKernelBackend,
  original: KernelConfig | undefined,
): KernelFunc {
  const move = DATA_MOVEMENT[kernelName];
  if (move) {
    return ((args: WasmKernelArgs) =>
      original && hasStrings(args.inputs)
        ? original.kernelFunc(args as never)
        : move(args)) as unknown as KernelFunc;
  }
  if (kernelName === 'Sum' || kernelName === 'Mean') {
    // Sums and means over the leading axes in WebAssembly SIMD (same bits); anything else goes to TF.js's own kernel.
    const simd = (args: NamedKernelArgs) => (kernelName === 'Sum' ? simdSum(args) : simdMean(args));
    return ((args: NamedKernelArgs) =>
      simd(args) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'FusedBatchNorm') {
    // Per-channel statistics in WebAssembly SIMD (same bits); anything else goes to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      simdBatchNorm(args) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'Exp') {
    // float32 in WebAssembly SIMD (within 2 ulp of TF.js's); anything else goes to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      simdExp(args) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'Softmax') {
    // float32 over the last axis in WebAssembly SIMD (SIMD exponentials, so not TF.js's bits); anything else goes
    // to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      simdSoftmax(args) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'BatchMatMul' || kernelName === 'Max') {
    // Outer products and maxima over the last axis in one loop (same bits); anything else goes to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      (kernelName === 'BatchMatMul' ? wasmOuterMatMul(args) : wasmMaxLastAxis(args)) ??
      original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === ADAM_UPDATE) return wasmAdamUpdate as unknown as KernelFunc;
  if (kernelName === RELU_GRAD || kernelName === SQUARE_GRAD)
    return wasmElementwiseGrad(kernelName) as unknown as KernelFunc;
  if (kernelName === 'Conv2D' || kernelName === 'FusedConv2D') {
    // XNNPACK's order of additions in WebAssembly SIMD (same bits); anything else goes to TF.js's own kernel.
    const fused = kernelName === 'FusedConv2D';
    return ((args: NamedKernelArgs) =>
      simdConv2D(args, fused) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'Add' || kernelName === 'Sub' || kernelName === 'Multiply') {
    // float32, same shape or a per-channel vector or a scalar, in WebAssembly SIMD on the backend's threads (same
    // bits); anything else goes to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      simdBinary(args, kernelName) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  if (kernelName === 'MaxPoolGrad') {
    // Non-overlapping windows in WebAssembly SIMD; anything else goes to TF.js's own kernel.
    return ((args: NamedKernelArgs) =>
      simdMaxPoolGrad(args) ?? original?.kernelFunc(args as never)) as unknown as KernelFunc;
  }
  const impl =
    kernelName === 'Conv2DBackpropFilter'
      ? conv2dBackpropFilterViaConv(backendName)
      : conv2dBackpropInputViaConv(backendName);
  return impl as unknown as KernelFunc;
}

/**
 * Registers the fast kernels for the given backends (default: wasm and cpu); `only` limits them to some names
 * (benchmarks compare with and without). Without `only`, batch norm's leaner gradients (fast-gradients.ts) are
 * registered too. Calling it again is harmless. Returns what is now registered by seglens.
 */
export function registerFastKernels(
  backends: readonly FastKernelBackend[] = ['wasm', 'cpu'],
  only?: readonly FastKernelName[],
): FastKernelRegistration[] {
  for (const backendName of backends) {
    if (!(backendName in PLAN)) {
      throw new Error(`registerFastKernels: backends must be 'wasm' or 'cpu', got '${String(backendName)}'`);
    }
    for (const kernelName of PLAN[backendName]) {
      if (only && !only.includes(kernelName)) continue;
      const reg = { kernelName, backendName };
      if (originals.has(key(reg))) continue;
      const original = getKernel(kernelName, backendName);
      originals.set(key(reg), original ?? null);
      if (original) unregisterKernel(kernelName, backendName);
      // The original's setup (e.g. wasm's cwrap of its C++ function) must still run when the backend starts:
      // ours falls back to it.
      registerKernel({
        kernelName,
        backendName,
        kernelFunc: fastKernel(kernelName, backendName, original),
        setupFunc: original?.setupFunc,
      });
    }
  }
  if (!only) registerFastGradients();
  return fastKernelRegistrations();
}

/** Puts the backends' own kernels back (and removes the ones they never had), and TF.js's own gradients. */
export function restoreNativeKernels(): void {
  restoreNativeGradients();
  for (const [k, original] of originals) {
    const [backendName, kernelName] = k.split('/');
    unregisterKernel(kernelName, backendName);
    if (original) registerKernel(original);
  }
  originals.clear();
}

/** The kernels currently replaced or added by seglens. */
export function fastKernelRegistrations(): FastKernelRegistration[] {
  return [...originals.keys()].map((k) => {
    const [backendName, kernelName] = k.split('/');
    return { backendName: backendName as FastKernelBackend, kernelName: kernelName as FastKernelName };
  });
}
