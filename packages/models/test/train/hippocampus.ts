// Real hippocampus cases (MSD Task04) for the training tests, read from the shared data directory.
import { datasetDir, DATASET_FOLDERS, readNiftiFile } from '@seglens/data';
import { join } from 'node:path';
import { createModelCard, type ModelCard } from '../../src/card';
import type { TrainingCase } from '../../src/train';

export const HIPPOCAMPUS_IDS = [
  'hippocampus_001',
  'hippocampus_003',
  'hippocampus_004',
  'hippocampus_006',
  'hippocampus_008',
  'hippocampus_011',
];

export async function hippocampusCases(ids: readonly string[]): Promise<TrainingCase[]> {
  const dir = datasetDir(DATASET_FOLDERS.hippocampus);
  return Promise.all(
    ids.map(async (id) => ({
      id,
      image: (await readNiftiFile(join(dir, 'images', `${id}.nii.gz`))).volume,
      labels: (await readNiftiFile(join(dir, 'labels', `${id}.nii.gz`))).volume,
    })),
  );
}

export function hippocampusCard(size = 32, baseFilters = 8): ModelCard {
  return createModelCard({
    name: 'hippocampus-test',
    task: 'hippocampus',
    modality: 'MR',
    classNames: ['background', 'anterior', 'posterior'],
    input: {
      channels: 1,
      size: [size, size],
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'zscore' },
    },
    architecture: { inputChannels: 1, classes: 3, depth: 3, baseFilters, normalization: 'batch' },
  });
}
