import type { VoxelArray } from '../volume';

/** One NIfTI datatype that seglens reads: its code, name, bytes per stored value, and components per voxel. */
export interface NiftiDatatype {
  code: number;
  name: string;
  bytes: number;
  channels: number;
  /** Builds the typed array the Volume keeps (float64 is narrowed to float32: Volume has no Float64Array). */
  create: (buffer: ArrayBuffer) => VoxelArray;
  float: boolean;
}

const DATATYPES: NiftiDatatype[] = [
  { code: 2, name: 'uint8', bytes: 1, channels: 1, float: false, create: (b) => new Uint8Array(b) },
  { code: 4, name: 'int16', bytes: 2, channels: 1, float: false, create: (b) => new Int16Array(b) },
  { code: 8, name: 'int32', bytes: 4, channels: 1, float: false, create: (b) => new Int32Array(b) },
  { code: 16, name: 'float32', bytes: 4, channels: 1, float: true, create: (b) => new Float32Array(b) },
  {
    code: 64,
    name: 'float64',
    bytes: 8,
    channels: 1,
    float: true,
    create: (b) => Float32Array.from(new Float64Array(b)),
  },
  { code: 128, name: 'rgb24', bytes: 1, channels: 3, float: false, create: (b) => new Uint8Array(b) },
  { code: 256, name: 'int8', bytes: 1, channels: 1, float: false, create: (b) => new Int8Array(b) },
  { code: 512, name: 'uint16', bytes: 2, channels: 1, float: false, create: (b) => new Uint16Array(b) },
  { code: 768, name: 'uint32', bytes: 4, channels: 1, float: false, create: (b) => new Uint32Array(b) },
];

/** Names of the NIfTI codes seglens does not read, for error messages. */
const UNSUPPORTED: Record<number, string> = {
  1: 'binary (1 bit)',
  32: 'complex64',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'rgba32',
};

export function niftiDatatype(code: number): NiftiDatatype | undefined {
  return DATATYPES.find((d) => d.code === code);
}

export function unsupportedDatatypeMessage(code: number): string {
  const known = UNSUPPORTED[code];
  const supported = DATATYPES.map((d) => `${d.name} (${d.code})`).join(', ');
  return `unsupported NIfTI datatype ${code}${known ? ` (${known})` : ''}; seglens reads ${supported}`;
}

/** The NIfTI datatype a Volume's voxels are written as. */
export function datatypeForVoxels(voxels: VoxelArray, channels: number): NiftiDatatype {
  const code =
    channels === 3 && voxels instanceof Uint8Array
      ? 128
      : voxels instanceof Uint8Array
        ? 2
        : voxels instanceof Int8Array
          ? 256
          : voxels instanceof Uint16Array
            ? 512
            : voxels instanceof Int16Array
              ? 4
              : voxels instanceof Int32Array
                ? 8
                : voxels instanceof Uint32Array
                  ? 768
                  : 16;
  const datatype = niftiDatatype(code);
  if (!datatype) throw new Error(`datatypeForVoxels: no NIfTI datatype for code ${code}`);
  if (channels !== datatype.channels) {
    throw new Error(
      `writeNifti: a Volume with ${channels} channels of ${voxels.constructor.name} has no NIfTI datatype ` +
        '(only 1 channel of any type, or 3 channels of Uint8Array as rgb24)',
    );
  }
  return datatype;
}

/** Reverses the byte order of each `bytes`-wide value in place (big-endian files). */
export function swapBytes(data: Uint8Array, bytes: number): void {
  if (bytes === 1) return;
  for (let i = 0; i < data.length; i += bytes) {
    for (let a = i, b = i + bytes - 1; a < b; a++, b--) {
      const t = data[a];
      data[a] = data[b];
      data[b] = t;
    }
  }
}
