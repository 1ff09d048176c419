// WADO-RS frames of 1-bit instances (DICOM SEGs), which Orthanc's DICOMweb plugin refuses (400, "Bad number of
// columns for a black-and-white image") when Rows·Columns is not a multiple of 8, so OHIF could not open such a
// SEG from Orthanc. The proxy answers those requests itself from two other DICOMweb requests to Orthanc on the
// same, already checked instance path: its metadata (is it 1-bit, native, how big) and its Pixel Data as bulk
// data (…/bulk/7fe00010). Nothing outside the instance's DICOMweb resource is asked for.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  bitFrame,
  frameNumbers,
  multipartFrames,
  packedLength,
  singlePart,
  type BitImage,
} from './bit-frames';

/** The Orthanc the proxy talks to, and the headers every request to it carries (Host, credentials). */
export interface Upstream {
  port: number;
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

/** Instances whose Pixel Data the proxy keeps: OHIF asks for all frames of a SEG at once, one request each. */
const CACHED_INSTANCES = 8;
/** A larger Pixel Data is not read into memory (about 2000 frames of 1024 x 1024). */
const MAX_PIXEL_DATA_BYTES = 256 * 2 ** 20;
const FRAMES_PATH = /^(\/dicomweb\/studies\/[^/?]+\/series\/[^/?]+\/instances\/[^/?]+)\/frames\/([0-9,]+)$/;

/** A GET of one instance's frames, by the proxy's checked upstream path: the instance's path and the list. */
export function framesRequest(path: string): { instance: string; list: string } | undefined {
  const m = FRAMES_PATH.exec(path);
  return m ? { instance: m[1], list: m[2] } : undefined;
}

/** One GET to Orthanc, its whole answer (at most `maxBytes`). */
export function getFromOrthanc(
  upstream: Upstream,
  path: string,
  accept: string,
  maxBytes: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: upstream.port,
      method: 'GET',
      path,
      headers: { ...upstream.headers, accept },
    });
    req.setTimeout(upstream.timeoutMs, () =>
      req.destroy(new Error(`no answer for ${upstream.timeoutMs / 1000} s`)),
    );
    req.on('error', reject);
    req.on('response', (answer) => {
      const chunks: Buffer[] = [];
      let size = 0;
      answer.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) req.destroy(new Error(`${path}: the answer is larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      answer.on('error', reject);
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 502,
          type: String(answer.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.end();
  });
}

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const first = (x: DicomJson, tag: string): number => Number(x[tag]?.Value?.[0]);

interface OneBit {
  image: BitImage;
  pixelData: Uint8Array;
}

/** The instance's 1-bit Pixel Data, or undefined when it is not a native 1-bit image (Orthanc's answer stands). */
async function readOneBit(upstream: Upstream, instance: string): Promise<OneBit | undefined> {
  const meta = await getFromOrthanc(upstream, `${instance}/metadata`, 'application/dicom+json', 64 * 2 ** 20);
  if (meta.status !== 200) throw new Error(`${instance}/metadata: Orthanc answered ${meta.status}`);
  const [dataset] = JSON.parse(meta.body.toString()) as DicomJson[];
  if (dataset === undefined) throw new Error(`${instance}/metadata: Orthanc answered no dataset`);
  if (first(dataset, '00280100') !== 1) return undefined;
  const image = {
    rows: first(dataset, '00280010'),
    columns: first(dataset, '00280011'),
    numberOfFrames: first(dataset, '00280008') || 1,
  };
  const bulk = await getFromOrthanc(
    upstream,
    `${instance}/bulk/7fe00010`,
    'multipart/related; type="application/octet-stream"',
    MAX_PIXEL_DATA_BYTES,
  );
  if (bulk.status !== 200) throw new Error(`${instance}/bulk/7fe00010: Orthanc answered ${bulk.status}`);
  const pixelData = singlePart(bulk.body, bulk.type);
  // Native Pixel Data is the packed frames plus at most one byte to an even length; anything else is
  // compressed (RLE), and Orthanc's own answer for those frames stands.
  const expected = packedLength(image);
  if (pixelData.length !== expected && pixelData.length !== expected + (expected % 2)) return undefined;
  return { image, pixelData };
}

/**
 * Answers WADO-RS frame requests of 1-bit instances from their whole Pixel Data. The last few instances are
 * kept (by their full DICOMweb path, SOP Instance UID included), so a SEG's frames cost Orthanc two requests.
 */
export class OneBitFrames {
  private readonly cache = new Map<string, Promise<OneBit | undefined>>();

  constructor(private readonly upstream: Omit<Upstream, 'headers'>) {}

  /**
   * The answer for `list` of `instance` (multipart frames, or 400 for a frame the instance does not have), or
   * undefined when the instance is not a native 1-bit image.
   */
  async answer(instance: string, list: string, headers: Record<string, string>): Promise<Answer | undefined> {
    let bits = this.cache.get(instance);
    if (bits === undefined) {
      bits = readOneBit({ ...this.upstream, headers }, instance);
      this.cache.set(instance, bits);
      if (this.cache.size > CACHED_INSTANCES) this.cache.delete(this.cache.keys().next().value as string);
      bits.catch(() => this.cache.delete(instance)); // a failed read is tried again next time
    }
    const oneBit = await bits;
    if (oneBit === undefined) return undefined;
    let numbers: number[];
    try {
      numbers = frameNumbers(list, oneBit.image.numberOfFrames);
    } catch (error) {
      return {
        status: 400,
        type: 'text/plain; charset=utf-8',
        body: Buffer.from(`${(error as Error).message}\n`),
      };
    }
    const frames = numbers.map((n) => bitFrame(oneBit.pixelData, oneBit.image, n));
    const boundary = `seglens-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
    return { status: 200, ...multipartFrames(frames, boundary) };
  }

  /**
   * Orthanc refused a frames request (400): answer it from the whole Pixel Data if the instance is 1-bit, else
   * pass Orthanc's refusal on. A failure to read the instance is a 502 that says what failed.
   */
  answerRefusal(
    refusal: IncomingMessage,
    res: ServerResponse,
    frames: { instance: string; list: string },
    headers: Record<string, string>,
  ): void {
    const chunks: Buffer[] = [];
    refusal.on('data', (chunk: Buffer) => chunks.push(chunk));
    refusal.on('error', (error) => res.destroy(error));
    refusal.on('end', () => {
      const send = (a: Answer): void => {
        if (res.destroyed) return;
        res.writeHead(a.status, {
          'content-type': a.type,
          'content-length': a.body.length,
          'cache-control': 'no-cache',
        });
        res.end(a.body);
      };
      this.answer(frames.instance, frames.list, headers).then(
        (a) =>
          send(
            a ?? {
              status: 400,
              type: String(refusal.headers['content-type'] ?? 'text/plain'),
              body: Buffer.concat(chunks),
            },
          ),
        (error: Error) =>
          send({
            status: 502,
            type: 'text/plain; charset=utf-8',
            body: Buffer.from(
              `Orthanc refused ${frames.instance}/frames/${frames.list} and reading the instance failed: ${error.message}\n`,
            ),
          }),
      );
    });
  }
}
