import { dicomStorageOrientation, orientationCode, reorient } from '../geometry/orient';
import { ijkToLps, type Volume } from '../volume';
import { DicomError } from './errors';
import { ds, fileMeta, writeNaturalized, type Naturalized } from './naturalized';
import { isValidUid, newUid } from './uid';

export interface VolumeToDicomOptions {
  patientName: string;
  patientId?: string;
  /** Default: a new UID. Pass the study's UID to add the series to an existing study. */
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  frameOfReferenceUID?: string;
  /** "CT" and "MR" give CT/MR Image Storage (grey only); anything else, and every RGB volume, Secondary Capture. */
  modality: string;
  /**
   * Secondary Capture Image Storage whatever the modality (kept in Modality, so a viewer still knows an MR from a
   * CT). The way to store a CT or MR whose pixel spacing is unknown (`spacingUnknown`): CT and MR Image Storage
   * require PixelSpacing, and writing 1 mm would be a false size. Default false.
   */
  secondaryCapture?: boolean;
  seriesDescription?: string;
  studyDescription?: string;
  seriesNumber?: number;
  /** Study/series date and time. Default: now. */
  date?: Date;
  /**
   * Grey volumes: the VOI window (WindowCenter/WindowWidth, in the Volume's values) every slice carries, so
   * a viewer shows the series at one brightness instead of windowing each slice on its own range.
   */
  window?: { center: number; width: number };
}

const SOP_CLASS = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  SC: '1.2.840.10008.5.1.4.1.1.7',
};

/** How grey voxels are stored: the stored type plus the rescale that gives back the Volume's values. */
interface GreyEncoding {
  bits: 8 | 16;
  signed: boolean;
  slope: number;
  intercept: number;
  /** Stored value of a voxel value. */
  encode: (v: number) => number;
}

function range(values: ArrayLike<number>): { min: number; max: number; integral: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v))
      throw new DicomError('volume', `voxel ${i} is ${v}: only finite values can be written`);
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  return { min, max, integral };
}

/**
 * Chooses the stored representation: integers that fit are stored exactly (8-bit only for Secondary Capture,
 * since the CT and MR IODs require 16 bits); anything else is quantised to 16 bits with a rescale slope and
 * intercept, which loses at most half a slope step per voxel.
 */
function greyEncoding(volume: Volume, sopClass: string): GreyEncoding {
  const { min, max, integral } = range(volume.voxels);
  const identity = (v: number): number => v;
  if (integral && min >= 0 && max <= 255 && sopClass === SOP_CLASS.SC) {
    return { bits: 8, signed: false, slope: 1, intercept: 0, encode: identity };
  }
  if (integral && min >= -32768 && max <= 32767)
    return { bits: 16, signed: true, slope: 1, intercept: 0, encode: identity };
  if (integral && min >= 0 && max <= 65535)
    return { bits: 16, signed: false, slope: 1, intercept: 0, encode: identity };
  const slope = max > min ? (max - min) / 65535 : 1;
  // The slope is written as a 16-character decimal string; quantise with the value a reader will see.
  const written = Number(ds(slope));
  const intercept = Number(ds(min));
  return {
    bits: 16,
    signed: false,
    slope: written,
    intercept,
    encode: (v) => Math.min(65535, Math.max(0, Math.round((v - intercept) / written))),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The free-text options must fit their VR, or every file written would be invalid DICOM (dciodvfy: "Length
 * invalid for this VR"): LO holds at most 64 characters and no backslash; a PN component group at most 64.
 */
function checkTextOptions(options: VolumeToDicomOptions): void {
  const lo = {
    patientId: options.patientId,
    studyDescription: options.studyDescription,
    seriesDescription: options.seriesDescription,
  };
  for (const [key, value] of Object.entries(lo)) {
    if (value === undefined) continue;
    if (value.length > 64)
      throw new DicomError(key, `"${value}" has ${value.length} characters; DICOM's LO allows 64`);
    if (value.includes('\\'))
      throw new DicomError(key, `"${value}" contains a backslash, which DICOM's LO does not allow`);
  }
  for (const group of options.patientName.split('=')) {
    if (group.length > 64)
      throw new DicomError(
        'patientName',
        `"${options.patientName}" has a component group of ${group.length} characters; DICOM's PN allows 64`,
      );
  }
}

/**
 * Converts a Volume to a DICOM series, one single-frame instance per slice, explicit VR little endian. The
 * voxels are first re-indexed (never resampled) to {@link dicomStorageOrientation}: the acquisition plane
 * is kept and the in-plane axes follow the plane's display convention, e.g. a RAS NIfTI is written with its
 * rows and columns reversed and ImageOrientationPatient 1\0\0\0\1\0 (LPS), as scanners and other
 * converters write it, rather than with IOP -1\0\0\0\-1\0. Every voxel keeps its world position either way;
 * this way viewers that show the series as stored show it the usual way up, and nothing downstream can get
 * away with treating NIfTI and DICOM storage order as the same. Then: ImagePositionPatient from the
 * geometry, ImageOrientationPatient from the i/j directions, PixelSpacing [j, i], SliceThickness and
 * SpacingBetweenSlices from spacing[2] (no PixelSpacing when `spacingUnknown`: Secondary Capture only).
 * Grey volumes become CT or MR Image Storage when `modality` says so (else Secondary Capture); RGB volumes
 * (3 channels, Uint8Array) become Secondary Capture with SamplesPerPixel 3. For studies that only exist as
 * NIfTI or PNG, so the viewer can show them. Reading the result with readDicomSeries gives exactly
 * `reorient(volume, dicomStorageOrientation(volume))`.
 */
export function volumeToDicomSeries(input: Volume, options: VolumeToDicomOptions): ArrayBuffer[] {
  if (input.channels !== 1 && input.channels !== 3)
    throw new DicomError('volume', `channels must be 1 or 3, got ${input.channels}`);
  const code = dicomStorageOrientation(input);
  const volume = code === undefined || code === orientationCode(input) ? input : reorient(input, code);
  const [nx, ny, nz] = volume.dims;
  if (volume.channels === 3 && !(volume.voxels instanceof Uint8Array)) {
    throw new DicomError('volume', 'RGB volumes must hold a Uint8Array (values 0..255)');
  }
  if (nx > 65535 || ny > 65535)
    throw new DicomError('volume', `slices of ${nx}x${ny} exceed DICOM's 65535 rows/columns`);
  if (!options.modality.trim()) throw new DicomError('modality', 'must not be empty');
  checkTextOptions(options);
  for (const key of ['studyInstanceUID', 'seriesInstanceUID', 'frameOfReferenceUID'] as const) {
    const uid = options[key];
    if (uid !== undefined && !isValidUid(uid)) throw new DicomError(key, `"${uid}" is not a valid DICOM UID`);
  }
  const d = volume.direction;
  const normal = [d[1] * d[5] - d[2] * d[4], d[2] * d[3] - d[0] * d[5], d[0] * d[4] - d[1] * d[3]];
  const alignment = Math.abs(normal[0] * d[6] + normal[1] * d[7] + normal[2] * d[8]);
  if (Math.abs(alignment - 1) > 1e-3) {
    throw new DicomError(
      'volume',
      'the k axis is not perpendicular to the slices (sheared grid): DICOM slices cannot describe it',
    );
  }
  const w = options.window;
  if (w && !(Number.isFinite(w.center) && Number.isFinite(w.width) && w.width > 0))
    throw new DicomError(
      'window',
      `center must be finite and width positive, got ${w.center} and ${w.width}`,
    );
  const modality = options.modality.trim().toUpperCase();
  const sopClass =
    volume.channels === 1 && (modality === 'CT' || modality === 'MR') && options.secondaryCapture !== true
      ? SOP_CLASS[modality]
      : SOP_CLASS.SC;
  if (volume.spacingUnknown && sopClass !== SOP_CLASS.SC)
    throw new DicomError(
      'volume',
      `its pixel spacing is unknown (an image file, or a header repair that found the size false), and ${modality} Image Storage requires PixelSpacing: write it as Secondary Capture (secondaryCapture: true) or give the volume a spacing in mm`,
    );
  // From the input, so an error names the voxel index the caller knows (the values are the same).
  const grey = volume.channels === 1 ? greyEncoding(input, sopClass) : undefined;
  const date = options.date ?? new Date();
  const da = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  const tm = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  const study = options.studyInstanceUID ?? newUid();
  const series = options.seriesInstanceUID ?? newUid();
  const frameOfReference = options.frameOfReferenceUID ?? newUid();
  const perSlice = nx * ny * volume.channels;

  // What dciodvfy asks of each IOD that the geometry and the caller cannot give: empty Type 2C values where the
  // condition holds (PatientPosition for CT/MR; RepetitionTime for MR, ScanningSequence being RM; Patient
  // Orientation for Secondary Capture, which needs no IOP; the series' Laterality, which dciodvfy requires of
  // every IOD here since no ImageLaterality is sent, and which a volume does not know) and ImageType's third
  // value (CT: AXIAL, the slice images' term against LOCALIZER; MR: OTHER).
  const common: Naturalized = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType:
      sopClass === SOP_CLASS.CT
        ? ['DERIVED', 'SECONDARY', 'AXIAL']
        : sopClass === SOP_CLASS.MR
          ? ['DERIVED', 'SECONDARY', 'OTHER']
          : ['DERIVED', 'SECONDARY'],
    SOPClassUID: sopClass,
    StudyDate: da,
    SeriesDate: da,
    StudyTime: tm,
    SeriesTime: tm,
    AccessionNumber: '',
    Modality: modality,
    Laterality: '',
    ...(sopClass === SOP_CLASS.SC ? { ConversionType: 'WSD' } : {}),
    Manufacturer: 'seglens',
    ReferringPhysicianName: '',
    StudyDescription: options.studyDescription ?? '',
    SeriesDescription: options.seriesDescription ?? '',
    PatientName: options.patientName,
    PatientID: options.patientId ?? '',
    PatientBirthDate: '',
    PatientSex: '',
    ...(sopClass === SOP_CLASS.CT ? { KVP: '' } : {}),
    ...(sopClass === SOP_CLASS.SC ? { PatientOrientation: '' } : { PatientPosition: '' }),
    ...(sopClass === SOP_CLASS.MR
      ? {
          ScanningSequence: 'RM',
          SequenceVariant: 'NONE',
          ScanOptions: '',
          MRAcquisitionType: '',
          RepetitionTime: '',
          EchoTime: '',
          EchoTrainLength: '',
        }
      : {}),
    SliceThickness: ds(volume.spacing[2]),
    SpacingBetweenSlices: ds(volume.spacing[2]),
    StudyInstanceUID: study,
    SeriesInstanceUID: series,
    StudyID: '',
    SeriesNumber: options.seriesNumber ?? 1,
    AcquisitionNumber: '',
    ImageOrientationPatient: d.slice(0, 6).map(ds),
    FrameOfReferenceUID: frameOfReference,
    PositionReferenceIndicator: '',
    SamplesPerPixel: volume.channels,
    PhotometricInterpretation: volume.channels === 3 ? 'RGB' : 'MONOCHROME2',
    ...(volume.channels === 3 ? { PlanarConfiguration: 0 } : {}),
    Rows: ny,
    Columns: nx,
    // Unknown spacing is left out rather than written as 1 mm: viewers then measure in pixels, as they should.
    ...(volume.spacingUnknown ? {} : { PixelSpacing: [ds(volume.spacing[1]), ds(volume.spacing[0])] }),
    BitsAllocated: grey?.bits ?? 8,
    BitsStored: grey?.bits ?? 8,
    HighBit: (grey?.bits ?? 8) - 1,
    PixelRepresentation: grey?.signed ? 1 : 0,
    ...(grey && (sopClass === SOP_CLASS.CT || grey.slope !== 1 || grey.intercept !== 0)
      ? {
          RescaleIntercept: ds(grey.intercept),
          RescaleSlope: ds(grey.slope),
          RescaleType: sopClass === SOP_CLASS.CT ? 'HU' : 'US',
        }
      : {}),
    ...(grey && options.window
      ? { WindowCenter: ds(options.window.center), WindowWidth: ds(options.window.width) }
      : {}),
  };

  const files: ArrayBuffer[] = [];
  for (let k = 0; k < nz; k++) {
    const slice = volume.voxels.subarray(k * perSlice, (k + 1) * perSlice);
    let pixels: Uint8Array | Int16Array | Uint16Array;
    if (!grey) pixels = Uint8Array.from(slice);
    else if (grey.bits === 8) pixels = Uint8Array.from(slice);
    else {
      pixels = grey.signed ? new Int16Array(slice.length) : new Uint16Array(slice.length);
      for (let i = 0; i < slice.length; i++) pixels[i] = grey.encode(slice[i]);
    }
    const position = ijkToLps(volume, [0, 0, k]);
    const sop = newUid();
    const dataset: Naturalized = {
      ...common,
      SOPInstanceUID: sop,
      InstanceNumber: k + 1,
      ImagePositionPatient: position.map(ds),
      SliceLocation: ds(position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2]),
      // PixelData has an even length: pad odd 8-bit slices with one zero byte.
      PixelData: pixels.byteLength % 2 ? padToEven(pixels) : pixels.slice().buffer,
      _vrMap: { PixelData: pixels instanceof Uint8Array ? 'OB' : 'OW' },
    };
    files.push(writeNaturalized(dataset, fileMeta(sopClass, sop)));
  }
  return files;
}

function padToEven(bytes: Uint8Array | Int16Array | Uint16Array): ArrayBuffer {
  const out = new Uint8Array(bytes.byteLength + 1);
  out.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return out.buffer;
}
