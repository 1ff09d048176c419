// The unit of the distances (HD95, NSD tolerance) a command reports on a set of cases, by @seglens/metrics's rule
// (distanceUnitOfGrid, the same the viewer's panel uses): millimetres unless the files give no physical size
// (@seglens/data's Volume.spacingUnknown: PNG/JPEG frames, ACDC's dropped voxel size), then pixels for 2-D
// images and voxels for volumes. Taken from the cases themselves, not from the dataset's name, so a folder of the
// user's own files is labelled as its files say.
import type { LabelledCase } from '@seglens/data';
import { DEFAULT_NSD_TOLERANCE, distanceUnitOfGrid, type DistanceUnit } from '@seglens/metrics';

export type { DistanceUnit };

/** Cases from an archive have no dataset kind: single images (one slice each) count as 2-D. */
export function kindOfCases(cases: readonly LabelledCase[]): '2d' | 'volume' {
  return cases.length > 0 && cases.every((c) => c.image.dims[2] === 1) ? '2d' : 'volume';
}

/** One unit for all cases; cases that mix millimetres with pixels cannot be averaged and are an error. */
export function distanceUnitOf(cases: readonly LabelledCase[], kind: '2d' | 'volume'): DistanceUnit {
  const unknown = cases.find((c) => c.image.spacingUnknown);
  const known = cases.find((c) => !c.image.spacingUnknown);
  if (unknown && known)
    throw new Error(
      `case ${unknown.id} has no physical voxel size but case ${known.id} is in millimetres: distances over both cannot be averaged`,
    );
  return distanceUnitOfGrid(unknown !== undefined, kind === '2d' ? 'image' : 'volume');
}

/** The NSD tolerance when --nsd-tolerance is not given: 1 mm, 2 px or 1 voxel (DEFAULT_NSD_TOLERANCE). */
export function defaultNsdTolerance(unit: DistanceUnit): number {
  return DEFAULT_NSD_TOLERANCE[unit];
}
