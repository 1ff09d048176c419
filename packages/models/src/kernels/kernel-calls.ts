// Runs other registered kernels from inside a kernel, on TensorInfos, the way the backends compose their own
// kernels. Going below the tensor level keeps the engine's bookkeeping out of the way: no tape, no tidy
// scopes, and no wrapper tensors whose disposal could free the caller's data (the incRef trap of
// engine().makeTensorFromTensorInfo). Every intermediate is released by `release`, except the result.
import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

export class KernelCalls {
  private readonly owned: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs the kernel `kernelName` of this backend; its output is owned until `release`. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel == null) {
      throw new Error(
        `KernelCalls: kernel '${kernelName}' is not registered for backend '${this.backendName}'`,
      );
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    const info = Array.isArray(out) ? out[0] : out;
    if (Array.isArray(out)) out.slice(1).forEach((extra) => this.backend.disposeData(extra.dataId));
    this.owned.push(info);
    return info;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Zero padding; `paddings` has one [before, after] pair per axis. */
  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  /** Frees every intermediate except `result` (reshapes share data, so counts are per TensorInfo). */
  release(result: TensorInfo): TensorInfo {
    for (const info of this.owned) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    this.owned.length = 0;
    return result;
  }

  /** Frees everything, for the error path. */
  releaseAll(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }
}

/** The named input of a kernel call, or an Error naming the kernel and the missing input. */
export function kernelInput(inputs: NamedTensorInfoMap, name: string, kernelName: string): TensorInfo {
  const info = inputs[name];
  if (info == null) throw new Error(`${kernelName}: input '${name}' is missing`);
  return info;
}
