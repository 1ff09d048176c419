// `seglens train`: trains a U-Net with any loss of the paper on a dataset through trainOnDataset() of
// @seglens/models, printing one table row per epoch and a progress bar per epoch on stderr, and keeping the
// best model and a checkpoint in --out after every epoch (Ctrl-C or a crash loses at most the unfinished one).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  DATASET_PRESETS,
  trainOnDataset,
  type BackendName,
  type DatasetChoice,
  type TrainOnDatasetProgress,
} from '@seglens/models';
import type { Command } from '../command';
import { folderDataset } from '../folder-dataset';
import { quietTfjs } from '../backend';
import { isAbortError } from '../errors';
import type { CliIo } from '../io';
import { listSelection, progressStream } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { createProgress, type Progress } from '../progress';
import { formatHeader } from '../table';
import {
  augmentOptions,
  checkClassWeights,
  checkOut,
  defaultSize,
  trainOptions,
  type TrainCliOptions,
} from './train-options';
import { EPOCH_COLUMNS, EPOCH_WIDTHS, epochRow, type TrainCliResult } from './train-output';
import { trainSpec } from './train-spec';

export { trainSpec } from './train-spec';
export { trainOptions, type AugmentMode, type TrainCliOptions } from './train-options';
export type { TrainCliResult } from './train-output';

export async function runTrain(o: TrainCliOptions, io: CliIo, json = false): Promise<TrainCliResult> {
  const out = path.resolve(io.cwd ?? process.cwd(), o.out);
  const checkpoint = path.join(out, 'checkpoint');
  await checkOut(o, out, io);
  const progress = progressStream(io, o.quiet);
  const size = o.size ?? defaultSize(o.dataset);
  let dataset: DatasetChoice;
  if (o.dataset.kind === 'folder') {
    const listing = await listSelection(o, io);
    if (listing.validation.length === 0)
      throw new Error(
        `dataset ${listing.name} has no validation cases (${listing.splitText}); it needs at least two cases`,
      );
    dataset = await folderDataset(listing, size, io, { quiet: o.quiet, classNames: o.classNames });
    checkClassWeights(o, dataset.classNames.length);
  } else {
    dataset = o.dataset.kind;
  }
  if (o.overwrite)
    await Promise.all(
      ['model', 'checkpoint'].map((d) => rm(path.join(out, d), { recursive: true, force: true })),
    );
  quietTfjs();

  let bar: Progress | undefined;
  let lastSaved = 0;
  let headerPrinted = false;
  const onProgress = (e: TrainOnDatasetProgress) => {
    if (e.type === 'loaded') {
      progress.write(
        `loaded ${e.trainCases} training and ${e.validationCases} validation cases in ${e.seconds.toFixed(1)} s; backend ${e.backend}\n`,
      );
      if (e.headerRepair) progress.write(`header repair ${e.headerRepair.name}: ${e.headerRepair.reason}\n`);
    } else if (e.type === 'prepared') {
      progress.write(
        `${e.trainSlices} training and ${e.validationSlices} validation slices of ${size}x${size}, ${e.stepsPerEpoch} steps per epoch${e.startEpoch > 0 ? `; resuming after epoch ${e.startEpoch}` : ''}\n`,
      );
      lastSaved = e.startEpoch;
    } else if (e.type === 'step') {
      // Without a terminal the epoch rows already tell the story: two lines per epoch are enough.
      bar ??= createProgress(progress, `epoch ${e.epoch}/${e.epochs}`, e.steps, {
        unit: 'steps',
        plainLines: 2,
      });
      bar.update(e.step, `loss ${e.loss.toFixed(4)}`);
    } else {
      bar?.finish();
      bar = undefined;
      lastSaved = e.epoch;
      if (!json) {
        if (!headerPrinted) io.stdout.write(`${formatHeader(EPOCH_COLUMNS, EPOCH_WIDTHS)}\n`);
        headerPrinted = true;
        io.stdout.write(`${epochRow(e)}\n`);
      }
    }
  };
  try {
    const result = await trainOnDataset({
      dataset,
      dataDir: o.dataDir,
      limit: o.limit,
      splitSeed: o.splitSeed,
      // contextSlices only when asked for, so a 2-D model's card (and its resume fingerprint) stays as it was.
      input: { size: [size, size], ...(o.contextSlices > 0 ? { contextSlices: o.contextSlices } : {}) },
      unet: {
        depth: o.depth,
        baseFilters: o.baseFilters,
        normalization: o.norm,
        // Only when not the default: the cards and checkpoints of transposed-convolution models never named it,
        // and an unchanged architecture keeps them resumable and their training reproducible byte for byte.
        ...(o.upsampling === 'bilinear' ? { upsampling: o.upsampling } : {}),
      },
      name: o.name,
      outDir: out,
      backend: o.backend as BackendName | undefined,
      loss: o.loss.spec,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      seed: o.seed,
      augment: augmentOptions(
        o.augment,
        o,
        typeof dataset === 'string' ? DATASET_PRESETS[dataset].augment : dataset.augment,
      ),
      nsdTolerance: o.nsdTolerance,
      resume: o.resume,
      onProgress,
      signal: io.signal,
    });
    result.model.net.dispose();
    const c = result.model.card;
    return {
      out,
      model: result.modelDir,
      name: c.name,
      loss: lossDisplayName(c.training?.loss),
      bestEpoch: result.bestEpoch,
      resumedFrom: result.resumedFrom,
      history: result.history,
      validation: c.validation,
    };
  } catch (error) {
    bar?.finish();
    if (isAbortError(error)) {
      io.stderr.write(
        lastSaved > 0
          ? `training stopped; the checkpoint of epoch ${lastSaved} is intact in ${checkpoint} (continue with --resume)\n`
          : 'training stopped before the first epoch finished; no new checkpoint was written\n',
      );
    }
    throw error;
  }
}

export const trainCommand: Command = {
  spec: trainSpec,
  async run(flags, io) {
    const json = flags.boolean('json');
    const result = await runTrain(trainOptions(flags), io, json);
    io.stdout.write(
      json ? `${JSON.stringify(result)}\n` : `best epoch ${result.bestEpoch}: model in ${result.model}\n`,
    );
  },
};
