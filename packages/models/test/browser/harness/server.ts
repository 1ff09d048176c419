// A loopback HTTP server for the browser test: the page, its bundled script, TF.js's .wasm files and model
// folders. http://127.0.0.1 is a secure context, so the page gets WebCrypto (hash checks) and WebGPU.
import { createServer, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ServedModel {
  dir: string;
  /** Changes a file's bytes on the way out (to serve a damaged model). */
  tamper?: (file: string, bytes: Uint8Array) => Uint8Array;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

const WASM_DIR = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

// The empty icon link keeps the browser from asking for /favicon.ico (a 404 the test would report).
export const PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
  '<title>seglens models in the browser</title>' +
  '<script type="module" src="/entry.js"></script></head><body></body></html>';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // instantiateStreaming, which TF.js tries first, insists on this type.
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

function contentType(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/** A plain file name: no folders, nothing hidden, so a request can never leave the folder it names. */
function isPlainName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name);
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Serves / (the page), /entry.js, /wasm/<file> and /models/<name>/<file> on a random loopback port. */
export function startServer(script: string, models: ReadonlyMap<string, ServedModel>): Promise<TestServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const parts = path.split('/').slice(1);
    const reply = async (): Promise<void> => {
      if (path === '/') return send(res, 200, TYPES['.html'], PAGE_HTML);
      if (path === '/entry.js') return send(res, 200, TYPES['.js'], script);
      if (parts.length === 2 && parts[0] === 'wasm' && isPlainName(parts[1])) {
        return send(res, 200, contentType(parts[1]), await readFile(join(WASM_DIR, parts[1])));
      }
      const model = parts.length === 3 && parts[0] === 'models' ? models.get(parts[1]) : undefined;
      if (model && isPlainName(parts[2])) {
        const bytes = new Uint8Array(await readFile(join(model.dir, parts[2])));
        return send(res, 200, contentType(parts[2]), model.tamper ? model.tamper(parts[2], bytes) : bytes);
      }
      send(res, 404, 'text/plain', `not found: ${path}`);
    };
    reply().catch((error: Error) => send(res, 404, 'text/plain', `cannot serve ${path}: ${error.message}`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
