// Header repairs for the files of known public datasets whose headers do not match their anatomy or claim a
// voxel size they do not know. Applied
// when a dataset is loaded by its preset (training, evaluate, compare), never guessed from the voxels: a folder
// of the user's own files is read as its headers say.
import { ijkToLps, type Direction, type Volume } from '../volume';
import { DATASET_FOLDERS } from '../config/data-dir';

/** A header fix: its short name (recorded in model cards), why it is needed, and the fix itself. */
export interface HeaderRepair {
  name: string;
  reason: string;
  /** Returns the volume with the fixed header; the voxels are the same array. */
  apply: (volume: Volume) => Volume;
}

/**
 * The volume with its row axis (j) pointing the other way in the header: the j unit vector (direction[3..5])
 * negated, and the origin moved to the last row's centre so the grid covers the same box. The voxels stay.
 */
export function mirrorRowDirection(volume: Volume): Volume {
  const direction = [...volume.direction] as Direction;
  for (let r = 3; r < 6; r++) direction[r] = -direction[r] + 0;
  const origin = ijkToLps(volume, [0, volume.dims[1] - 1, 0]);
  return { ...volume, direction, origin };
}

/**
 * BTCV as ../shared/data ships it (joined back from the source's PNG slices): the header says the rows run
 * from anterior to posterior, but the spine and kidneys lie at the first rows and the gallbladder and the
 * abdominal wall at the last (checked on every case's labels: kidneys' mean row ≈ 80-100, gallbladder's ≈ 170
 * of 257). Left and right (i) and feet to head (k) are right. Mirroring the rows in the header puts every
 * voxel where the anatomy is, as on any scanner's CT.
 */
export const BTCV_ROWS_MIRRORED: HeaderRepair = {
  name: 'btcv-rows-mirrored',
  reason:
    'the BTCV files say their rows run anterior to posterior, the anatomy runs posterior to anterior; rows mirrored in the header',
  apply: mirrorRowDirection,
};

/**
 * ACDC as ../shared/data ships it (joined back from the source's HDF5 files): every file says 1 × 1 × 1 mm voxels,
 * but the source dropped the real size (ACDC's pixels are 1.3-1.9 mm, its slices 5-10 mm apart). Marking the
 * volume `spacingUnknown` (spacing 1 per voxel, as the files have it) keeps the grid, so every distance measured
 * on it is in voxels and is labelled so, instead of being called millimetres.
 */
export const ACDC_SPACING_DROPPED: HeaderRepair = {
  name: 'acdc-spacing-dropped',
  reason:
    'the ACDC files say 1 mm voxels but their source dropped the real size (1.3-1.9 mm pixels, 5-10 mm slices); distances are in voxels',
  apply: (volume) => ({ ...volume, spacing: [1, 1, 1], spacingUnknown: true }),
};

/** The repair each dataset folder of the data directory needs, by folder name. */
export const DATASET_HEADER_REPAIRS: Readonly<Record<string, HeaderRepair>> = {
  [DATASET_FOLDERS.btcvAbdomen]: BTCV_ROWS_MIRRORED,
  [DATASET_FOLDERS.acdcCardiac]: ACDC_SPACING_DROPPED,
};
