// The URLs and JSON formats the viewer serves. The OHIF extension, the mode and the end-to-end tests depend on
// them, so they live in one place.

/** The seglens assets: bundles, TF.js .wasm files, model files. */
export const SEGLENS_PREFIX = '/_seglens/';
export const EXTENSION_URL = '/_seglens/seglens-extension.mjs';
export const MODE_URL = '/_seglens/seglens-mode.mjs';
export const WORKER_URL = '/_seglens/seglens-worker.mjs';
export const TFJS_URL_PREFIX = '/_seglens/tfjs/';
export const MODELS_INDEX_URL = '/_seglens/models/index.json';
/** Demo study manifests, their index and the DICOM files generated for them. */
export const DEMO_URL_PREFIX = '/demo/';
export const DEMO_INDEX_URL = '/demo/index.json';
/** Files of the data directory, served read-only straight from it. */
export const DATA_URL_PREFIX = '/data/';
/** Same-origin reverse proxy to Orthanc's DICOMweb API (Orthanc mode only). */
export const DICOMWEB_PROXY_PATH = '/dicomweb';
/** The seglens mode's routeName (OHIF routes /<mode>/<data source>?...). */
export const MODE_ROUTE = 'seglens';
/** sourceName of OHIF's static DICOM JSON data source, and of the DICOMweb one in Orthanc mode. */
export const DICOMJSON_SOURCE = 'dicomjson';
export const DICOMWEB_SOURCE = 'dicomweb';

/** One demo study in /demo/index.json. */
export interface DemoStudyEntry {
  id: string;
  title: string;
  description: string;
  studyInstanceUID: string;
  /** URL of the study's OHIF DICOM JSON manifest, e.g. /demo/ct-abdomen.json. */
  manifest: string;
  /** Path (with query) that opens the study in the seglens mode. */
  viewerUrl: string;
}

export interface DemoIndex {
  studies: DemoStudyEntry[];
}

/** One shipped model in /_seglens/models/index.json. */
export interface ModelIndexEntry {
  name: string;
  /** Folder of the model's files relative to the index, e.g. "hippocampus-rce/". */
  path: string;
  /** The model's seglens.json (model card), verbatim. */
  card: Record<string, unknown>;
}

export interface ModelIndex {
  format: 'seglens-model-index';
  formatVersion: 1;
  models: ModelIndexEntry[];
}

/** The viewer route that opens one study of a DICOM JSON manifest in the seglens mode. */
export function viewerUrl(manifestUrl: string, studyInstanceUID: string): string {
  return (
    `/${MODE_ROUTE}/${DICOMJSON_SOURCE}?url=${encodeURIComponent(manifestUrl)}` +
    `&StudyInstanceUIDs=${encodeURIComponent(studyInstanceUID)}`
  );
}
