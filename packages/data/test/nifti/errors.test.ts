import { gzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVolume, readNifti, resolveDataDir, writeNifti } from '../../src';

const NAME = 'case_007.nii.gz';
const small = (): Uint8Array =>
  writeNifti(createVolume({ voxels: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]), dims: [2, 2, 2] }), {
    gzip: false,
  });

function patch(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

describe('readNifti rejects bad input with the file name and the reason', () => {
  it('truncated voxel data', () => {
    const real = readFileSync(join(resolveDataDir(), 'msd-hippocampus', 'labels', 'hippocampus_001.nii.gz'));
    const plain = writeNifti(readNifti(real, { labels: true }), { gzip: false });
    const cut = gzipSync(plain.subarray(0, plain.length - 100));
    expect(() => readNifti(cut, { name: NAME })).toThrow(
      `${NAME}: truncated: the header promises 35x51x35 uint8 voxels (62475 bytes from offset 352) but the file has ${plain.length - 100} bytes`,
    );
  });

  it('truncated or corrupt gzip stream', () => {
    const real = readFileSync(join(resolveDataDir(), 'msd-hippocampus', 'labels', 'hippocampus_001.nii.gz'));
    expect(() => readNifti(real.subarray(0, 500), { name: NAME })).toThrow(
      `${NAME}: corrupt or truncated gzip data`,
    );
    const garbled = real.slice();
    garbled.fill(0xff, 20, 200);
    expect(() => readNifti(garbled, { name: NAME })).toThrow(
      /case_007\.nii\.gz: corrupt or truncated gzip data/,
    );
  });

  it('too short, wrong sizeof_hdr, wrong magic, .hdr/.img pair', () => {
    expect(() => readNifti(new Uint8Array(100), { name: NAME })).toThrow(
      `${NAME}: too short to be NIfTI (100 bytes`,
    );
    const png = patch(small(), (v) => v.setInt32(0, 0x89504e47, true));
    expect(() => readNifti(png, { name: NAME })).toThrow(`${NAME}: not a NIfTI file (sizeof_hdr is`);
    const magic = patch(small(), (v) => v.setUint8(345, 'x'.charCodeAt(0)));
    expect(() => readNifti(magic, { name: NAME })).toThrow(
      `${NAME}: bad NIfTI-1 magic "nx1" (expected "n+1")`,
    );
    const pair = patch(small(), (v) => v.setUint8(345, 'i'.charCodeAt(0)));
    expect(() => readNifti(pair, { name: NAME })).toThrow(/header of a \.hdr\/\.img pair/);
  });

  it('unsupported datatype and inconsistent dims', () => {
    const int64 = patch(small(), (v) => v.setInt16(70, 1024, true));
    expect(() => readNifti(int64, { name: NAME })).toThrow(
      `${NAME}: unsupported NIfTI datatype 1024 (int64)`,
    );
    const zeroDim = patch(small(), (v) => v.setInt16(44, 0, true));
    expect(() => readNifti(zeroDim, { name: NAME })).toThrow(
      `${NAME}: corrupt NIfTI header (dims 2x0x2 must be >= 1)`,
    );
    const rank = patch(small(), (v) => v.setInt16(40, 9, true));
    expect(() => readNifti(rank, { name: NAME })).toThrow(/dim\[0\] is 9, must be 1\.\.7/);
  });

  it('4-D files are refused unless a timepoint is chosen', () => {
    // 2x2x1x2: the same 8 floats read as two 2x2x1 volumes.
    const fourD = patch(small(), (v) => {
      v.setInt16(40, 4, true);
      v.setInt16(46, 1, true);
      v.setInt16(48, 2, true);
    });
    expect(() => readNifti(fourD, { name: NAME })).toThrow(
      `${NAME}: 4-D NIfTI (2x2x1x2 voxels) is not supported; seglens reads 3-D volumes: pass { timepoint } to read one of them`,
    );
    expect([...readNifti(fourD, { timepoint: 1 }).voxels]).toEqual([4, 5, 6, 7]);
    expect(() => readNifti(fourD, { name: NAME, timepoint: 2 })).toThrow(
      /timepoint 2 is out of range \(the file holds 2/,
    );
  });

  it('label maps with fractional values', () => {
    const fractional = writeNifti(
      createVolume({ voxels: new Float32Array([0, 1, 1.5, 2]), dims: [2, 2, 1] }),
    );
    expect(() => readNifti(fractional, { name: NAME, labels: true })).toThrow(
      `${NAME}: label map holds 1.5 at voxel 2; labels must be whole numbers`,
    );
  });

  it('vox_offset pointing into the header', () => {
    const inside = patch(small(), (v) => v.setFloat32(108, 100, true));
    expect(() => readNifti(inside, { name: NAME })).toThrow(/vox_offset 100 points inside the header/);
  });
});
