// The losses from per-class sums (what the viewer's loss lens evaluates while it walks a volume) equal the
// tensor losses on real predictions: a shipped hippocampus model segments a real validation volume, and every
// loss that is a function of those sums, and the two decompositions, are compared on two slices (a batch) and
// on the whole volume. The logits are log p of the model's softmax output, as in the lens.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { datasetDir, DATASET_FOLDERS, readNiftiFile } from '@seglens/data';
import {
  addPixel,
  createClassSums,
  decompose,
  decomposeClassSums,
  getLoss,
  hasClassSumEvaluation,
  lossFromClassSums,
  lossNames,
  type ClassSums,
} from '@seglens/losses';
import { loadModelFromDirectory, segment, selectBackend } from '@seglens/models';

const MODEL = path.join(__dirname, '../../../packages/models/pretrained/hippocampus-rce');
const C = 3;
const FLOOR = 1e-30;

let logits: Float32Array;
let labels: Int32Array;
let dims: number[];

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
  const dir = datasetDir(DATASET_FOLDERS.hippocampus);
  const [image, label] = await Promise.all([
    readNiftiFile(path.join(dir, 'images', 'hippocampus_004.nii.gz')),
    readNiftiFile(path.join(dir, 'labels', 'hippocampus_004.nii.gz')),
  ]);
  const model = await loadModelFromDirectory(MODEL);
  const { probabilities } = await segment(model, image.volume, { probabilities: true });
  model.net.dispose();
  logits = Float32Array.from(probabilities!.voxels as Float32Array, (p) => Math.log(Math.max(p, FLOOR)));
  labels = Int32Array.from(label.volume.voxels);
  dims = image.volume.dims;
});

/** Images [from, from + count) of the volume's z slices: the class sums of each, and the tensors. */
function slab(from: number, count: number, perSlice: boolean) {
  const [nx, ny] = dims;
  const n = nx * ny;
  const sums: ClassSums[] = [];
  for (let b = 0; b < (perSlice ? count : 1); b++) {
    const s = createClassSums(C, [1, 10], [2]);
    const slices = perSlice ? [from + b] : Array.from({ length: count }, (_, i) => from + i);
    for (const z of slices) {
      for (let i = z * n; i < (z + 1) * n; i++) addPixel(s, logits.subarray(i * C, (i + 1) * C), labels[i]);
    }
    sums.push(s);
  }
  const shape = perSlice ? [count, ny, nx] : [1, count, ny, nx];
  return {
    sums,
    z: tf.tensor(logits.subarray(from * n * C, (from + count) * n * C), [...shape, C]),
    y: tf.tensor(labels.subarray(from * n, (from + count) * n), shape, 'int32'),
  };
}

function close(actual: number, expected: number): void {
  const tolerance = 1e-5 + 1e-4 * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected}`);
  }
}

const evaluable = lossNames.filter((n) => hasClassSumEvaluation(n));

test.each([
  ['slices 17 and 18 as a batch of two images', 17, 2, true],
  ['the whole volume as one image', 0, -1, false],
] as const)('%s: every loss from the class sums equals the tensor loss', (_, from, count, perSlice) => {
  const { sums, z, y } = slab(from, count === -1 ? dims[2] : count, perSlice);
  try {
    // The model must have found every class (else this would test little); its prediction is not perfect.
    const present = [0, 1, 2].map((k) => sums.reduce((a, s) => a + s.count[k], 0));
    expect(present.every((c) => c > 0)).toBe(true);
    for (const name of evaluable) {
      const tensor = getLoss(name)(z, y);
      close(lossFromClassSums(name, sums), tensor.dataSync()[0]);
      tensor.dispose();
    }
    const kl = getLoss('rce', { penalty: 'kl' })(z, y);
    close(lossFromClassSums('rce', sums, { penalty: 'kl' }), kl.dataSync()[0]);
    kl.dispose();
    expect(lossFromClassSums('logDice', sums)).toBeGreaterThan(0);
    for (const kind of ['ce', 'logDice'] as const) {
      const images = decompose(kind, z, y).perImage;
      sums.forEach((s, b) => {
        const terms = decomposeClassSums(kind, s);
        close(terms.matching, images[b].matching);
        close(terms.regionSize, images[b].regionSize);
        close(terms.constant, images[b].constant);
        close(terms.total, images[b].total);
      });
    }
  } finally {
    tf.dispose([z, y]);
  }
});
