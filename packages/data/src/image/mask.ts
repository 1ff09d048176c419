import { createVolume, type Volume } from '../volume';
import { detectImageFormat, readImage } from './decode';

export interface MaskReadOptions {
  /** File name used in error messages. */
  name?: string;
  /**
   * 'binary' (default): 0/255 (or 0/1) masks become labels 0/1; 'labels': pixel values are class indices
   * (0..255) and are kept as they are.
   */
  mode?: 'binary' | 'labels';
  /**
   * Binary mode only: pixels above this value become 1. Without it a PNG mask must hold exactly two values
   * (0 and 255, or 0 and 1) and anything else is an error; JPEG masks default to 127 because lossy compression
   * always blurs their edges.
   */
  threshold?: number;
}

/** Single-channel view of a mask image; colour masks are accepted only when R = G = B everywhere. */
function greyMask(volume: Volume, name: string): Volume {
  if (volume.channels === 1) return volume;
  const pixels = volume.dims[0] * volume.dims[1];
  const out = new Uint8Array(pixels);
  const v = volume.voxels;
  for (let p = 0; p < pixels; p++) {
    const r = v[3 * p];
    if (v[3 * p + 1] !== r || v[3 * p + 2] !== r) {
      throw new Error(
        `${name}: colour mask (pixel ${p % volume.dims[0]},${Math.floor(p / volume.dims[0])} is not grey)`,
      );
    }
    out[p] = r;
  }
  return createVolume({ voxels: out, dims: volume.dims });
}

/**
 * Decodes a PNG/JPEG mask into a Uint8Array label Volume ([width, height, 1], one channel). Binary masks become
 * 0/1; see {@link MaskReadOptions} for thresholding and multi-class masks. Errors name the file and the first
 * offending pixel. Browser-safe.
 */
export function readMask(data: ArrayBuffer | Uint8Array, options: MaskReadOptions = {}): Volume {
  const name = options.name ?? 'mask data';
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const mask = greyMask(readImage(bytes, { name }), name);
  const [width, height] = mask.dims;
  const v = mask.voxels;
  const out = new Uint8Array(v.length);
  const where = (p: number): string => `pixel ${p % width},${Math.floor(p / width)}`;
  if (options.mode === 'labels') {
    for (let p = 0; p < v.length; p++) {
      if (v[p] > 255) throw new Error(`${name}: label ${v[p]} at ${where(p)} does not fit 0..255`);
      out[p] = v[p];
    }
    return createVolume({ voxels: out, dims: [width, height, 1] });
  }
  const threshold = options.threshold ?? (detectImageFormat(bytes) === 'jpeg' ? 127 : undefined);
  if (threshold !== undefined) {
    for (let p = 0; p < v.length; p++) out[p] = v[p] > threshold ? 1 : 0;
    return createVolume({ voxels: out, dims: [width, height, 1] });
  }
  let max = 0;
  for (let p = 0; p < v.length; p++) if (v[p] > max) max = v[p];
  const on = max <= 1 ? 1 : v instanceof Uint16Array ? 65535 : 255;
  for (let p = 0; p < v.length; p++) {
    if (v[p] === on) out[p] = 1;
    else if (v[p] !== 0) {
      throw new Error(
        `${name}: binary mask holds ${v[p]} at ${where(p)} (only 0 and ${on} are allowed); ` +
          'pass { threshold } to binarise it or { mode: "labels" } for class indices',
      );
    }
  }
  return createVolume({ voxels: out, dims: [width, height, 1] });
}
