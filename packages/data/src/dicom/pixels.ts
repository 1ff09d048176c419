import dicomParser from 'dicom-parser';
import { decodeCompressedFrame, interleavePlanes, type DecodedFrame } from './codecs';
import { DicomError, describeThrown } from './errors';
import type { ParsedInstance } from './parse';
import { decodeRleFrame } from './rle';
import { TRANSFER_SYNTAXES, transferSyntaxName } from './transfer-syntax';

/** Stored values of one frame, samples interleaved per pixel, in the type BitsAllocated/PixelRepresentation say. */
export type StoredFrame =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

/** Checks what can be checked before decoding: pixel data present, a supported syntax and pixel format. */
export function checkPixelFormat(inst: ParsedInstance): void {
  const file = inst.file;
  if (!inst.pixelData) throw new DicomError(file, 'no PixelData (7FE0,0010): not an image');
  if (!(inst.transferSyntaxUID in TRANSFER_SYNTAXES)) {
    throw new DicomError(
      file,
      `transfer syntax ${inst.transferSyntaxUID || '(missing)'} (${transferSyntaxName(inst.transferSyntaxUID)}) is not supported`,
    );
  }
  if (!(inst.rows > 0 && inst.columns > 0))
    throw new DicomError(file, `Rows ${inst.rows} / Columns ${inst.columns} must be positive`);
  if (![1, 8, 16, 32].includes(inst.bitsAllocated)) {
    throw new DicomError(file, `BitsAllocated ${inst.bitsAllocated} is not supported (1, 8, 16 or 32)`);
  }
  if (inst.samplesPerPixel !== 1 && inst.samplesPerPixel !== 3) {
    throw new DicomError(file, `SamplesPerPixel ${inst.samplesPerPixel} is not supported (1 or 3)`);
  }
  const pi = inst.photometricInterpretation;
  if (inst.samplesPerPixel === 1 && pi && pi !== 'MONOCHROME1' && pi !== 'MONOCHROME2') {
    throw new DicomError(file, `PhotometricInterpretation ${pi} is not supported for one sample per pixel`);
  }
  if (inst.samplesPerPixel === 3 && inst.bitsAllocated !== 8) {
    throw new DicomError(file, `colour images need BitsAllocated 8, got ${inst.bitsAllocated}`);
  }
}

function frameFragments(inst: ParsedInstance, frame: number): Uint8Array {
  const ds = inst.dataSet;
  const element = inst.pixelData!;
  const fragments = element.fragments ?? [];
  if (!element.encapsulatedPixelData || fragments.length === 0) {
    throw new DicomError(
      inst.file,
      `${transferSyntaxName(inst.transferSyntaxUID)} needs encapsulated PixelData, found none`,
    );
  }
  try {
    if (element.basicOffsetTable && element.basicOffsetTable.length > 0) {
      return dicomParser.readEncapsulatedImageFrame(ds, element, frame) as Uint8Array;
    }
    if (inst.numberOfFrames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(
        ds,
        element,
        0,
        fragments.length,
      ) as Uint8Array;
    }
    if (fragments.length === inst.numberOfFrames) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, frame, 1) as Uint8Array;
    }
    // Several fragments per frame without an offset table: JPEG frames can be split at their end-of-image marker.
    const table = dicomParser.createJPEGBasicOffsetTable(ds, element);
    return dicomParser.readEncapsulatedImageFrame(ds, element, frame, table) as Uint8Array;
  } catch (thrown) {
    throw new DicomError(
      inst.file,
      `cannot locate frame ${frame + 1} in the encapsulated PixelData (${describeThrown(thrown)})`,
    );
  }
}

function nativeFrameBytes(inst: ParsedInstance, frame: number): Uint8Array {
  const element = inst.pixelData!;
  const pixels = inst.rows * inst.columns * inst.samplesPerPixel;
  const bits = pixels * inst.bitsAllocated;
  if (inst.bitsAllocated === 1) {
    // Bit-packed frames follow each other without byte alignment.
    const first = frame * bits;
    const bytes = inst.bytes.subarray(element.dataOffset, element.dataOffset + element.length);
    if (Math.ceil((first + bits) / 8) > bytes.length)
      throw missingBytes(inst, bytes.length, Math.ceil((inst.numberOfFrames * bits) / 8));
    const out = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const bit = first + p;
      out[p] = (bytes[bit >> 3] >> (bit & 7)) & 1;
    }
    return out;
  }
  const frameBytes = bits / 8;
  const start = element.dataOffset + frame * frameBytes;
  if ((frame + 1) * frameBytes > element.length) {
    throw missingBytes(inst, element.length, inst.numberOfFrames * frameBytes);
  }
  return inst.bytes.subarray(start, start + frameBytes);
}

function missingBytes(inst: ParsedInstance, have: number, need: number): DicomError {
  return new DicomError(
    inst.file,
    `PixelData holds ${have} bytes but ${inst.numberOfFrames} frame(s) of ${inst.columns}x${inst.rows}x${inst.samplesPerPixel} at ${inst.bitsAllocated} bits need ${need}`,
  );
}

/** Reinterprets little-endian sample bytes as the stored type, copying only when the bytes are misaligned. */
function typed(bytes: Uint8Array, bytesPerSample: number, signed: boolean, float: boolean): StoredFrame {
  const aligned = bytes.byteOffset % bytesPerSample === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset, byteLength } = aligned;
  const n = byteLength / bytesPerSample;
  if (bytesPerSample === 1) return signed ? new Int8Array(buffer, byteOffset, n) : aligned;
  if (bytesPerSample === 2)
    return signed ? new Int16Array(buffer, byteOffset, n) : new Uint16Array(buffer, byteOffset, n);
  if (float) return new Float32Array(buffer, byteOffset, n);
  return signed ? new Int32Array(buffer, byteOffset, n) : new Uint32Array(buffer, byteOffset, n);
}

function swapBytes(bytes: Uint8Array, bytesPerSample: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += bytesPerSample) {
    for (let b = 0; b < bytesPerSample; b++) out[i + b] = bytes[i + bytesPerSample - 1 - b];
  }
  return out;
}

/**
 * Keeps only the BitsStored low bits (sign-extended when signed): the bits above may hold overlays or garbage.
 * Works in place on a copy, never on the file's own bytes.
 */
function maskStoredBits(values: StoredFrame, bitsStored: number, signed: boolean): StoredFrame {
  const out = values.slice();
  const shift = 32 - bitsStored;
  if (signed) {
    for (let i = 0; i < out.length; i++) out[i] = (out[i] << shift) >> shift;
  } else {
    const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
    for (let i = 0; i < out.length; i++) out[i] = out[i] & mask;
  }
  return out;
}

/** YBR_FULL (PS3.3 C.7.6.3.1.2) to RGB, in place on interleaved 8-bit samples. */
function ybrFullToRgb(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 3) {
    const y = data[i];
    const cb = data[i + 1] - 128;
    const cr = data[i + 2] - 128;
    out[i] = Math.min(255, Math.max(0, Math.round(y + 1.402 * cr)));
    out[i + 1] = Math.min(255, Math.max(0, Math.round(y - 0.344136 * cb - 0.714136 * cr)));
    out[i + 2] = Math.min(255, Math.max(0, Math.round(y + 1.772 * cb)));
  }
  return out;
}

/** The stored values of frame `frame` (0-based) of an instance, decoding compressed syntaxes as needed. */
export async function readStoredFrame(inst: ParsedInstance, frame: number): Promise<StoredFrame> {
  const ts = TRANSFER_SYNTAXES[inst.transferSyntaxUID];
  const pixels = inst.rows * inst.columns;
  const samples = inst.samplesPerPixel;
  const signed = inst.pixelRepresentation === 1;
  const isFloat = inst.pixelData!.tag === 'x7fe00008';
  let bytes: Uint8Array;
  let bytesPerSample = inst.bitsAllocated === 1 ? 1 : inst.bitsAllocated / 8;
  let fromCodec = false;
  if (ts.encoding === 'native' || ts.encoding === 'native-big-endian') {
    bytes = nativeFrameBytes(inst, frame);
    if (ts.encoding === 'native-big-endian' && bytesPerSample > 1) bytes = swapBytes(bytes, bytesPerSample);
    if (samples === 3 && inst.planarConfiguration === 1) bytes = interleavePlanes(bytes, pixels, samples, 1);
  } else if (ts.encoding === 'rle') {
    bytes = decodeRleFrame(inst.file, frameFragments(inst, frame), pixels, samples, bytesPerSample);
  } else {
    const decoded: DecodedFrame = await decodeCompressedFrame(
      inst.file,
      ts.encoding,
      frameFragments(inst, frame),
      inst.bitsAllocated,
    );
    bytes = decoded.data;
    bytesPerSample = decoded.bytesPerSample;
    fromCodec = true;
  }
  const expected = pixels * samples * bytesPerSample;
  if (bytes.length < expected) {
    throw new DicomError(
      inst.file,
      `frame ${frame + 1} decodes to ${bytes.length} bytes, ${inst.columns}x${inst.rows}x${samples} needs ${expected}`,
    );
  }
  if (bytes.length > expected) bytes = bytes.subarray(0, expected);
  if (samples === 3) {
    // Codecs return RGB already (their decoders undo YBR); native and RLE YBR_FULL data is converted here.
    const pi = inst.photometricInterpretation;
    if (!fromCodec && pi === 'YBR_FULL') return ybrFullToRgb(bytes);
    if (!fromCodec && pi !== 'RGB')
      throw new DicomError(inst.file, `PhotometricInterpretation ${pi} is not supported`);
    return bytes;
  }
  let values = typed(bytes, bytesPerSample, signed, isFloat);
  if (!isFloat && inst.bitsAllocated > 1 && inst.bitsStored < bytesPerSample * 8) {
    values = maskStoredBits(values, inst.bitsStored, signed);
  }
  return values;
}
