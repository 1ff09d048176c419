// The size of a pixel in a projection radiograph (CR, DX, mammography, intra-oral, XA, RF) that has no
// PixelSpacing. Such images usually give only ImagerPixelSpacing (0018,1164): the pitch at the detector, which is
// larger than at the patient by the geometric magnification. DICOM PS3.3 10.7.1.1 says to divide it by
// EstimatedRadiographicMagnificationFactor (0018,1114) for the best estimate at the patient; where that is absent
// but the source-to-detector and source-to-patient distances are given, their ratio is the magnification. With
// neither, the detector pitch is the only size there is: OHIF measures in it (its "projection" calibration), and
// so do we, so the panel and the data package agree on the millimetres of one image.
import type dicomParser from 'dicom-parser';
import { DicomError } from './errors';
import { numbers } from './numbers';

type DataSet = dicomParser.DataSet;

/** SOP classes whose pixels are a projection: CR, DX, MG, IO (for presentation and processing), XA, RF. */
export const PROJECTION_SOP_CLASS_UIDS: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.1',
  '1.2.840.10008.5.1.4.1.1.1.1',
  '1.2.840.10008.5.1.4.1.1.1.1.1',
  '1.2.840.10008.5.1.4.1.1.1.2',
  '1.2.840.10008.5.1.4.1.1.1.2.1',
  '1.2.840.10008.5.1.4.1.1.1.3',
  '1.2.840.10008.5.1.4.1.1.1.3.1',
  '1.2.840.10008.5.1.4.1.1.12.1',
  '1.2.840.10008.5.1.4.1.1.12.1.1',
  '1.2.840.10008.5.1.4.1.1.12.2',
  '1.2.840.10008.5.1.4.1.1.12.2.1',
]);

/** Where a projection image's pixel size came from. */
export type ProjectionSpacingSource =
  | 'ImagerPixelSpacing / EstimatedRadiographicMagnificationFactor'
  | 'ImagerPixelSpacing × DistanceSourceToPatient / DistanceSourceToDetector'
  | 'ImagerPixelSpacing (at the detector)';

export interface ProjectionSpacing {
  /** DICOM order: [between rows, between columns], mm. */
  pixelSpacing: [number, number];
  source: ProjectionSpacingSource;
}

/**
 * The pixel size of a projection image without PixelSpacing, or undefined when it is not a projection class or
 * gives no ImagerPixelSpacing. Throws (naming the file) on an ImagerPixelSpacing that is not two positive numbers,
 * which would otherwise turn into a false size.
 */
export function projectionSpacing(
  ds: DataSet,
  sopClassUID: string,
  file: string,
): ProjectionSpacing | undefined {
  if (!PROJECTION_SOP_CLASS_UIDS.has(sopClassUID)) return undefined;
  const imager = numbers(ds, 'x00181164');
  if (imager === undefined) return undefined;
  const pitch: [number, number] = [imager[0], imager[1] ?? imager[0]];
  if (!pitch.every((v) => Number.isFinite(v) && v > 0)) {
    throw new DicomError(
      file,
      `ImagerPixelSpacing (0018,1164) is "${ds.string('x00181164')}", not two positive numbers`,
    );
  }
  const ermf = numbers(ds, 'x00181114')?.[0];
  if (ermf !== undefined && Number.isFinite(ermf) && ermf > 1) {
    return {
      pixelSpacing: [pitch[0] / ermf, pitch[1] / ermf],
      source: 'ImagerPixelSpacing / EstimatedRadiographicMagnificationFactor',
    };
  }
  const sid = numbers(ds, 'x00181110')?.[0];
  // DistanceSourceToPatient, or DistanceSourceToEntrance where only that is given.
  const sod = numbers(ds, 'x00181111')?.[0] ?? numbers(ds, 'x00400306')?.[0];
  if (sid !== undefined && sod !== undefined && sod > 0 && sod < sid) {
    return {
      pixelSpacing: [(pitch[0] * sod) / sid, (pitch[1] * sod) / sid],
      source: 'ImagerPixelSpacing × DistanceSourceToPatient / DistanceSourceToDetector',
    };
  }
  return { pixelSpacing: pitch, source: 'ImagerPixelSpacing (at the detector)' };
}
