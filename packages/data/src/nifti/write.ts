import { gzipSync } from 'fflate';
import type { Volume } from '../volume';
import { affineToQuaternion, geometryToRasAffine } from './affine';
import { datatypeForVoxels } from './datatypes';

export interface NiftiWriteOptions {
  /** gzip the result (.nii.gz); default true. */
  gzip?: boolean;
  /** Marks the file as a label map (intent NIFTI_INTENT_LABEL, 1002), as predictions are. */
  labels?: boolean;
  /** Free text stored in the header's descrip field (ASCII, at most 79 characters kept). */
  description?: string;
}

const HEADER_BYTES = 348;
/** Header plus the 4-byte extension flag: voxels start here. */
const VOX_OFFSET = 352;
const NIFTI_INTENT_LABEL = 1002;
const NIFTI_XFORM_SCANNER_ANAT = 1;
const NIFTI_UNITS_MM = 2;

function writeAscii(view: DataView, offset: number, text: string, maxLength: number): void {
  const clean = text.replace(/[^\x20-\x7e]/g, '?').slice(0, maxLength);
  for (let i = 0; i < clean.length; i++) view.setUint8(offset + i, clean.charCodeAt(i));
}

/**
 * Encodes a Volume as a little-endian single-file NIfTI-1 (.nii, or .nii.gz by default). The LPS geometry becomes
 * a RAS sform (code 1, scanner) and, when the axes are orthogonal, the same qform, so tools that read either field
 * place the voxels identically. No scaling is written (slope 1, intercept 0). Browser-safe.
 */
export function writeNifti(volume: Volume, options: NiftiWriteOptions = {}): Uint8Array {
  const datatype = datatypeForVoxels(volume.voxels, volume.channels);
  const [nx, ny, nz] = volume.dims;
  const dataBytes = volume.voxels.length * volume.voxels.BYTES_PER_ELEMENT;
  const out = new Uint8Array(VOX_OFFSET + dataBytes);
  const view = new DataView(out.buffer);
  const le = true;
  view.setInt32(0, HEADER_BYTES, le);
  const rank = nz > 1 ? 3 : ny > 1 ? 2 : 1;
  const dims = [rank, nx, ny, nz, 1, 1, 1, 1];
  dims.forEach((d, i) => view.setInt16(40 + 2 * i, d, le));
  if (options.labels) view.setInt16(68, NIFTI_INTENT_LABEL, le);
  view.setInt16(70, datatype.code, le);
  view.setInt16(72, datatype.bytes * datatype.channels * 8, le);
  const affine = geometryToRasAffine(volume);
  const quaternion = affineToQuaternion(affine);
  const pixdim = [quaternion?.qfac ?? 1, volume.spacing[0], volume.spacing[1], volume.spacing[2], 1, 1, 1, 1];
  pixdim.forEach((p, i) => view.setFloat32(76 + 4 * i, p, le));
  view.setFloat32(108, VOX_OFFSET, le);
  view.setFloat32(112, 1, le); // scl_slope
  view.setFloat32(116, 0, le); // scl_inter
  view.setUint8(123, NIFTI_UNITS_MM);
  writeAscii(view, 148, options.description ?? 'seglens', 79);
  if (quaternion) {
    view.setInt16(252, NIFTI_XFORM_SCANNER_ANAT, le);
    quaternion.quatern.forEach((q, i) => view.setFloat32(256 + 4 * i, q, le));
    for (let r = 0; r < 3; r++) view.setFloat32(268 + 4 * r, affine[r][3], le);
  }
  view.setInt16(254, NIFTI_XFORM_SCANNER_ANAT, le);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, affine[r][c], le);
  }
  if (options.labels) writeAscii(view, 328, 'labels', 15);
  writeAscii(view, 344, 'n+1', 3); // byte 347 stays 0; bytes 348..351 (no extensions) stay 0
  const voxels = volume.voxels;
  // Typed arrays use the host byte order, which is little-endian on every platform JavaScript runs on.
  out.set(new Uint8Array(voxels.buffer, voxels.byteOffset, dataBytes), VOX_OFFSET);
  return options.gzip === false ? out : gzipSync(out);
}
