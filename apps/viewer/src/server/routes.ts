// Which file answers a URL path: /data/... from the data directory (read-only, never copied), then the
// viewer's dist/ (app config, /_seglens/, /demo/), then OHIF's prebuilt dist/. /app-config.js is the
// config of the mode the server runs in.
import path from 'node:path';
import { DATA_URL_PREFIX, DEMO_URL_PREFIX, SEGLENS_PREFIX } from '../contracts';
import { APP_CONFIG_FILES, type ViewerMode } from '../build/app-config';
import { pathSegments, resolveInside, type Resolved } from './resolve';

export interface RouteRoots {
  distDir: string;
  ohifDir: string;
  dataDir: string;
  mode: ViewerMode;
}

export async function resolveUrlPath(roots: RouteRoots, urlPath: string): Promise<Resolved> {
  if (urlPath === '/app-config.js') {
    return resolveInside(roots.distDir, [APP_CONFIG_FILES[roots.mode]]);
  }
  const segments = pathSegments(urlPath);
  if (!Array.isArray(segments)) return { kind: 'forbidden', reason: segments.refused };
  if (urlPath.startsWith(DATA_URL_PREFIX)) return resolveInside(roots.dataDir, segments.slice(1));
  const fromDist = await resolveInside(roots.distDir, segments);
  if (fromDist.kind !== 'missing') return fromDist;
  return resolveInside(roots.ohifDir, segments);
}

/** The file behind a served URL path, or an Error naming the path (used to upload what the manifests list). */
export async function fileForUrlPath(roots: RouteRoots, urlPath: string): Promise<string> {
  const resolved = await resolveUrlPath(roots, urlPath);
  if (resolved.kind !== 'file') {
    throw new Error(
      `${urlPath} is not served (${resolved.kind === 'forbidden' ? resolved.reason : 'no such file'})`,
    );
  }
  return resolved.path;
}

/** Folders that hold only files: a path under them that names no file is a 404, never an app route. */
const FILE_FOLDERS = [DATA_URL_PREFIX, DEMO_URL_PREFIX, SEGLENS_PREFIX];

/** Paths the single-page app handles itself (its routes): no file extension, outside the file folders. */
export function isAppRoute(urlPath: string): boolean {
  return !path.posix.basename(urlPath).includes('.') && !FILE_FOLDERS.some((f) => urlPath.startsWith(f));
}
