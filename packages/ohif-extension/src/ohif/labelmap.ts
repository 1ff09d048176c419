// Labelmap segmentations in OHIF's segmentation service: create one per prediction, write labels into it,
// read labels back (ours, the user's brush labels, or a DICOM SEG that OHIF loaded) on the display set's grid.
import type { ClassView } from '../panel/state';
import type { CornerstoneLibraries, DisplaySet, OhifServices, SegmentInit } from './types';

export interface LabelmapTarget {
  services: OhifServices;
  libs: CornerstoneLibraries;
  viewportId: string;
}

/**
 * Creates a labelmap on the display set with one segment per foreground class, filled with `labels` when
 * given (x fastest, one byte per voxel), and shows it in the viewport in `colors` (one per foreground class).
 *
 * Why in this order: Cornerstone's segmentation renderer queues one full redraw of the viewport per event and
 * draws one per animation frame. Setting each segment's colour after the representation exists, and then
 * announcing the labels, cost one redraw per class plus two; where WebGL runs in software (SwiftShader, a
 * computer without a GPU) each redraw is a fifth of a second of both cores, taken from the model running
 * next. So the labels are written before the representation exists (nothing listens yet) and the colours go
 * in with it, as its lookup table.
 */
export async function createLabelmap(
  target: LabelmapTarget,
  displaySet: DisplaySet,
  label: string,
  classes: ClassView[],
  colors: [number, number, number][],
  labels?: Uint8Array,
): Promise<string> {
  const segments: Record<number, SegmentInit> = {};
  // Index 0 is background (transparent); indices no class uses stay transparent too.
  const colorLUT: [number, number, number, number][] = [[0, 0, 0, 0]];
  classes
    .filter((c) => c.index > 0)
    .forEach((c, i) => {
      const [r, g, b] = colors[i] ?? c.color;
      segments[c.index] = { label: c.name, color: [r, g, b, 255], active: i === 0 };
      while (colorLUT.length < c.index) colorLUT.push([0, 0, 0, 0]);
      colorLUT[c.index] = [r, g, b, 255];
    });
  const { segmentationService } = target.services;
  const segmentationId = await segmentationService.createLabelmapForDisplaySet(displaySet, {
    label,
    segments,
  });
  try {
    if (labels) fillLabels(target, segmentationId, displaySet, labels);
  } catch (error) {
    // Not left behind half made: a segmentation seglens does not know of could be taken for a reference.
    segmentationService.remove(segmentationId);
    throw error;
  }
  await segmentationService.addSegmentationRepresentation(target.viewportId, {
    segmentationId,
    config: { colorLUTOrIndex: colorLUT },
  });
  return segmentationId;
}

/**
 * The labelmap images of a segmentation per slice of the display set. Cornerstone records on every derived
 * labelmap image the source image it labels (`referencedImageId`); a DICOM SEG loaded by OHIF may hold several
 * labelmap images for one slice (one per segment layer) and none for unlabelled slices.
 */
function labelmapImagesBySlice(
  target: LabelmapTarget,
  segmentationId: string,
  displaySet: DisplaySet,
): string[][] {
  const segmentation = target.services.segmentationService.getSegmentation(segmentationId);
  const labelmap = segmentation?.representationData.Labelmap;
  if (!labelmap?.imageIds) throw new Error(`Segmentation ${segmentationId} has no labelmap images`);
  const sourceIds = displaySet.imageIds ?? [];
  const slice = new Map(sourceIds.map((id, k) => [id, k]));
  const bySlice: string[][] = sourceIds.map(() => []);
  labelmap.imageIds.forEach((id, i) => {
    const image = target.libs.cornerstone.cache.getImage(id);
    const ref = image?.referencedImageId ?? labelmap.referencedImageIds?.[i];
    const k = ref === undefined ? undefined : slice.get(ref);
    if (k !== undefined) bySlice[k].push(id);
  });
  return bySlice;
}

/** Writes a label volume (x fastest, one byte per voxel) into the segmentation and redraws it. */
export function writeLabels(
  target: LabelmapTarget,
  segmentationId: string,
  displaySet: DisplaySet,
  labels: Uint8Array,
): void {
  fillLabels(target, segmentationId, displaySet, labels);
  target.libs.cornerstoneTools.segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(
    segmentationId,
  );
}

/** Writes a label volume into the segmentation's labelmap images without telling anyone (no redraw). */
function fillLabels(
  target: LabelmapTarget,
  segmentationId: string,
  displaySet: DisplaySet,
  labels: Uint8Array,
): void {
  const bySlice = labelmapImagesBySlice(target, segmentationId, displaySet);
  const sliceSize = labels.length / bySlice.length;
  bySlice.forEach((ids, k) => {
    const image = ids.length === 1 ? target.libs.cornerstone.cache.getImage(ids[0]) : undefined;
    if (!image)
      throw new Error(
        `Slice ${k + 1} of segmentation ${segmentationId} has ${ids.length} labelmap images, expected one in the cache`,
      );
    const slice = labels.subarray(k * sliceSize, (k + 1) * sliceSize);
    const data = image.voxelManager?.getScalarData() ?? image.getPixelData();
    (data as Uint8Array).set(slice);
    image.voxelManager?.setScalarData?.(data);
  });
}

/**
 * Reads a segmentation back as a label volume on the display set's grid. Segment numbers are mapped to class
 * indices by name when `classes` is given (a DICOM SEG numbers its segments its own way), else kept.
 * `labelled` lists the class indices some segment was matched to (with `classes`; undefined without): a SEG of
 * the liver alone says nothing about the spleen, which is background in `labels` but not known to be absent.
 */
export function readLabels(
  target: LabelmapTarget,
  segmentationId: string,
  displaySet: DisplaySet,
  classes?: ClassView[],
): { labels: Uint8Array; unmatched: string[]; labelled?: number[] } {
  const bySlice = labelmapImagesBySlice(target, segmentationId, displaySet);
  const segmentation = target.services.segmentationService.getSegmentation(segmentationId);
  const map = new Uint8Array(256);
  const unmatched: string[] = [];
  const labelled = new Set<number>();
  for (let i = 0; i < 256; i++) map[i] = i;
  if (classes && segmentation) {
    map.fill(0);
    const segments = Object.values(segmentation.segments).filter(
      (x): x is { segmentIndex: number; label: string } => Boolean(x),
    );
    const foreground = classes.filter((c) => c.index > 0);
    for (const segment of segments) {
      // By name; a one-segment SEG and a one-class model (binary tasks) match whatever the names.
      const byName = foreground.find((c) => c.name.toLowerCase() === segment.label.trim().toLowerCase());
      const match = byName ?? (foreground.length === 1 && segments.length === 1 ? foreground[0] : undefined);
      if (match) {
        map[segment.segmentIndex] = match.index;
        labelled.add(match.index);
      } else unmatched.push(segment.label);
    }
  }
  const first = displaySet.imageIds?.[0];
  const plane = first
    ? (target.libs.cornerstone.metaData.get('imagePlaneModule', first) as
        { rows?: number; columns?: number } | undefined)
    : undefined;
  const sliceSize = (plane?.rows ?? 0) * (plane?.columns ?? 0);
  const labels = new Uint8Array(sliceSize * bySlice.length);
  bySlice.forEach((ids, k) => {
    for (const id of ids) {
      const image = target.libs.cornerstone.cache.getImage(id);
      const data = image?.getPixelData();
      if (!data) continue;
      if (data.length !== sliceSize)
        throw new Error(`Labelmap image ${id} has ${data.length} pixels, the series ${sliceSize}`);
      // Layers of one slice do not overlap for a labelmap; a later layer's label wins where they would.
      for (let i = 0; i < sliceSize; i++) if (data[i]) labels[k * sliceSize + i] = map[data[i]];
    }
  });
  return {
    labels,
    unmatched,
    ...(classes ? { labelled: [...labelled].sort((a, b) => a - b) } : {}),
  };
}

/** Fill opacity of one segmentation in one viewport (Cornerstone's per-representation style). */
export function setOpacity(target: LabelmapTarget, segmentationId: string, opacity: number): void {
  target.libs.cornerstoneTools.segmentation.config?.style?.setStyle(
    { viewportId: target.viewportId, segmentationId, type: 'Labelmap' },
    { fillAlpha: opacity, fillAlphaInactive: opacity },
  );
  target.libs.cornerstone.getEnabledElementByViewportId(target.viewportId)?.viewport.render();
}

export function setVisible(
  target: LabelmapTarget,
  segmentationId: string,
  classes: ClassView[],
  visible: boolean,
): void {
  for (const c of classes) {
    if (c.index > 0)
      target.services.segmentationService.setSegmentVisibility(
        target.viewportId,
        segmentationId,
        c.index,
        visible,
      );
  }
}

/** The style of a reference drawn as outlines only. */
const OUTLINE_ONLY: Record<string, boolean | number> = {
  renderFill: false,
  renderFillInactive: false,
  renderOutline: true,
  renderOutlineInactive: true,
  outlineWidth: 2,
  outlineWidthActive: 2,
  outlineWidthInactive: 2,
  outlineOpacity: 1,
  outlineOpacityInactive: 1,
};

/**
 * Draws a segmentation as outlines only, no fill: the reference then frames the models' filled overlays
 * instead of hiding them, and never reads as a model's colour. Nothing is done when it is drawn so already:
 * every restyle makes Cornerstone redraw the viewport (in software, without a GPU, a fifth of a second).
 */
export function setOutlineOnly(target: LabelmapTarget, segmentationId: string): void {
  const style = target.libs.cornerstoneTools.segmentation.config?.style;
  const specifier = { viewportId: target.viewportId, segmentationId, type: 'Labelmap' };
  const current = style?.getStyle?.(specifier);
  if (current && Object.entries(OUTLINE_ONLY).every(([key, value]) => current[key] === value)) return;
  style?.setStyle(specifier, OUTLINE_ONLY);
  target.libs.cornerstone.getEnabledElementByViewportId(target.viewportId)?.viewport.render();
}
