// The declarations of the untyped codec/dcmjs modules must reach every program that compiles this file
// (other packages typecheck it through @seglens/data's sources), and an ambient .d.ts cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor-modules.d.ts" />
import { DicomError, describeThrown } from './errors';
import type { PixelEncoding } from './transfer-syntax';

/** Options for the WebAssembly codecs; only needed in browsers whose bundler moves the .wasm files. */
export interface DicomCodecOptions {
  /**
   * Maps a codec's wasm file name (e.g. "openjpegwasm_decode.wasm") to the URL it is served from. In Node the
   * codecs find their wasm next to their own script and this is not needed.
   */
  locateWasm?: (fileName: string) => string;
}

let codecOptions: DicomCodecOptions = {};

/** Sets how codecs are loaded; call before the first compressed file is read. */
export function configureDicomCodecs(options: DicomCodecOptions): void {
  codecOptions = { ...options };
}

/** A decoded frame: sample bytes in the machine's (little-endian) order, samples interleaved per pixel. */
export interface DecodedFrame {
  data: Uint8Array;
  bytesPerSample: number;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

/** The Emscripten decoder classes of the three Cornerstone codecs share this shape. */
interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getInterleaveMode?(): number;
  delete(): void;
}
type DecoderClass = new () => EmscriptenDecoder;
type Factory = (moduleArg?: object) => Promise<unknown>;

/** Node's ESM import of a CommonJS codec gives { default: factory }; ts-jest's require gives the factory. */
function factoryOf(mod: unknown): Factory {
  const candidate = typeof mod === 'function' ? mod : (mod as { default?: unknown }).default;
  if (typeof candidate !== 'function') throw new Error('codec module does not export an Emscripten factory');
  return candidate as Factory;
}

const decoderClasses = new Map<string, Promise<DecoderClass>>();

/** Loads a codec once, on first use, so reading uncompressed data never pays for WebAssembly start-up. */
function loadDecoderClass(name: 'J2KDecoder' | 'JPEGDecoder' | 'JpegLSDecoder'): Promise<DecoderClass> {
  let pending = decoderClasses.get(name);
  if (!pending) {
    const load: () => Promise<unknown> =
      name === 'J2KDecoder'
        ? () => import('@cornerstonejs/codec-openjpeg/decodewasmjs')
        : name === 'JPEGDecoder'
          ? () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')
          : () => import('@cornerstonejs/codec-charls/decodewasmjs');
    pending = load()
      .then((mod) =>
        factoryOf(mod)({
          // The codecs log progress ("[INFO] Start to read j2k main header") on stdout; failures still throw.
          print: () => undefined,
          printErr: () => undefined,
          ...(codecOptions.locateWasm ? { locateFile: codecOptions.locateWasm } : {}),
        }),
      )
      .then((module) => {
        const cls = (module as Record<string, unknown>)[name];
        if (typeof cls !== 'function') throw new Error(`codec module has no ${name}`);
        return cls as DecoderClass;
      });
    pending.catch(() => decoderClasses.delete(name));
    decoderClasses.set(name, pending);
  }
  return pending;
}

async function decodeWithEmscripten(
  file: string,
  name: 'J2KDecoder' | 'JPEGDecoder' | 'JpegLSDecoder',
  encoded: Uint8Array,
): Promise<DecodedFrame> {
  let Decoder: DecoderClass;
  try {
    Decoder = await loadDecoderClass(name);
  } catch (thrown) {
    throw new DicomError(file, `cannot load the ${name} codec (${describeThrown(thrown)})`);
  }
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // The decoded buffer is a view into the codec's memory, freed by delete(): copy it out first.
    let data: Uint8Array = decoder.getDecodedBuffer().slice();
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    if (info.componentCount > 1 && decoder.getInterleaveMode?.() === 0) {
      data = interleavePlanes(data, info.width * info.height, info.componentCount, bytesPerSample);
    }
    return { data, bytesPerSample };
  } catch (thrown) {
    throw new DicomError(file, `${name} could not decode the frame (${describeThrown(thrown)})`);
  } finally {
    decoder.delete();
  }
}

/** Planar (RRR…GGG…BBB…) to interleaved (RGBRGB…) sample order. */
export function interleavePlanes(
  planar: Uint8Array,
  pixels: number,
  samples: number,
  bytesPerSample: number,
): Uint8Array {
  const out = new Uint8Array(planar.length);
  for (let s = 0; s < samples; s++) {
    for (let p = 0; p < pixels; p++) {
      for (let b = 0; b < bytesPerSample; b++) {
        out[(p * samples + s) * bytesPerSample + b] = planar[(s * pixels + p) * bytesPerSample + b];
      }
    }
  }
  return out;
}

/**
 * jpeg-lossless-decoder-js 2.1.2 sometimes loses the very last sample when the final Huffman code is read
 * together with the end-of-image marker (seen on dcmtk's non-SV1 lossless output of the liver CT). Zero bytes
 * inserted before the EOI marker give the decoder plain bits to read ahead into; they come after the last
 * coded sample, so they carry no data.
 */
function padBeforeEndOfImage(encoded: Uint8Array): Uint8Array {
  let end = encoded.length;
  while (end > 0 && encoded[end - 1] === 0) end--; // the even-length pad byte of a DICOM fragment
  if (end < 2 || encoded[end - 2] !== 0xff || encoded[end - 1] !== 0xd9) return encoded.slice();
  const out = new Uint8Array(end + 4);
  out.set(encoded.subarray(0, end - 2), 0);
  out.set([0xff, 0xd9], end + 2);
  return out;
}

async function decodeJpegLossless(
  file: string,
  encoded: Uint8Array,
  bitsAllocated: number,
): Promise<DecodedFrame> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  try {
    const copy = padBeforeEndOfImage(encoded);
    const out = new Decoder().decompress(copy.buffer as ArrayBuffer, 0, copy.length);
    return { data: new Uint8Array(out), bytesPerSample: bitsAllocated > 8 ? 2 : 1 };
  } catch (thrown) {
    throw new DicomError(
      file,
      `JPEG Lossless decoder could not decode the frame (${describeThrown(thrown)})`,
    );
  }
}

/** Decodes one compressed frame (not RLE, which is in rle.ts, nor native data). */
export function decodeCompressedFrame(
  file: string,
  encoding: Exclude<PixelEncoding, 'native' | 'native-big-endian' | 'rle'>,
  encoded: Uint8Array,
  bitsAllocated: number,
): Promise<DecodedFrame> {
  switch (encoding) {
    case 'jpeg2000':
      return decodeWithEmscripten(file, 'J2KDecoder', encoded);
    case 'jpeg-baseline':
      if (bitsAllocated > 8) {
        return Promise.reject(
          new DicomError(
            file,
            `JPEG Extended with ${bitsAllocated}-bit samples is not supported (the libjpeg-turbo codec decodes 8-bit JPEG only)`,
          ),
        );
      }
      return decodeWithEmscripten(file, 'JPEGDecoder', encoded);
    case 'jpeg-ls':
      return decodeWithEmscripten(file, 'JpegLSDecoder', encoded);
    case 'jpeg-lossless':
      return decodeJpegLossless(file, encoded, bitsAllocated);
  }
}
