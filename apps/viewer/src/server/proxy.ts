// Same-origin reverse proxy to Orthanc's DICOMweb API, so OHIF needs no CORS and Orthanc stays reachable only
// through the viewer. The path is kept as is (Orthanc's DICOMweb root is configured to the same /dicomweb/),
// and so is the Host header: Orthanc builds the absolute BulkDataURI links in its metadata from it, and they
// must point back at the viewer.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/**
 * OHIF asks QIDO-RS for extra attributes as one `includefield` with the tags comma-separated, and its DICOMweb
 * client percent-encodes the commas; Orthanc 1.10's plugin only splits on a literal comma, so the study list
 * would lack descriptions. Decoding %2C in includefield values fixes that and changes nothing else.
 */
export function orthancPath(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((p) => (p.toLowerCase().startsWith('includefield=') ? p.replace(/%2c/gi, ',') : p))
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

export function proxyTo(port: number, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: req.method,
      path: orthancPath(req.url ?? '/'),
      headers: endToEnd(req.headers),
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Orthanc (127.0.0.1:${port}) did not answer: ${error.message}\n`);
  });
  req.pipe(upstream);
}
