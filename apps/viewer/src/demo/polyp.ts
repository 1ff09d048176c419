// polyp: a few PolypGen validation frames (colonoscopy, RGB) as DICOM series with Modality ES, one study, and
// each frame's manual polyp mask as a DICOM SEG referencing that frame.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  listImagePairs,
  polypSequenceId,
  readDicomSeries,
  readDicomStudyInfo,
  readImageFile,
  readMaskFile,
  resampleLabels,
  volumeToDicomSeries,
  writeDicomFiles,
  writeDicomSeg,
  writeFileAtomic,
  type FilePair,
} from '@seglens/data';
import { demoUid } from './uid';
import { cardClass, cardPath, readCardFacts } from './model-card';
import { requireInput } from './files';

export const POLYP_MODEL = 'polyp-rce';
export const POLYP_FRAME_COUNT = 4;

export interface PolypInputs {
  /** polypgen-256/val (images/ + masks/). */
  valDir: string;
  card: string;
}

export function polypInputs(dataDir: string, studyId: string): PolypInputs {
  return {
    valDir: requireInput(dataDir, path.join('polypgen-256', 'val'), studyId),
    card: cardPath(POLYP_MODEL),
  };
}

/**
 * The frames shown: in file-name order, the first frame of each video sequence whose mask is not empty, until
 * there are POLYP_FRAME_COUNT (different sequences, so the demo shows different polyps).
 */
export async function choosePolypFrames(valDir: string): Promise<FilePair[]> {
  const { pairs } = await listImagePairs(valDir);
  const chosen: FilePair[] = [];
  const sequences = new Set<string>();
  for (const pair of pairs) {
    const sequence = polypSequenceId(pair.id);
    if (sequences.has(sequence)) continue;
    const mask = await readMaskFile(pair.label);
    if (!mask.voxels.some((v) => v !== 0)) continue;
    sequences.add(sequence);
    chosen.push(pair);
    if (chosen.length === POLYP_FRAME_COUNT) return chosen;
  }
  throw new Error(
    `${valDir}: only ${chosen.length} video sequences have a frame with a non-empty mask, need ${POLYP_FRAME_COUNT}`,
  );
}

/** Writes <frame>/IM0001.dcm and <frame>/mask-seg.dcm per chosen frame under `outDir`; returns the paths. */
export async function generatePolyp(inputs: PolypInputs, outDir: string, studyId: string): Promise<string[]> {
  const polyp = cardClass(await readCardFacts(POLYP_MODEL), 'polyp');
  const frames = await choosePolypFrames(inputs.valDir);
  const studyInstanceUID = demoUid(`${studyId}/study`);
  const written: string[] = [];
  for (const [i, frame] of frames.entries()) {
    const stem = frame.id.replace(/\.[^.]+$/, '');
    const frameDir = path.join(outDir, stem);
    const image = await readImageFile(frame.image);
    const instances = volumeToDicomSeries(image, {
      patientName: 'PolypGen^validation frames',
      patientId: 'polypgen-val',
      modality: 'ES',
      studyInstanceUID,
      seriesInstanceUID: demoUid(`${studyId}/series/${frame.id}`),
      frameOfReferenceUID: demoUid(`${studyId}/frame-of-reference/${frame.id}`),
      studyDescription: `PolypGen colonoscopy, ${frames.length} validation frames with polyp masks`,
      seriesDescription: `Frame ${frame.id}`,
      seriesNumber: i + 1,
    });
    const [imagePath] = await writeDicomFiles(frameDir, instances);
    const imageFile = { name: imagePath, data: new Uint8Array(instances[0]) };
    const source = await readDicomSeries([imageFile]);
    const mask = resampleLabels(await readMaskFile(frame.label), source);
    const seg = writeDicomSeg(mask, source, {
      segments: [
        {
          labelValue: 1,
          label: polyp.name,
          description: `manual polyp mask of ${frame.id} (PolypGen)`,
          rgb: polyp.color,
        },
      ],
      // Every SEG segment is written AUTOMATIC "<model> (loss: <loss>)"; this mask is a manual annotation.
      algorithm: { modelName: 'PolypGen reference masks', lossName: 'n/a' },
      study: readDicomStudyInfo(imageFile),
      seriesDescription: `Polyp mask of ${frame.id}`,
      seriesNumber: 100 + i + 1,
      seriesInstanceUID: demoUid(`${studyId}/seg/${frame.id}`),
      sopInstanceUID: demoUid(`${studyId}/seg-instance/${frame.id}`),
    });
    const segPath = path.join(frameDir, 'mask-seg.dcm');
    await mkdir(frameDir, { recursive: true });
    await writeFileAtomic(segPath, new Uint8Array(seg));
    written.push(imagePath, segPath);
  }
  return written;
}
