// cardiac-labelled: the end-diastolic frame of one ACDC validation patient of the shipped cardiac models as a
// DICOM series (short axis) with its manual right ventricle, myocardium and left ventricle labels as a DICOM
// SEG. The ACDC files in the data directory lost their voxel size (their source dropped it; they say 1 mm), so
// the series is written without PixelSpacing, as Secondary Capture with Modality MR (MR Image Storage requires
// a PixelSpacing, and 1 mm would be false): the viewer then measures distances on it in voxels, not in mm.
import { ACDC_SPACING_DROPPED } from '@seglens/data';
import { readCardFacts } from './model-card';
import {
  caseIdOf,
  firstValidationCase,
  generateLabelledVolume,
  labelledCaseInputs,
  type LabelledCaseInputs,
} from './labelled-volume';
import { volumeWindow } from './window';

export const CARDIAC_MODEL = 'cardiac-rce';
export const ACDC_FOLDER = 'acdc-cardiac-mr';
/** ACDC's frame01 of a patient is its end-diastolic frame, frame02 its end-systolic one. */
export const isEndDiastole = (caseFile: string): boolean => /_frame01\.nii(\.gz)?$/i.test(caseFile);

export type LabelledCardiacInputs = LabelledCaseInputs;

/** The first end-diastolic frame in the shipped cardiac model's validation list, with its files. */
export async function labelledCardiacInputs(
  dataDir: string,
  studyId: string,
): Promise<LabelledCardiacInputs> {
  const caseFile = firstValidationCase(
    await readCardFacts(CARDIAC_MODEL),
    isEndDiastole,
    'end-diastolic frame (patientNNN_frame01)',
  );
  return labelledCaseInputs(dataDir, ACDC_FOLDER, caseFile, CARDIAC_MODEL, studyId);
}

/** Writes mr/IM0001.dcm... and seg/labels.dcm under `outDir`; returns the paths. */
export async function generateLabelledCardiac(
  inputs: LabelledCardiacInputs,
  outDir: string,
  studyId: string,
): Promise<string[]> {
  const caseId = caseIdOf(inputs.caseFile);
  return generateLabelledVolume(
    {
      studyId,
      model: CARDIAC_MODEL,
      caseFile: inputs.caseFile,
      image: inputs.image,
      labels: inputs.labels,
      modality: 'MR',
      secondaryCapture: true,
      fixGeometry: ACDC_SPACING_DROPPED.apply,
      patientName: `ACDC^${caseId}`,
      studyDescription: `ACDC ${caseId} (end-diastole), a validation case`,
      seriesDescription: `Cine MR short axis, end-diastole, from ${inputs.caseFile}`,
      labelSource: 'ACDC',
      labelCredit: 'ACDC, MICCAI 2017',
      window: volumeWindow,
    },
    outDir,
  );
}
