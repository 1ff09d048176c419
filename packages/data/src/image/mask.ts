import { createVolume, type Volume } from '../volume';
import { detectImageFormat, readImage } from './decode';

export interface MaskReadOptions {
  /** File name used in error messages. */
  name?: string;
  /**
   * 'binary' (default): 0/255 (or 0/1) masks become labels 0/1; 'labels': pixel values are class indices
   * (0..255) and are kept as they are; 'auto': decided from the values (see {@link MAX_LABEL_MAP_INDEX}).
   */
  mode?: 'binary' | 'labels' | 'auto';
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
  return createVolume({ voxels: out, dims: volume.dims, spacingUnknown: volume.spacingUnknown });
}

/**
 * 'auto' masks: a PNG whose values are all at most this is a label map (class indices, kept as they are); one
 * holding only 0 and its full value (255, or 65535 for 16 bits) is binary; anything else fits neither and is an
 * error naming the file and the pixel. Label maps name classes by small integers, so 63 leaves room for any
 * dataset's classes while refusing grey images and anti-aliased masks (whose edge values run up to 254).
 */
export const MAX_LABEL_MAP_INDEX = 63;

/** 'auto': which kind of mask the values make, or an Error naming the file and the first value that fits neither. */
function detectMaskKind(
  v: ArrayLike<number>,
  full: number,
  jpeg: boolean,
  name: string,
  where: (p: number) => string,
): 'binary' | 'labels' {
  let max = 0;
  let maxAt = -1;
  let odd = -1;
  for (let p = 0; p < v.length; p++) {
    const x = v[p];
    if (x > max) {
      max = x;
      maxAt = p;
    }
    if (odd < 0 && x > MAX_LABEL_MAP_INDEX && x !== full) odd = p;
  }
  // Lossy JPEG blurs edges: its masks are binary by a threshold, and class indices cannot survive it.
  if (jpeg) {
    if (max > 0 && max <= MAX_LABEL_MAP_INDEX)
      throw new Error(
        `${name}: JPEG mask whose largest value is ${max} (at ${where(maxAt)}): a label map must be saved as PNG (JPEG compression changes class indices); a binary JPEG mask marks foreground with 255`,
      );
    return 'binary';
  }
  if (odd >= 0)
    throw new Error(
      `${name}: value ${v[odd]} at ${where(odd)} is neither a class index (0..${MAX_LABEL_MAP_INDEX}) nor the ${full} of a binary mask`,
    );
  if (max === full && full > 1) {
    const index = Array.prototype.findIndex.call(v, (x: number) => x !== 0 && x !== full);
    if (index >= 0)
      throw new Error(
        `${name}: holds ${full} (binary foreground) and ${v[index]} at ${where(index)} (a class index): a mask is either binary (0 and ${full}) or a label map (0..${MAX_LABEL_MAP_INDEX}), not both`,
      );
    return 'binary';
  }
  return 'labels';
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
  const jpeg = detectImageFormat(bytes) === 'jpeg';
  const mode =
    options.mode === 'auto' && options.threshold === undefined
      ? detectMaskKind(v, v instanceof Uint16Array ? 65535 : 255, jpeg, name, where)
      : options.mode;
  if (mode === 'labels') {
    for (let p = 0; p < v.length; p++) {
      if (v[p] > 255) throw new Error(`${name}: label ${v[p]} at ${where(p)} does not fit 0..255`);
      out[p] = v[p];
    }
    return createVolume({ voxels: out, dims: [width, height, 1], spacingUnknown: true });
  }
  const threshold = options.threshold ?? (jpeg ? 127 : undefined);
  if (threshold !== undefined) {
    for (let p = 0; p < v.length; p++) out[p] = v[p] > threshold ? 1 : 0;
    return createVolume({ voxels: out, dims: [width, height, 1], spacingUnknown: true });
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
  return createVolume({ voxels: out, dims: [width, height, 1], spacingUnknown: true });
}
