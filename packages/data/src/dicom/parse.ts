import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { Vec3 } from '../volume';
import { DicomError, describeThrown } from './errors';
import { identityOf, type InstanceIdentity } from './identity';
import { numbers } from './numbers';
import { projectionSpacing, type ProjectionSpacingSource } from './projection-spacing';

type DataSet = dicomParser.DataSet;
type Element = dicomParser.Element;

/** One DICOM file or buffer to read. Plain ArrayBuffers are named by their position ("#0", "#1", ...). */
export interface DicomFileInput {
  name: string;
  data: ArrayBuffer | Uint8Array;
}

export type DicomInput = DicomFileInput | ArrayBuffer | Uint8Array;

/** Where one frame sits and how its stored values map to modality values. */
export interface FrameGeometry {
  position?: Vec3;
  /** Row (i) then column (j) direction cosines. */
  orientation?: number[];
  /** DICOM order: [spacing between rows (j), spacing between columns (i)]. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  slope: number;
  intercept: number;
}

/** What the series reader needs from one file, read once by dicom-parser. */
export interface ParsedInstance extends InstanceIdentity {
  file: string;
  bytes: Uint8Array;
  dataSet: DataSet;
  transferSyntaxUID: string;
  sopClassUID: string;
  modality: string;
  frameOfReferenceUID: string;
  seriesDescription: string;
  instanceNumber?: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  numberOfFrames: number;
  spacingBetweenSlices?: number;
  /** PixelData (7FE0,0010), or undefined when the file has none. */
  pixelData?: Element;
  /** One entry per frame. */
  frames: FrameGeometry[];
  /** Set when the pixel size is a projection's ImagerPixelSpacing (no PixelSpacing): how it was derived. */
  pixelSpacingSource?: ProjectionSpacingSource;
}

export const SEG_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';

/** Gives anonymous buffers a name so errors can still point at them. */
export function toFileInput(input: DicomInput, index: number): DicomFileInput {
  if (input instanceof ArrayBuffer || input instanceof Uint8Array) return { name: `#${index}`, data: input };
  return input;
}

export function asBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** The deflated transfer syntax through fflate, so it also works in browsers (dicom-parser wants zlib or pako). */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

/** Parses the file with dicom-parser; every failure becomes a DicomError naming the file. */
export function parseDataSet(input: DicomFileInput): DataSet {
  const bytes = asBytes(input.data);
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') {
    throw new DicomError(input.name, 'not a DICOM Part 10 file (no "DICM" prefix at byte 128)');
  }
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { inflater } as dicomParser.ParseDicomOptions);
  } catch (thrown) {
    const text = describeThrown(thrown);
    const truncated = /past end|overread|overrun|eof|beyond|end of buffer/i.test(text);
    throw new DicomError(input.name, `${truncated ? 'truncated file' : 'cannot parse DICOM'} (${text})`);
  }
  // dicom-parser stops quietly at the end of a short buffer: an element claiming more bytes than remain means
  // the file was cut.
  const end = dataSet.byteArray.length;
  for (const element of Object.values(dataSet.elements)) {
    if (!element.hadUndefinedLength && element.dataOffset + element.length > end) {
      throw new DicomError(
        input.name,
        `truncated file: element ${formatTag(element.tag)} needs ${element.length} bytes at offset ${element.dataOffset} but the file has ${end} bytes`,
      );
    }
  }
  const warnings = (dataSet as DataSet & { warnings?: string[] }).warnings ?? [];
  const eof = warnings.find((w) => /eof|missing sequence delimiter/i.test(w));
  if (eof) throw new DicomError(input.name, `truncated file (${eof})`);
  return dataSet;
}

export function formatTag(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}

function text(ds: DataSet, tag: string): string {
  return ds.string(tag) ?? '';
}


function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

function geometryFrom(...sources: (DataSet | undefined)[]): Partial<FrameGeometry> {
  const g: Partial<FrameGeometry> = {};
  for (const ds of sources) {
    if (!ds) continue;
    const position = numbers(firstItem(ds, 'x00209113'), 'x00200032') ?? numbers(ds, 'x00200032');
    if (position && g.position === undefined) g.position = position.slice(0, 3) as Vec3;
    const orientation = numbers(firstItem(ds, 'x00209116'), 'x00200037') ?? numbers(ds, 'x00200037');
    if (orientation && g.orientation === undefined) g.orientation = orientation;
    const measures = firstItem(ds, 'x00289110') ?? ds;
    const spacing = numbers(measures, 'x00280030');
    if (spacing && g.pixelSpacing === undefined) g.pixelSpacing = [spacing[0], spacing[1] ?? spacing[0]];
    const thickness = numbers(measures, 'x00180050');
    if (thickness && g.sliceThickness === undefined) g.sliceThickness = thickness[0];
    const transform = firstItem(ds, 'x00289145') ?? ds;
    const slope = numbers(transform, 'x00281053');
    const intercept = numbers(transform, 'x00281052');
    if (slope && g.slope === undefined) g.slope = slope[0];
    if (intercept && g.intercept === undefined) g.intercept = intercept[0];
  }
  return g;
}

function frameGeometries(ds: DataSet, numberOfFrames: number): FrameGeometry[] {
  const shared = firstItem(ds, 'x52009229');
  const perFrame = ds.elements['x52009230']?.items;
  const frames: FrameGeometry[] = [];
  for (let f = 0; f < numberOfFrames; f++) {
    // Per-frame functional groups override shared ones, which override the top-level (classic) attributes.
    const g = geometryFrom(perFrame?.[f]?.dataSet, shared, ds);
    frames.push({ ...g, slope: g.slope ?? 1, intercept: g.intercept ?? 0 });
  }
  return frames;
}

/** Reads the identity, pixel format and per-frame geometry of one DICOM file. */
export function parseInstance(input: DicomFileInput): ParsedInstance {
  const ds = parseDataSet(input);
  const numberOfFrames = Math.max(1, ds.intString('x00280008') ?? 1);
  const modality = text(ds, 'x00080060');
  const frameOfReferenceUID = text(ds, 'x00200052');
  const seriesDescription = text(ds, 'x0008103e');
  const instanceNumber = ds.intString('x00200013');
  const identity = identityOf(
    {
      StudyInstanceUID: text(ds, 'x0020000d'),
      SeriesInstanceUID: text(ds, 'x0020000e'),
      SOPInstanceUID: text(ds, 'x00080018'),
      MediaStorageSOPInstanceUID: text(ds, 'x00020003'),
    },
    () => ({
      PatientID: text(ds, 'x00100020'),
      StudyDate: text(ds, 'x00080020'),
      StudyTime: text(ds, 'x00080030'),
      AccessionNumber: text(ds, 'x00080050'),
      FrameOfReferenceUID: frameOfReferenceUID,
      Modality: modality,
      SeriesNumber: ds.intString('x00200011'),
      SeriesDescription: seriesDescription,
      InstanceNumber: instanceNumber,
      ImagePositionPatient: numbers(ds, 'x00200032'),
    }),
  );
  const sharedMeasures = firstItem(firstItem(ds, 'x52009229'), 'x00289110');
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const sopClassUID = text(ds, 'x00080016') || text(ds, 'x00020002');
  const frames = frameGeometries(ds, numberOfFrames);
  // A radiograph usually gives only ImagerPixelSpacing; read it as OHIF does, so both report the same mm.
  const projection = frames.some((f) => f.pixelSpacing === undefined)
    ? projectionSpacing(ds, sopClassUID, input.name)
    : undefined;
  if (projection) for (const f of frames) f.pixelSpacing ??= projection.pixelSpacing;
  return {
    studyInstanceUID: identity.studyInstanceUID,
    seriesInstanceUID: identity.seriesInstanceUID,
    sopInstanceUID: identity.sopInstanceUID,
    derived: identity.derived,
    file: input.name,
    bytes: ds.byteArray as Uint8Array,
    dataSet: ds,
    transferSyntaxUID: text(ds, 'x00020010'),
    sopClassUID,
    modality,
    frameOfReferenceUID,
    seriesDescription,
    instanceNumber,
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometricInterpretation: text(ds, 'x00280004'),
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    numberOfFrames,
    spacingBetweenSlices: numbers(sharedMeasures, 'x00180088')?.[0] ?? numbers(ds, 'x00180088')?.[0],
    pixelData: ds.elements['x7fe00010'] ?? ds.elements['x7fe00008'] ?? ds.elements['x7fe00009'],
    frames,
    ...(projection ? { pixelSpacingSource: projection.source } : {}),
  };
}
