// hippocampus-labelled: one validation case of the shipped hippocampus models, which exists only as NIfTI,
// turned into a DICOM MR series plus its reference labels as a DICOM SEG in the same study, so the viewer can
// compare a model's prediction with the truth on a case no model trained on.
import { readCardFacts } from './model-card';
import {
  caseIdOf,
  firstValidationCase,
  generateLabelledVolume,
  labelledCaseInputs,
  type LabelledCaseInputs,
} from './labelled-volume';
import { volumeWindow } from './window';

export const HIPPOCAMPUS_MODEL = 'hippocampus-rce';
export const HIPPOCAMPUS_CLASSES = ['anterior hippocampus', 'posterior hippocampus'] as const;

/** The validation case (file name in msd-hippocampus/images and labels): the first one the card lists. */
export async function labelledHippocampusCase(): Promise<string> {
  return firstValidationCase(await readCardFacts(HIPPOCAMPUS_MODEL));
}

export type LabelledHippocampusInputs = LabelledCaseInputs;

export async function labelledHippocampusInputs(
  dataDir: string,
  studyId: string,
): Promise<LabelledHippocampusInputs> {
  const caseFile = await labelledHippocampusCase();
  return labelledCaseInputs(dataDir, 'msd-hippocampus', caseFile, HIPPOCAMPUS_MODEL, studyId);
}

/** Writes mr/IM0001.dcm... and seg/labels.dcm under `outDir`; returns the paths. */
export async function generateLabelledHippocampus(
  inputs: LabelledHippocampusInputs,
  outDir: string,
  studyId: string,
): Promise<string[]> {
  const caseId = caseIdOf(inputs.caseFile);
  return generateLabelledVolume(
    {
      studyId,
      model: HIPPOCAMPUS_MODEL,
      classNames: HIPPOCAMPUS_CLASSES,
      caseFile: inputs.caseFile,
      image: inputs.image,
      labels: inputs.labels,
      modality: 'MR',
      patientName: `MSD Hippocampus^${caseId}`,
      studyDescription: `MSD Task04 ${caseId}, a validation case of the models`,
      seriesDescription: `T1 MR crop, from ${inputs.caseFile}`,
      labelSource: 'MSD Task04',
      labelCredit: 'MSD Task04, Vanderbilt',
      window: volumeWindow,
    },
    outDir,
  );
}
