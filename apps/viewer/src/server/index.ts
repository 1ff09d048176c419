// The viewer's HTTP server (Node's http, loopback only): OHIF's prebuilt app with seglens's config, bundles,
// models and demo studies, the data directory's files under /data/, a landing page at / (manifest mode), and
// in Orthanc mode a same-origin proxy to Orthanc's DICOMweb API at /dicomweb/.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import path from 'node:path';
import type { ViewerMode } from '../build/app-config';
import { checkedDataDir } from '../build';
import { APP_CONFIG_FILES } from '../build/app-config';
import { DEMO_INDEX_URL, DICOMWEB_PROXY_PATH, type DemoIndex } from '../contracts';
import { startOrthanc, type OrthancOptions, type RunningOrthanc } from '../orthanc/process';
import { uploadDemoStudies } from '../orthanc/upload';
import { DEFAULT_DIST_DIR, ohifDistDir, VIEWER_README } from '../paths';
import { landingPage, README_URL } from './landing';
import { contentType } from './mime';
import { allowedHosts, hostAllowed } from './host';
import { dicomWebProxy } from './proxy';
import { fileForUrlPath, isAppRoute, resolveUrlPath, type RouteRoots } from './routes';
import { sendText } from './respond';

export const DEFAULT_PORT = 3000;
export const HOST = '127.0.0.1';

/**
 * Sent with every response, proxied DICOMweb included: the page is cross-origin isolated
 * (`self.crossOriginIsolated`), which is what gives it SharedArrayBuffer and so TF.js's threaded WASM backend.
 * Everything the viewer loads is same-origin, so CORP same-origin blocks nothing of its own and keeps other
 * sites from embedding its files.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

export interface StartViewerOptions {
  /** Default 3000; 0 picks any free port. */
  port?: number;
  /** Default: resolveDataDir() (SEGLENS_DATA_DIR, ../shared/data, ./data). */
  dataDir?: string;
  /** Start Orthanc, upload the demo studies and use its DICOMweb API (true, or Orthanc's options). */
  orthanc?: boolean | OrthancOptions;
  /** The built viewer (default apps/viewer/dist, see `npx nx run viewer:build`). */
  distDir?: string;
  /** Orthanc mode: how long the proxy waits on a silent Orthanc before answering 504 (ms, default 30000). */
  proxyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningViewer {
  /** e.g. http://127.0.0.1:3000/ */
  url: string;
  port: number;
  mode: ViewerMode;
  /**
   * Orthanc mode: Orthanc's own URL (loopback; it wants credentials only the viewer knows), its DICOM port if
   * on, its folder (config and storage), its process ids and the instances uploaded.
   */
  orthanc?: {
    url: string;
    dicomPort?: number;
    workDir: string;
    pids: RunningOrthanc['pids'];
    instances: number;
  };
  close(): Promise<void>;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number): void {
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': size,
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline closes the file when the client goes away mid-download (pipe alone would keep it open).
  pipeline(createReadStream(file), res, () => undefined);
}

/** The built viewer's folder, checked for what the server needs; an Error says how to build it. */
function checkedDist(distDir: string): string {
  const needed = [...Object.values(APP_CONFIG_FILES), path.join('demo', 'index.json')].map((f) =>
    path.join(distDir, f),
  );
  const missing = needed.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `the viewer is not built (missing ${missing.join(', ')}): run \`npx nx run viewer:build\`, or \`npm start\``,
    );
  }
  return distDir;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${port} on ${HOST} is already in use (another viewer?): stop it, or choose another port with ` +
              `PORT=<port> npm start or --port <port>`,
          ),
        );
      } else {
        reject(new Error(`cannot listen on ${HOST}:${port}: ${error.message}`));
      }
    };
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startViewer(options: StartViewerOptions = {}): Promise<RunningViewer> {
  const mode: ViewerMode = options.orthanc ? 'orthanc' : 'manifest';
  const roots: RouteRoots = {
    distDir: checkedDist(path.resolve(options.distDir ?? DEFAULT_DIST_DIR)),
    ohifDir: ohifDistDir(),
    dataDir: checkedDataDir(options.dataDir),
    mode,
  };
  const ohifIndex = path.join(roots.ohifDir, 'index.html');
  let orthanc: RunningOrthanc | undefined;
  let proxy: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let hosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // setHeader: writeHead (of files, text and Orthanc's answers) merges these in.
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    if (!hostAllowed(req.headers.host, hosts)) {
      return sendText(
        res,
        421,
        `this server answers to ${[...hosts].join(', ')} only, not to Host "${req.headers.host ?? ''}"\n`,
      );
    }
    const rawUrl = req.url ?? '/';
    const urlPath = new URL(rawUrl, 'http://localhost').pathname;
    // Either the raw or the normalised path may name the proxy: it checks the raw one, which is what it forwards.
    const isProxy = (p: string): boolean =>
      p === DICOMWEB_PROXY_PATH ||
      p.startsWith(`${DICOMWEB_PROXY_PATH}/`) ||
      p.startsWith(`${DICOMWEB_PROXY_PATH}?`);
    if (isProxy(rawUrl) || isProxy(urlPath)) {
      if (proxy) return proxy(req, res);
      return sendText(
        res,
        mode === 'orthanc' ? 503 : 404,
        mode === 'orthanc'
          ? 'Orthanc is starting\n'
          : 'no DICOMweb server here: start the viewer with --orthanc\n',
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendText(res, 405, `${req.method} is not allowed here\n`);
    }
    if (urlPath === '/' && mode === 'manifest') {
      const index = JSON.parse(
        await readFile(path.join(roots.distDir, 'demo', 'index.json'), 'utf8'),
      ) as DemoIndex;
      return sendText(res, 200, landingPage(index), {
        'content-type': contentType('.html'),
      });
    }
    if (urlPath === README_URL) {
      return sendText(res, 200, await readFile(VIEWER_README, 'utf8'), {
        'content-type': contentType(README_URL),
      });
    }
    const resolved = await resolveUrlPath(roots, urlPath);
    if (resolved.kind === 'file') return sendFile(req, res, resolved.path, resolved.size);
    if (resolved.kind === 'forbidden') return sendText(res, 403, `forbidden: ${resolved.reason}\n`);
    if (isAppRoute(urlPath)) {
      return sendFile(req, res, ohifIndex, (await stat(ohifIndex)).size);
    }
    return sendText(res, 404, `not found: ${urlPath}\n`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (res.headersSent) res.destroy(error);
      else sendText(res, 500, `${error.message}\n`);
    });
  });
  const port = await listen(server, options.port ?? DEFAULT_PORT);
  hosts = allowedHosts(HOST, port);
  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  let uploaded = 0;
  if (options.orthanc) {
    try {
      const running = await startOrthanc(typeof options.orthanc === 'object' ? options.orthanc : {});
      orthanc = running;
      proxy = dicomWebProxy({
        port: running.port,
        authorization: running.authorization,
        timeoutMs: options.proxyTimeoutMs,
      });
      options.log?.(
        `Orthanc ${running.url} (storage ${running.workDir}) started; uploading the demo studies`,
      );
      const index = JSON.parse(
        await readFile(await fileForUrlPath(roots, DEMO_INDEX_URL), 'utf8'),
      ) as DemoIndex;
      const result = await uploadDemoStudies(running.url, index, {
        workDir: running.workDir,
        authorization: running.authorization,
        fileFor: (urlPath) => fileForUrlPath(roots, urlPath),
      });
      uploaded = result.instances;
      options.log?.(`uploaded ${result.instances} instances of ${index.studies.length} studies to Orthanc`);
    } catch (error) {
      await orthanc?.stop();
      await closeServer();
      throw error;
    }
  }

  return {
    url: `http://${HOST}:${port}/`,
    port,
    mode,
    orthanc: orthanc
      ? {
          url: orthanc.url,
          dicomPort: orthanc.dicomPort,
          workDir: orthanc.workDir,
          pids: orthanc.pids,
          instances: uploaded,
        }
      : undefined,
    close: async () => {
      await closeServer();
      await orthanc?.stop();
    },
  };
}
