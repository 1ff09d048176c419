import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The shared real-data folder: SEGLENS_DATA_DIR, else <repo root>/../shared/data. */
export const DATA_DIR = process.env.SEGLENS_DATA_DIR ?? path.resolve(__dirname, '../../../../../shared/data');

export const CT_J2K_DIR = path.join(DATA_DIR, 'ct-abdomen-totalsegmentator/dicom');
export const LIVER_DIR = path.join(DATA_DIR, 'ct-liver-dicom-seg');
export const LIVER_CT_DIR = path.join(LIVER_DIR, 'dicom');
export const HIPPO_DIR = path.join(DATA_DIR, 'msd-hippocampus-dicom');
export const HIPPO_SERIES = [
  path.join(HIPPO_DIR, 'Study1/13_HCropVolume'),
  path.join(HIPPO_DIR, 'Study2/14_HCropVolume'),
  path.join(HIPPO_DIR, 'Study3/11_HCropVolume'),
];

export function tempDir(prefix = 'seglens-dicom-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a dcmtk tool and returns its stdout (throws with stderr when it fails). */
export function dcmtk(tool: string, args: string[]): string {
  return execFileSync(tool, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
}

/** Voxel (i, j, k) of a single-channel volume. */
export function voxelAt(
  v: { voxels: ArrayLike<number>; dims: number[] },
  i: number,
  j: number,
  k: number,
): number {
  return v.voxels[(k * v.dims[1] + j) * v.dims[0] + i];
}
