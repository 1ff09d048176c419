import { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import { createVolume, type Vec3, type Volume, type VoxelArray } from '../volume';
import { errorMessage } from '../config/node';
import { qformToAffine, rasAffineToGeometry, type Affine } from './affine';
import { gunzipVerified, isGzip } from './gzip';
import { niftiDatatype, swapBytes, unsupportedDatatypeMessage } from './datatypes';

export interface NiftiReadOptions {
  /** File name used in error messages. */
  name?: string;
  /**
   * Read a label map: scl_slope/scl_inter are ignored (a label is a class index, not a measurement, and scaling
   * would turn class 2 into some other number) and float voxels must hold whole numbers (returned as Int32Array).
   */
  labels?: boolean;
  /**
   * 4-D (or higher) files are rejected unless this picks one 3-D volume (0-based index over dims 4..7 flattened).
   */
  timepoint?: number;
}

/** The header facts seglens uses, for model cards, checks and tests. */
export interface NiftiHeaderInfo {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[1..dim[0]]. */
  dims: number[];
  datatype: number;
  datatypeName: string;
  /** pixdim[1..3]. */
  pixdim: Vec3;
  voxOffset: number;
  qformCode: number;
  sformCode: number;
  /** 4x4 RAS+ affine (rows) mapping voxel indices to world millimetres. */
  affine: Affine;
  /** Which header field the affine came from: sform when sform_code > 0, else qform, else pixdim only. */
  affineSource: 'sform' | 'qform' | 'pixdim';
  sclSlope: number;
  sclInter: number;
  intentCode: number;
  description: string;
}

export interface NiftiImage {
  volume: Volume;
  header: NiftiHeaderInfo;
}

type AnyNifti = NIFTI1 | NIFTI2;

function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Gunzips when the data starts with the gzip magic (checking the trailer), else returns the bytes as they are. */
function inflate(bytes: Uint8Array, name: string): Uint8Array {
  return isGzip(bytes) ? gunzipVerified(bytes, name) : bytes;
}

function parseHeader(bytes: Uint8Array, name: string): { header: AnyNifti; version: 1 | 2; view: DataView } {
  if (bytes.length < 348) {
    throw new Error(`${name}: too short to be NIfTI (${bytes.length} bytes; a NIfTI-1 header alone is 348)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  const version = sizeLE === 348 || sizeBE === 348 ? 1 : sizeLE === 540 || sizeBE === 540 ? 2 : undefined;
  if (!version) {
    throw new Error(
      `${name}: not a NIfTI file (sizeof_hdr is ${sizeLE}, expected 348 for NIfTI-1 or 540 for NIfTI-2)`,
    );
  }
  const magicAt = version === 1 ? 344 : 4;
  const magic = String.fromCharCode(...bytes.subarray(magicAt, magicAt + 3));
  if (magic === 'ni1' || magic === 'ni2') {
    throw new Error(
      `${name}: this is the header of a .hdr/.img pair; seglens reads single-file .nii / .nii.gz only`,
    );
  }
  if (magic !== `n+${version}`) {
    throw new Error(
      `${name}: bad NIfTI-${version} magic "${magic.replace(/[^\x20-\x7e]/g, '?')}" (expected "n+${version}")`,
    );
  }
  if (version === 2 && bytes.length < 540) {
    throw new Error(`${name}: truncated NIfTI-2 header (${bytes.length} bytes of 540)`);
  }
  const header = version === 1 ? new NIFTI1() : new NIFTI2();
  // Only the fixed-size header goes to nifti-reader-js: seglens ignores header extensions, and the library's
  // extension parser logs to the console.
  const headerBytes = version === 1 ? 348 : 540;
  const buffer = bytes.slice(0, headerBytes).buffer;
  try {
    header.readHeader(buffer);
  } catch (error) {
    throw new Error(`${name}: corrupt NIfTI header (${errorMessage(error)})`);
  }
  return { header, version, view };
}

/** sform rows read from the raw header: nifti-reader-js overwrites its affine with the qform in some cases. */
function sformRows(view: DataView, version: 1 | 2, littleEndian: boolean): Affine {
  const rows: Affine = [];
  for (let r = 0; r < 3; r++) {
    const row: number[] = [];
    for (let c = 0; c < 4; c++) {
      const value =
        version === 1
          ? view.getFloat32(280 + (r * 4 + c) * 4, littleEndian)
          : view.getFloat64(400 + (r * 4 + c) * 8, littleEndian);
      row.push(value + 0); // + 0 turns -0 into 0
    }
    rows.push(row);
  }
  rows.push([0, 0, 0, 1]);
  return rows;
}

function headerAffine(
  h: AnyNifti,
  view: DataView,
  version: 1 | 2,
): Pick<NiftiHeaderInfo, 'affine' | 'affineSource'> {
  const pixdim: Vec3 = [h.pixDims[1], h.pixDims[2], h.pixDims[3]];
  if (h.sform_code > 0) return { affine: sformRows(view, version, h.littleEndian), affineSource: 'sform' };
  if (h.qform_code > 0) {
    const qfac = h.pixDims[0] < 0 ? -1 : 1;
    return {
      affine: qformToAffine(
        [h.quatern_b, h.quatern_c, h.quatern_d],
        [h.qoffset_x, h.qoffset_y, h.qoffset_z],
        pixdim,
        qfac,
      ),
      affineSource: 'qform',
    };
  }
  // NIfTI-1 "method 0" (ANALYZE compatibility): voxel sizes only, no orientation or offset.
  const [dx, dy, dz] = pixdim.map((p) => (p > 0 ? p : 1));
  return {
    affine: [
      [dx, 0, 0, 0],
      [0, dy, 0, 0],
      [0, 0, dz, 0],
      [0, 0, 0, 1],
    ],
    affineSource: 'pixdim',
  };
}

/** Header facts of a .nii or .nii.gz file's bytes (gzip detected by its magic number). */
export function readNiftiHeader(
  data: ArrayBuffer | Uint8Array,
  options: { name?: string } = {},
): NiftiHeaderInfo {
  const name = options.name ?? 'NIfTI data';
  return parse(inflate(toBytes(data), name), name).info;
}

function parse(bytes: Uint8Array, name: string): { info: NiftiHeaderInfo; header: AnyNifti } {
  const { header: h, version, view } = parseHeader(bytes, name);
  const rank = h.dims[0];
  if (!(rank >= 1 && rank <= 7))
    throw new Error(`${name}: corrupt NIfTI header (dim[0] is ${rank}, must be 1..7)`);
  const dims = h.dims.slice(1, rank + 1);
  if (dims.some((n) => !(n >= 1)))
    throw new Error(`${name}: corrupt NIfTI header (dims ${dims.join('x')} must be >= 1)`);
  const datatype = niftiDatatype(h.datatypeCode);
  const info: NiftiHeaderInfo = {
    version,
    littleEndian: h.littleEndian,
    dims,
    datatype: h.datatypeCode,
    datatypeName: datatype?.name ?? `code ${h.datatypeCode}`,
    pixdim: [h.pixDims[1], h.pixDims[2], h.pixDims[3]],
    voxOffset: Math.floor(h.vox_offset),
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    ...headerAffine(h, view, version),
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    intentCode: h.intent_code,
    description: h.description.replace(/\0.*$/s, ''),
  };
  return { info, header: h };
}

/** Whether scl_slope/scl_inter change the stored values (slope 0 or NaN means "no scaling" in NIfTI). */
function scalingApplies(info: NiftiHeaderInfo): boolean {
  const { sclSlope: slope, sclInter: inter } = info;
  if (!Number.isFinite(slope) || slope === 0) return false;
  return slope !== 1 || (Number.isFinite(inter) && inter !== 0);
}

function labelVoxels(voxels: VoxelArray, float: boolean, name: string): VoxelArray {
  if (!float) return voxels;
  const out = new Int32Array(voxels.length);
  for (let i = 0; i < voxels.length; i++) {
    const v = voxels[i];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new Error(`${name}: label map holds ${v} at voxel ${i}; labels must be whole numbers`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Decodes a .nii / .nii.gz (NIfTI-1 or NIfTI-2, either byte order) into a Volume in LPS geometry plus the header
 * facts. The affine is the sform when sform_code > 0, else the qform, else pixdim alone. Float64 voxels are
 * narrowed to Float32Array. Every malformed input throws an Error that starts with the file name.
 */
export function decodeNifti(data: ArrayBuffer | Uint8Array, options: NiftiReadOptions = {}): NiftiImage {
  const name = options.name ?? 'NIfTI data';
  const bytes = inflate(toBytes(data), name);
  const { info } = parse(bytes, name);
  const datatype = niftiDatatype(info.datatype);
  if (!datatype) throw new Error(`${name}: ${unsupportedDatatypeMessage(info.datatype)}`);
  const [nx, ny = 1, nz = 1] = info.dims;
  const volumes = info.dims.slice(3).reduce((a, b) => a * b, 1);
  let timepoint = 0;
  if (options.timepoint !== undefined) {
    timepoint = options.timepoint;
    if (!Number.isInteger(timepoint) || timepoint < 0 || timepoint >= volumes) {
      throw new Error(
        `${name}: timepoint ${options.timepoint} is out of range (the file holds ${volumes} volume(s))`,
      );
    }
  } else if (volumes > 1) {
    throw new Error(
      `${name}: ${info.dims.length}-D NIfTI (${info.dims.join('x')} voxels) is not supported; seglens reads 3-D ` +
        'volumes: pass { timepoint } to read one of them',
    );
  }
  const voxelBytes = datatype.bytes * datatype.channels;
  const volumeBytes = nx * ny * nz * voxelBytes;
  const start = info.voxOffset + timepoint * volumeBytes;
  const needed = info.voxOffset + volumes * volumeBytes;
  if (info.voxOffset < (info.version === 1 ? 348 : 540)) {
    throw new Error(`${name}: corrupt NIfTI header (vox_offset ${info.voxOffset} points inside the header)`);
  }
  if (bytes.length < needed) {
    throw new Error(
      `${name}: truncated: the header promises ${info.dims.join('x')} ${datatype.name} voxels ` +
        `(${needed - info.voxOffset} bytes from offset ${info.voxOffset}) but the file has ${bytes.length} bytes`,
    );
  }
  // Copy so the typed array is aligned and owns its memory (not a view on the whole decompressed file).
  const raw = bytes.slice(start, start + volumeBytes);
  if (!info.littleEndian) swapBytes(raw, datatype.bytes);
  let voxels = datatype.create(raw.buffer);
  if (options.labels) {
    if (datatype.channels !== 1)
      throw new Error(`${name}: a label map must have one component per voxel, not rgb24`);
    voxels = labelVoxels(voxels, datatype.float, name);
  } else if (scalingApplies(info)) {
    const scaled = new Float32Array(voxels.length);
    for (let i = 0; i < voxels.length; i++) scaled[i] = voxels[i] * info.sclSlope + info.sclInter;
    voxels = scaled;
  }
  const geometry = rasAffineToGeometry(info.affine, `${name}: NIfTI ${info.affineSource}`);
  const volume = createVolume({ voxels, dims: [nx, ny, nz], ...geometry, channels: datatype.channels });
  return { volume, header: info };
}

/** Decodes a .nii / .nii.gz into a Volume (see {@link decodeNifti}). */
export function readNifti(data: ArrayBuffer | Uint8Array, options: NiftiReadOptions = {}): Volume {
  return decodeNifti(data, options).volume;
}
