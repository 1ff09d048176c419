// Finding the reference ("ground truth") for the active series: a DICOM SEG of the study that labels it
// (loaded through OHIF's own SEG support), or a segmentation the user drew. Our own predictions never count.
import type { ClassView } from '../panel/state';
import { readLabels } from '../ohif/labelmap';
import type { DisplaySet } from '../ohif/types';
import type { HostContext } from './context';

export interface Reference {
  /** Shown in the panel, e.g. "DICOM SEG: Liver". */
  label: string;
  labels: Uint8Array;
  /** Only these slices (along k) are labelled; undefined: all of them. */
  slices?: number[];
  /** Segment names that match no class of the models. */
  unmatched: string[];
  /**
   * Foreground class indices the reference labels (a SEG: those its segments name); undefined: every class
   * (the user's own labels, drawn with the models' classes). Only these are scored.
   */
  labelled?: number[];
  /** The OHIF segmentation showing it (drawn as outlines), when it is a SEG. */
  segmentationId?: string;
}

/** SEG display sets of the study that reference this series. */
function segDisplaySetsFor(host: HostContext, ds: DisplaySet): DisplaySet[] {
  return host.services.displaySetService
    .getActiveDisplaySets()
    .filter((d) => d.Modality === 'SEG' && d.referencedDisplaySetInstanceUID === ds.displaySetInstanceUID);
}

/** Whether a segmentation labels images of this display set. */
function labelsThisSeries(host: HostContext, segmentationId: string, ds: DisplaySet): boolean {
  const labelmap =
    host.services.segmentationService.getSegmentation(segmentationId)?.representationData.Labelmap;
  const ids = new Set(ds.imageIds ?? []);
  return (labelmap?.referencedImageIds ?? []).some((id) => ids.has(id));
}

/**
 * The reference for `ds`, or null. `ours` are the segmentation ids seglens created (predictions,
 * disagreement, the user's labels), which are not references unless passed as `userLabelsId`.
 */
export async function findReference(
  host: HostContext,
  ds: DisplaySet,
  classes: ClassView[],
  ours: Set<string>,
): Promise<Reference | null> {
  const { segmentationService } = host.services;
  // A SEG already loaded into OHIF (the user opened it).
  for (const segmentation of segmentationService.getSegmentations()) {
    if (ours.has(segmentation.segmentationId) || !labelsThisSeries(host, segmentation.segmentationId, ds))
      continue;
    const { labels, unmatched, labelled } = readLabels(
      host.target(),
      segmentation.segmentationId,
      ds,
      classes,
    );
    return {
      label: `DICOM SEG: ${segmentation.label}`,
      labels,
      unmatched,
      labelled,
      segmentationId: segmentation.segmentationId,
    };
  }
  // A SEG of the study not opened yet: load it as OHIF does when the user opens it.
  for (const seg of segDisplaySetsFor(host, ds)) {
    if (!seg.isLoaded && seg.load) await seg.load({ headers: {} });
    const create = segmentationService.createSegmentationForSEGDisplaySet?.bind(segmentationService);
    if (!create) return null;
    const segmentationId = await create(seg);
    await segmentationService.addSegmentationRepresentation(host.viewportId(), { segmentationId });
    const { labels, unmatched, labelled } = readLabels(host.target(), segmentationId, ds, classes);
    return {
      label: `DICOM SEG: ${seg.SeriesDescription ?? segmentationId}`,
      labels,
      unmatched,
      labelled,
      segmentationId,
    };
  }
  return null;
}
