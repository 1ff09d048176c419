// ct-abdomen: another hospital's CT (the TotalSegmentator project's test series, 20 JPEG 2000 slices) served
// from the data directory as it is, with TotalSegmentator's label map of it written as a DICOM SEG of the
// classes the shipped CT models share with it. The labels are a model's (TotalSegmentator, fast mode), not a
// person's: the SEG says so (AUTOMATIC, its algorithm name), and the panel scores the models against them on
// those 8 organs only (the other 5 are "not in the reference").
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  readDicomSeries,
  readDicomStudyInfo,
  readNiftiFile,
  resampleLabels,
  writeDicomSeg,
  writeFileAtomic,
  type Volume,
} from '@seglens/data';
import { CT_MODEL } from './ct-abdomen-labelled';
import { cardClass, readCardFacts } from './model-card';
import { demoUid } from './uid';

export const TOTALSEGMENTATOR_FOLDER = 'ct-abdomen-totalsegmentator';

/**
 * TotalSegmentator's "total" label values (v2 class map; the data directory's README) of the organs the CT
 * models segment, by the models' class names. Its other labels (colon, vertebrae, ribs, muscles, …) are none of
 * the models' classes and stay background.
 */
const TOTALSEGMENTATOR_TO_CLASS: ReadonlyMap<number, string> = new Map([
  [1, 'spleen'],
  [5, 'liver'],
  [6, 'stomach'],
  [7, 'pancreas'],
  [8, 'right adrenal gland'],
  [52, 'aorta'],
  [63, 'inferior vena cava'],
  [64, 'portal and splenic vein'],
]);

/**
 * TotalSegmentator's label map on the series' grid, its values turned into the CT models' class indices, and
 * those classes in class order.
 */
async function totalSegmentatorClasses(
  labelsFile: string,
  source: Volume,
): Promise<{ labels: Volume; classes: { index: number; name: string; color: [number, number, number] }[] }> {
  const facts = await readCardFacts(CT_MODEL);
  const lut = new Uint8Array(65536);
  const classes = [...TOTALSEGMENTATOR_TO_CLASS].map(([value, name]) => {
    const c = cardClass(facts, name);
    lut[value] = c.index;
    return c;
  });
  const { volume } = await readNiftiFile(labelsFile, { labels: true });
  // By world position through both headers: the map is LAS, the DICOM series LPS (rows run the other way).
  const placed = resampleLabels(volume, source);
  const voxels = new Uint8Array(placed.voxels.length);
  for (let i = 0; i < voxels.length; i++) {
    const v = placed.voxels[i];
    if (!Number.isInteger(v) || v < 0 || v >= lut.length)
      throw new Error(`${labelsFile}: label value ${v} is not a TotalSegmentator class`);
    voxels[i] = lut[v];
  }
  return { labels: { ...placed, voxels }, classes: classes.sort((a, b) => a.index - b.index) };
}

/** Writes seg/totalsegmentator.dcm under `outDir` for the series `imagePaths`; returns its path. */
export async function generateTotalSegmentatorSeg(
  imagePaths: readonly string[],
  labelsFile: string,
  outDir: string,
  studyId: string,
): Promise<string> {
  const files = await Promise.all(
    imagePaths.map(async (p) => ({ name: p, data: new Uint8Array(await readFile(p)) })),
  );
  const source = await readDicomSeries(files);
  const { labels, classes } = await totalSegmentatorClasses(labelsFile, source);
  const present = new Set(labels.voxels);
  const seg = writeDicomSeg(labels, source, {
    segments: classes
      .filter((c) => present.has(c.index))
      .map((c) => ({
        labelValue: c.index,
        label: c.name,
        description: `TotalSegmentator (fast mode) label of ${c.name}, automatic, not manual`,
        rgb: c.color,
      })),
    algorithm: { modelName: 'TotalSegmentator', name: 'TotalSegmentator (fast mode)', lossName: 'n/a' },
    study: readDicomStudyInfo(files[0]),
    seriesDescription: 'TotalSegmentator labels (automatic), from labels.nii.gz',
    seriesNumber: 2,
    seriesInstanceUID: demoUid(`${studyId}/seg/totalsegmentator`),
    sopInstanceUID: demoUid(`${studyId}/seg-instance/totalsegmentator`),
  });
  const segPath = path.join(outDir, 'seg', 'totalsegmentator.dcm');
  await mkdir(path.dirname(segPath), { recursive: true });
  await writeFileAtomic(segPath, new Uint8Array(seg));
  return segPath;
}
