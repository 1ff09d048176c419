// A Volume that arrived by postMessage is only data: rebuild it through createVolume so that a wrong voxel
// count, dims or spacing is reported with the request's name instead of failing somewhere inside TF.js.
import { createVolume, type Volume } from '@seglens/data';

export function checkVolume(value: unknown, what: string): Volume {
  const v = value as Partial<Volume> | null | undefined;
  if (
    !v ||
    typeof v !== 'object' ||
    !ArrayBuffer.isView(v.voxels) ||
    !Array.isArray(v.dims) ||
    v.dims.length !== 3
  )
    throw new Error(
      `${what} must be a Volume (voxels typed array, dims [columns, rows, slices], spacing, ...)`,
    );
  try {
    return createVolume({
      voxels: v.voxels,
      dims: v.dims,
      spacing: v.spacing,
      origin: v.origin,
      direction: v.direction,
      channels: v.channels,
      dicom: v.dicom,
      spacingUnknown: v.spacingUnknown === true,
    });
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
