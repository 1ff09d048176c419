// NIfTI places voxels in RAS+ world coordinates (+x Right, +y Anterior, +z Superior); DICOM and the seglens
// Volume use LPS+ (+x Left, +y Posterior, +z Superior). Converting between them negates the x and y rows of the
// affine and nothing else.
import type { Direction, Vec3 } from '../volume';

/** A 4x4 affine as rows; the last row is [0, 0, 0, 1]. */
export type Affine = number[][];

export interface VolumeGeometry {
  spacing: Vec3;
  origin: Vec3;
  direction: Direction;
}

/**
 * The rotation of a NIfTI qform quaternion (b, c, d; a is implied), with the voxel sizes and qfac applied, as
 * in the NIfTI-1 standard's method 2. qfac = -1 flips the k axis (left-handed voxel grids).
 */
export function qformToAffine(quatern: Vec3, offset: Vec3, pixdim: Vec3, qfac: number): Affine {
  let [b, c, d] = quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // A 180 degree rotation stored with rounding error: renormalise (b, c, d) and take a = 0.
    const norm = Math.hypot(b, c, d);
    b /= norm;
    c /= norm;
    d /= norm;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [dx, dy, dzRaw] = pixdim.map((p) => (p > 0 ? p : 1));
  const dz = qfac < 0 ? -dzRaw : dzRaw;
  return [
    [(a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, offset[0]],
    [2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, offset[1]],
    [2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, offset[2]],
    [0, 0, 0, 1],
  ];
}

/** Splits a RAS affine into the Volume's LPS spacing, origin and direction cosines. */
export function rasAffineToGeometry(affine: Affine, what = 'NIfTI affine'): VolumeGeometry {
  const lps = [affine[0].map((v) => -v), affine[1].map((v) => -v), affine[2].slice()];
  const spacing: number[] = [];
  const direction: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const column = [lps[0][axis], lps[1][axis], lps[2][axis]];
    const length = Math.hypot(column[0], column[1], column[2]);
    if (!(length > 0) || !Number.isFinite(length)) {
      throw new Error(
        `${what}: voxel axis ${'ijk'[axis]} has zero or non-finite length ([${column.join(', ')}])`,
      );
    }
    spacing.push(length);
    direction.push(...column.map((v) => v / length + 0)); // + 0 turns -0 into 0
  }
  return {
    spacing: spacing as Vec3,
    origin: [lps[0][3] + 0, lps[1][3] + 0, lps[2][3] + 0],
    direction: direction as Direction,
  };
}

/** The RAS affine (NIfTI sform) of a Volume's LPS geometry: the inverse of {@link rasAffineToGeometry}. */
export function geometryToRasAffine(geometry: VolumeGeometry): Affine {
  const { spacing, origin, direction: d } = geometry;
  const rows: Affine = [0, 1, 2].map((row) => [
    d[row] * spacing[0],
    d[3 + row] * spacing[1],
    d[6 + row] * spacing[2],
    origin[row],
  ]);
  for (const row of [0, 1]) rows[row] = rows[row].map((v) => -v + 0);
  rows.push([0, 0, 0, 1]);
  return rows;
}

/**
 * The qform quaternion (b, c, d) and qfac of a RAS affine's rotation, or undefined when the axes are not
 * orthogonal (a qform cannot express shear; the sform still does). Follows the NIfTI-1 reference algorithm.
 */
export function affineToQuaternion(affine: Affine): { quatern: Vec3; qfac: number } | undefined {
  const columns = [0, 1, 2].map((j) => {
    const v = [affine[0][j], affine[1][j], affine[2][j]];
    const n = Math.hypot(v[0], v[1], v[2]);
    return v.map((x) => x / n);
  });
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const dot =
        columns[i][0] * columns[j][0] + columns[i][1] * columns[j][1] + columns[i][2] * columns[j][2];
      if (Math.abs(dot) > 1e-4) return undefined;
    }
  }
  const r = (row: number, col: number): number => columns[col][row];
  const det =
    r(0, 0) * (r(1, 1) * r(2, 2) - r(1, 2) * r(2, 1)) -
    r(0, 1) * (r(1, 0) * r(2, 2) - r(1, 2) * r(2, 0)) +
    r(0, 2) * (r(1, 0) * r(2, 1) - r(1, 1) * r(2, 0));
  const qfac = det < 0 ? -1 : 1;
  // With qfac = -1 the stored rotation is the proper one whose k column is negated.
  const m = (row: number, col: number): number => (col === 2 ? qfac * r(row, col) : r(row, col));
  let a = m(0, 0) + m(1, 1) + m(2, 2) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (m(2, 1) - m(1, 2))) / a;
    c = (0.25 * (m(0, 2) - m(2, 0))) / a;
    d = (0.25 * (m(1, 0) - m(0, 1))) / a;
  } else {
    const xd = 1 + m(0, 0) - (m(1, 1) + m(2, 2));
    const yd = 1 + m(1, 1) - (m(0, 0) + m(2, 2));
    const zd = 1 + m(2, 2) - (m(0, 0) + m(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (m(0, 1) + m(1, 0))) / b;
      d = (0.25 * (m(0, 2) + m(2, 0))) / b;
      a = (0.25 * (m(2, 1) - m(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (m(0, 1) + m(1, 0))) / c;
      d = (0.25 * (m(1, 2) + m(2, 1))) / c;
      a = (0.25 * (m(0, 2) - m(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (m(0, 2) + m(2, 0))) / d;
      c = (0.25 * (m(1, 2) + m(2, 1))) / d;
      a = (0.25 * (m(1, 0) - m(0, 1))) / d;
    }
    // The quaternion and its negation are the same rotation; NIfTI stores the one with a >= 0.
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b + 0, c + 0, d + 0], qfac };
}
