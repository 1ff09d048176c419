// Flags several commands share, declared once so their help text and checks agree everywhere.
import { CONVOLUTION_ALGORITHMS } from '@seglens/models';
import { DATASET_HELP, SPLITS } from './datasets';
import type { FlagSpec } from './options';

export const DATA_GROUP = 'data options';
export const RUN_GROUP = 'run options';

export const datasetFlag = (required = true): FlagSpec => ({
  name: 'dataset',
  type: 'string',
  required,
  valueName: 'name',
  group: DATA_GROUP,
  description: DATASET_HELP,
});

export const dataFlags: readonly FlagSpec[] = [
  {
    name: 'data-dir',
    type: 'string',
    valueName: 'dir',
    group: DATA_GROUP,
    description:
      "folder holding the presets' data (msd-hippocampus/, polypgen-256/, btcv-abdomen-ct/, acdc-cardiac-mr/)",
    defaultText: '$SEGLENS_DATA_DIR, else ../shared/data, else ./data',
  },
  {
    name: 'limit',
    type: 'integer',
    min: 1,
    valueName: 'n',
    group: DATA_GROUP,
    description:
      'use only the first n cases by file name before splitting (for polyp: of each of train/ and val/)',
  },
  {
    name: 'split-seed',
    type: 'integer',
    min: 0,
    default: 0,
    valueName: 'n',
    group: DATA_GROUP,
    description:
      'seed of the case split of hippocampus, ct-abdomen, cardiac and folder datasets (20% validation); polyp uses its source folders',
  },
  {
    name: 'group-by',
    type: 'string',
    valueName: 'regex',
    group: DATA_GROUP,
    description:
      'folder datasets: files whose names give the same group stay on one side of the split; the group is the first capture group of the regular expression, else its whole match (e.g. "^(patient\\d+)_"); every file must match',
    defaultText: 'each file is its own case (cardiac: by patient)',
  },
];

export const splitFlag = (fallback: string): FlagSpec => ({
  name: 'split',
  type: 'string',
  choices: SPLITS,
  default: fallback,
  group: DATA_GROUP,
  description: 'cases to use: the training or validation side of the split, or all',
});

export const nsdFlag: FlagSpec = {
  name: 'nsd-tolerance',
  type: 'number',
  min: 0,
  valueName: 'mm',
  group: DATA_GROUP,
  description:
    'tolerance of the normalised surface distance, in the unit of the distances: mm, or pixels/voxels for files without a physical size',
  defaultText: '1 mm; 2 pixels for images without a pixel size; 1 voxel for volumes without a voxel size',
};

export const backendFlag: FlagSpec = {
  name: 'backend',
  type: 'string',
  choices: ['wasm', 'cpu'],
  valueName: 'name',
  group: RUN_GROUP,
  description: 'TF.js backend',
  defaultText: 'wasm, else cpu',
};
export const threadsFlag: FlagSpec = {
  name: 'threads',
  type: 'integer',
  min: 1,
  valueName: 'n',
  group: RUN_GROUP,
  description: 'threads of the wasm backend (results are identical for every count)',
  defaultText: "the machine's cores",
};

export const convolutionFlag: FlagSpec = {
  name: 'convolution',
  type: 'string',
  choices: [...CONVOLUTION_ALGORITHMS],
  valueName: 'how',
  group: RUN_GROUP,
  description:
    "how inference runs the 3x3 convolutions on wasm: winograd4 (Winograd's F(4x4,3x3), F(2x2,3x3) on layers under 16 wide), winograd (F(2x2,3x3)), both within float32 rounding of the direct sum, or direct (TF.js's results to the bit)",
  defaultText: 'winograd4',
};

export const jsonFlag: FlagSpec = {
  name: 'json',
  type: 'boolean',
  group: RUN_GROUP,
  description: 'print one JSON object on stdout instead of tables',
};
export const quietFlag: FlagSpec = {
  name: 'quiet',
  type: 'boolean',
  short: 'q',
  group: RUN_GROUP,
  description: 'no progress on stderr',
};
