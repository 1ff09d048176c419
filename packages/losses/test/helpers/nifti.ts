/**
 * Reads a real label volume for the tests: a gzipped NIfTI-1 file, integer or float voxels. Only what a label
 * map needs (dims, datatype, vox_offset); @seglens/data has the full reader, but losses may not depend on it.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface LabelVolume {
  /** [nx, ny, nz], x fastest. */
  dims: [number, number, number];
  labels: Int32Array;
}

export function readLabelNifti(path: string): LabelVolume {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getInt32(0, true) === 348;
  if (!little && view.getInt32(0, false) !== 348) throw new Error(`${path}: not a NIfTI-1 file`);
  const dims: [number, number, number] = [1, 2, 3].map((i) => view.getInt16(40 + 2 * i, little)) as [
    number,
    number,
    number,
  ];
  const datatype = view.getInt16(70, little);
  const offset = view.getFloat32(108, little);
  const n = dims[0] * dims[1] * dims[2];
  const read: Record<number, [number, (o: number) => number]> = {
    2: [1, (o) => view.getUint8(o)],
    4: [2, (o) => view.getInt16(o, little)],
    8: [4, (o) => view.getInt32(o, little)],
    16: [4, (o) => view.getFloat32(o, little)],
    512: [2, (o) => view.getUint16(o, little)],
  };
  if (!(datatype in read)) throw new Error(`${path}: unsupported datatype ${datatype}`);
  const [size, get] = read[datatype];
  const labels = Int32Array.from({ length: n }, (_, i) => Math.round(get(offset + i * size)));
  return { dims, labels };
}
