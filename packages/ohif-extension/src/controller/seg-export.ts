// DICOM SEG files of the panel's predictions, written by @seglens/data's writer so that the file says what
// made it: OHIF's own writer records every segment as MANUAL, "OHIF Brush", "Research Derived series",
// which for a model's output is a provenance error. The provenance (AUTOMATIC, or SEMIAUTOMATIC for a
// fine-tuned model; algorithm = model name, version = card hash; the loss with its options per segment; the
// series description) comes from @seglens/models/card's planSegProvenance (no TF.js on the main thread),
// which the CLI's predict and its DICOMweb batch use too, so a SEG reads the same whoever wrote it. This file adds what only the viewer knows: the
// study attributes from OHIF's metadata, the colours on screen, and a series number per export. The user's
// own brush labels are not exported here: OHIF's writer keeps them MANUAL, which they are.
// The file itself is written in the worker (writeSeg), which holds @seglens/data already: this side only plans
// it, so the main thread's bundle carries no DICOM code.
import type { DicomStudyInfo, Volume, WriteDicomSegOptions } from '@seglens/data';
import { planSegProvenance, segFileName, seriesNumberAt, type ModelCard } from '@seglens/models/card';
import type { ModelEntry } from '../panel/state';
import type { DisplaySet } from '../ohif/types';

let lastSeriesNumber = 0;

/** A series number no export of this page had before (see @seglens/models' seriesNumberAt). */
export function nextSeriesNumber(date: Date): number {
  lastSeriesNumber = seriesNumberAt(date, lastSeriesNumber);
  return lastSeriesNumber;
}

/** Patient and study attributes of the series, copied into the SEG (OHIF's metadata, naturalized). */
export function studyInfo(ds: DisplaySet): DicomStudyInfo {
  const first = (ds.instances?.[0] ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    // OHIF keeps person names as [{ Alphabetic }] or { Alphabetic }.
    const pn = (Array.isArray(v) ? v[0] : v) as { Alphabetic?: unknown } | undefined;
    return typeof pn?.Alphabetic === 'string' ? pn.Alphabetic : undefined;
  };
  const info: DicomStudyInfo = {};
  for (const key of [
    'PatientName',
    'PatientID',
    'PatientBirthDate',
    'PatientSex',
    'StudyDate',
    'StudyTime',
    'AccessionNumber',
    'StudyID',
    'StudyDescription',
    'ReferringPhysicianName',
  ] as const) {
    const value = text(first[key]);
    if (value !== undefined) info[key] = value;
  }
  return info;
}

export interface SegPlan {
  /** The series' volume with the SOP Class UID the SEG references (from OHIF's metadata when missing). */
  source: Volume;
  options: WriteDicomSegOptions;
  fileName: string;
  seriesDescription: string;
  seriesNumber: number;
}

/** How to write `entry`'s prediction on `source` as a DICOM SEG: its provenance, names and numbers. */
export async function planPredictionSeg(
  entry: ModelEntry,
  card: ModelCard,
  source: Volume,
  ds: DisplaySet,
  date = new Date(),
): Promise<SegPlan> {
  if (!source.dicom)
    throw new Error(
      `the series ${ds.SeriesInstanceUID} was not read from DICOM, so a SEG cannot reference it`,
    );
  const sopClassUID = source.dicom.sopClassUID ?? ds.SOPClassUID ?? ds.instances?.[0]?.SOPClassUID;
  if (!sopClassUID) throw new Error(`the series ${ds.SeriesInstanceUID} has no SOP Class UID`);
  const provenance = await planSegProvenance(card);
  // The panel's classes carry the colours on screen (a user may have changed them): the file keeps them.
  const colors = new Map(entry.classes.map((c) => [c.index, c.color]));
  const seriesNumber = nextSeriesNumber(date);
  const options: WriteDicomSegOptions = {
    segments: provenance.segments.map((s) => ({ ...s, rgb: colors.get(s.labelValue) ?? s.rgb })),
    algorithm: provenance.algorithm,
    study: studyInfo(ds),
    seriesDescription: provenance.seriesDescription,
    seriesNumber,
    date,
  };
  return {
    source: { ...source, dicom: { ...source.dicom, sopClassUID } },
    options,
    fileName: segFileName(card.name, date),
    seriesDescription: provenance.seriesDescription,
    seriesNumber,
  };
}
