// Small pure helpers of the controller (tested in test/controller/util.test.ts).
import type { Direction, Vec3 } from '@seglens/data';
import type { FineTuneView, ModelEntry, SeriesView } from '../panel/state';
import type { CornerstoneLibraries, DisplaySet, ImagePlane } from '../ohif/types';
import { cross } from '../ohif/volume';

/**
 * A series as the model fit check sees it: the panel's view plus, when the images have an image plane, the
 * direction cosines of columns, rows and slice normal (LPS, from ImageOrientationPatient), since which of the
 * series' axes a model slices along depends on its training orientation.
 */
export type OrientedSeriesView = SeriesView & { direction?: Direction };

/** What the models need to know about a display set, without reading its pixels. */
export function seriesView(ds: DisplaySet, libs: CornerstoneLibraries): OrientedSeriesView {
  const first = ds.imageIds?.[0];
  const plane = first
    ? (libs.cornerstone.metaData.get('imagePlaneModule', first) as ImagePlane | undefined)
    : undefined;
  const samples = ds.instances?.[0]?.SamplesPerPixel ?? 1;
  return {
    displaySetInstanceUID: ds.displaySetInstanceUID,
    description: ds.SeriesDescription ?? ds.SeriesInstanceUID,
    modality: ds.Modality,
    dims: [plane?.columns ?? 0, plane?.rows ?? 0, ds.imageIds?.length ?? 0],
    channels: samples >= 3 ? 3 : 1,
    ...(plane?.rowCosines && plane.columnCosines
      ? { direction: directionOf(plane.rowCosines as Vec3, plane.columnCosines as Vec3) }
      : {}),
  };
}

/** Row, column and normal (row × column) direction cosines, as the display set → Volume reader takes them. */
function directionOf(row: Vec3, col: Vec3): Direction {
  return [...row, ...col, ...cross(row, col)] as Direction;
}

/**
 * A view of label volumes restricted to some slices along k (the user labelled only those): the metrics then
 * compare exactly the labelled slices. Without slices, the whole volume.
 */
export function restrictToSlices(
  dims: Vec3,
  slices: number[] | undefined,
): { dims: Vec3; pick(labels: Uint8Array): Uint8Array } {
  if (!slices) return { dims, pick: (labels) => labels };
  const size = dims[0] * dims[1];
  for (const k of slices) {
    if (!Number.isInteger(k) || k < 0 || k >= dims[2])
      throw new RangeError(`restrictToSlices: slice ${k} is outside 0..${dims[2] - 1}`);
  }
  return {
    dims: [dims[0], dims[1], slices.length],
    pick: (labels) => {
      const out = new Uint8Array(size * slices.length);
      slices.forEach((k, i) => out.set(labels.subarray(k * size, (k + 1) * size), i * size));
      return out;
    },
  };
}

/** The problem with the fine-tuning settings, or null; names the field and the bad value. */
export function validateFineTune(ft: FineTuneView, base: ModelEntry | undefined): string | null {
  if (!base) return 'Fine-tune: choose a base model that fits this series.';
  if (!base.fits)
    return `Fine-tune: ${base.name} does not fit this series (${base.fitReason ?? 'mismatch'}).`;
  if (!Number.isInteger(ft.epochs) || ft.epochs < 1 || ft.epochs > 100) {
    return `Fine-tune: epochs must be a whole number from 1 to 100, got ${ft.epochs}.`;
  }
  if (!(ft.learningRate > 0 && ft.learningRate <= 0.1)) {
    return `Fine-tune: learning rate must be in (0, 0.1], got ${ft.learningRate}.`;
  }
  if (!ft.labelsSegmentationId) return 'Fine-tune: press "Draw labels" and paint some slices first.';
  return null;
}

/** Saves a blob as a file through a temporary link (the browser's own download). */
export function triggerDownload(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
