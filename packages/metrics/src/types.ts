/**
 * Shared types of @seglens/metrics. Kept structural on purpose: metrics is a base layer and must not import
 * @seglens/data, yet a data `Volume` (which has `dims` and `spacing`) satisfies `Grid` as it is.
 */

/** A label map: one integer class index per voxel, x fastest, then y, then z. */
export type LabelArray =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** A binary mask: a voxel belongs to the set when its value is non-zero. Same layout as `LabelArray`. */
export type MaskArray = Uint8Array | LabelArray;

/** [nx, ny, nz]; a 2D image has nz = 1. */
export type Dims = readonly [number, number, number];

/** Millimetres between voxel centres along x, y, z. For a 2D image sz is unused but must still be > 0. */
export type Spacing = readonly [number, number, number];

/** The voxel grid of a label map: enough geometry for every metric here. */
export interface Grid {
  dims: Dims;
  spacing: Spacing;
}

/** Per-class confusion counts over the valid (not ignored) voxels. */
export interface ConfusionCounts {
  /** Voxels that are class k in both prediction and ground truth. */
  tp: number;
  /** Voxels predicted as class k whose ground truth is another class. */
  fp: number;
  /** Voxels of ground-truth class k predicted as another class. */
  fn: number;
  /** Valid voxels that are class k in neither. */
  tn: number;
}

/**
 * Distances (mm) from every surface voxel of one set to the nearest surface voxel of the other, in both
 * directions. An empty array means that set's surface (hence the set) is empty.
 */
export interface SurfaceDistances {
  /** For each surface voxel of the prediction, distance to the ground-truth surface. */
  predToTruth: Float64Array;
  /** For each surface voxel of the ground truth, distance to the predicted surface. */
  truthToPred: Float64Array;
}
