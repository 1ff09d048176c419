// The flags, help and examples of `seglens train` (its CommandSpec): what each option means and its default,
// on their own so that the command's file is about running the training and showing its progress.
import {
  backendFlag,
  dataFlags,
  datasetFlag,
  jsonFlag,
  nsdFlag,
  quietFlag,
  RUN_GROUP,
} from '../common-flags';
import { lossFlagSpecs } from '../loss-flags';
import type { CommandSpec } from '../options';

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
      name: 'rotate',
      type: 'number',
      min: 0,
      max: 180,
      valueName: 'deg',
      group: TRAIN_GROUP,
      description:
        'also rotate each slice by a random angle in [-deg, deg] about its centre (image bilinear, labels nearest), on top of --augment',
    },
    {
      name: 'zoom',
      type: 'string',
      valueName: 'min,max',
      group: TRAIN_GROUP,
      description:
        'also zoom each slice by a random factor in [min, max] about its centre (> 1 magnifies), e.g. 0.9,1.1',
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
      name: 'upsampling',
      type: 'string',
      choices: ['transpose', 'bilinear'],
      default: 'transpose',
      group: MODEL_GROUP,
      description:
        "how the decoder doubles resolution: a 2x2 stride-2 transposed convolution, or bilinear upsampling and a 1x1 convolution (no 2-voxel checkerboard where two classes' scores are nearly tied)",
    },
    {
      name: 'context-slices',
      type: 'integer',
      min: 0,
      max: 8,
      default: 0,
      valueName: 'k',
      group: MODEL_GROUP,
      description:
        'volumes: the network sees k neighbouring slices on each side of the one it labels, as extra input channels ("2.5-D"; the first or last slice repeats past the ends)',
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
