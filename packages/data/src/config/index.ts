// Where the data lives (SEGLENS_DATA_DIR, --data-dir, ../shared/data, ./data) and the atomic file writer.
export {
  DATA_DIR_ENV,
  DATASET_FOLDERS,
  locateDataDir,
  resolveDataDir,
  datasetDir,
  type DataDirSource,
  type DataDirLocation,
  type DataDirOptions,
} from './data-dir';
export { writeFileAtomic } from './atomic-write';
// How every package reaches Node built-ins without `import 'node:…'` in its bundles, and wraps thrown values.
export { nodeBuiltin, errorMessage } from './node';
