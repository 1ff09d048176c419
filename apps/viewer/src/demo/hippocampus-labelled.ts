// hippocampus-labelled: one validation case of the shipped hippocampus models, which exists only as NIfTI,
// turned into a DICOM MR series plus its reference labels as a DICOM SEG in the same study, so the viewer can
// compare a model's prediction with the truth on a case no model trained on.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  readDicomSeries,
  readDicomStudyInfo,
  readNiftiFile,
  resampleLabels,
  volumeToDicomSeries,
  writeDicomFiles,
  writeDicomSeg,
  writeFileAtomic,
} from '@seglens/data';
import { demoUid } from './uid';
import { cardClass, cardPath, readCardFacts } from './model-card';
import { requireInput } from './files';
import { volumeWindow } from './window';

export const HIPPOCAMPUS_MODEL = 'hippocampus-rce';
export const HIPPOCAMPUS_CLASSES = ['anterior hippocampus', 'posterior hippocampus'] as const;

/** The validation case (file name in msd-hippocampus/images and labels): the first one the card lists. */
export async function labelledHippocampusCase(): Promise<string> {
  const facts = await readCardFacts(HIPPOCAMPUS_MODEL);
  const first = facts.validationCases[0];
  if (!first) throw new Error(`${facts.file}: training.dataset.validationCases is empty`);
  return first;
}

export interface LabelledHippocampusInputs {
  caseFile: string;
  image: string;
  labels: string;
  card: string;
}

export async function labelledHippocampusInputs(
  dataDir: string,
  studyId: string,
): Promise<LabelledHippocampusInputs> {
  const caseFile = await labelledHippocampusCase();
  return {
    caseFile,
    image: requireInput(dataDir, path.join('msd-hippocampus', 'images', caseFile), studyId),
    labels: requireInput(dataDir, path.join('msd-hippocampus', 'labels', caseFile), studyId),
    card: cardPath(HIPPOCAMPUS_MODEL),
  };
}

/** Writes mr/IM0001.dcm... and seg/labels.dcm under `outDir`; returns the paths. */
export async function generateLabelledHippocampus(
  inputs: LabelledHippocampusInputs,
  outDir: string,
  studyId: string,
): Promise<string[]> {
  const facts = await readCardFacts(HIPPOCAMPUS_MODEL);
  const classes = HIPPOCAMPUS_CLASSES.map((name) => cardClass(facts, name));
  const caseId = inputs.caseFile.replace(/\.nii(\.gz)?$/i, '');
  const { volume: image } = await readNiftiFile(inputs.image);
  const { volume: labels } = await readNiftiFile(inputs.labels, { labels: true });

  const instances = volumeToDicomSeries(image, {
    patientName: `MSD Hippocampus^${caseId}`,
    patientId: caseId,
    modality: 'MR',
    studyInstanceUID: demoUid(`${studyId}/study/${inputs.caseFile}`),
    seriesInstanceUID: demoUid(`${studyId}/mr/${inputs.caseFile}`),
    frameOfReferenceUID: demoUid(`${studyId}/frame-of-reference/${inputs.caseFile}`),
    studyDescription: `MSD Task04 ${caseId} (validation case of the shipped hippocampus models)`,
    seriesDescription: `T1 MR crop, from ${inputs.caseFile}`,
    seriesNumber: 1,
    window: volumeWindow(image),
  });
  const mrPaths = await writeDicomFiles(path.join(outDir, 'mr'), instances);
  const mrFiles = instances.map((data, i) => ({ name: mrPaths[i], data: new Uint8Array(data) }));
  // The series read back is the SEG's source: it carries the SOP instance UIDs and is stored as the converter
  // wrote it (the RAS crop as LPS slices: rows and columns reversed), so the labels go onto its grid by world
  // position, never by index.
  const source = await readDicomSeries(mrFiles);
  const onSource = resampleLabels(labels, source);

  const seg = writeDicomSeg(onSource, source, {
    segments: classes.map((c) => ({
      labelValue: c.index,
      label: c.name,
      description: `manual reference label of ${caseId} (MSD Task04, Vanderbilt)`,
      rgb: c.color,
    })),
    // The SEG writer records every segment as AUTOMATIC with "<model> (loss: <loss>)"; these labels are manual,
    // so the name says where they come from and the loss is not applicable.
    algorithm: { modelName: 'MSD Task04 reference labels', lossName: 'n/a' },
    study: readDicomStudyInfo(mrFiles[0]),
    seriesDescription: `Reference labels, from labels/${inputs.caseFile}`,
    seriesNumber: 2,
    seriesInstanceUID: demoUid(`${studyId}/seg/${inputs.caseFile}`),
    sopInstanceUID: demoUid(`${studyId}/seg-instance/${inputs.caseFile}`),
  });
  const segPath = path.join(outDir, 'seg', 'labels.dcm');
  await mkdir(path.dirname(segPath), { recursive: true });
  await writeFileAtomic(segPath, new Uint8Array(seg));
  return [...mrPaths, segPath];
}
