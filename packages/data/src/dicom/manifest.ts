import { DicomError } from './errors';
import { identityOf } from './identity';
import { nums, readNaturalized, str, type Naturalized } from './naturalized';
import { toFileInput, type DicomFileInput, type DicomInput } from './parse';

/**
 * OHIF's static "DICOM JSON" data source (`/viewer/dicomjson?url=<manifest>`): studies, their series, and per
 * instance the naturalized DICOM attributes (dcmjs keywords, sequences as arrays) plus the URL of the file.
 * The `dicomweb:` prefix makes OHIF fetch the whole Part 10 file (WADO-URI style) from that URL.
 */
export interface OhifManifest {
  studies: OhifStudy[];
}

export interface OhifStudy {
  StudyInstanceUID: string;
  StudyDescription?: string;
  StudyDate?: string;
  StudyTime?: string;
  PatientName?: string;
  PatientID: string;
  AccessionNumber?: string;
  PatientAge?: string;
  PatientSex?: string;
  PatientWeight?: number;
  /** Number of instance entries over all series. */
  NumInstances: number;
  /** The series' modalities joined by "/", e.g. "CT/SEG". */
  Modalities: string;
  series: OhifSeries[];
}

export interface OhifSeries {
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  SeriesNumber?: number;
  SeriesTime?: string;
  Modality: string;
  SliceThickness?: number;
  instances: OhifInstance[];
}

export interface OhifInstance {
  metadata: Record<string, unknown>;
  url: string;
}

export interface OhifManifestOptions {
  /**
   * Called for each file that is not readable DICOM; without it such a file is an Error. Lets a folder tool
   * skip README or LICENSE files and report them.
   */
  onSkip?: (file: string, reason: string) => void;
}

/** Keeps what a viewer reads from metadata: keyword attributes, without bulk binary data or private tags. */
function clean(value: unknown): unknown {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    const out = value.map(clean);
    return out.some((v) => v === undefined) ? undefined : out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // dcmjs keeps unknown and private elements under their hex tag; keywords start with a capital letter.
      if (!/^[A-Z][A-Za-z0-9]*$/.test(key)) continue;
      if (key === 'PixelData' || key === 'FloatPixelData' || key === 'DoubleFloatPixelData') continue;
      const c = clean(v);
      if (c !== undefined) out[key] = c;
    }
    return out;
  }
  return value;
}

function optional<T>(value: T | undefined | null | ''): T | undefined {
  return value === '' || value === null ? undefined : (value ?? undefined);
}

/** Position along the slice normal, so a series lists its slices in geometric order like the series reader. */
function sliceDistance(m: Naturalized): number | undefined {
  const ipp = nums(m.ImagePositionPatient);
  const iop = nums(m.ImageOrientationPatient);
  if (!ipp || !iop || iop.length < 6) return undefined;
  const n = [
    iop[1] * iop[5] - iop[2] * iop[4],
    iop[2] * iop[3] - iop[0] * iop[5],
    iop[0] * iop[4] - iop[1] * iop[3],
  ];
  return ipp[0] * n[0] + ipp[1] * n[1] + ipp[2] * n[2];
}

/**
 * Builds OHIF's DICOM JSON manifest for a set of DICOM files. `urlFor` gives the URL each file is served at;
 * it is prefixed with "dicomweb:" unless it already has that prefix. Each instance is one entry, including
 * multi-frame images and SEGs (OHIF's data source makes one image ID per frame from NumberOfFrames).
 * Study, Series and SOP Instance UIDs that a file leaves blank are derived exactly as readDicomSeries does,
 * so a SEG written from a Volume of such a series refers to the UIDs the viewer shows.
 */
export function buildOhifManifest(
  inputs: DicomInput[],
  urlFor: (file: DicomFileInput) => string,
  options: OhifManifestOptions = {},
): OhifManifest {
  const studies = new Map<string, OhifStudy>();
  const seriesOf = new Map<string, OhifSeries>();
  const distances = new Map<OhifInstance, number | undefined>();
  inputs.forEach((input, index) => {
    const file = toFileInput(input, index);
    let dataset: Naturalized;
    let meta: Naturalized;
    try {
      ({ dataset, meta } = readNaturalized(file));
    } catch (error) {
      if (options.onSkip && error instanceof DicomError) {
        options.onSkip(file.name, error.reason);
        return;
      }
      throw error;
    }
    const metadata = clean(dataset) as Record<string, unknown>;
    const identity = identityOf(
      {
        StudyInstanceUID: str(dataset.StudyInstanceUID),
        SeriesInstanceUID: str(dataset.SeriesInstanceUID),
        SOPInstanceUID: str(dataset.SOPInstanceUID),
        MediaStorageSOPInstanceUID: str(meta.MediaStorageSOPInstanceUID),
      },
      () => ({
        PatientID: str(dataset.PatientID),
        StudyDate: str(dataset.StudyDate),
        StudyTime: str(dataset.StudyTime),
        AccessionNumber: str(dataset.AccessionNumber),
        FrameOfReferenceUID: str(dataset.FrameOfReferenceUID),
        Modality: str(dataset.Modality),
        SeriesNumber: nums(dataset.SeriesNumber)?.[0],
        SeriesDescription: str(dataset.SeriesDescription),
        InstanceNumber: nums(dataset.InstanceNumber)?.[0],
        ImagePositionPatient: nums(dataset.ImagePositionPatient),
      }),
    );
    metadata.StudyInstanceUID = identity.studyInstanceUID;
    metadata.SeriesInstanceUID = identity.seriesInstanceUID;
    metadata.SOPInstanceUID = identity.sopInstanceUID;
    if (!str(dataset.SOPClassUID)) metadata.SOPClassUID = str(meta.MediaStorageSOPClassUID);
    let study = studies.get(identity.studyInstanceUID);
    if (!study) {
      study = {
        StudyInstanceUID: identity.studyInstanceUID,
        StudyDescription: optional(str(dataset.StudyDescription)),
        StudyDate: optional(str(dataset.StudyDate)),
        StudyTime: optional(str(dataset.StudyTime)),
        // Plain text at study level (the study list shows it); instances keep dcmjs's { Alphabetic } form.
        PatientName: optional(str(dataset.PatientName)),
        // OHIF's study list keys on PatientID; its own generator also fills a placeholder when it is blank.
        PatientID: str(dataset.PatientID) || 'UNKNOWN',
        AccessionNumber: optional(str(dataset.AccessionNumber)),
        PatientAge: optional(str(dataset.PatientAge)),
        PatientSex: optional(str(dataset.PatientSex)),
        PatientWeight: nums(dataset.PatientWeight)?.[0],
        NumInstances: 0,
        Modalities: '',
        series: [],
      };
      studies.set(identity.studyInstanceUID, study);
    }
    let series = seriesOf.get(identity.seriesInstanceUID);
    if (!series) {
      series = {
        SeriesInstanceUID: identity.seriesInstanceUID,
        SeriesDescription: optional(str(dataset.SeriesDescription)),
        SeriesNumber: nums(dataset.SeriesNumber)?.[0],
        SeriesTime: optional(str(dataset.SeriesTime)),
        Modality: str(dataset.Modality),
        SliceThickness: nums(dataset.SliceThickness)?.[0],
        instances: [],
      };
      seriesOf.set(identity.seriesInstanceUID, series);
      study.series.push(series);
    }
    const url = urlFor(file);
    const instance: OhifInstance = { metadata, url: url.startsWith('dicomweb:') ? url : `dicomweb:${url}` };
    distances.set(instance, sliceDistance(dataset));
    series.instances.push(instance);
  });
  for (const study of studies.values()) {
    for (const series of study.series) {
      series.instances.sort((a, b) => {
        const da = distances.get(a);
        const db = distances.get(b);
        if (da !== undefined && db !== undefined && da !== db) return da - db;
        return Number(a.metadata.InstanceNumber ?? 0) - Number(b.metadata.InstanceNumber ?? 0);
      });
    }
    study.NumInstances = study.series.reduce((n, s) => n + s.instances.length, 0);
    study.Modalities = [...new Set(study.series.map((s) => s.Modality))].join('/');
  }
  return { studies: [...studies.values()] };
}
