/**
 * The unit of the distances measured on a grid (HD95, ASSD, the NSD tolerance), and the NSD tolerance to use when
 * the caller gives none. One rule for every caller (the CLI, the viewer's panel), so that a case reads the same
 * wherever it is scored:
 *
 * - 'mm' when the grid has a physical voxel size;
 * - 'px' when it has none and is a single image (an endoscopy frame, a PNG mask): one slice;
 * - 'voxels' when it has none and has several slices (a volume whose source dropped its voxel size).
 *
 * A distance "in mm" on a grid without a size would be a number in pixels with a false unit, which is the
 * mistake this rule exists to prevent.
 */
export type DistanceUnit = 'mm' | 'px' | 'voxels';

/**
 * NSD tolerance per unit, when the caller does not choose one: 1 mm; 2 pixels for images without a size (a
 * polyp's outline drawn by hand wanders by about that much); 1 voxel for volumes without a size.
 */
export const DEFAULT_NSD_TOLERANCE: Readonly<Record<DistanceUnit, number>> = { mm: 1, px: 2, voxels: 1 };

/** What a grid holds: one image (a single slice), or a volume of slices. */
export type GridShape = 'image' | 'volume';

/**
 * The distance unit of a grid: `spacingUnknown` as @seglens/data's Volume has it. A caller scoring a set of
 * cases passes the set's shape (a folder of volumes stays in voxels even where one volume has a single slice);
 * a caller with one grid passes `gridShape(dims)`.
 */
export function distanceUnitOfGrid(spacingUnknown: boolean, shape: GridShape): DistanceUnit {
  if (shape !== 'image' && shape !== 'volume')
    throw new Error(`distanceUnitOfGrid: shape must be 'image' or 'volume', got ${String(shape)}`);
  if (!spacingUnknown) return 'mm';
  return shape === 'image' ? 'px' : 'voxels';
}

/** 'image' for a grid of one slice, else 'volume'. */
export function gridShape(dims: readonly [number, number, number]): GridShape {
  return dims[2] === 1 ? 'image' : 'volume';
}

/** The unit as a table heading or a sentence shows it after a number: "1 mm", "2 px", "1 voxel", "3 voxels". */
export function formatDistance(value: number, unit: DistanceUnit): string {
  return unit === 'voxels' && value === 1 ? `${value} voxel` : `${value} ${unit}`;
}
