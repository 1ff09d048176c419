import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { createVolume, type Volume } from '../volume';
import { errorMessage } from '../config/node';

export type ImageFormat = 'png' | 'jpeg';

export interface ImageReadOptions {
  /** File name used in error messages. */
  name?: string;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of encoded image bytes from their signature, or undefined for anything else. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Components in a JPEG frame header (SOFn): 1 for greyscale, 3 for colour. jpeg-js always returns RGB. */
function jpegComponents(bytes: Uint8Array): number | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return bytes[at + 9];
    if (marker === 0xda) return undefined; // scan data before any frame header
    at += 2 + length;
  }
  return undefined;
}

function readJpeg(bytes: Uint8Array, name: string): Volume {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (error) {
    throw new Error(`${name}: corrupt JPEG (${errorMessage(error)})`);
  }
  const { width, height, data } = decoded;
  if (jpegComponents(bytes) === 1) {
    const grey = new Uint8Array(width * height);
    for (let p = 0; p < grey.length; p++) grey[p] = data[3 * p];
    return createVolume({ voxels: grey, dims: [width, height, 1], spacingUnknown: true });
  }
  return createVolume({ voxels: data, dims: [width, height, 1], channels: 3, spacingUnknown: true });
}

/** Unpacks 1/2/4-bit PNG samples (rows padded to whole bytes) into one byte per sample. */
function unpackBits(packed: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function readPng(bytes: Uint8Array, name: string): Volume {
  let png: ReturnType<typeof decodePng>;
  try {
    png = decodePng(bytes);
  } catch (error) {
    throw new Error(`${name}: corrupt or unsupported PNG (${errorMessage(error)})`);
  }
  const { width, height, depth, palette } = png;
  const pixels = width * height;
  let samples: Uint8Array | Uint16Array =
    depth < 8
      ? unpackBits(png.data, width * png.channels, height, depth)
      : (png.data as Uint8Array | Uint16Array);
  let channels = png.channels;
  if (palette) {
    // Indexed colour: look each index up; a palette of greys stays one channel.
    const grey = palette.every(([r, g, b]) => r === g && g === b);
    channels = grey ? 1 : 3;
    const out = new Uint8Array(pixels * channels);
    for (let p = 0; p < pixels; p++) {
      const colour = palette[samples[p]];
      if (!colour) throw new Error(`${name}: PNG palette index ${samples[p]} is out of range`);
      for (let c = 0; c < channels; c++) out[p * channels + c] = colour[c];
    }
    return createVolume({ voxels: out, dims: [width, height, 1], channels, spacingUnknown: true });
  }
  if (channels === 2 || channels === 4) {
    // Alpha carries no image content for segmentation: keep grey or RGB.
    const kept = channels - 1;
    const out =
      samples instanceof Uint16Array ? new Uint16Array(pixels * kept) : new Uint8Array(pixels * kept);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < kept; c++) out[p * kept + c] = samples[p * channels + c];
    }
    samples = out;
    channels = kept;
  }
  return createVolume({ voxels: samples, dims: [width, height, 1], channels, spacingUnknown: true });
}

/**
 * Decodes PNG or JPEG bytes into a Volume with dims [width, height, 1], 1 mm pixels and identity geometry. Grey
 * images have 1 channel, colour images 3 (RGB; alpha is dropped); 16-bit PNGs stay Uint16Array, everything else
 * is Uint8Array. Low-bit greyscale PNGs keep their raw sample values (0..2^depth-1). Browser-safe.
 */
export function readImage(data: ArrayBuffer | Uint8Array, options: ImageReadOptions = {}): Volume {
  const name = options.name ?? 'image data';
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const format = detectImageFormat(bytes);
  if (format === 'png') return readPng(bytes, name);
  if (format === 'jpeg') return readJpeg(bytes, name);
  throw new Error(`${name}: not a PNG or JPEG image (unrecognised signature)`);
}
