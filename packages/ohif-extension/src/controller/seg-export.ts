// DICOM SEG files of the panel's predictions, written by @seglens/data's writer so that the file says what
// made it: OHIF's own writer records every segment as MANUAL, "OHIF Brush", "Research Derived series",
// which for a model's output is a provenance error. Here a shipped model's segments are AUTOMATIC and a
// fine-tuned model's SEMIAUTOMATIC (a person's brush labels shaped it); the algorithm is the model's name,
// the version its card's hash, each segment description the loss with its options, the series
// description names the model, and every export gets its own series number. The user's own brush labels
// are not exported here: OHIF's writer keeps them MANUAL, which they are.
// The file itself is written in the worker (writeSeg), which holds @seglens/data already: this side only plans
// it, so the main thread's bundle carries no DICOM code.
import type { DicomStudyInfo, Volume, WriteDicomSegOptions } from '@seglens/data';
import type { ModelCard } from '@seglens/models';
import type { ModelEntry } from '../panel/state';
import type { DisplaySet } from '../ohif/types';

/** The loss as the segment description says it, e.g. "loss rce (penalty=l1, lambda=1, temperature=10)". */
export function lossDescription(loss: { name: string; options?: Record<string, unknown> }): string {
  const options = Object.entries(loss.options ?? {})
    // ignoreIndex is how training skips unlabelled voxels, not a property of the loss.
    .filter(([k, v]) => k !== 'ignoreIndex' && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  const text = `loss ${loss.name}${options.length ? ` (${options.join(', ')})` : ''}`;
  return text.length <= 1024 ? text : `${text.slice(0, 1023)}…`; // SegmentDescription is ST: 1024 characters
}

/** The loss a card records: its training loss, or its last fine-tuning's for a fine-tuned model. */
export function cardLoss(card: ModelCard): { name: string; options?: Record<string, unknown> } {
  const tuned = card.fineTuning[card.fineTuning.length - 1];
  return tuned?.loss ?? card.training?.loss ?? { name: 'unknown' };
}

/** "card sha256:<16 hex>": the hash of the card as JSON, so two versions of a model never read alike. */
export async function cardHash(card: ModelCard): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(card));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return `card sha256:${hex}`;
}

/** A file name with only ASCII letters, digits, '-', '_' and '.', e.g. "seglens-hippocampus-rce-20261203-124501.dcm". */
export function segFileName(modelName: string, date: Date): string {
  const safe =
    modelName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: "Modèle" → "Modele"
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model';
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
  return `seglens-${safe}-${stamp}.dcm`;
}

let lastSeriesNumber = 0;

/**
 * A series number that differs per export: the seconds since the start of the day (plus 1000, above the
 * numbers scanners use), and never one this page already gave out.
 */
export function nextSeriesNumber(date: Date): number {
  const ofDay = date.getHours() * 3600 + date.getMinutes() * 60 + date.getSeconds();
  lastSeriesNumber = Math.max(1000 + ofDay, lastSeriesNumber + 1);
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
  const loss = cardLoss(card);
  const description = lossDescription(loss);
  const fineTuned = card.fineTuning.length > 0;
  const seriesNumber = nextSeriesNumber(date);
  const seriesDescription = `seglens ${entry.name} (${loss.name}${fineTuned ? ', fine-tuned' : ''})`.slice(
    0,
    64,
  );
  const options: WriteDicomSegOptions = {
    segments: entry.classes
      .filter((c) => c.index > 0)
      .map((c) => ({ labelValue: c.index, label: c.name, description, rgb: c.color })),
    algorithm: {
      modelName: entry.name,
      name: entry.name,
      lossName: loss.name,
      version: await cardHash(card),
      type: fineTuned ? 'SEMIAUTOMATIC' : 'AUTOMATIC',
    },
    study: studyInfo(ds),
    seriesDescription,
    seriesNumber,
    date,
  };
  return {
    source: { ...source, dicom: { ...source.dicom, sopClassUID } },
    options,
    fileName: segFileName(entry.name, date),
    seriesDescription,
    seriesNumber,
  };
}
