import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * A complete text answer: the server's own pages and errors and the Orthanc proxy's refusals all go through
 * here, so they share one content type, an exact length (no chunking for short bodies) and no caching (a
 * refusal or a page that depends on the run's settings must not be replayed by the browser later).
 */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache',
    ...headers,
  });
  res.end(text);
}
