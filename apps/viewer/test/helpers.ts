// A viewer built into a temporary folder from the real data directory and shipped models. The plugin bundles
// are small files written here: these tests check how the viewer copies and serves bundles, not the bundles
// (the extension and mode have their own tests, and the end-to-end tests load the real ones).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildViewer, type BuildViewerResult } from '../src/build';

export interface BuiltViewer {
  root: string;
  outDir: string;
  plugins: { extension: string; mode: string };
  result: BuildViewerResult;
  cleanup(): Promise<void>;
}

export const FIXTURE_BUNDLES: Record<string, string> = {
  'extension/seglens-extension.mjs': 'export default { id: "fixture-extension" };\n',
  'extension/seglens-extension.mjs.map': '{"version":3,"sources":[],"mappings":""}\n',
  'extension/seglens-worker.mjs': 'self.onmessage = () => undefined;\n',
  'mode/seglens-mode.mjs': 'export default { id: "fixture-mode" };\n',
};

export async function buildFixtureViewer(): Promise<BuiltViewer> {
  const root = await mkdtemp(path.join(tmpdir(), 'seglens-viewer-test-'));
  const plugins = { extension: path.join(root, 'extension'), mode: path.join(root, 'mode') };
  for (const [file, text] of Object.entries(FIXTURE_BUNDLES)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const outDir = path.join(root, 'dist');
  const result = await buildViewer({ outDir, plugins });
  return { root, outDir, plugins, result, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A request with the path sent exactly as given (fetch would normalise "/../" away before it leaves), and with
 * any headers (fetch would not let a test set Host or Origin).
 */
export function rawGet(
  port: number,
  rawPath: string,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
