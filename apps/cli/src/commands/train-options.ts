// The options of `seglens train` read from its parsed flags, and the checks made before any data is read:
// contradicting flags, --size against --depth, --class-weights against the classes, and what --out holds.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DATASET_PRESETS,
  directoryTrainingStore,
  type AugmentOptions,
  type Normalization,
  type Upsampling,
} from '@seglens/models';
import { parseClassNames } from '../class-names';
import { parseDatasetSpec, type DatasetSpec } from '../datasets';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { checkOutputDir } from '../paths';
import { lossFromFlags } from '../loss-flags';
import type { ParsedFlags } from '../options';

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
  /** --rotate and --zoom: random rotation (degrees) and zoom range added to the augmentation. */
  rotate?: number;
  zoom?: [number, number];
  /** --resume (true: a checkpoint must be there) or --resume-or-start ('or-start'). */
  resume: boolean | 'or-start';
  overwrite: boolean;
  name?: string;
  size?: number;
  depth: number;
  baseFilters: number;
  norm: Normalization;
  upsampling: Upsampling;
  /** --context-slices: neighbouring slices on each side the network sees (0: a 2-D network). */
  contextSlices: number;
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
    rotate: flags.number('rotate'),
    zoom: parseZoom(flags.string('zoom')),
    resume: flags.boolean('resume-or-start') ? 'or-start' : flags.boolean('resume'),
    overwrite: flags.boolean('overwrite'),
    name: flags.string('name'),
    size: flags.number('size'),
    depth: flags.requireNumber('depth'),
    baseFilters: flags.requireNumber('base-filters'),
    norm: flags.requireString('norm') as Normalization,
    upsampling: flags.requireString('upsampling') as Upsampling,
    contextSlices: flags.requireNumber('context-slices'),
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
  if (o.contextSlices > 0 && o.dataset.kind === 'polyp')
    throw new UsageError(
      `--context-slices ${o.contextSlices} needs volumes; polyp frames are single 2-D images with no neighbouring slices`,
      'train',
    );
  checkSize(o.size ?? defaultSize(o.dataset), o.depth);
  if (o.dataset.kind !== 'folder') checkClassWeights(o, DATASET_PRESETS[o.dataset.kind].classNames.length);
  return o;
}

/** --class-weights needs one weight per class; checked before any data is read (folders: after the labels). */
export function checkClassWeights(o: TrainCliOptions, classes: number): void {
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
export async function checkOut(o: TrainCliOptions, out: string, io: CliIo): Promise<void> {
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
export function defaultSize(dataset: DatasetSpec): number {
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

/** `--zoom min,max`: two positive numbers, min ≤ max. */
function parseZoom(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((t) => t.trim());
  const [min, max] = parts.map(Number);
  if (
    parts.length !== 2 ||
    parts.some((t) => t === '') ||
    !(min > 0) ||
    !(max >= min) ||
    !Number.isFinite(max)
  )
    throw new UsageError(
      `--zoom must be two factors min,max with 0 < min <= max (e.g. 0.9,1.1), got '${text}'`,
      'train',
    );
  return [min, max];
}

/**
 * The augmentation of --augment, with --rotate and --zoom on top. Undefined (the preset's own, decided by
 * trainOnDataset) when neither is given and --augment is 'preset'; `presetAugment` is that preset's, to which
 * --rotate and --zoom add.
 */
export function augmentOptions(
  mode: AugmentMode,
  extra: { rotate?: number; zoom?: [number, number] } = {},
  presetAugment?: AugmentOptions,
): AugmentOptions | undefined {
  const geometric = {
    ...(extra.rotate ? { rotateDegrees: extra.rotate } : {}),
    ...(extra.zoom ? { zoom: extra.zoom } : {}),
  };
  const flips = { flipHorizontal: true, flipVertical: true };
  const base =
    mode === 'preset'
      ? Object.keys(geometric).length === 0
        ? undefined
        : (presetAugment ?? {})
      : mode === 'none'
        ? {}
        : mode === 'flips'
          ? flips
          : { ...flips, intensityScale: 0.1, intensityShift: 0.1 };
  return base === undefined ? undefined : { ...base, ...geometric };
}
