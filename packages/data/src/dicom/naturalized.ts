// The declarations of the untyped codec/dcmjs modules must reach every program that compiles this file
// (other packages typecheck it through @seglens/data's sources), and an ambient .d.ts cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor-modules.d.ts" />
import dcmjs from 'dcmjs';
import { DicomError, describeThrown } from './errors';
import { asBytes, parseDataSet, type DicomFileInput } from './parse';

/** A data set with DICOM keywords as keys, as dcmjs "naturalizes" it; sequences are arrays of these. */
export type Naturalized = Record<string, unknown>;

/**
 * Reads a whole file into a naturalized data set with dcmjs (sequences, multi-valued numbers, PixelData as
 * ArrayBuffers). dicom-parser checks the bytes first, so a truncated or non-DICOM file gets the same clear
 * error here as in the series reader. `meta` is the file meta information group.
 */
export function readNaturalized(input: DicomFileInput): { dataset: Naturalized; meta: Naturalized } {
  parseDataSet(input);
  const bytes = asBytes(input.data);
  // dcmjs wants an ArrayBuffer holding exactly the file.
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  // dcmjs logs every implicit-VR element it has to guess ("Invalid vr type xs - using US") as an error; the
  // guesses are the standard's own rules, so the messages are muted for this synchronous call only.
  const log = dcmjs.log.getLogger('validation.dcmjs');
  const level = log.getLevel();
  log.setLevel('silent', false);
  try {
    const dict = dcmjs.data.DicomMessage.readFile(buffer);
    return {
      dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict),
      meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta),
    };
  } catch (thrown) {
    throw new DicomError(input.name, `cannot parse DICOM (${describeThrown(thrown)})`);
  } finally {
    log.setLevel(level, false);
  }
}

/** Writes a naturalized data set (with its meta group) to DICOM Part 10 bytes, explicit VR little endian. */
export function writeNaturalized(dataset: Naturalized, meta: Naturalized): ArrayBuffer {
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict.write();
}

/** File meta information for a new instance. */
export function fileMeta(sopClassUID: string, sopInstanceUID: string): Naturalized {
  return {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'SEGLENS_0_1',
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
}

/** A fixed 2.25 UID naming this software as the implementation that wrote a file. */
export const IMPLEMENTATION_CLASS_UID = '2.25.157246512893471183627591146231658049281';

/** dcmjs gives a one-item sequence either as an array or, in places, as the item itself. */
export function items(value: unknown): Naturalized[] {
  if (Array.isArray(value)) return value as Naturalized[];
  return value && typeof value === 'object' ? [value as Naturalized] : [];
}

export function str(value: unknown): string {
  if (Array.isArray(value)) return value.length ? str(value[0]) : '';
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'Alphabetic' in value)
    return String((value as { Alphabetic: unknown }).Alphabetic ?? '');
  return String(value);
}

export function nums(value: unknown): number[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list = Array.isArray(value) ? value : [value];
  const out = list.map((v) => Number(v));
  return out.some((v) => Number.isNaN(v)) ? undefined : out;
}

/**
 * A decimal string (DS) of at most 16 characters: 12 significant digits are far below any scanner's precision
 * and keep float noise such as -127.69000200000001 out of the file.
 */
export function ds(value: number): string {
  for (let digits = 12; digits > 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  return value.toExponential(6);
}
