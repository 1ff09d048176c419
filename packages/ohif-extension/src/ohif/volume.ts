// Reads the voxels and geometry of an OHIF display set into a seglens Volume, through the host's Cornerstone
// (its image cache is shared with the viewport, so images already on screen are not fetched twice).
import { countNonFiniteVoxels, type Direction, type Vec3, type Volume } from '@seglens/data';
import type { CornerstoneImage, CornerstoneLibraries, DisplaySet, ImagePlane } from './types';

/** Why a display set cannot be given to a model; shown in the panel as is. */
export class UnsupportedSeriesError extends Error {
  override name = 'UnsupportedSeriesError';
}

function plane(libs: CornerstoneLibraries, imageId: string): ImagePlane {
  const p = libs.cornerstone.metaData.get('imagePlaneModule', imageId) as ImagePlane | undefined;
  if (!p || !p.rows || !p.columns) {
    throw new UnsupportedSeriesError(
      `The image ${imageId} has no image plane (rows, columns, position): is it an image?`,
    );
  }
  return p;
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
/** a × b. */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/**
 * Geometry of the slices in the display set's own order (OHIF sorts them by position): origin is the first
 * slice's position, the k axis points from the first slice to the last (or is the normal for one slice).
 */
export function geometryOf(planes: ImagePlane[]): Pick<Volume, 'dims' | 'spacing' | 'origin' | 'direction'> {
  const first = planes[0];
  const row = (first.rowCosines ?? [1, 0, 0]) as Vec3;
  const col = (first.columnCosines ?? [0, 1, 0]) as Vec3;
  const origin = (first.imagePositionPatient ?? [0, 0, 0]) as Vec3;
  let dirK = cross(row, col);
  let dz = 1;
  if (planes.length > 1) {
    const last = planes[planes.length - 1];
    const span = sub((last.imagePositionPatient ?? origin) as Vec3, origin);
    const length = norm(span);
    if (length > 1e-6) {
      dirK = [span[0] / length, span[1] / length, span[2] / length];
      dz = length / (planes.length - 1);
    }
  }
  const direction = [...row, ...col, ...dirK] as Direction;
  return {
    dims: [first.columns, first.rows, planes.length],
    spacing: [first.columnPixelSpacing || 1, first.rowPixelSpacing || 1, dz],
    origin,
    direction,
  };
}

/**
 * Whether the image has no pixel spacing, so that distances on it are in pixels. Cornerstone's own metadata
 * gives null spacing then; OHIF gives 1 × 1 with usingDefaultValues, which it also sets for a missing
 * orientation, hence the look at the instance (PixelSpacing, or ImagerPixelSpacing that OHIF falls back to).
 */
export function pixelSpacingUnknown(libs: CornerstoneLibraries, imageId: string, p: ImagePlane): boolean {
  if (!p.rowPixelSpacing || !p.columnPixelSpacing) return true;
  if (!p.usingDefaultValues) return false;
  const instance = libs.cornerstone.metaData.get('instance', imageId) as
    { PixelSpacing?: unknown; ImagerPixelSpacing?: unknown } | undefined;
  return instance === undefined || (!instance.PixelSpacing && !instance.ImagerPixelSpacing);
}

/** Grey values as the modality defines them (Cornerstone pre-scales them when it can; otherwise apply it here). */
function greyValues(image: CornerstoneImage, out: Float32Array, offset: number): void {
  const data = image.getPixelData();
  const scaled = image.isPreScaled ?? image.preScale?.scaled ?? false;
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  const n = image.rows * image.columns;
  for (let i = 0; i < n; i++) out[offset + i] = data[i] * slope + intercept;
}

/** RGB values 0–255 (Cornerstone may hold colour images as RGB or RGBA). */
function rgbValues(image: CornerstoneImage, out: Uint8Array, offset: number): void {
  const data = image.getPixelData();
  const n = image.rows * image.columns;
  const components = Math.round(data.length / n);
  if (components !== 3 && components !== 4) {
    throw new UnsupportedSeriesError(`Colour image with ${components} components per pixel is not supported`);
  }
  for (let i = 0; i < n; i++) {
    out[offset + 3 * i] = data[components * i];
    out[offset + 3 * i + 1] = data[components * i + 1];
    out[offset + 3 * i + 2] = data[components * i + 2];
  }
}

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}

/** Loads every image of the display set and assembles them into a Volume (float32 grey or uint8 RGB). */
export async function readDisplaySetVolume(
  displaySet: DisplaySet,
  libs: CornerstoneLibraries,
  options: ReadOptions = {},
): Promise<Volume> {
  const imageIds = displaySet.imageIds ?? [];
  const what = `Series "${displaySet.SeriesDescription ?? displaySet.SeriesInstanceUID}" (${displaySet.Modality})`;
  if (imageIds.length === 0) throw new UnsupportedSeriesError(`${what} has no pixel data to segment`);
  const planes = imageIds.map((id) => plane(libs, id));
  const { rows, columns } = planes[0];
  const odd = planes.findIndex((p) => p.rows !== rows || p.columns !== columns);
  if (odd >= 0) {
    throw new UnsupportedSeriesError(
      `${what}: image ${odd + 1} is ${planes[odd].columns}×${planes[odd].rows}, the first is ${columns}×${rows}`,
    );
  }
  const images: CornerstoneImage[] = [];
  let done = 0;
  // Load in order but concurrently; Cornerstone's request pool already limits the connections.
  await Promise.all(
    imageIds.map(async (id, k) => {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('Aborted', 'AbortError');
      images[k] = await libs.cornerstone.imageLoader.loadAndCacheImage(id);
      options.onProgress?.(++done / imageIds.length);
    }),
  );
  const color = images[0].color;
  if (images.some((im) => im.color !== color))
    throw new UnsupportedSeriesError(`${what} mixes colour and grey images`);
  const n = rows * columns;
  const geometry = {
    ...geometryOf(planes),
    ...(pixelSpacingUnknown(libs, imageIds[0], planes[0]) ? { spacingUnknown: true as const } : {}),
  };
  const instances = displaySet.instances ?? [];
  const dicom = {
    studyInstanceUID: displaySet.StudyInstanceUID,
    seriesInstanceUID: displaySet.SeriesInstanceUID,
    frameOfReferenceUID: displaySet.FrameOfReferenceUID,
    sopInstanceUIDs: instances.map((i) => i.SOPInstanceUID ?? ''),
    modality: displaySet.Modality,
  };
  if (color) {
    const voxels = new Uint8Array(n * 3 * images.length);
    images.forEach((im, k) => rgbValues(im, voxels, k * n * 3));
    return { ...geometry, voxels, channels: 3, dicom };
  }
  const voxels = new Float32Array(n * images.length);
  images.forEach((im, k) => greyValues(im, voxels, k * n));
  // Float pixel data (or a slope that overflows) can hold NaN/Infinity: the models would silently answer
  // "all background" for them, so the panel says why instead.
  const bad = countNonFiniteVoxels({ voxels });
  if (bad.total > 0) {
    const kinds = [bad.nan ? `${bad.nan} NaN` : '', bad.infinite ? `${bad.infinite} infinite` : '']
      .filter(Boolean)
      .join(' and ');
    throw new UnsupportedSeriesError(
      `${what} has ${kinds} pixel value${bad.total === 1 ? '' : 's'} (of ${bad.of}); a model cannot segment undefined intensities`,
    );
  }
  return { ...geometry, voxels, channels: 1, dicom };
}
