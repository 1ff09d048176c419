// Same-origin reverse proxy to Orthanc's DICOMweb API, so OHIF needs no CORS and Orthanc stays reachable only
// through the viewer. It forwards exactly what it checked and nothing else:
// - the path: every segment of the raw path after /dicomweb/ is decoded once and must be a plain DICOMweb word,
//   UID or frame list (letters, digits, ".", ",", "_", "-"; not "." or ".."), under studies/, series/ or
//   instances/. The decoded segments are what goes to Orthanc, so no encoding (%2f, %2e%2e, %5c, %252f) can
//   reach another part of Orthanc's API (its REST API would delete studies, /servers would reach other hosts).
// - the methods of QIDO-RS and WADO-RS (GET, HEAD) and STOW-RS (POST to studies[/<uid>] with a DICOM or
//   multipart/related body: a cross-origin page cannot send those without a CORS preflight, which is refused,
//   and a POST whose Origin is another site is refused outright).
// - a few request headers (Accept, Content-Type, Content-Length, Range, conditional GETs), the Host the server
//   already checked (Orthanc builds the absolute BulkDataURI links in its metadata from it, and they must point
//   back at the viewer) and Orthanc's credentials, which only the viewer knows.
// - WADO-RS frames of 1-bit instances (DICOM SEGs), which Orthanc refuses with 400 when Rows x Columns is not a
//   multiple of 8: on that 400 the proxy answers the frames itself from the instance's metadata and Pixel Data,
//   asked of Orthanc by the same checked DICOMweb instance path (one-bit-frames.ts).
// Orthanc gets `timeoutMs` of silence before the request is given up (504), and a request whose client goes
// away is cancelled upstream too, so a hung Orthanc cannot pile up sockets.
import { request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { DICOMWEB_PROXY_PATH } from '../contracts';
import { framesRequest, OneBitFrames } from './one-bit-frames';
import { sendText } from './respond';

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;

export interface ProxyTarget {
  /** Orthanc's HTTP port on 127.0.0.1. */
  port: number;
  /** The Authorization header Orthanc wants. */
  authorization: string;
  /** Silence from Orthanc (no bytes either way) after which a request is given up; default 30 s. */
  timeoutMs?: number;
}

/** What the proxy does with a request: forward it to this path of Orthanc, or answer it with an error. */
export type ProxyDecision =
  { forward: true; path: string } | { forward: false; status: number; reason: string; allow?: string };

const RESOURCES = new Set(['studies', 'series', 'instances']);
const SEGMENT = /^[A-Za-z0-9_,-][A-Za-z0-9._,-]*$/;
const READ_METHODS = new Set(['GET', 'HEAD']);
const STOW_TYPES = ['multipart/related', 'application/dicom'];
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'content-length',
  'range',
  'if-none-match',
  'if-modified-since',
];
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);
// Orthanc's answers never need these: a 401 challenge would make the browser ask the user for a password.
const DROPPED_RESPONSE_HEADERS = new Set(['www-authenticate', 'set-cookie']);

const refuse = (status: number, reason: string, allow?: string): ProxyDecision => ({
  forward: false,
  status,
  reason,
  allow,
});

/**
 * OHIF asks QIDO-RS for extra attributes as one `includefield` with the tags comma-separated, and its DICOMweb
 * client percent-encodes the commas; Orthanc 1.10's plugin only splits on a literal comma, so the study list
 * would lack descriptions. Decoding %2C in includefield values fixes that and changes nothing else.
 */
export function orthancQuery(query: string): string {
  return query
    .split('&')
    .map((p) => (p.toLowerCase().startsWith('includefield=') ? p.replace(/%2c/gi, ',') : p))
    .join('&');
}

/** The checked DICOMweb path (segments decoded once, each a plain word) or why it is refused. */
function checkedPath(rawPath: string): string[] | ProxyDecision {
  const prefix = `${DICOMWEB_PROXY_PATH}/`;
  if (!rawPath.startsWith(prefix)) return refuse(404, `not under ${prefix}`);
  const segments: string[] = [];
  for (const raw of rawPath.slice(prefix.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(400, `bad percent-encoding in "${raw}"`);
    }
    if (!SEGMENT.test(segment)) {
      return refuse(400, `"${raw}" is not a DICOMweb path segment (UIDs, words, frame numbers only)`);
    }
    segments.push(segment);
  }
  if (!RESOURCES.has(segments[0])) {
    return refuse(404, `${prefix}${segments[0]} is not a DICOMweb resource (studies, series, instances)`);
  }
  return segments;
}

/** Whether a state-changing request comes from a page of this server (browsers send Origin on POST). */
function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  return origin === undefined || origin === `http://${headers.host ?? ''}`;
}

/** The proxy's rules for one request (method, raw URL as received, headers with a Host already checked). */
export function checkDicomWebRequest(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
): ProxyDecision {
  const q = rawUrl.indexOf('?');
  const segments = checkedPath(q < 0 ? rawUrl : rawUrl.slice(0, q));
  if (!Array.isArray(segments)) return segments;
  const path = `${DICOMWEB_PROXY_PATH}/${segments.join('/')}${q < 0 ? '' : `?${orthancQuery(rawUrl.slice(q + 1))}`}`;
  if (READ_METHODS.has(method)) return { forward: true, path };
  if (method !== 'POST') return refuse(405, `${method} is not a DICOMweb method here`, 'GET, HEAD, POST');
  if (segments[0] !== 'studies' || segments.length > 2) {
    return refuse(405, 'STOW-RS stores to /dicomweb/studies[/<StudyInstanceUID>] only', 'GET, HEAD');
  }
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!STOW_TYPES.includes(type)) {
    return refuse(415, `STOW-RS takes ${STOW_TYPES.join(' or ')}, not "${type || 'no content type'}"`);
  }
  if (!sameOrigin(headers)) {
    return refuse(
      403,
      `a page of another origin (${headers.origin ?? headers['sec-fetch-site']}) may not store`,
    );
  }
  return { forward: true, path };
}

function upstreamHeaders(req: IncomingMessage, authorization: string): Record<string, string> {
  const out: Record<string, string> = { host: req.headers.host ?? '', authorization };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function answerHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !DROPPED_RESPONSE_HEADERS.has(name))
      out[name] = value;
  }
  return out;
}

/** The request handler of /dicomweb/ (the Host header must have been checked before). */
export function dicomWebProxy(target: ProxyTarget): (req: IncomingMessage, res: ServerResponse) => void {
  const timeoutMs = target.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const oneBit = new OneBitFrames({ port: target.port, timeoutMs });
  return (req, res) => {
    const decision = checkDicomWebRequest(req.method ?? 'GET', req.url ?? '', req.headers);
    if (!decision.forward) {
      // The body of a refused request is not read: drop the connection after answering.
      res.setHeader('connection', 'close');
      return sendText(
        res,
        decision.status,
        `${decision.reason}\n`,
        decision.allow ? { allow: decision.allow } : {},
      );
    }
    let timedOut = false;
    const upstream = request({
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path: decision.path,
      headers: upstreamHeaders(req, target.authorization),
    });
    upstream.setTimeout(timeoutMs, () => {
      timedOut = true;
      upstream.destroy(new Error(`no answer for ${timeoutMs / 1000} s`));
    });
    const frames = req.method === 'GET' ? framesRequest(decision.path) : undefined;
    upstream.on('response', (answer) => {
      if (answer.statusCode === 400 && frames !== undefined) {
        // Only Host and the credentials: the client's Range or conditional headers are about the frames.
        oneBit.answerRefusal(answer, res, frames, {
          host: req.headers.host ?? '',
          authorization: target.authorization,
        });
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answerHeaders(answer.headers));
      pipeline(answer, res, () => undefined);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      const status = timedOut ? 504 : 502;
      sendText(res, status, `Orthanc (127.0.0.1:${target.port}) did not answer: ${error.message}\n`);
    });
    // The client went away before the answer was complete: cancel the request to Orthanc as well.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
}
