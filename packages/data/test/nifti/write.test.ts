import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createVolume,
  ijkToLps,
  readNifti,
  readNiftiFile,
  readNiftiHeader,
  writeNifti,
  writeNiftiFile,
  type Direction,
  type Volume,
} from '../../src';

// An oblique, left-handed grid: i rotated 30 degrees about z, j flipped (like LAS), anisotropic spacing.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const OBLIQUE: Direction = [c, s, 0, s, -c, 0, 0, 0, 1];

function ramp(): Volume {
  const voxels = new Int16Array(4 * 3 * 2).map((_, n) => n * 7 - 50);
  return createVolume({
    voxels,
    dims: [4, 3, 2],
    spacing: [0.5, 0.8, 2.5],
    origin: [10, -20, 30],
    direction: OBLIQUE,
  });
}

function expectSameGeometry(a: Volume, b: Volume): void {
  for (const ijk of [
    [0, 0, 0],
    [3, 2, 1],
    [1, 2, 0],
  ] as const) {
    const pa = ijkToLps(a, [...ijk]);
    const pb = ijkToLps(b, [...ijk]);
    pa.forEach((v, axis) => expect(pb[axis]).toBeCloseTo(v, 4));
  }
}

/** Rewrites one header field of an uncompressed NIfTI-1. */
function patch(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

describe('writeNifti / readNifti round trip', () => {
  it('keeps voxels, type and world positions through the sform (gzip and plain)', () => {
    const volume = ramp();
    for (const gzip of [true, false]) {
      const bytes = writeNifti(volume, { gzip });
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
      const back = readNifti(bytes);
      expect(back.voxels).toBeInstanceOf(Int16Array);
      expect([...back.voxels]).toEqual([...volume.voxels]);
      expect(back.dims).toEqual([4, 3, 2]);
      expectSameGeometry(volume, back);
    }
  });

  it('writes a qform that places voxels like the sform (read with sform_code 0)', () => {
    const plain = writeNifti(ramp(), { gzip: false });
    const header = readNiftiHeader(plain);
    expect(header).toMatchObject({ qformCode: 1, sformCode: 1 });
    // The grid is left-handed, so the qform needs qfac = -1 (stored in pixdim[0]).
    expect(new DataView(plain.buffer).getFloat32(76, true)).toBe(-1);
    const qformOnly = patch(plain, (view) => view.setInt16(254, 0, true));
    expect(readNiftiHeader(qformOnly).affineSource).toBe('qform');
    expectSameGeometry(ramp(), readNifti(qformOnly));
  });

  it('falls back to pixdim alone when neither transform is set (NIfTI method 0)', () => {
    const plain = writeNifti(ramp(), { gzip: false });
    const bare = patch(plain, (view) => {
      view.setInt16(252, 0, true);
      view.setInt16(254, 0, true);
    });
    const back = readNifti(bare);
    expect(readNiftiHeader(bare).affineSource).toBe('pixdim');
    expect(back.spacing.map((v) => +v.toFixed(5))).toEqual([0.5, 0.8, 2.5]);
    expect(back.origin).toEqual([0, 0, 0]);
    expect(back.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('applies scl_slope/scl_inter to images but not to label maps', () => {
    const plain = writeNifti(ramp(), { gzip: false });
    const scaled = patch(plain, (view) => {
      view.setFloat32(112, 2, true);
      view.setFloat32(116, 10, true);
    });
    const image = readNifti(scaled);
    expect(image.voxels).toBeInstanceOf(Float32Array);
    expect([...image.voxels].slice(0, 3)).toEqual([-90, -76, -62]); // (-50, -43, -36) * 2 + 10
    expect([...readNifti(scaled, { labels: true }).voxels].slice(0, 3)).toEqual([-50, -43, -36]);
  });

  it('writes RGB Uint8 volumes as rgb24 and marks label maps', () => {
    const rgb = createVolume({ voxels: Uint8Array.from([1, 2, 3, 4, 5, 6]), dims: [2, 1, 1], channels: 3 });
    const back = readNifti(writeNifti(rgb));
    expect(back.channels).toBe(3);
    expect([...back.voxels]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readNiftiHeader(writeNifti(rgb)).datatype).toBe(128);
    const labels = createVolume({ voxels: Uint8Array.from([0, 1, 2, 1]), dims: [2, 2, 1] });
    expect(readNiftiHeader(writeNifti(labels, { labels: true })).intentCode).toBe(1002);
  });

  it('refuses volumes with a channel count NIfTI cannot store', () => {
    const two = createVolume({ voxels: new Float32Array(8), dims: [2, 2, 1], channels: 2 });
    expect(() => writeNifti(two)).toThrow(/2 channels of Float32Array has no NIfTI datatype/);
  });

  it('reads big-endian files', () => {
    const little = writeNifti(ramp(), { gzip: false });
    const big = little.slice();
    const view = new DataView(big.buffer);
    const src = new DataView(little.buffer);
    // Swap every field this test relies on, then every int16 voxel.
    view.setInt32(0, 348, false);
    for (let i = 0; i < 8; i++) view.setInt16(40 + 2 * i, src.getInt16(40 + 2 * i, true), false);
    for (const at of [68, 70, 72, 252, 254]) view.setInt16(at, src.getInt16(at, true), false);
    for (let at = 76; at < 120; at += 4) view.setFloat32(at, src.getFloat32(at, true), false);
    for (let at = 256; at < 328; at += 4) view.setFloat32(at, src.getFloat32(at, true), false);
    for (let at = 352; at < big.length; at += 2) view.setInt16(at, src.getInt16(at, true), false);
    const back = readNifti(big);
    expect(readNiftiHeader(big).littleEndian).toBe(false);
    expect([...back.voxels]).toEqual([...ramp().voxels]);
    expectSameGeometry(ramp(), back);
  });
});

describe('NIfTI file helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seglens-nifti-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .nii.gz through a temporary file and reads it back', async () => {
    const path = join(dir, 'prediction.nii.gz');
    await writeNiftiFile(path, ramp(), { labels: true });
    expect(readdirSync(dir)).toEqual(['prediction.nii.gz']);
    const { volume, header } = await readNiftiFile(path);
    expect(header.intentCode).toBe(1002);
    expect([...volume.voxels]).toEqual([...ramp().voxels]);
  });

  it('names the path when writing or reading fails', async () => {
    await expect(writeNiftiFile(join(dir, 'x.png'), ramp())).rejects.toThrow(
      /x\.png must end in \.nii or \.nii\.gz/,
    );
    const missingFolder = join(dir, 'no-such-folder', 'p.nii.gz');
    await expect(writeNiftiFile(missingFolder, ramp())).rejects.toThrow(missingFolder);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    await expect(readNiftiFile(join(dir, 'absent.nii'))).rejects.toThrow(/cannot read .*absent\.nii/);
  });
});
