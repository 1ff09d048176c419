// `seglens train`: trains a U-Net with any loss of the paper on a dataset through trainOnDataset() of
// @seglens/models, printing one table row per epoch and a progress bar per epoch on stderr, and keeping the
// best model and a checkpoint in --out after every epoch (Ctrl-C or a crash loses at most the unfinished one).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  DATASET_PRESETS,
  directoryTrainingStore,
  trainOnDataset,
  type AugmentOptions,
  type BackendName,
  type DatasetChoice,
  type EpochRecord,
  type Normalization,
  type TrainOnDatasetProgress,
  type TrainProgress,
  type ValidationRecord,
} from '@seglens/models';
import type { Command } from '../command';
import {
  backendFlag,
  dataFlags,
  datasetFlag,
  jsonFlag,
  nsdFlag,
  quietFlag,
  RUN_GROUP,
} from '../common-flags';
import { parseClassNames } from '../class-names';
import { parseDatasetSpec, type DatasetSpec } from '../datasets';
import { folderDataset } from '../folder-dataset';
import { quietTfjs } from '../backend';
import { isAbortError, UsageError } from '../errors';
import type { CliIo } from '../io';
import { listSelection, progressStream } from '../load-split';
import { checkOutputDir } from '../paths';
import { lossDisplayName, lossFlagSpecs, lossFromFlags } from '../loss-flags';
import type { CommandSpec, ParsedFlags } from '../options';
import { createProgress, type Progress } from '../progress';
import { duration, fixed, formatHeader, formatRow, tableWidths, type Column } from '../table';

const MODEL_GROUP = 'model options';
const MAX_EPOCHS = 10000;
const TRAIN_GROUP = 'training options';

export const trainSpec: CommandSpec = {
  name: 'train',
  summary: 'train a U-Net with any loss of the paper; writes the best model, its card and a checkpoint',
  usage: '--dataset <name> --loss <name> --out <dir> [loss options] [options]',
  flags: [
    datasetFlag(),
    {
      name: 'out',
      type: 'string',
      required: true,
      valueName: 'dir',
      group: TRAIN_GROUP,
      description:
        'output folder: model/ (best model + seglens.json card) and checkpoint/ (last finished epoch)',
    },
    ...lossFlagSpecs(true),
    {
      name: 'epochs',
      type: 'integer',
      min: 1,
      // The paper trains 60 (2-D) to 200 epochs; 10000 leaves room and catches a stray extra digit or two.
      max: MAX_EPOCHS,
      default: 60,
      valueName: 'n',
      group: TRAIN_GROUP,
      description: 'epochs to train (with --resume: the total, counting epochs already done)',
    },
    {
      name: 'batch-size',
      type: 'integer',
      min: 1,
      default: 8,
      valueName: 'n',
      group: TRAIN_GROUP,
      description: 'slices per step',
    },
    {
      name: 'lr',
      type: 'number',
      min: 0,
      default: 1e-4,
      valueName: 'x',
      group: TRAIN_GROUP,
      description: 'initial Adam learning rate (halved after 5 epochs without a lower validation loss)',
    },
    {
      name: 'seed',
      type: 'integer',
      min: 0,
      // 1, not 0: TF.js initialisers take a seed of 0 as "no seed", so with 0 the first layer's weights (and
      // the whole run) would differ from one process to the next.
      default: 1,
      valueName: 'n',
      group: TRAIN_GROUP,
      description:
        "seed of the weights, the slice order and the augmentation (0 leaves the first layer's initialisation unseeded in TF.js)",
    },
    {
      name: 'augment',
      type: 'string',
      choices: ['preset', 'none', 'flips', 'flips+intensity'],
      default: 'preset',
      group: TRAIN_GROUP,
      description:
        "augmentation: the dataset preset's (polyp: flips; cardiac: flips and intensity; ct-abdomen: intensity; hippocampus and folders: none), none, random flips on both axes, or flips plus ±10% intensity scale and shift (flips swap the hippocampus' sides and CT's left and right organs)",
    },
    {
      name: 'resume',
      type: 'boolean',
      group: TRAIN_GROUP,
      description:
        "continue from --out's checkpoint (same settings; --epochs may grow); an error when there is none",
    },
    {
      name: 'resume-or-start',
      type: 'boolean',
      group: TRAIN_GROUP,
      description: "continue from --out's checkpoint if there is one, else start a new run there",
    },
    {
      name: 'overwrite',
      type: 'boolean',
      group: TRAIN_GROUP,
      description: "delete --out's model/ and checkpoint/ first (needed when --out already holds either)",
    },
    {
      name: 'name',
      type: 'string',
      valueName: 'text',
      group: TRAIN_GROUP,
      description: 'model name in its card (and in DICOM SEGs it writes)',
      defaultText: '<dataset>-<loss>, e.g. hippocampus-rce',
    },
    {
      name: 'class-names',
      type: 'string',
      valueName: 'a,b,...',
      group: TRAIN_GROUP,
      description:
        "folder datasets: class names separated by commas, background first (label value = position); wins over the folder's classes.json",
      defaultText: 'classes.json in the folder, else class 1, class 2, ... up to the largest label',
    },
    {
      name: 'size',
      type: 'integer',
      min: 8,
      valueName: 'px',
      group: MODEL_GROUP,
      description: 'slices are resized or padded to size x size',
      defaultText: '64 hippocampus, 128 polyp, cardiac and folders, 160 ct-abdomen',
    },
    {
      name: 'depth',
      type: 'integer',
      min: 2,
      max: 7,
      default: 4,
      valueName: 'n',
      group: MODEL_GROUP,
      description: 'U-Net resolution levels, bottleneck included (--size must be divisible by 2^(depth-1))',
    },
    {
      name: 'base-filters',
      type: 'integer',
      min: 1,
      // 16x the default; beyond it the deepest level's weights alone outgrow memory (an opaque TF.js error).
      max: 256,
      default: 16,
      valueName: 'n',
      group: MODEL_GROUP,
      description: 'filters of the first level (doubled at each level down)',
    },
    {
      name: 'norm',
      type: 'string',
      choices: ['batch', 'instance', 'none'],
      default: 'batch',
      group: MODEL_GROUP,
      description: 'normalisation after each convolution',
    },
    {
      ...nsdFlag,
      description: 'tolerance of the NSD reported in the per-epoch validation',
      defaultText: '1 mm',
    },
    ...dataFlags,
    { ...backendFlag, group: RUN_GROUP },
    jsonFlag,
    quietFlag,
  ],
  details: [
    "Data (the presets of @seglens/models' trainOnDataset): hippocampus slices are padded to --size (64) and",
    "normalised to each volume's 0.5-99.5 percentiles; polyp frames are resized (128) and scaled to [0, 1].",
    'ct-abdomen (BTCV): axial slices resized to 160, window -125..275 HU into [0, 1] (NIfTI and DICOM alike),',
    'no flips. cardiac (ACDC): slices resized to 128, 0.5-99.5 percentiles per volume, split by patient.',
    'Folders: 8-bit 2-D images are resized and scaled to [0, 1], others z-scored per image/volume; volume',
    'slices are padded when they all fit --size, else resized. PNG masks of 0/255 are binary, of 0..63 label',
    'maps; class names from --class-names, else classes.json (a JSON array), else class 1, class 2, ...',
    'Validation runs on the held-out split after every epoch; the best epoch (mean foreground DSC) is kept.',
    "Defaults follow the paper's 2-D setting (Sec. 4.1): 60 epochs, batch 8, Adam 1e-4 halved after 5 epochs",
    'without a lower validation loss.',
    '',
    'Ctrl-C stops at the next step: the checkpoint of the last finished epoch stays intact; continue with',
    '--resume (an error when --out holds no checkpoint; --resume-or-start starts afresh then). A checkpoint',
    'whose replacement was cut short by a crash is restored on the next run. Output: one row per epoch on stdout (the best epoch so far marked *), or with --json',
    '  { "out", "model", "name", "loss", "bestEpoch", "resumedFrom", "history": [...], "validation": {...} }',
  ],
  examples: [
    'seglens train --dataset hippocampus --loss rce --epochs 30 --out runs/hippocampus-rce',
    'seglens train --dataset hippocampus --loss rce --penalty kl --lambda 0.1 --out runs/rce-kl',
    'seglens train --dataset polyp --loss dice --size 128 --augment flips+intensity --out runs/polyp-dice',
    'seglens train --dataset hippocampus --loss rce --epochs 40 --out runs/hippocampus-rce --resume',
  ],
};

/** `--augment`: the dataset preset's augmentation, none, flips, or flips with intensity jitter. */
export type AugmentMode = 'preset' | 'none' | 'flips' | 'flips+intensity';

export interface TrainCliOptions {
  dataset: DatasetSpec;
  out: string;
  loss: ReturnType<typeof lossFromFlags>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  augment: AugmentMode;
  /** --resume (true: a checkpoint must be there) or --resume-or-start ('or-start'). */
  resume: boolean | 'or-start';
  overwrite: boolean;
  name?: string;
  size?: number;
  depth: number;
  baseFilters: number;
  norm: Normalization;
  nsdTolerance?: number;
  dataDir?: string;
  limit?: number;
  splitSeed?: number;
  groupBy?: string;
  /** --class-names (folder datasets). */
  classNames?: string[];
  backend?: string;
  quiet?: boolean;
}

export function trainOptions(flags: ParsedFlags): TrainCliOptions {
  const o: TrainCliOptions = {
    dataset: parseDatasetSpec(flags.requireString('dataset')),
    out: flags.requireString('out'),
    loss: lossFromFlags(flags),
    epochs: flags.requireNumber('epochs'),
    batchSize: flags.requireNumber('batch-size'),
    learningRate: flags.requireNumber('lr'),
    seed: flags.requireNumber('seed'),
    augment: flags.requireString('augment') as AugmentMode,
    resume: flags.boolean('resume-or-start') ? 'or-start' : flags.boolean('resume'),
    overwrite: flags.boolean('overwrite'),
    name: flags.string('name'),
    size: flags.number('size'),
    depth: flags.requireNumber('depth'),
    baseFilters: flags.requireNumber('base-filters'),
    norm: flags.requireString('norm') as Normalization,
    nsdTolerance: flags.number('nsd-tolerance'),
    dataDir: flags.string('data-dir'),
    limit: flags.number('limit'),
    splitSeed: flags.number('split-seed'),
    groupBy: flags.string('group-by'),
    classNames: optionalClassNames(flags.string('class-names')),
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
  };
  if (!(o.learningRate > 0))
    throw new UsageError(`--lr must be greater than 0, got ${o.learningRate}`, 'train');
  if (flags.boolean('resume') && flags.boolean('resume-or-start'))
    throw new UsageError('--resume and --resume-or-start: choose one', 'train');
  if (o.resume && o.overwrite)
    throw new UsageError(
      `${o.resume === true ? '--resume' : '--resume-or-start'} and --overwrite contradict each other: choose one`,
      'train',
    );
  if (o.dataset.kind !== 'folder' && o.classNames)
    throw new UsageError(
      `--class-names applies to folder datasets; ${o.dataset.kind} has its own classes (${DATASET_PRESETS[o.dataset.kind].classNames.slice(1).join(', ')})`,
      'train',
    );
  if (o.dataset.kind !== 'folder' && o.groupBy !== undefined)
    throw new UsageError(
      `--group-by applies to folder datasets; ${o.dataset.kind} is split by its own rule`,
      'train',
    );
  checkSize(o.size ?? defaultSize(o.dataset), o.depth);
  if (o.dataset.kind !== 'folder') checkClassWeights(o, DATASET_PRESETS[o.dataset.kind].classNames.length);
  return o;
}

/** --class-weights needs one weight per class; checked before any data is read (folders: after the labels). */
function checkClassWeights(o: TrainCliOptions, classes: number): void {
  const weights = o.loss.options.classWeights as number[] | undefined;
  if (weights && weights.length !== classes)
    throw new UsageError(
      `--class-weights has ${weights.length} value${weights.length === 1 ? '' : 's'} but ${o.dataset.kind === 'folder' ? `dataset ${o.dataset.path}` : `dataset ${o.dataset.kind}`} has ${classes} classes (background included): give one weight per class`,
      'train',
    );
}

/**
 * What --out may already hold, checked before any data is read: a checkpoint needs --resume(-or-start) or
 * --overwrite, a model without a checkpoint (a finished run, or a model copied there) needs --overwrite, and
 * --resume needs a checkpoint. A checkpoint whose replacement a crash cut short is restored first.
 */
async function checkOut(o: TrainCliOptions, out: string, io: CliIo): Promise<void> {
  checkOutputDir('out', o.out, out, 'train');
  const restored = await directoryTrainingStore(out).recover();
  for (const d of restored)
    io.stderr.write(`restored ${path.join(out, d)}, whose replacement was interrupted by a crash\n`);
  const hasCheckpoint = existsSync(path.join(out, 'checkpoint'));
  const hasModel = existsSync(path.join(out, 'model'));
  if (o.overwrite) return;
  if (hasCheckpoint && !o.resume)
    throw new UsageError(
      `--out ${o.out} already holds a training checkpoint; pass --resume to continue it or --overwrite to start again`,
      'train',
    );
  if (!hasCheckpoint && hasModel)
    throw new UsageError(
      `--out ${o.out} holds a model (model/) but no checkpoint to resume; pass --overwrite to replace the model, or choose another --out`,
      'train',
    );
  if (!hasCheckpoint && o.resume === true)
    throw new UsageError(
      `--out ${o.out} holds no training checkpoint to resume; pass --resume-or-start to start a new run when there is none`,
      'train',
    );
}

function optionalClassNames(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : parseClassNames(text);
}

/** The slice size when --size is not given: the task presets' (hippocampus 64, polyp and cardiac 128, CT 160), 128 for folders. */
function defaultSize(dataset: DatasetSpec): number {
  return dataset.kind === 'folder' ? 128 : DATASET_PRESETS[dataset.kind].input.size[0];
}

function checkSize(size: number, depth: number): void {
  const step = 2 ** (depth - 1);
  if (size % step !== 0)
    throw new UsageError(
      `--size ${size} must be divisible by ${step} (2^(depth-1) for --depth ${depth}); e.g. ${Math.max(step, Math.round(size / step) * step)}`,
      'train',
    );
}

function augmentOptions(mode: AugmentMode): AugmentOptions | undefined {
  if (mode === 'preset') return undefined;
  if (mode === 'none') return {};
  const flips = { flipHorizontal: true, flipVertical: true };
  return mode === 'flips' ? flips : { ...flips, intensityScale: 0.1, intensityShift: 0.1 };
}

const EPOCH_COLUMNS: Column[] = [
  { header: 'epoch' },
  { header: 'train loss' },
  { header: 'val loss' },
  { header: 'val DSC' },
  { header: 'lr' },
  { header: 'time' },
  { header: 'best', align: 'left' },
];
const EPOCH_WIDTHS = tableWidths(EPOCH_COLUMNS, [
  ['9999', '0.000000', '0.000000', '0.0000', '1.00e-10', '0:00:00', '*'],
]);

function epochRow(e: Extract<TrainProgress, { type: 'epoch' }>): string {
  return formatRow(EPOCH_COLUMNS, EPOCH_WIDTHS, [
    `${e.epoch}`,
    fixed(e.trainLoss, 6),
    fixed(e.validationLoss, 6),
    fixed(e.validation?.meanForegroundDsc, 4),
    e.learningRate.toExponential(2),
    duration(e.seconds),
    e.improved ? '*' : '',
  ]);
}

export interface TrainCliResult {
  out: string;
  model: string;
  name: string;
  loss: string;
  bestEpoch: number;
  resumedFrom: number;
  history: EpochRecord[];
  validation: ValidationRecord | null;
}

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
      input: { size: [size, size] },
      unet: { depth: o.depth, baseFilters: o.baseFilters, normalization: o.norm },
      name: o.name,
      outDir: out,
      backend: o.backend as BackendName | undefined,
      loss: o.loss.spec,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      seed: o.seed,
      augment: augmentOptions(o.augment),
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
