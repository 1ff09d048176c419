import { ijkToLps, type Volume } from '../../volume';
import { DicomError } from '../errors';
import { ds, fileMeta, writeNaturalized, type Naturalized } from '../naturalized';
import { SEG_SOP_CLASS_UID } from '../parse';
import { isValidUid, newUid } from '../uid';
import { rgbToDicomLab, type Rgb } from './colour';
import type { DicomCode, DicomStudyInfo, SegmentDefinition } from './types';

/** The model that produced the label map, written as each segment's algorithm. */
export interface SegmentationAlgorithm {
  /** Model name, e.g. "unet-hippocampus". */
  modelName: string;
  /** SegmentAlgorithmName. Default "<modelName> (loss: <lossName>)". */
  name?: string;
  /** Loss the model was trained with, e.g. "Dice" or "CE + region L1". */
  lossName: string;
  /** Written as SoftwareVersions, e.g. a hash of the model card. */
  version?: string;
  /**
   * SegmentAlgorithmType. Default AUTOMATIC; SEMIAUTOMATIC for a model a user fine-tuned on their own
   * brush labels (a person shaped the result).
   */
  type?: 'AUTOMATIC' | 'SEMIAUTOMATIC';
}

export interface WriteDicomSegOptions {
  segments: SegmentDefinition[];
  algorithm: SegmentationAlgorithm;
  /** Patient/study attributes to copy (e.g. from readDicomStudyInfo on a source file). */
  study?: DicomStudyInfo;
  seriesDescription?: string;
  seriesNumber?: number;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  /** ContentCreatorName. Default "seglens". */
  contentCreatorName?: string;
  /** Creation time written to Series/Content Date and Time. Default: now. */
  date?: Date;
  /**
   * How the frames are encoded. Default: segEncodingFor(Rows, Columns), BINARY unless a frame does not fill
   * whole bytes. BINARY can be forced for a reader that takes nothing else (OHIF then misreads such a SEG).
   */
  encoding?: 'BINARY' | 'FRACTIONAL';
}

const TISSUE: DicomCode = { value: '85756007', scheme: 'SCT', meaning: 'Tissue' };

/**
 * Distinct colours for segments without one (the first entries of a common categorical palette); model cards
 * use them too, so a class keeps its colour from the viewer's overlay to the SEG file.
 */
export const SEGMENT_PALETTE: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [255, 225, 25],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
  [250, 190, 212],
];

const codeItem = (c: DicomCode): Naturalized => ({
  CodeValue: c.value,
  CodingSchemeDesignator: c.scheme,
  CodeMeaning: c.meaning,
});

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function dicomDateTime(date: Date): { date: string; time: string } {
  return {
    date: `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`,
    time: `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`,
  };
}

/** LO values hold at most 64 characters. */
const lo = (text: string): string => (text.length > 64 ? text.slice(0, 64) : text);

function checkInputs(labels: Volume, source: Volume, options: WriteDicomSegOptions): void {
  const dicom = source.dicom;
  if (!dicom)
    throw new DicomError('source', 'the source Volume has no DICOM identity (read it with readDicomSeries)');
  if (!dicom.sopClassUID) throw new DicomError('source', 'the source Volume has no SOP Class UID');
  if (dicom.sopInstanceUIDs.length !== source.dims[2]) {
    throw new DicomError(
      'source',
      `has ${dicom.sopInstanceUIDs.length} SOP Instance UIDs for ${source.dims[2]} slices`,
    );
  }
  if (labels.channels !== 1) throw new DicomError('labels', `must have one channel, has ${labels.channels}`);
  if (labels.dims.some((d, i) => d !== source.dims[i])) {
    throw new DicomError(
      'labels',
      `dims [${labels.dims.join(', ')}] differ from the source series' [${source.dims.join(', ')}]`,
    );
  }
  const close = (a: readonly number[], b: readonly number[], tol: number): boolean =>
    a.every((v, i) => Math.abs(v - b[i]) <= tol);
  if (
    !close(labels.spacing, source.spacing, 1e-3) ||
    !close(labels.origin, source.origin, 1e-2) ||
    !close(labels.direction, source.direction, 1e-4)
  ) {
    throw new DicomError(
      'labels',
      'geometry (spacing, origin or direction) differs from the source series: resample the labels onto it first',
    );
  }
  if (options.encoding !== undefined && options.encoding !== 'BINARY' && options.encoding !== 'FRACTIONAL')
    throw new DicomError('encoding', `"${String(options.encoding)}" is not BINARY or FRACTIONAL`);
  if (options.segments.length === 0)
    throw new DicomError('segments', 'at least one segment must be described');
  for (const key of ['seriesInstanceUID', 'sopInstanceUID'] as const) {
    const uid = options[key];
    if (uid !== undefined && !isValidUid(uid)) throw new DicomError(key, `"${uid}" is not a valid DICOM UID`);
  }
  const seen = new Set<number>();
  for (const s of options.segments) {
    if (!Number.isInteger(s.labelValue) || s.labelValue <= 0)
      throw new DicomError('segments', `labelValue ${s.labelValue} must be a positive integer`);
    if (seen.has(s.labelValue))
      throw new DicomError('segments', `labelValue ${s.labelValue} is described twice`);
    seen.add(s.labelValue);
    if (!s.label.trim())
      throw new DicomError('segments', `segment with labelValue ${s.labelValue} has an empty label`);
  }
  if (!options.algorithm.modelName.trim() || !options.algorithm.lossName.trim()) {
    throw new DicomError('algorithm', 'modelName and lossName must not be empty');
  }
}

/**
 * Which (segment, slice) pairs have voxels: DICOM SEG stores one frame per pair, and only non-empty frames are
 * written. Also rejects label values that no segment describes.
 */
function nonEmptyFrames(labels: Volume, segments: SegmentDefinition[]): { segment: number; k: number }[] {
  const [nx, ny, nz] = labels.dims;
  const perSlice = nx * ny;
  const numberOf = new Map(segments.map((s, i) => [s.labelValue, i + 1]));
  const present: Set<number>[] = [];
  for (let k = 0; k < nz; k++) {
    const values = new Set<number>();
    const base = k * perSlice;
    for (let p = 0; p < perSlice; p++) {
      const v = labels.voxels[base + p];
      if (v !== 0) values.add(v);
    }
    for (const v of values) {
      if (!numberOf.has(v))
        throw new DicomError('labels', `slice ${k} contains label value ${v}, which no segment describes`);
    }
    present.push(values);
  }
  const frames: { segment: number; k: number }[] = [];
  segments.forEach((s, i) => {
    for (let k = 0; k < nz; k++) if (present[k].has(s.labelValue)) frames.push({ segment: i + 1, k });
  });
  if (frames.length === 0)
    throw new DicomError(
      'labels',
      'no voxel carries a described label: a DICOM SEG needs at least one non-empty frame',
    );
  return frames;
}

/**
 * How the frames are encoded. BINARY (1 bit per pixel) when a frame fills whole bytes. When Rows·Columns is not a
 * multiple of 8 (a 51×35 crop), DICOM packs the frames one after the other without padding (PS3.5 8.1.1), so most
 * frames start inside a byte, and readers get that wrong: dcmjs 0.52's AsyncDicomReader, which Cornerstone (and
 * so OHIF) uses for DICOM files and wadouri URLs, reads such frames with their bits reversed within each byte
 * (the overlay lands up to 7 pixels off) or throws on the pad byte; dcmqi and Orthanc's frame retrieval have
 * their own trouble with them. Such SEGs are written FRACTIONAL instead (8 bits per pixel, OCCUPANCY, 0 or
 * MaximumFractionalValue): every frame starts on a byte, and every SEG reader thresholds it back to the same
 * labels.
 */
export function segEncodingFor(rows: number, columns: number): 'BINARY' | 'FRACTIONAL' {
  return (rows * columns) % 8 === 0 ? 'BINARY' : 'FRACTIONAL';
}

/**
 * One empty frame more when the frames would fill an odd number of bytes. DICOM then pads Pixel Data with a zero
 * byte (PS3.5 7.1.1), and dcmjs 0.52's AsyncDicomReader rejects a multi-frame Pixel Data whose length is not a
 * whole number of frames ("Invalid frame length: 55336 for 31 frames"). An empty frame of a (segment, slice)
 * pair without voxels says what its absence says, so the labels read back unchanged. The pair is the first free
 * one in (segment, slice) order; when every pair is already a frame, or one frame more would not make the
 * length even (a forced BINARY of frames that do not fill whole bytes), the pad byte stays.
 */
function withEvenLength(
  frames: { segment: number; k: number }[],
  bytesFor: (frameCount: number) => number,
  segmentCount: number,
  nz: number,
): { segment: number; k: number }[] {
  if (bytesFor(frames.length) % 2 === 0 || bytesFor(frames.length + 1) % 2 === 1) return frames;
  const taken = new Set(frames.map(({ segment, k }) => segment * nz + k));
  for (let segment = 1; segment <= segmentCount; segment++) {
    for (let k = 0; k < nz; k++) {
      if (!taken.has(segment * nz + k))
        return [...frames, { segment, k }].sort((a, b) => a.segment - b.segment || a.k - b.k);
    }
  }
  return frames;
}

/** MaximumFractionalValue of the FRACTIONAL SEGs this writer makes: a labelled voxel is fully occupied. */
const FRACTIONAL_MAX = 255;

/**
 * All frames one after the other: bit-packed for BINARY (PS3.5 8.1.1: the first pixel in the lowest bit), one
 * byte per pixel for FRACTIONAL. Pixel Data has an even length (a zero pad byte when needed, PS3.5 7.1.1).
 */
function packFrames(
  labels: Volume,
  segments: SegmentDefinition[],
  frames: { segment: number; k: number }[],
  encoding: 'BINARY' | 'FRACTIONAL',
): ArrayBuffer {
  const perFrame = labels.dims[0] * labels.dims[1];
  const total = frames.length * perFrame;
  const length = encoding === 'BINARY' ? Math.ceil(total / 8) : total;
  const bytes = new Uint8Array(length + (length % 2));
  frames.forEach(({ segment, k }, f) => {
    const value = segments[segment - 1].labelValue;
    const base = k * perFrame;
    const start = f * perFrame;
    for (let p = 0; p < perFrame; p++) {
      if (labels.voxels[base + p] !== value) continue;
      const at = start + p;
      if (encoding === 'BINARY') bytes[at >> 3] |= 1 << (at & 7);
      else bytes[at] = FRACTIONAL_MAX;
    }
  });
  return bytes.buffer;
}

/**
 * Writes a label Volume on the grid of its source series as a DICOM SEG (Segmentation Storage, explicit VR
 * little endian; BINARY, or FRACTIONAL when Rows·Columns is not a multiple of 8: see segEncodingFor): one
 * segment per definition (SegmentNumber 1, 2, ... in the order given), AUTOMATIC algorithm named after the model
 * and its loss, CIELab colours, one frame per non-empty (segment, slice) (plus at most one empty frame, see
 * withEvenLength), each referencing its source SOP instance, and the referenced series/instances listed.
 */
export function writeDicomSeg(labels: Volume, source: Volume, options: WriteDicomSegOptions): ArrayBuffer {
  checkInputs(labels, source, options);
  const dicom = source.dicom!;
  const { segments, algorithm } = options;
  const [nx, ny, nz] = source.dims;
  const encoding = options.encoding ?? segEncodingFor(ny, nx);
  const bytesFor = (frameCount: number) =>
    encoding === 'BINARY' ? Math.ceil((frameCount * nx * ny) / 8) : frameCount * nx * ny;
  const frames = withEvenLength(nonEmptyFrames(labels, segments), bytesFor, segments.length, nz);
  const sopInstanceUID = options.sopInstanceUID ?? newUid();
  const now = dicomDateTime(options.date ?? new Date());
  const algorithmName = lo(algorithm.name ?? `${algorithm.modelName} (loss: ${algorithm.lossName})`);
  const dimensionOrganizationUID = newUid();
  const study = options.study ?? {};
  const refFrame = (k: number): Naturalized =>
    dicom.frameNumbers ? { ReferencedFrameNumber: dicom.frameNumbers[k] } : {};

  const dataset: Naturalized = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SEG_SOP_CLASS_UID,
    SOPInstanceUID: sopInstanceUID,
    StudyDate: study.StudyDate ?? '',
    SeriesDate: now.date,
    ContentDate: now.date,
    StudyTime: study.StudyTime ?? '',
    SeriesTime: now.time,
    ContentTime: now.time,
    AccessionNumber: study.AccessionNumber ?? '',
    Modality: 'SEG',
    Manufacturer: 'seglens',
    ReferringPhysicianName: study.ReferringPhysicianName ?? '',
    // Clipped like every LO written here: a source with an over-long description must not make the SEG invalid.
    StudyDescription: lo(study.StudyDescription ?? ''),
    SeriesDescription: lo(
      options.seriesDescription ?? `${algorithm.modelName} segmentation (${algorithm.lossName})`,
    ),
    ManufacturerModelName: lo(algorithm.modelName),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: dicom.seriesInstanceUID,
        ReferencedInstanceSequence: [...new Set(dicom.sopInstanceUIDs)].map((uid) => ({
          ReferencedSOPClassUID: dicom.sopClassUID,
          ReferencedSOPInstanceUID: uid,
        })),
      },
    ],
    PatientName: study.PatientName ?? '',
    PatientID: study.PatientID ?? '',
    PatientBirthDate: study.PatientBirthDate ?? '',
    PatientSex: study.PatientSex ?? '',
    DeviceSerialNumber: '0',
    SoftwareVersions: algorithm.version ?? '0.1.0',
    StudyInstanceUID: dicom.studyInstanceUID,
    SeriesInstanceUID: options.seriesInstanceUID ?? newUid(),
    StudyID: study.StudyID ?? '',
    SeriesNumber: options.seriesNumber ?? 300,
    InstanceNumber: 1,
    FrameOfReferenceUID: dicom.frameOfReferenceUID ?? newUid(),
    PositionReferenceIndicator: '',
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUID }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x0062000b,
        FunctionalGroupPointer: 0x0062000a,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x00200032,
        FunctionalGroupPointer: 0x00209113,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: frames.length,
    Rows: ny,
    Columns: nx,
    ...(encoding === 'BINARY'
      ? { BitsAllocated: 1, BitsStored: 1, HighBit: 0 }
      : { BitsAllocated: 8, BitsStored: 8, HighBit: 7 }),
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: encoding,
    ...(encoding === 'FRACTIONAL'
      ? { SegmentationFractionalType: 'OCCUPANCY', MaximumFractionalValue: FRACTIONAL_MAX }
      : {}),
    SegmentSequence: segments.map((s, i) => ({
      SegmentedPropertyCategoryCodeSequence: [codeItem(s.category ?? TISSUE)],
      SegmentNumber: i + 1,
      SegmentLabel: lo(s.label),
      ...(s.description ? { SegmentDescription: s.description } : {}),
      SegmentAlgorithmType: algorithm.type ?? 'AUTOMATIC',
      SegmentAlgorithmName: algorithmName,
      RecommendedDisplayCIELabValue: rgbToDicomLab(s.rgb ?? SEGMENT_PALETTE[i % SEGMENT_PALETTE.length]),
      SegmentedPropertyTypeCodeSequence: [codeItem(s.type ?? TISSUE)],
    })),
    // A label map gives each voxel one label, so the segments never overlap.
    SegmentsOverlap: 'NO',
    ContentLabel: 'SEGLENS',
    ContentDescription: lo(`Segmentation by ${algorithm.modelName} trained with ${algorithm.lossName}`),
    ContentCreatorName: options.contentCreatorName ?? 'seglens',
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: source.direction.slice(0, 6).map(ds) }],
        // Written even when the source has no PixelSpacing (spacingUnknown, 1 per pixel): dciodvfy requires
        // PixelSpacing in this macro and OHIF's SEG viewport reads the sequence without checking it is there.
        PixelMeasuresSequence: [
          {
            SliceThickness: ds(source.spacing[2]),
            SpacingBetweenSlices: ds(source.spacing[2]),
            PixelSpacing: [ds(source.spacing[1]), ds(source.spacing[0])],
          },
        ],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map(({ segment, k }) => ({
      DerivationImageSequence: [
        {
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: dicom.sopClassUID,
              ReferencedSOPInstanceUID: dicom.sopInstanceUIDs[k],
              ...refFrame(k),
              PurposeOfReferenceCodeSequence: [
                codeItem({
                  value: '121322',
                  scheme: 'DCM',
                  meaning: 'Source image for image processing operation',
                }),
              ],
            },
          ],
          DerivationCodeSequence: [codeItem({ value: '113076', scheme: 'DCM', meaning: 'Segmentation' })],
        },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [segment, k + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: ijkToLps(source, [0, 0, k]).map(ds) }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
    })),
    PixelData: packFrames(labels, segments, frames, encoding),
    _vrMap: { PixelData: 'OB' },
  };
  return writeNaturalized(dataset, fileMeta(SEG_SOP_CLASS_UID, sopInstanceUID));
}
