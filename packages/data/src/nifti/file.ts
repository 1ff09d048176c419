// Node-only file helpers for NIfTI; the byte-level readNifti/writeNifti work in browsers too.
import type { Volume } from '../volume';
import { writeFileAtomic } from '../config/atomic-write';
import { errorMessage, nodeFs } from '../config/node';
import { decodeNifti, type NiftiImage, type NiftiReadOptions } from './read';
import { writeNifti, type NiftiWriteOptions } from './write';

/** Reads a .nii or .nii.gz file into a Volume plus its header facts. Node only. */
export async function readNiftiFile(
  path: string,
  options: Omit<NiftiReadOptions, 'name'> = {},
): Promise<NiftiImage> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFs('readNiftiFile').readFile(path);
  } catch (error) {
    throw new Error(`readNiftiFile: cannot read ${path}: ${errorMessage(error)}`);
  }
  return decodeNifti(bytes, { ...options, name: path });
}

/**
 * Writes a Volume to `path` (.nii.gz compressed, .nii plain; other extensions are refused) through a temporary
 * file and a rename, so a crash never leaves a half-written prediction behind. Node only.
 */
export async function writeNiftiFile(
  path: string,
  volume: Volume,
  options: Omit<NiftiWriteOptions, 'gzip'> = {},
): Promise<void> {
  const gzip = /\.nii\.gz$/i.test(path);
  if (!gzip && !/\.nii$/i.test(path)) {
    throw new Error(`writeNiftiFile: ${path} must end in .nii or .nii.gz`);
  }
  await writeFileAtomic(path, writeNifti(volume, { ...options, gzip }));
}
