// PNG encoding with fast-png (pure JavaScript, already the image codec of @seglens/data).
import { encode } from 'fast-png';
import type { Raster } from './raster';

/** An RGB raster as PNG bytes. */
export function rasterToPng(raster: Raster): Uint8Array {
  return encode({ width: raster.width, height: raster.height, data: raster.data, channels: 3, depth: 8 });
}

/** A single-channel 8-bit image (row by row, top row first) as PNG bytes. */
export function greyToPng(width: number, height: number, data: Uint8Array): Uint8Array {
  if (data.length !== width * height)
    throw new Error(`greyToPng: ${data.length} values for a ${width}x${height} image`);
  return encode({ width, height, data, channels: 1, depth: 8 });
}
