import { spawnSync } from 'node:child_process';
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

/** Runs a dcmtk tool; throws (with its stderr) when it fails or prints any warning or error. */
export function dcmtk(tool: string, args: string[]): string {
  const run = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  if (run.status !== 0 || run.stderr.trim() !== '') {
    throw new Error(`${tool} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  return run.stdout;
}

/** Number of positions where two arrays differ (jest's toEqual is very slow on millions of elements). */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
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
