import {
  ijkToLps,
  lpsToIjk,
  type DicomSource,
  type Direction,
  type Vec3,
  type Volume,
  type VoxelArray,
} from '../volume';

/** The grid part of a Volume: where its voxels sit in the patient. */
export interface Grid {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Direction;
  dicom?: DicomSource;
  spacingUnknown?: true;
}

export interface ResampleOptions {
  /** Value for target voxels whose centre falls outside the source grid; default 0. */
  background?: number;
}

type VoxelArrayConstructor = new (length: number) => VoxelArray;

// A module-scope alias: inside sandboxes such as jest's vm context every global lookup (Math) in a hot loop is
// an interceptor call, which made resampling 100x slower there.
const { round } = Math;

/**
 * Nearest-neighbour resampling of a label map onto another grid through world coordinates: for each target
 * voxel, its LPS centre (ijkToLps on the target) is located in the source (lpsToIjk), rounded to the nearest
 * voxel, and that label copied; centres outside the source get `background`. Labels are never blended, so
 * class indices survive. The result has the target's grid (and DICOM identifiers) and the source's array type.
 */
export function resampleLabels(source: Volume, target: Grid, options: ResampleOptions = {}): Volume {
  if (source.channels !== 1) {
    throw new Error(`resampleLabels: the source must have one channel (a label map), got ${source.channels}`);
  }
  const background = options.background ?? 0;
  const targetVolume = { ...target, voxels: source.voxels, channels: 1 };
  // The target-to-source index map is affine, so three axis steps describe it and the loop only adds.
  const sourceIndexOf = (ijk: Vec3): Vec3 => lpsToIjk(source, ijkToLps(targetVolume, ijk));
  const o = sourceIndexOf([0, 0, 0]);
  const [si, sj, sk] = [0, 1, 2].map((axis): Vec3 => {
    const unit: Vec3 = [0, 0, 0];
    unit[axis] = 1;
    const p = sourceIndexOf(unit);
    return [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
  });
  const [nx, ny, nz] = target.dims;
  const [mx, my, mz] = source.dims;
  const src = source.voxels;
  const out = new (src.constructor as VoxelArrayConstructor)(nx * ny * nz);
  if (background !== 0) out.fill(background);
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x = o[0] + j * sj[0] + k * sk[0];
      let y = o[1] + j * sj[1] + k * sk[1];
      let z = o[2] + j * sj[2] + k * sk[2];
      for (let i = 0; i < nx; i++, n++, x += si[0], y += si[1], z += si[2]) {
        const a = round(x);
        const b = round(y);
        const c = round(z);
        if (a >= 0 && a < mx && b >= 0 && b < my && c >= 0 && c < mz) out[n] = src[a + mx * (b + my * c)];
      }
    }
  }
  return {
    voxels: out,
    dims: [...target.dims],
    spacing: [...target.spacing],
    origin: [...target.origin],
    direction: [...target.direction],
    channels: 1,
    dicom: target.dicom,
    ...(target.spacingUnknown ? { spacingUnknown: true as const } : {}),
  };
}

/**
 * Whether two grids place every voxel at the same world position (within `tolerance` millimetres at the grid's
 * corners), e.g. an image and its label map.
 */
export function sameGrid(a: Grid, b: Grid, tolerance = 1e-3): boolean {
  if (a.dims.some((n, axis) => n !== b.dims[axis])) return false;
  const va = { ...a, voxels: new Uint8Array(0), channels: 1 };
  const vb = { ...b, voxels: new Uint8Array(0), channels: 1 };
  const [nx, ny, nz] = a.dims;
  const corners: Vec3[] = [
    [0, 0, 0],
    [nx - 1, 0, 0],
    [0, ny - 1, 0],
    [0, 0, nz - 1],
    [nx - 1, ny - 1, nz - 1],
  ];
  return corners.every((ijk) => {
    const pa = ijkToLps(va, ijk);
    const pb = ijkToLps(vb, ijk);
    return Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]) <= tolerance;
  });
}
