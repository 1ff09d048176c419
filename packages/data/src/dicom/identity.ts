import { uidFromText } from './uid';

/**
 * The attributes that identify an instance, as text exactly as stored (IS values normalised to integers so
 * "014" and 14 agree). Both readers of this package (dicom-parser for pixels, dcmjs for the OHIF manifest)
 * fill this record so that both derive the same stand-in UIDs.
 */
export interface InstanceUids {
  StudyInstanceUID?: string;
  SeriesInstanceUID?: string;
  SOPInstanceUID?: string;
  MediaStorageSOPInstanceUID?: string;
}

/** What a blank UID is derived from; only read when a UID is blank. */
export interface IdentityAttributes {
  PatientID?: string;
  StudyDate?: string;
  StudyTime?: string;
  AccessionNumber?: string;
  FrameOfReferenceUID?: string;
  Modality?: string;
  SeriesNumber?: number;
  SeriesDescription?: string;
  InstanceNumber?: number;
  ImagePositionPatient?: number[];
}

export interface InstanceIdentity {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** True when at least one of the three UIDs was blank in the file and was derived here. */
  derived: boolean;
}

/**
 * Study, series and SOP instance UIDs of an instance. Anonymised data (such as the TotalSegmentator test CT)
 * may leave them blank; a blank UID is replaced by one hashed from the attributes that do identify the
 * study/series/slice, so every file of one series gets the same stand-in and SEGs written against it stay
 * consistent with a manifest made from the same files. SOP Instance UID falls back first to the file meta
 * header's Media Storage SOP Instance UID, which is the same value by definition.
 */
export function identityOf(uids: InstanceUids, details: () => IdentityAttributes): InstanceIdentity {
  let derived = false;
  let cached: IdentityAttributes | undefined;
  const attrs = (): IdentityAttributes => (cached ??= details());
  let study = uids.StudyInstanceUID ?? '';
  if (!study) {
    derived = true;
    const a = attrs();
    study = uidFromText(
      ['study', a.PatientID, a.StudyDate, a.StudyTime, a.AccessionNumber, a.FrameOfReferenceUID].join('|'),
    );
  }
  let series = uids.SeriesInstanceUID ?? '';
  if (!series) {
    derived = true;
    const a = attrs();
    series = uidFromText(
      ['series', study, a.Modality, a.SeriesNumber, a.SeriesDescription, a.FrameOfReferenceUID].join('|'),
    );
  }
  let sop = uids.SOPInstanceUID || uids.MediaStorageSOPInstanceUID || '';
  if (!sop) {
    derived = true;
    const a = attrs();
    sop = uidFromText(['sop', series, a.InstanceNumber, (a.ImagePositionPatient ?? []).join('\\')].join('|'));
  }
  return { studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop, derived };
}
