// `node bench/run.mjs resolution-ceiling [--model ct-abdomen-rce] [--sizes 128,160,256] [--data-dir DIR]`: the
// best validation DSC a model of a given input size could reach, before any learning. A perfect network
// reproduces its training targets, the reference resized to the input size (nearest neighbour, as training's
// fitLabels does); segment() then resizes its scores back to the slice bilinearly (unfitScores) and takes the
// argmax. Doing exactly that to the one-hot reference of each validation case of the model's card, per size,
// gives the DSC lost to the input size alone. Prints per class and the mean foreground DSC, per case then
// averaged, as `seglens evaluate` reports them.
import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { datasetDir, readNiftiFile } from '@seglens/data';
import { confusionCounts, dice } from '@seglens/metrics';
import { selectBackend } from '../src/backend';
import { fitLabels, unfitScores } from '../src/infer';
import { loadModelFromDirectory } from '../src/io/node/model-dir';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** The labels of slice k after the round trip through a `size` × `size` network input. */
function roundTrip(
  labels: Int32Array,
  rows: number,
  columns: number,
  classes: number,
  size: number,
): Uint8Array {
  return tf.tidy(() => {
    const slice = tf.tensor3d(labels, [1, rows, columns], 'int32');
    const target = fitLabels(slice, [size, size], 'resize');
    const scores = tf.cast(tf.oneHot(tf.cast(target, 'int32'), classes), 'float32') as tf.Tensor4D;
    const back = unfitScores(scores, [rows, columns], 'resize');
    return Uint8Array.from(tf.argMax(back, -1).dataSync());
  });
}

async function main(): Promise<void> {
  const name = arg('model', 'ct-abdomen-rce');
  const sizes = arg('sizes', '128,160,256').split(',').map(Number);
  if (sizes.some((s) => !Number.isInteger(s) || s < 8))
    throw new Error(`--sizes must be integers of at least 8, got ${arg('sizes', '')}`);
  const dataDir = arg('data-dir', '');
  await selectBackend({ force: 'wasm', threads: 1 });
  const { card } = await loadModelFromDirectory(`pretrained/${name}`);
  const dataset = card.training?.dataset;
  if (!dataset?.validationCases?.length)
    throw new Error(`${name}: its card lists no validation cases (training.dataset.validationCases)`);
  if (card.input.fit !== 'resize')
    throw new Error(`${name}: input.fit is '${card.input.fit}'; only 'resize' loses resolution`);
  const classes = card.classes.length;
  // dsc[size][class] over cases
  const dsc = sizes.map(() => card.classes.map((): number[] => []));
  const axis = card.input.sliceAxis;
  if (axis !== 2) throw new Error(`${name}: slice axis ${axis}; this bench slices along k (2) only`);
  for (const file of dataset.validationCases) {
    // --data-dir, else where every seglens command looks ($SEGLENS_DATA_DIR, ../shared/data, ./data).
    const folder = datasetDir(dataset.name, dataDir ? { dataDir } : {});
    const { volume } = await readNiftiFile(path.join(folder, 'labels', file));
    const [columns, rows, slices] = volume.dims;
    const truth = Int32Array.from(volume.voxels as ArrayLike<number>);
    const plane = rows * columns;
    for (const [s, size] of sizes.entries()) {
      const predicted = new Uint8Array(truth.length);
      for (let k = 0; k < slices; k++)
        predicted.set(
          roundTrip(truth.subarray(k * plane, (k + 1) * plane), rows, columns, classes, size),
          k * plane,
        );
      const counts = confusionCounts(predicted, truth, { numClasses: classes });
      for (let c = 1; c < classes; c++) dsc[s][c].push(dice(counts[c]));
    }
    process.stderr.write(`${file}: ${columns}x${rows}x${slices}\n`);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  console.log(
    `${name}: DSC of its ${dataset.validationCases.length} validation references after the round trip through the input size (per case, then averaged)`,
  );
  console.log(`| class | ${sizes.map((s) => `${s}×${s}`).join(' | ')} |`);
  console.log(`| --- | ${sizes.map(() => '---').join(' | ')} |`);
  for (let c = 1; c < classes; c++)
    console.log(
      `| ${card.classes[c].name} | ${sizes.map((_, s) => mean(dsc[s][c]).toFixed(3)).join(' | ')} |`,
    );
  const fg = sizes.map((_, s) => mean(dsc[s].slice(1).map(mean)));
  console.log(`| **mean foreground** | ${fg.map((v) => `**${v.toFixed(3)}**`).join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
