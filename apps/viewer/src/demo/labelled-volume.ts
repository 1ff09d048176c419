// A labelled demo study from one NIfTI case of a training data set: the image becomes a DICOM series (CT or
// MR), its manual labels a DICOM SEG in the same study whose segments carry the shipped model's class names and
// colours, so the viewer compares a model's prediction with the truth on a case the model never trained on.
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
  type Volume,
} from '@seglens/data';
import { demoUid } from './uid';
import { requireInput } from './files';
import { cardClass, cardPath, readCardFacts, type CardFacts } from './model-card';

export interface LabelledVolumeSpec {
  studyId: string;
  /** Shipped model whose card names the classes (and gives their colours). */
  model: string;
  /** The card's class names to write as segments, in this order; default: every class but background (0). */
  classNames?: readonly string[];
  /** File name of the case (as the card's validation list has it) and its image and label paths. */
  caseFile: string;
  image: string;
  labels: string;
  modality: 'CT' | 'MR';
  /**
   * Write the image as Secondary Capture (Modality kept) instead of CT/MR Image Storage: for a source whose voxel
   * size is unknown (`fixGeometry` marks it spacingUnknown), since CT and MR Image Storage require PixelSpacing.
   */
  secondaryCapture?: boolean;
  patientName: string;
  studyDescription: string;
  seriesDescription: string;
  /** Where the labels come from, e.g. "BTCV": the SEG's algorithm name is "<labelSource> reference labels". */
  labelSource: string;
  /** Who made them, for each segment's description, e.g. "MSD Task04, Vanderbilt". */
  labelCredit: string;
  /** The VOI window every slice carries (in the image's values after the NIfTI's scl_slope/scl_inter). */
  window(image: Volume): { center: number; width: number };
  /**
   * The geometry the files should have had (image and labels alike), for a source whose header is known to be
   * wrong; the voxels must stay where they are.
   */
  fixGeometry?(volume: Volume): Volume;
}

/** A labelled case's files in the data directory and the card of the shipped model that chose it. */
export interface LabelledCaseInputs {
  caseFile: string;
  image: string;
  labels: string;
  card: string;
}

/** `<folder>/images/<caseFile>` and `<folder>/labels/<caseFile>` of the data directory (each must exist). */
export function labelledCaseInputs(
  dataDir: string,
  folder: string,
  caseFile: string,
  model: string,
  studyId: string,
): LabelledCaseInputs {
  return {
    caseFile,
    image: requireInput(dataDir, path.join(folder, 'images', caseFile), studyId),
    labels: requireInput(dataDir, path.join(folder, 'labels', caseFile), studyId),
    card: cardPath(model),
  };
}

/** The case id of a file name: without .nii or .nii.gz. */
export const caseIdOf = (caseFile: string): string => caseFile.replace(/\.nii(\.gz)?$/i, '');

/** The first entry of the card's validation list that `accept` takes, or an Error naming the card. */
export function firstValidationCase(
  facts: CardFacts,
  accept: (caseFile: string) => boolean = () => true,
  what = 'validation case',
): string {
  const found = facts.validationCases.find(accept);
  if (!found)
    throw new Error(
      `${facts.file}: training.dataset.validationCases has no ${what} (it lists ${facts.validationCases.length} cases)`,
    );
  return found;
}

/** Writes <modality>/IM0001.dcm... and seg/labels.dcm under `outDir`; returns the paths. */
export async function generateLabelledVolume(spec: LabelledVolumeSpec, outDir: string): Promise<string[]> {
  const facts = await readCardFacts(spec.model);
  const classes = spec.classNames
    ? spec.classNames.map((name) => cardClass(facts, name))
    : facts.classes.filter((c) => c.index !== 0);
  const caseId = caseIdOf(spec.caseFile);
  const fix = spec.fixGeometry ?? ((v: Volume) => v);
  const image = fix((await readNiftiFile(spec.image)).volume);
  const labels = fix((await readNiftiFile(spec.labels, { labels: true })).volume);
  const id = spec.studyId;

  const instances = volumeToDicomSeries(image, {
    patientName: spec.patientName,
    patientId: caseId,
    modality: spec.modality,
    secondaryCapture: spec.secondaryCapture ?? false,
    studyInstanceUID: demoUid(`${id}/study/${spec.caseFile}`),
    seriesInstanceUID: demoUid(`${id}/${spec.modality.toLowerCase()}/${spec.caseFile}`),
    frameOfReferenceUID: demoUid(`${id}/frame-of-reference/${spec.caseFile}`),
    studyDescription: spec.studyDescription,
    seriesDescription: spec.seriesDescription,
    seriesNumber: 1,
    window: spec.window(image),
  });
  const imagePaths = await writeDicomFiles(path.join(outDir, spec.modality.toLowerCase()), instances);
  const imageFiles = instances.map((data, i) => ({ name: imagePaths[i], data: new Uint8Array(data) }));
  // The series read back is the SEG's source: it carries the SOP instance UIDs and is stored as the converter
  // wrote it (in the display convention, which may reverse rows or columns), so the labels go onto its grid by
  // world position, never by index.
  const source = await readDicomSeries(imageFiles);
  const onSource = resampleLabels(labels, source);
  // A class the case does not show (an organ removed, a structure outside the scan) gets no segment: a SEG
  // segment without any frame would be an empty reference the metrics could not score.
  const present = new Set<number>();
  for (const v of onSource.voxels) present.add(v);

  const seg = writeDicomSeg(onSource, source, {
    segments: classes
      .filter((c) => present.has(c.index))
      .map((c) => ({
        labelValue: c.index,
        label: c.name,
        description: `manual reference label of ${caseId} (${spec.labelCredit})`,
        rgb: c.color,
      })),
    // The SEG writer records every segment as AUTOMATIC with "<model> (loss: <loss>)"; these labels are manual,
    // so the name says where they come from and the loss is not applicable.
    algorithm: { modelName: `${spec.labelSource} reference labels`, lossName: 'n/a' },
    study: readDicomStudyInfo(imageFiles[0]),
    seriesDescription: `Reference labels, from labels/${spec.caseFile}`,
    seriesNumber: 2,
    seriesInstanceUID: demoUid(`${id}/seg/${spec.caseFile}`),
    sopInstanceUID: demoUid(`${id}/seg-instance/${spec.caseFile}`),
  });
  const segPath = path.join(outDir, 'seg', 'labels.dcm');
  await mkdir(path.dirname(segPath), { recursive: true });
  await writeFileAtomic(segPath, new Uint8Array(seg));
  return [...imagePaths, segPath];
}
