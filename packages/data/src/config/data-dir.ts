import { nodeFsSync, nodePath } from './node';

/** Environment variable that names the data directory. */
export const DATA_DIR_ENV = 'SEGLENS_DATA_DIR';

/** Folder names of the public data sets inside the data directory (see `npm run fetch-data`). */
export const DATASET_FOLDERS = {
  polyp: 'polypgen-256',
  hippocampus: 'msd-hippocampus',
  hippocampusDicom: 'msd-hippocampus-dicom',
  ctAbdomen: 'ct-abdomen-totalsegmentator',
  ctLiverSeg: 'ct-liver-dicom-seg',
  btcvAbdomen: 'btcv-abdomen-ct',
  acdcCardiac: 'acdc-cardiac-mr',
} as const;

/** Where the data directory setting came from, in order of precedence. */
export type DataDirSource = 'flag' | 'env' | 'shared' | 'local';

export interface DataDirLocation {
  /** Absolute path of the data directory (it may not exist when `source` is 'local'). */
  dir: string;
  source: DataDirSource;
}

export interface DataDirOptions {
  /** Value of a CLI flag such as `--data-dir`; wins over everything else. Relative paths are taken from `cwd`. */
  flag?: string;
  /** Folder to resolve from; defaults to process.cwd(). */
  cwd?: string;
  /** Environment to read SEGLENS_DATA_DIR from; defaults to process.env. */
  env?: Record<string, string | undefined>;
}

const SOURCE_TEXT: Record<DataDirSource, string> = {
  flag: 'the --data-dir flag',
  env: `the ${DATA_DIR_ENV} environment variable`,
  shared: 'the default ../shared/data next to the repository',
  local: 'the default ./data of the repository',
};

/**
 * The repository root: the nearest folder at or above `cwd` whose package.json declares npm workspaces. Tests
 * run from a package folder and scripts from the root, and both must land on the same default data directory.
 * Without such a folder (an installed CLI), `cwd` itself is the root.
 */
function repositoryRoot(cwd: string): string {
  const fs = nodeFsSync('resolveDataDir');
  const path = nodePath('resolveDataDir');
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
        if (parsed.workspaces) return dir;
      } catch {
        // An unreadable package.json is not a workspace root; keep walking up.
      }
    }
    if (path.dirname(dir) === dir) return cwd;
  }
}

/**
 * Locates the data directory: the CLI flag, else SEGLENS_DATA_DIR, else `<repo root>/../shared/data` when that
 * folder exists, else `<repo root>/data` (where `npm run fetch-data` downloads to). Node only.
 */
export function locateDataDir(options: DataDirOptions = {}): DataDirLocation {
  const path = nodePath('resolveDataDir');
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  if (options.flag !== undefined) {
    if (options.flag.trim() === '') throw new Error('resolveDataDir: the --data-dir flag is empty');
    return { dir: path.resolve(cwd, options.flag), source: 'flag' };
  }
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '')
    return { dir: path.resolve(cwd, fromEnv), source: 'env' };
  const root = repositoryRoot(cwd);
  const shared = path.resolve(root, '..', 'shared', 'data');
  if (nodeFsSync('resolveDataDir').existsSync(shared)) return { dir: shared, source: 'shared' };
  return { dir: path.resolve(root, 'data'), source: 'local' };
}

/** The data directory as an absolute path (see {@link locateDataDir} for the precedence). Node only. */
export function resolveDataDir(options: DataDirOptions = {}): string {
  return locateDataDir(options).dir;
}

/**
 * Absolute path of one data set's folder (e.g. DATASET_FOLDERS.hippocampus) inside the data directory. Throws an
 * Error naming the folder, the directory, where that directory came from and the fix (`npm run fetch-data`)
 * when the folder is missing. `dataDir`, when given, is used as is instead of being resolved. Node only.
 */
export function datasetDir(folder: string, options: DataDirOptions & { dataDir?: string } = {}): string {
  if (!folder || folder.includes('..'))
    throw new Error(`datasetDir: invalid dataset folder name "${folder}"`);
  const path = nodePath('datasetDir');
  const location: DataDirLocation = options.dataDir
    ? { dir: path.resolve(options.cwd ?? process.cwd(), options.dataDir), source: 'flag' }
    : locateDataDir(options);
  const dir = path.join(location.dir, folder);
  const fs = nodeFsSync('datasetDir');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(
      `Dataset folder "${folder}" is missing from the data directory ${location.dir} ` +
        `(chosen by ${SOURCE_TEXT[location.source]}). Run \`npm run fetch-data\` to download the public data sets, ` +
        `or set ${DATA_DIR_ENV} (or --data-dir) to a folder that contains "${folder}".`,
    );
  }
  return dir;
}
