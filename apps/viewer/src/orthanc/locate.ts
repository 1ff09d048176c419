// Finds Debian's Orthanc and its DICOMweb plugin (packages orthanc and orthanc-dicomweb).
import { existsSync } from 'node:fs';
import path from 'node:path';

export const INSTALL_HINT = 'install them with `apt-get install orthanc orthanc-dicomweb`';

const PLUGIN_FOLDERS = [
  '/usr/share/orthanc/plugins',
  '/usr/lib/orthanc/plugins',
  '/usr/local/share/orthanc/plugins',
];
const PLUGIN_FILE = 'libOrthancDicomWeb.so';

export interface OrthancInstall {
  binary: string;
  dicomWebPlugin: string;
}

/** The first executable called `name` on PATH (plus sbin folders, where Debian puts Orthanc). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return dirs
    .filter(Boolean)
    .map((d) => path.join(d, name))
    .find((p) => existsSync(p));
}

/** Orthanc's binary and DICOMweb plugin, given or found; an Error says what is missing and how to install it. */
export function locateOrthanc(given: Partial<OrthancInstall> = {}): OrthancInstall {
  const binary = given.binary ?? findOnPath('Orthanc');
  if (!binary || !existsSync(binary)) {
    throw new Error(
      `Orthanc is not installed (${given.binary ?? 'no Orthanc on PATH or in /usr/sbin'}): ${INSTALL_HINT}`,
    );
  }
  const dicomWebPlugin =
    given.dicomWebPlugin ?? PLUGIN_FOLDERS.map((d) => path.join(d, PLUGIN_FILE)).find((p) => existsSync(p));
  if (!dicomWebPlugin || !existsSync(dicomWebPlugin)) {
    throw new Error(
      `Orthanc's DICOMweb plugin is not installed (${given.dicomWebPlugin ?? `no ${PLUGIN_FILE} in ${PLUGIN_FOLDERS.join(', ')}`}): ${INSTALL_HINT}`,
    );
  }
  return { binary, dicomWebPlugin };
}
