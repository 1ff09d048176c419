// The demo studies: what each is, which inputs of the data directory it reads, and how its files are made.
import path from 'node:path';
import type { OhifManifest } from '@seglens/data';
import { dataFolderFiles, dataUrl, generatedUrl, requireInput, type ServedFile } from './files';
import { generateLabelledHippocampus, labelledHippocampusInputs } from './hippocampus-labelled';
import { generatePolyp, polypInputs } from './polyp';
import { CT_MODEL, generateLabelledCt, labelledCtInputs } from './ct-abdomen-labelled';
import { generateTotalSegmentatorSeg, TOTALSEGMENTATOR_FOLDER } from './ct-abdomen-totalsegmentator';
import { cardPath } from './model-card';
import { generateLabelledCardiac, labelledCardiacInputs } from './cardiac-labelled';

export interface DemoStudyDefinition {
  id: string;
  title: string;
  /**
   * True when some of the study's DICOM is generated (into dist/demo/<id>/) rather than served from the data
   * directory.
   */
  generated: boolean;
  description(manifest: OhifManifest): string;
  /**
   * Checks the inputs (an Error names a missing one and the fix) and returns every path whose change makes
   * the study stale.
   */
  inputs(dataDir: string): Promise<string[]>;
  /**
   * The study's files with their URLs. Studies that exist as DICOM in the data directory list those files;
   * the others generate DICOM into `outDir` (served under /demo/<id>/).
   */
  files(dataDir: string, outDir: string): Promise<ServedFile[]>;
}

const slices = (m: OhifManifest): number => m.studies[0].NumInstances;

function hippocampusDicom(n: 1 | 2 | 3): DemoStudyDefinition {
  const id = `hippocampus-${n}`;
  const folder = path.join('msd-hippocampus-dicom', `Study${n}`);
  return {
    id,
    title: `Hippocampus MR, study ${n}`,
    generated: false,
    description: (m) =>
      `T1 MR crop around the hippocampus, ${slices(m)} slices (MSD Task04 test volume, DICOM in ` +
      `${folder}). Unlabelled: run the hippocampus models on it.`,
    inputs: async (dataDir) => [requireInput(dataDir, folder, id)],
    files: (dataDir) => dataFolderFiles(dataDir, requireInput(dataDir, folder, id)),
  };
}

const ctAbdomen: DemoStudyDefinition = {
  id: 'ct-abdomen',
  title: 'Abdominal CT, 20 slices (JPEG 2000), TotalSegmentator labels',
  // The CT is served from the data directory as it is; the SEG of TotalSegmentator's labels is generated.
  generated: true,
  description: (m) =>
    `${slices(m) - 1} abdominal CT slices of 512x512 in JPEG 2000 lossless (ct-abdomen-totalsegmentator/dicom, ` +
    `from the TotalSegmentator tests) with TotalSegmentator's automatic labels of the 8 organs it shares with ` +
    `the CT models as a DICOM SEG (a model's labels, not manual; Apache-2.0).`,
  inputs: async (dataDir) => {
    const dicom = requireInput(dataDir, path.join(TOTALSEGMENTATOR_FOLDER, 'dicom'), 'ct-abdomen');
    const labels = requireInput(dataDir, path.join(TOTALSEGMENTATOR_FOLDER, 'labels.nii.gz'), 'ct-abdomen');
    return [dicom, labels, cardPath(CT_MODEL)];
  },
  files: async (dataDir, outDir) => {
    const images = await dataFolderFiles(
      dataDir,
      requireInput(dataDir, path.join(TOTALSEGMENTATOR_FOLDER, 'dicom'), 'ct-abdomen'),
    );
    const labels = requireInput(dataDir, path.join(TOTALSEGMENTATOR_FOLDER, 'labels.nii.gz'), 'ct-abdomen');
    const seg = await generateTotalSegmentatorSeg(
      images.map((f) => f.path),
      labels,
      outDir,
      'ct-abdomen',
    );
    return [...images, { path: seg, url: generatedUrl('ct-abdomen', outDir, seg) }];
  },
};

const ctLiverSeg: DemoStudyDefinition = {
  id: 'ct-liver-seg',
  title: 'CT, 3 slices with a liver DICOM SEG',
  generated: false,
  description: () =>
    '3 CT slices with a manual liver segmentation stored as DICOM SEG (ct-liver-dicom-seg: dicom/ and ' +
    'liver.dcm, from the dcmqi test data).',
  inputs: async (dataDir) => [
    requireInput(dataDir, path.join('ct-liver-dicom-seg', 'dicom'), 'ct-liver-seg'),
    requireInput(dataDir, path.join('ct-liver-dicom-seg', 'liver.dcm'), 'ct-liver-seg'),
  ],
  files: async (dataDir) => {
    const images = await dataFolderFiles(
      dataDir,
      requireInput(dataDir, path.join('ct-liver-dicom-seg', 'dicom'), 'ct-liver-seg'),
    );
    const seg = requireInput(dataDir, path.join('ct-liver-dicom-seg', 'liver.dcm'), 'ct-liver-seg');
    return [...images, { path: seg, url: dataUrl(dataDir, seg) }];
  },
};

/** A study generated from one NIfTI case (image + labels) chosen from a shipped model's card. */
function labelledCase<I extends { image: string; labels: string; card: string }>(
  base: Pick<DemoStudyDefinition, 'id' | 'title' | 'description'>,
  inputsOf: (dataDir: string, id: string) => Promise<I>,
  generate: (inputs: I, outDir: string, id: string) => Promise<string[]>,
): DemoStudyDefinition {
  return {
    ...base,
    generated: true,
    inputs: async (dataDir) => {
      const i = await inputsOf(dataDir, base.id);
      return [i.image, i.labels, i.card];
    },
    files: async (dataDir, outDir) => {
      const paths = await generate(await inputsOf(dataDir, base.id), outDir, base.id);
      return paths.map((p) => ({ path: p, url: generatedUrl(base.id, outDir, p) }));
    },
  };
}

const hippocampusLabelled = labelledCase(
  {
    id: 'hippocampus-labelled',
    title: 'Hippocampus MR with reference labels',
    description: (m) =>
      `${m.studies[0].PatientID}: a validation case of the shipped hippocampus models (MSD Task04 NIfTI ` +
      `converted to ${slices(m) - 1} DICOM MR slices) with its manual anterior/posterior hippocampus labels as a ` +
      `DICOM SEG.`,
  },
  labelledHippocampusInputs,
  generateLabelledHippocampus,
);

const ctAbdomenLabelled = labelledCase(
  {
    id: 'ct-abdomen-labelled',
    title: 'Abdominal CT with 13 labelled organs',
    description: (m) =>
      `${m.studies[0].PatientID}: a validation case of the shipped CT models (BTCV NIfTI converted to ` +
      `${slices(m) - 1} DICOM CT slices in HU) with its manual labels of 13 organs as a DICOM SEG. BTCV: ` +
      `research use only, not for redistribution.`,
  },
  labelledCtInputs,
  generateLabelledCt,
);

const cardiacLabelled = labelledCase(
  {
    id: 'cardiac-labelled',
    title: 'Cardiac MR (short axis) with labelled ventricles',
    description: (m) =>
      `${m.studies[0].PatientID}: the end-diastolic frame of a validation patient of the shipped cardiac ` +
      `models (ACDC NIfTI converted to ${slices(m) - 1} MR slices, stored as Secondary Capture without pixel ` +
      `spacing because the source dropped the voxel size: distances are in voxels) with its manual right ` +
      `ventricle, myocardium and left ventricle labels as a DICOM SEG. ACDC: CC BY-NC-SA 4.0, non-commercial.`,
  },
  labelledCardiacInputs,
  generateLabelledCardiac,
);

const polyp: DemoStudyDefinition = {
  id: 'polyp',
  title: 'Colonoscopy frames with polyp masks',
  generated: true,
  description: (m) =>
    `${m.studies[0].series.filter((s) => s.Modality === 'ES').length} PolypGen validation frames (RGB, ` +
    `converted to DICOM, Modality ES), each with its manual polyp mask as a DICOM SEG.`,
  inputs: async (dataDir) => {
    const i = polypInputs(dataDir, 'polyp');
    return [i.valDir, i.card];
  },
  files: async (dataDir, outDir) => {
    const paths = await generatePolyp(polypInputs(dataDir, 'polyp'), outDir, 'polyp');
    return paths.map((p) => ({ path: p, url: generatedUrl('polyp', outDir, p) }));
  },
};

/** Every demo study, in the order of /demo/index.json. */
export const DEMO_STUDIES: readonly DemoStudyDefinition[] = [
  hippocampusDicom(1),
  hippocampusDicom(2),
  hippocampusDicom(3),
  hippocampusLabelled,
  ctAbdomen,
  ctLiverSeg,
  ctAbdomenLabelled,
  cardiacLabelled,
  polyp,
];
