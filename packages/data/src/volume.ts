import type { ProjectionSpacingSource } from './dicom/projection-spacing';

/**
 * The one image type of seglens: voxels plus the geometry that places them in the patient.
 *
 * Layout: x (column, i) fastest, then y (row, j), then z (slice, k); with `channels > 1` the channels of one
 * voxel are interleaved, so voxel (i, j, k) channel c is at ((k * dims[1] + j) * dims[0] + i) * channels + c.
 * That is DICOM's and NIfTI's own order, so readers copy rows without transposing.
 *
 * Geometry follows DICOM (LPS, millimetres): the world position of voxel (i, j, k) is
 *   origin + i * spacing[0] * dir_i + j * spacing[1] * dir_j + k * spacing[2] * dir_k
 * where dir_i = direction[0..2], dir_j = direction[3..5], dir_k = direction[6..8] are unit vectors in LPS.
 * For a DICOM series dir_i / dir_j are ImageOrientationPatient's row / column cosines and origin is the
 * ImagePositionPatient of the first slice.
 */
export type VoxelArray =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Float32Array;

export type Vec3 = [number, number, number];
/** Direction cosines of the i, j and k axes, three LPS unit vectors one after the other. */
export type Direction = [number, number, number, number, number, number, number, number, number];

/** The DICOM identifiers a Volume came from, kept so results can be written back as DICOM SEG. */
export interface DicomSource {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frameOfReferenceUID?: string;
  /** One per slice k, in the Volume's slice order. */
  sopInstanceUIDs: string[];
  sopClassUID?: string;
  modality?: string;
  /** For multi-frame sources, the frame number (1-based) of each slice k in its instance. */
  frameNumbers?: number[];
  /**
   * Present when the pixel size came from a radiograph's ImagerPixelSpacing (it had no PixelSpacing): how it was
   * corrected for magnification, or that it is the detector's pitch. Absent for PixelSpacing.
   */
  pixelSpacingSource?: ProjectionSpacingSource;
}

export interface Volume {
  voxels: VoxelArray;
  /** [columns, rows, slices] */
  dims: Vec3;
  /** Millimetres between voxel centres along i, j, k (pixels when `spacingUnknown`). */
  spacing: Vec3;
  /** LPS position (mm) of voxel (0, 0, 0)'s centre. */
  origin: Vec3;
  direction: Direction;
  /** Components per voxel: 1 (grey or labels) or 3 (RGB). */
  channels: number;
  /** Present when the Volume was read from DICOM. */
  dicom?: DicomSource;
  /**
   * True when the source gives no physical size (PNG/JPEG frames, DICOM without PixelSpacing, files known to
   * state a size their source dropped: ACDC_SPACING_DROPPED): spacing is then
   * 1 per voxel and every distance measured on the Volume (HD95, NSD tolerance) is in pixels, not millimetres.
   * Absent means the spacing is in millimetres.
   */
  spacingUnknown?: true;
}

export const IDENTITY_DIRECTION: Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Builds a Volume, checking that the voxel count matches dims × channels. */
export function createVolume(init: {
  voxels: VoxelArray;
  dims: Vec3;
  spacing?: Vec3;
  origin?: Vec3;
  direction?: Direction;
  channels?: number;
  dicom?: DicomSource;
  spacingUnknown?: boolean;
}): Volume {
  const channels = init.channels ?? 1;
  const [nx, ny, nz] = init.dims;
  for (const [name, n] of [
    ['dims[0]', nx],
    ['dims[1]', ny],
    ['dims[2]', nz],
  ] as const) {
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`createVolume: ${name} must be a positive integer, got ${n}`);
  }
  if (!Number.isInteger(channels) || channels <= 0) {
    throw new Error(`createVolume: channels must be a positive integer, got ${channels}`);
  }
  const expected = nx * ny * nz * channels;
  if (init.voxels.length !== expected) {
    throw new Error(
      `createVolume: voxels has ${init.voxels.length} values but dims ${nx}x${ny}x${nz} x ${channels} channel(s) need ${expected}`,
    );
  }
  const spacing = init.spacing ?? [1, 1, 1];
  if (spacing.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new Error(
      `createVolume: spacing must be three positive finite numbers, got [${spacing.join(', ')}]`,
    );
  }
  return {
    voxels: init.voxels,
    dims: [nx, ny, nz],
    spacing,
    origin: init.origin ?? [0, 0, 0],
    direction: init.direction ?? [...IDENTITY_DIRECTION],
    channels,
    dicom: init.dicom,
    // Only when true, so Volumes with a known spacing look exactly as before.
    ...(init.spacingUnknown ? { spacingUnknown: true as const } : {}),
  };
}

/** World (LPS, mm) position of the continuous voxel index (i, j, k). */
export function ijkToLps(volume: Volume, ijk: Vec3): Vec3 {
  const { origin, spacing, direction: d } = volume;
  const a = ijk[0] * spacing[0];
  const b = ijk[1] * spacing[1];
  const c = ijk[2] * spacing[2];
  return [
    origin[0] + a * d[0] + b * d[3] + c * d[6],
    origin[1] + a * d[1] + b * d[4] + c * d[7],
    origin[2] + a * d[2] + b * d[5] + c * d[8],
  ];
}

/**
 * Continuous voxel index of a world (LPS, mm) point: the inverse of {@link ijkToLps}. The direction matrix is
 * inverted in general (not transposed) so that slightly non-orthogonal DICOM geometry still round-trips.
 */
export function lpsToIjk(volume: Volume, lps: Vec3): Vec3 {
  const { origin, spacing, direction: d } = volume;
  // Columns of M are spacing-scaled axis vectors; solve M · ijk = lps − origin by Cramer's rule.
  const m = [
    [d[0] * spacing[0], d[3] * spacing[1], d[6] * spacing[2]],
    [d[1] * spacing[0], d[4] * spacing[1], d[7] * spacing[2]],
    [d[2] * spacing[0], d[5] * spacing[1], d[8] * spacing[2]],
  ];
  const r = [lps[0] - origin[0], lps[1] - origin[1], lps[2] - origin[2]];
  const det3 = (a: number[][]): number =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const det = det3(m);
  if (Math.abs(det) < 1e-12) throw new Error('lpsToIjk: the volume direction matrix is singular');
  const solve = (col: number): number =>
    det3(m.map((row, i) => row.map((v, j) => (j === col ? r[i] : v)))) / det;
  return [solve(0), solve(1), solve(2)];
}

/** Number of voxels (not values: channels are not counted). */
export function voxelCount(volume: Volume): number {
  return volume.dims[0] * volume.dims[1] * volume.dims[2];
}
