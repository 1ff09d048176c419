// DICOM JSON (PS3.18 F.2) as QIDO-RS and WADO-RS metadata answer: attributes keyed by 8-hex-digit tags.

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
}

export type DicomJson = Record<string, DicomJsonAttribute>;

/** Tags used by the batch code, by keyword. */
export const TAG = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  Modality: '00080060',
  SeriesDescription: '0008103E',
  NumberOfSeriesRelatedInstances: '00201209',
  ManufacturerModelName: '00081090',
  SoftwareVersions: '00181020',
  Rows: '00280010',
  Columns: '00280011',
  SamplesPerPixel: '00280002',
  FailedSOPSequence: '00081198',
} as const;

/** The first value of an attribute as a string (PN values as their Alphabetic form); undefined if absent. */
export function jsonString(ds: DicomJson, tag: string): string | undefined {
  const value = ds[tag]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && 'Alphabetic' in (value as Record<string, unknown>))
    return String((value as { Alphabetic: unknown }).Alphabetic);
  return String(value);
}

/** Every value of an attribute as strings (SoftwareVersions is multi-valued). */
export function jsonStrings(ds: DicomJson, tag: string): string[] {
  return (ds[tag]?.Value ?? []).map((v) => String(v));
}

export function jsonNumber(ds: DicomJson, tag: string): number | undefined {
  const s = jsonString(ds, tag);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
