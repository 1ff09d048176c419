// Node-only helpers: they read and write files. Everything else in this folder works on ArrayBuffers and runs
// in browsers too. Node built-ins come through the package's config/node helpers, which keep `node:fs` out of
// the bundles.
import type { Volume } from '../volume';
import { DicomError } from './errors';
import type { DicomFileInput } from './parse';
import { readDicomSeries, type ReadDicomSeriesOptions } from './series';
import { nodeFs } from '../config/node';
import { writeFileAtomic } from '../config/atomic-write';
import { readDicomSeg, type DicomSegResult, type ReadDicomSegOptions } from './seg/read';
import { writeDicomSeg, type WriteDicomSegOptions } from './seg/write';
import { buildOhifManifest, type OhifManifest } from './manifest';

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/**
 * Paths of the files in a folder (recursively with `recursive: true`), sorted by name, skipping hidden files
 * (".DS_Store" and the like).
 */
export async function listDicomFiles(
  folder: string,
  options: { recursive?: boolean } = {},
): Promise<string[]> {
  const fs = nodeFs('listDicomFiles');
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new DicomError(folder, `cannot read the folder (${(error as Error).message})`);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (options.recursive) files.push(...(await listDicomFiles(path, options)));
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
  return files;
}

/** Reads files into DicomFileInputs named by their path. */
export async function readDicomFiles(paths: string[]): Promise<DicomFileInput[]> {
  const fs = nodeFs('readDicomFiles');
  return Promise.all(
    paths.map(async (path) => {
      const buffer = await fs.readFile(path);
      return { name: path, data: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
    }),
  );
}

/** Reads the DICOM series in a folder (not its subfolders) into a Volume; see readDicomSeries for options. */
export async function readDicomFolder(folder: string, options: ReadDicomSeriesOptions = {}): Promise<Volume> {
  const paths = await listDicomFiles(folder);
  if (paths.length === 0) throw new DicomError(folder, 'the folder holds no files');
  return readDicomSeries(await readDicomFiles(paths), { sourceName: folder, ...options });
}

/** Writes a DICOM SEG file (see writeDicomSeg) through a temporary name and a rename. */
export async function writeDicomSegFile(
  path: string,
  labels: Volume,
  source: Volume,
  options: WriteDicomSegOptions,
): Promise<void> {
  await writeFileAtomic(path, new Uint8Array(writeDicomSeg(labels, source, options)));
}

/** Reads a DICOM SEG file onto its source series (see readDicomSeg). */
export async function readDicomSegFile(
  path: string,
  source: Volume,
  options: ReadDicomSegOptions = {},
): Promise<DicomSegResult> {
  const [file] = await readDicomFiles([path]);
  return readDicomSeg(file, source, options);
}

/**
 * Writes the instances of a series (e.g. from volumeToDicomSeries) into a folder as IM0001.dcm, IM0002.dcm, ...,
 * each through a temporary name and a rename. Returns the paths written.
 */
export async function writeDicomFiles(
  folder: string,
  files: ArrayBuffer[],
  prefix = 'IM',
): Promise<string[]> {
  const fs = nodeFs('writeDicomFiles');
  await fs.mkdir(folder, { recursive: true });
  const width = Math.max(4, String(files.length).length);
  const paths: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const path = join(folder, `${prefix}${String(i + 1).padStart(width, '0')}.dcm`);
    await writeFileAtomic(path, new Uint8Array(files[i]));
    paths.push(path);
  }
  return paths;
}

/**
 * OHIF's DICOM JSON manifest for every DICOM file under a folder (recursively), each served at
 * `baseUrl` + its path relative to the folder (path segments URL-encoded). Files that are not DICOM are
 * skipped and reported through `onSkip`.
 */
export async function buildOhifManifestForFolder(
  folder: string,
  options: { baseUrl: string; onSkip?: (file: string, reason: string) => void },
): Promise<OhifManifest> {
  const paths = await listDicomFiles(folder, { recursive: true });
  if (paths.length === 0) throw new DicomError(folder, 'the folder holds no files');
  const root = folder.endsWith('/') ? folder : `${folder}/`;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const files = await readDicomFiles(paths);
  return buildOhifManifest(
    files,
    (file) => base + file.name.slice(root.length).split('/').map(encodeURIComponent).join('/'),
    { onSkip: options.onSkip ?? (() => undefined) },
  );
}
