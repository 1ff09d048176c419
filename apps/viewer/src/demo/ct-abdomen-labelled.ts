// ct-abdomen-labelled: one BTCV validation volume of the shipped CT models as a DICOM CT series in Hounsfield
// units (the NIfTI's scl_slope/scl_inter become Rescale Slope/Intercept) with its 13 manual organ labels as a
// DICOM SEG.
import { BTCV_ROWS_MIRRORED, type Volume } from '@seglens/data';
import { readCardFacts } from './model-card';
import {
  caseIdOf,
  firstValidationCase,
  generateLabelledVolume,
  labelledCaseInputs,
  type LabelledCaseInputs,
} from './labelled-volume';

export const CT_MODEL = 'ct-abdomen-rce';
export const BTCV_FOLDER = 'btcv-abdomen-ct';
/** The radiologists' abdominal soft-tissue window (level 40 HU, width 400 HU). */
export const ABDOMEN_WINDOW = { center: 40, width: 400 } as const;

/**
 * Drops the last column and row of slices whose width or height is odd (BTCV's are 257x257; the dropped
 * voxels are air at the edge of the field of view). Why: a DICOM SEG of such slices packs a bit count that is
 * not a whole number of 16-bit words, so its PixelData ends in the pad byte DICOM requires, and OHIF's SEG
 * reader (dcmjs 0.4x) rejects that length ("The calculated length ... does not match the actual length") and
 * never shows the reference. Even slices pack without padding. Every kept voxel keeps its position.
 */
export function evenSlices(volume: Volume): Volume {
  const [nx, ny, nz] = volume.dims;
  const [mx, my] = [nx - (nx % 2), ny - (ny % 2)];
  if (mx === nx && my === ny) return volume;
  if (volume.channels !== 1) throw new Error(`evenSlices: needs one channel, got ${volume.channels}`);
  const voxels = new (volume.voxels.constructor as new (n: number) => Volume['voxels'])(mx * my * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < my; j++)
      voxels.set(volume.voxels.subarray((k * ny + j) * nx, (k * ny + j) * nx + mx), (k * my + j) * mx);
  return { ...volume, voxels, dims: [mx, my, nz] };
}

export type LabelledCtInputs = LabelledCaseInputs;

/** The first validation case of the shipped CT model's card, with its files in the data directory. */
export async function labelledCtInputs(dataDir: string, studyId: string): Promise<LabelledCtInputs> {
  const caseFile = firstValidationCase(await readCardFacts(CT_MODEL));
  return labelledCaseInputs(dataDir, BTCV_FOLDER, caseFile, CT_MODEL, studyId);
}

/** Writes ct/IM0001.dcm... and seg/labels.dcm under `outDir`; returns the paths. */
export async function generateLabelledCt(
  inputs: LabelledCtInputs,
  outDir: string,
  studyId: string,
): Promise<string[]> {
  const caseId = caseIdOf(inputs.caseFile);
  return generateLabelledVolume(
    {
      studyId,
      model: CT_MODEL,
      caseFile: inputs.caseFile,
      image: inputs.image,
      labels: inputs.labels,
      modality: 'CT',
      patientName: `BTCV^${caseId}`,
      studyDescription: `BTCV ${caseId} (validation case of the shipped CT models)`,
      seriesDescription: `Abdominal CT, portal venous phase, from ${inputs.caseFile}`,
      labelSource: 'BTCV',
      labelCredit: 'BTCV, MICCAI 2015 Multi-Atlas Labeling Beyond the Cranial Vault',
      window: () => ABDOMEN_WINDOW,
      // The files' rows are mirrored in their headers; the repair training applies puts the anatomy right.
      fixGeometry: (volume) => evenSlices(BTCV_ROWS_MIRRORED.apply(volume)),
    },
    outDir,
  );
}
