// One labelled scan of the user's, for `evaluate` and `compare` (--input <scan> --labels <reference>): the scan read
// as `predict` reads it, and its reference made anywhere: a DICOM SEG of the series (segments matched to the
// model's classes by name), or a label map (NIfTI or PNG) placed through its own geometry, its values the model's
// class indices or mapped with --label-map. A reference that labels only some of the model's structures is scored
// on those alone: the others are listed, not counted as misses.
import path from 'node:path';
import {
  createVolume,
  ijkToLps,
  readDicomSegFile,
  readMaskFile,
  readNiftiFile,
  resampleLabels,
  type LabelledCase,
  type Volume,
} from '@seglens/data';
import type { SeglensModel } from '@seglens/models';
import { errorMessage, UsageError } from './errors';
import { NOT_LABELLED } from './evaluation';
import { knownHeaderRepair } from './header-repair';
import type { CliIo } from './io';
import { inputFormat, readForModel, type InputFormat } from './model-input';
import type { FlagSpec, ParsedFlags } from './options';
import { statInput } from './paths';
import { normalizeName, relabel, segmentClassesByName } from './segment-classes';

const OWN_SCAN = 'One scan of yours';

/** The flags of one scan of yours, shared by evaluate and compare. */
export const ownScanFlags: FlagSpec[] = [
  {
    name: 'input',
    type: 'string',
    valueName: 'path',
    group: OWN_SCAN,
    description:
      'a DICOM series folder, a .nii/.nii.gz volume or a .png/.jpg image to score instead of --dataset',
  },
  {
    name: 'labels',
    type: 'string',
    valueName: 'file',
    group: OWN_SCAN,
    description:
      'with --input: its reference: a DICOM SEG (.dcm) of the series, a NIfTI label map or a PNG mask',
  },
  {
    name: 'label-map',
    type: 'string',
    valueName: 'v=class,...',
    group: OWN_SCAN,
    description:
      "with --labels: which label value (or SEG segment number) is which class of the model, e.g. '1=spleen,5=liver'; other values count as background",
  },
  {
    name: 'series',
    type: 'string',
    valueName: 'uid',
    group: OWN_SCAN,
    description: 'the SeriesInstanceUID to score when the --input folder holds several DICOM series',
  },
  {
    name: 'force',
    type: 'boolean',
    group: OWN_SCAN,
    description: "score even when the model does not fit the input (the viewer catalogue's rules)",
  },
];

export interface OwnScanRequest {
  input: string;
  labels: string;
  /** `value=class name` pairs: a label value (or SEG segment number) and the model class it is. */
  labelMap?: string;
  series?: string;
  force?: boolean;
  quiet?: boolean;
}

/** The flags of the other sources of cases (a dataset split, a DICOMweb archive) that --input replaces. */
export const CASE_SOURCE_FLAGS: readonly string[] = [
  'dataset',
  'dicomweb',
  'reference',
  'split',
  'limit',
  'split-seed',
  'group-by',
];

/** `--input <scan> --labels <reference>`, checked against the flags of the other sources of cases it replaces. */
export function ownScanRequest(
  flags: ParsedFlags,
  command: string,
  excluded: readonly string[],
): OwnScanRequest {
  for (const name of excluded)
    if (flags.has(name))
      throw new UsageError(
        `--${name} and --input exclude each other: --input scores one scan of yours`,
        command,
      );
  if (!flags.has('labels'))
    throw new UsageError('--input needs --labels <DICOM SEG | NIfTI label map | PNG mask>', command);
  return {
    input: flags.requireString('input'),
    labels: flags.requireString('labels'),
    labelMap: flags.string('label-map'),
    series: flags.string('series'),
    force: flags.boolean('force'),
    quiet: flags.boolean('quiet'),
  };
}

/** Refuses the flags of one scan without --input (they would be ignored). */
export function refuseOwnScanFlags(flags: ParsedFlags, command: string): void {
  for (const name of ['labels', 'label-map', 'series', 'force'])
    if (flags.has(name)) throw new UsageError(`--${name} applies to --input (one scan of yours)`, command);
}

export interface OwnScanPaths {
  inputPath: string;
  labelsPath: string;
  format: InputFormat;
}

/** The paths, checked before any model is loaded. */
export function ownScanPaths(r: OwnScanRequest, cwd: string, command: string): OwnScanPaths {
  const inputPath = path.resolve(cwd, r.input);
  const labelsPath = path.resolve(cwd, r.labels);
  const format = inputFormat(r.input, inputPath, command);
  statInput('labels', r.labels, labelsPath, command);
  if (r.series !== undefined && format !== 'dicom')
    throw new UsageError(`--series applies to a DICOM folder, not to --input ${r.input}`, command);
  return { inputPath, labelsPath, format };
}

export interface OwnScan {
  /** The scan as the model segments it, with the reference on its grid in the model's class indices. */
  labelled: LabelledCase;
  /** The foreground classes the reference labels: the ones scored. */
  classes: number[];
  /** The model's foreground classes the reference does not label: not scored. */
  unlabelledClasses: string[];
  /** Label values (or segments) of the reference that are none of the model's classes: counted as background. */
  unmapped: string[];
  /** Share of the scan's voxels inside the reference's extent (1 on the same grid); the rest is not scored. */
  coverage: number;
}

/** Parses `--label-map 1=spleen,5=liver`: label value → class index of the model. */
export function parseLabelMap(text: string, model: SeglensModel, command: string): Map<number, number> {
  const classOf = new Map(model.card.classes.map((c) => [normalizeName(c.name), c.index]));
  const map = new Map<number, number>();
  for (const item of text.split(',')) {
    const m = /^\s*(\d+)\s*=\s*(.+?)\s*$/.exec(item);
    if (!m)
      throw new UsageError(
        `--label-map ${text}: '${item}' is not <label value>=<class name> (e.g. 5=liver)`,
        command,
      );
    const value = Number(m[1]);
    const index = classOf.get(normalizeName(m[2]));
    if (index === undefined)
      throw new UsageError(
        `--label-map: '${m[2]}' is not a class of model '${model.card.name}' (its classes: ${model.card.classes.map((c) => c.name).join(', ')})`,
        command,
      );
    if (map.has(value)) throw new UsageError(`--label-map: label value ${value} is given twice`, command);
    map.set(value, index);
  }
  return map;
}

interface Reference {
  /** Class indices of the model, on the reference's own grid. */
  labels: Volume;
  labelled: Set<number>;
  unmapped: string[];
}

/** A label map (NIfTI or PNG) whose values are class indices, or values mapped by --label-map. */
function fromLabelMap(
  raw: Volume,
  map: Map<number, number> | undefined,
  model: SeglensModel,
  file: string,
): Reference {
  const k = model.card.classes.length;
  const voxels = new Uint8Array(raw.voxels.length);
  const unmapped = new Set<number>();
  for (let i = 0; i < voxels.length; i++) {
    const v = raw.voxels[i];
    if (map) {
      const c = map.get(v);
      if (c === undefined && v !== 0) unmapped.add(v);
      voxels[i] = c ?? 0;
    } else if (Number.isInteger(v) && v >= 0 && v < k) {
      voxels[i] = v;
    } else {
      throw new Error(
        `--labels ${file}: label value ${v} is not a class of model '${model.card.name}' (0..${k - 1}); map the file's values to its classes with --label-map <value>=<class name>,...`,
      );
    }
  }
  const labelled = map
    ? new Set([...map.values()].filter((c) => c !== 0))
    : new Set(model.card.classes.map((c) => c.index).filter((c) => c !== 0));
  return {
    labels: createVolume({ ...raw, voxels, channels: 1 }),
    labelled,
    unmapped: [...unmapped].sort((a, b) => a - b).map(String),
  };
}

async function readReference(
  file: string,
  absolute: string,
  source: Volume,
  map: Map<number, number> | undefined,
  model: SeglensModel,
): Promise<Reference> {
  if (/\.dcm$/i.test(file)) {
    if (!source.dicom)
      throw new Error(
        `--labels ${file}: a DICOM SEG is read against a DICOM series: make --input the series it references`,
      );
    const seg = await readDicomSegFile(absolute, source);
    if (seg.overlapping)
      throw new Error(`--labels ${file}: its segments overlap; a reference must give each voxel one class`);
    // Without --label-map, segments are the model's classes of the same name (case and spacing ignored).
    const bySegment = map ?? segmentClassesByName(seg.segments, model);
    return {
      labels: relabel(seg.labels, bySegment),
      labelled: new Set(
        seg.segments
          .map((s) => bySegment.get(s.number))
          .filter((c): c is number => c !== undefined && c !== 0),
      ),
      unmapped: seg.segments
        .filter((s) => !bySegment.has(s.number))
        .map((s) => `segment ${s.number} '${s.label}'`),
    };
  }
  if (/\.nii(\.gz)?$/i.test(file)) {
    const { volume } = await readNiftiFile(absolute);
    // A label file of a dataset with a known header defect (BTCV) is read as its preset reads it, like the image.
    const known = await knownHeaderRepair(absolute);
    return fromLabelMap(known ? known.repair.apply(volume) : volume, map, model, file);
  }
  if (/\.png$/i.test(file)) return fromLabelMap(await readMaskFile(absolute), map, model, file);
  throw new Error(`not a DICOM SEG (.dcm), a NIfTI label map (.nii, .nii.gz) or a PNG mask`);
}

/** Reads the scan for `model` and its reference; errors name the file and the value. */
export async function loadOwnScan(
  r: OwnScanRequest,
  paths: OwnScanPaths,
  model: SeglensModel,
  io: CliIo,
  command: string,
): Promise<OwnScan> {
  const map = r.labelMap === undefined ? undefined : parseLabelMap(r.labelMap, model, command);
  const { source, image } = await readForModel(
    {
      input: r.input,
      path: paths.inputPath,
      format: paths.format,
      series: r.series,
      force: r.force,
      quiet: r.quiet,
    },
    model,
    io,
    'nothing was scored',
  );
  let reference: Reference;
  try {
    reference = await readReference(r.labels, paths.labelsPath, source, map, model);
  } catch (error) {
    const message = errorMessage(error);
    throw new Error(message.startsWith('--labels') ? message : `--labels ${r.labels}: ${message}`);
  }
  if (reference.labelled.size === 0)
    throw new Error(
      `--labels ${r.labels}: labels none of model '${model.card.name}''s classes (${reference.unmapped.join(', ') || 'no labels'}); name them with --label-map <value>=<class name>,...`,
    );
  // The reference placed on the grid the model segments, through both geometries (another tool's file may store
  // its axes in another order); on the same grid this is a copy.
  // Scan voxels outside the reference's extent are "not labelled", not background: a label map of part of the body
  // says nothing about the rest, and background there would make every organ found outside it a false positive.
  const labels = resampleLabels(reference.labels, image, { background: NOT_LABELLED });
  let inside = 0;
  for (const v of labels.voxels) if (v !== NOT_LABELLED) inside++;
  if (inside === 0)
    throw new Error(
      `--labels ${r.labels}: covers none of the scan (${extent(reference.labels)} against the scan's ${extent(image)}): it labels another scan or another part of the body; nothing was scored`,
    );
  return {
    coverage: inside / labels.voxels.length,
    labelled: { id: path.basename(r.input), image, labels },
    classes: [...reference.labelled].sort((a, b) => a - b),
    unlabelledClasses: model.card.classes
      .filter((c) => c.index !== 0 && !reference.labelled.has(c.index))
      .map((c) => c.name),
    unmapped: reference.unmapped,
  };
}

/** Where a grid lies in the patient: the LPS bounds (mm) of its voxel centres. */
function extent(grid: Volume): string {
  const [nx, ny, nz] = grid.dims;
  const corners = [0, 1].flatMap((a) =>
    [0, 1].flatMap((b) => [0, 1].map((c) => ijkToLps(grid, [a * (nx - 1), b * (ny - 1), c * (nz - 1)]))),
  );
  const axis = (k: number) => {
    const v = corners.map((p) => p[k]);
    return `${Math.min(...v).toFixed(0)}..${Math.max(...v).toFixed(0)}`;
  };
  return `LPS x ${axis(0)}, y ${axis(1)}, z ${axis(2)} mm`;
}

/**
 * The lines under a table of one scan: how much of it the reference covers (when not all), what it does not
 * label, and its labels of no class.
 */
export function ownScanNotes(
  unlabelledClasses: readonly string[],
  unmapped: readonly string[],
  coverage = 1,
): string[] {
  return [
    ...(coverage < 1
      ? [
          `the reference covers ${(coverage * 100).toFixed(1)}% of the scan's voxels; the rest is not scored (not background)`,
        ]
      : []),
    ...(unlabelledClasses.length > 0
      ? [`not in the reference (not scored): ${unlabelledClasses.join(', ')}`]
      : []),
    ...(unmapped.length > 0
      ? [`reference labels that are none of the model's classes (background here): ${unmapped.join(', ')}`]
      : []),
  ];
}
