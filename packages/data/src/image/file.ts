// Node-only file helpers; readImage/readMask take bytes and work in browsers too.
import type { Volume } from '../volume';
import { errorMessage, nodeFs } from '../config/node';
import { readImage } from './decode';
import { readMask, type MaskReadOptions } from './mask';

async function readBytes(path: string, caller: string): Promise<Uint8Array> {
  try {
    return await nodeFs(caller).readFile(path);
  } catch (error) {
    throw new Error(`${caller}: cannot read ${path}: ${errorMessage(error)}`);
  }
}

/** Reads a PNG or JPEG file into a Volume (see readImage). Node only. */
export async function readImageFile(path: string): Promise<Volume> {
  return readImage(await readBytes(path, 'readImageFile'), { name: path });
}

/** Reads a PNG or JPEG mask file into a 0/1 (or class index) Volume (see readMask). Node only. */
export async function readMaskFile(
  path: string,
  options: Omit<MaskReadOptions, 'name'> = {},
): Promise<Volume> {
  return readMask(await readBytes(path, 'readMaskFile'), { ...options, name: path });
}
