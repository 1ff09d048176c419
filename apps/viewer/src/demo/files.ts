// The DICOM files a demo study consists of, each with the URL the viewer serves it at, and the manifest built
// from them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildOhifManifest, listDicomFiles, readDicomFiles, type OhifManifest } from '@seglens/data';
import { DATA_URL_PREFIX, DEMO_URL_PREFIX } from '../contracts';

export interface ServedFile {
  /** Absolute path on disk. */
  path: string;
  /** URL path the server answers with this file, e.g. /data/ct-liver-dicom-seg/liver.dcm. */
  url: string;
}

const encodePath = (relative: string): string => relative.split(path.sep).map(encodeURIComponent).join('/');

/** The URL of a file inside the data directory (served read-only from there, never copied). */
export function dataUrl(dataDir: string, file: string): string {
  const relative = path.relative(dataDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new Error(`${file} is outside the data directory ${dataDir}`);
  return DATA_URL_PREFIX + encodePath(relative);
}

/** The URL of a file generated for study `id` under dist/demo/<id>/. */
export function generatedUrl(id: string, studyDir: string, file: string): string {
  return `${DEMO_URL_PREFIX}${encodeURIComponent(id)}/${encodePath(path.relative(studyDir, file))}`;
}

/**
 * Absolute path of a demo input inside the data directory, or an Error naming the study, the missing path and
 * the fix.
 */
export function requireInput(dataDir: string, relative: string, studyId: string): string {
  const file = path.join(dataDir, relative);
  if (!existsSync(file)) {
    throw new Error(
      `demo study "${studyId}" needs ${file}, which is missing. Run \`npm run fetch-data\` to fetch the public ` +
        `data sets into the data directory, or point SEGLENS_DATA_DIR (or --data-dir) at a folder that has them.`,
    );
  }
  return file;
}

/** Every file under a data-directory folder (recursively), with its /data/ URL. */
export async function dataFolderFiles(dataDir: string, folder: string): Promise<ServedFile[]> {
  const paths = await listDicomFiles(folder, { recursive: true });
  if (paths.length === 0) throw new Error(`${folder} holds no files`);
  return paths.map((p) => ({ path: p, url: dataUrl(dataDir, p) }));
}

/**
 * OHIF's DICOM JSON manifest of a study's files. Every file must be DICOM, and together they must form exactly
 * one study (the viewer links open one StudyInstanceUID).
 */
export async function manifestOf(studyId: string, files: ServedFile[]): Promise<OhifManifest> {
  const urls = new Map(files.map((f) => [f.path, f.url]));
  const manifest = buildOhifManifest(await readDicomFiles(files.map((f) => f.path)), (file) => {
    const url = urls.get(file.name);
    if (url === undefined) throw new Error(`demo study "${studyId}": no URL for ${file.name}`);
    return url;
  });
  if (manifest.studies.length !== 1) {
    const uids = manifest.studies.map((s) => s.StudyInstanceUID).join(', ');
    throw new Error(
      `demo study "${studyId}": its files hold ${manifest.studies.length} studies (${uids}), expected one`,
    );
  }
  return manifest;
}
