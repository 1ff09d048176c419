/**
 * Argument checks shared by every entry point. Each error names the function, the argument and what is wrong,
 * because a silent mismatch between a label map and its dims gives plausible-looking but wrong metrics.
 */
import type { Dims, Spacing } from './types';

/** Throws unless dims are three positive integers; returns the voxel count. */
export function checkDims(fn: string, dims: Dims): number {
  if (!Array.isArray(dims) || dims.length !== 3) {
    throw new Error(`${fn}: dims must be [nx, ny, nz], got ${JSON.stringify(dims)}`);
  }
  for (let a = 0; a < 3; a++) {
    const n = dims[a];
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`${fn}: dims[${a}] must be a positive integer, got ${n}`);
    }
  }
  return dims[0] * dims[1] * dims[2];
}

/** Throws unless spacing holds three finite positive millimetre values. */
export function checkSpacing(fn: string, spacing: Spacing): void {
  if (!Array.isArray(spacing) || spacing.length !== 3) {
    throw new Error(`${fn}: spacing must be [sx, sy, sz] in mm, got ${JSON.stringify(spacing)}`);
  }
  for (let a = 0; a < 3; a++) {
    const s = spacing[a];
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
      throw new Error(`${fn}: spacing[${a}] must be a finite number > 0 (mm), got ${s}`);
    }
  }
}

/** Throws unless `array` is a typed array with exactly `count` values. */
export function checkLength(
  fn: string,
  name: string,
  array: ArrayLike<number>,
  count: number,
  dims: Dims,
): void {
  if (!ArrayBuffer.isView(array)) {
    throw new Error(`${fn}: ${name} must be a typed array`);
  }
  if (array.length !== count) {
    throw new Error(
      `${fn}: ${name} has ${array.length} values but dims ${dims[0]}x${dims[1]}x${dims[2]} need ${count}`,
    );
  }
}

export function checkPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${fn}: ${name} must be a positive integer, got ${value}`);
  }
}

export function checkTolerance(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${fn}: ${name} must be a finite number >= 0 (mm), got ${value}`);
  }
}

/**
 * Throws unless `ignoreIndex` is an integer outside [0, numClasses): a value that is also a class would make
 * every voxel of that class vanish from the counts.
 */
export function checkIgnoreIndex(fn: string, ignoreIndex: number | undefined, numClasses: number): void {
  if (ignoreIndex === undefined) return;
  if (!Number.isInteger(ignoreIndex)) {
    throw new Error(`${fn}: ignoreIndex must be an integer, got ${ignoreIndex}`);
  }
  if (ignoreIndex >= 0 && ignoreIndex < numClasses) {
    throw new Error(`${fn}: ignoreIndex ${ignoreIndex} is a class index (numClasses is ${numClasses})`);
  }
}
