// The shipped models must give the same labels whatever is refactored around them: the card's
// normalisation, the fit to the model size, the weights' loading. Each model segments the first two cases of
// its own card's validation list; the labels' SHA-256 (and per-class voxel counts, readable when it fails)
// were recorded before the training-data pipelines of @seglens/data and @seglens/models were merged.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readImageFile, readNiftiFile, resolveDataDir, type Volume } from '@seglens/data';
import { loadModelFromDirectory, segment } from '../../src';
import { useWasm } from '../io/fixtures';

const PRETRAINED = join(__dirname, '..', '..', 'pretrained');
const data = resolveDataDir();

async function readCase(task: string, file: string): Promise<Volume> {
  if (task === 'hippocampus')
    return (await readNiftiFile(join(data, 'msd-hippocampus', 'images', file))).volume;
  return readImageFile(join(data, 'polypgen-256', 'val', 'images', file));
}

function fingerprint(labels: Volume, classes: number): { sha256: string; counts: number[] } {
  const counts = new Array<number>(classes).fill(0);
  for (const v of labels.voxels) counts[v]++;
  const bytes = Uint8Array.from(labels.voxels);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), counts };
}

// Recorded at commit 9164a15 (before the merge) with the wasm backend; the polyp pair's again each time it was
// retrained (16 epochs, 2026-12-04; 16 filters and 30 epochs with rotation, zoom and intensity jitter,
// 2026-12-05, session 27; the same runs continued to 50 epochs, session 28), after the viewer showed both new
// models outlining the polyp of 106OLCV1_100H0014.
const EXPECTED: Record<string, Record<string, { sha256: string; counts: number[] }>> = {
  'hippocampus-ce': {
    'hippocampus_004.nii.gz': {
      sha256: '2bb4c1b421977031db18ecb66b90a35f4515a5089f6465a066c838d4ab9eff26',
      counts: [67517, 1873, 1746],
    },
    'hippocampus_033.nii.gz': {
      sha256: '5176f5ba1f59953ac19131fc4b13882a02fb498db1512ecd46622a881baced37',
      counts: [56830, 1742, 1620],
    },
  },
  'hippocampus-dice': {
    'hippocampus_004.nii.gz': {
      sha256: '95beb36b3cf6b299b8db11eda07aa57ff4995bd376bb9a04c7b24af35939694d',
      counts: [67507, 2072, 1557],
    },
    'hippocampus_033.nii.gz': {
      sha256: 'b659b778464affae2fda4f8678ac98b4c9d18ab12f2053765549e1683b63ace6',
      counts: [56688, 1987, 1517],
    },
  },
  'hippocampus-rce': {
    'hippocampus_004.nii.gz': {
      sha256: '9406a33af4af98c0c24ea43df3102f7db301c0197cd36d7d94ae3277e1eb9afc',
      counts: [67513, 1820, 1803],
    },
    'hippocampus_033.nii.gz': {
      sha256: '7d58fa1b099da026fa3cc2594b86d892fb6f1ec97847a95d9ca5cb9ec6311e1f',
      counts: [56715, 1748, 1729],
    },
  },
  'polyp-dice': {
    '106OLCV1_100H0014.jpg': {
      sha256: 'e3e537b3a1af47189d6e67850478134506b58b30d3981c9fb4a1197d05924626',
      counts: [61434, 4102],
    },
    '10_endocv2021_positive_1006.jpg': {
      sha256: 'cb3cf687399bbc75940b3f3eb3c24fd0619168f79ac482a1f440afe28561f822',
      counts: [64700, 836],
    },
  },
  'polyp-rce': {
    '106OLCV1_100H0014.jpg': {
      sha256: 'eea01e01fd2269b078ab1fc8d5a3c3f832a1a17a8a55837d9581b84eb66c496a',
      counts: [60916, 4620],
    },
    '10_endocv2021_positive_1006.jpg': {
      sha256: 'fa6676e4218af00b15c0be61bef32877413fe3a467c0062c7c7b1e31375c51cf',
      counts: [63330, 2206],
    },
  },
};

describe('shipped models', () => {
  beforeAll(useWasm);

  it.each(['hippocampus-ce', 'hippocampus-dice', 'hippocampus-rce', 'polyp-dice', 'polyp-rce'])(
    '%s labels two of its validation cases exactly as before',
    async (name) => {
      const model = await loadModelFromDirectory(join(PRETRAINED, name));
      const validation = (model.card.training?.dataset as { validationCases: string[] }).validationCases;
      const got: Record<string, { sha256: string; counts: number[] }> = {};
      for (const file of validation.slice(0, 2)) {
        const { labels } = await segment(model, await readCase(model.card.task, file));
        got[file] = fingerprint(labels, model.card.classes.length);
      }
      expect(got).toEqual(EXPECTED[name]);
    },
  );
});
