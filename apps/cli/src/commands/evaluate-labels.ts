// `seglens evaluate --input <scan> --labels <reference>`: one model on one of the user's own labelled scans (a DICOM
// series, a NIfTI volume or an image), against a reference made anywhere: a DICOM SEG of the series, or a label map
// (NIfTI or PNG) placed through its own geometry. A reference that labels only some of the model's structures (e.g.
// another tool's label map with its own numbering, mapped with --label-map) is scored on those alone: the
// structures it does not label are listed, not counted as misses.
import path from 'node:path';
import {
  createVolume,
  readDicomSegFile,
  readMaskFile,
  readNiftiFile,
  resampleLabels,
  type LabelledCase,
  type Volume,
} from '@seglens/data';
import { loadModelFromDirectory, type SeglensModel } from '@seglens/models';
import { useBackend } from '../backend';
import { defaultNsdTolerance, distanceUnitOf, kindOfCases, type DistanceUnit } from '../distance-unit';
import { errorMessage, UsageError } from '../errors';
import { scoreCases, summarize, type EvaluationSummary } from '../evaluation';
import { knownHeaderRepair } from '../header-repair';
import type { CliIo } from '../io';
import { lossDisplayName } from '../loss-flags';
import { inputFormat, readForModel } from '../model-input';
import { resolveModelDir } from '../model-ref';
import { statInput } from '../paths';
import { formatSummaryTable } from '../statistics';

export interface EvaluateLabelsOptions {
  model: string;
  input: string;
  labels: string;
  /** `value=class name` pairs: a label value (or SEG segment number) and the model class it is. */
  labelMap?: string;
  series?: string;
  nsdTolerance?: number;
  backend?: string;
  quiet?: boolean;
  force?: boolean;
}

export interface EvaluateLabelsRun {
  summary: EvaluationSummary;
  model: SeglensModel;
  /** The model's foreground classes the reference does not label: not scored. */
  unlabelledClasses: string[];
  /** Label values (or segments) of the reference that are none of the model's classes: counted as background. */
  unmapped: string[];
  nsdTolerance: number;
  distanceUnit: DistanceUnit;
}

const norm = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Parses `--label-map 1=spleen,5=liver`: label value → class index of the model. */
export function parseLabelMap(text: string, model: SeglensModel): Map<number, number> {
  const classOf = new Map(model.card.classes.map((c) => [norm(c.name), c.index]));
  const map = new Map<number, number>();
  for (const item of text.split(',')) {
    const m = /^\s*(\d+)\s*=\s*(.+?)\s*$/.exec(item);
    if (!m)
      throw new UsageError(
        `--label-map ${text}: '${item}' is not <label value>=<class name> (e.g. 5=liver)`,
        'evaluate',
      );
    const value = Number(m[1]);
    const index = classOf.get(norm(m[2]));
    if (index === undefined)
      throw new UsageError(
        `--label-map: '${m[2]}' is not a class of model '${model.card.name}' (its classes: ${model.card.classes.map((c) => c.name).join(', ')})`,
        'evaluate',
      );
    if (map.has(value)) throw new UsageError(`--label-map: label value ${value} is given twice`, 'evaluate');
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
    const classOf = new Map(model.card.classes.map((c) => [norm(c.name), c.index]));
    const bySegment = new Map<number, number>();
    const unmapped: string[] = [];
    for (const s of seg.segments) {
      const c = map ? map.get(s.number) : classOf.get(norm(s.label));
      if (c === undefined) unmapped.push(`segment ${s.number} '${s.label}'`);
      else bySegment.set(s.number, c);
    }
    const voxels = new Uint8Array(seg.labels.voxels.length);
    for (let i = 0; i < voxels.length; i++) voxels[i] = bySegment.get(seg.labels.voxels[i]) ?? 0;
    return {
      labels: createVolume({ ...seg.labels, voxels, channels: 1 }),
      labelled: new Set([...bySegment.values()].filter((c) => c !== 0)),
      unmapped,
    };
  }
  if (/\.nii(\.gz)?$/i.test(file)) {
    const { volume } = await readNiftiFile(absolute);
    // A label file of a dataset with a known header defect (BTCV) is read as its preset reads it, like the image.
    const known = await knownHeaderRepair(absolute);
    return fromLabelMap(known ? known.repair.apply(volume) : volume, map, model, file);
  }
  if (/\.png$/i.test(file)) return fromLabelMap(await readMaskFile(absolute), map, model, file);
  throw new UsageError(
    `--labels ${file}: not a DICOM SEG (.dcm), a NIfTI label map (.nii, .nii.gz) or a PNG mask`,
    'evaluate',
  );
}

export async function runEvaluateLabels(o: EvaluateLabelsOptions, io: CliIo): Promise<EvaluateLabelsRun> {
  const cwd = io.cwd ?? process.cwd();
  const modelDir = resolveModelDir(o.model, { cwd });
  const inputPath = path.resolve(cwd, o.input);
  const labelsPath = path.resolve(cwd, o.labels);
  const format = inputFormat(o.input, inputPath, 'evaluate');
  statInput('labels', o.labels, labelsPath, 'evaluate');
  if (o.series !== undefined && format !== 'dicom')
    throw new UsageError(`--series applies to a DICOM folder, not to --input ${o.input}`, 'evaluate');
  await useBackend(o.backend);
  const model = await loadModelFromDirectory(modelDir);
  try {
    const map = o.labelMap === undefined ? undefined : parseLabelMap(o.labelMap, model);
    const { source, image } = await readForModel(
      { input: o.input, path: inputPath, format, series: o.series, force: o.force, quiet: o.quiet },
      model,
      io,
      'nothing was scored',
    );
    let reference: Reference;
    try {
      reference = await readReference(o.labels, labelsPath, source, map, model);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const message = errorMessage(error);
      throw new Error(message.startsWith('--labels') ? message : `--labels ${o.labels}: ${message}`);
    }
    if (reference.labelled.size === 0)
      throw new Error(
        `--labels ${o.labels}: labels none of model '${model.card.name}''s classes (${reference.unmapped.join(', ') || 'no labels'}); name them with --label-map <value>=<class name>,...`,
      );
    // The reference placed on the grid the model segments, through both geometries (another tool's file may store
    // its axes in another order); on the same grid this is a copy.
    const labels = resampleLabels(reference.labels, image);
    const cases: LabelledCase[] = [{ id: path.basename(o.input), image, labels }];
    const distanceUnit = distanceUnitOf(cases, kindOfCases(cases));
    const nsdTolerance = o.nsdTolerance ?? defaultNsdTolerance(distanceUnit);
    const classes = [...reference.labelled].sort((a, b) => a - b);
    const { evaluations } = await scoreCases(model, cases, { nsdTolerance, classes, signal: io.signal });
    const unlabelledClasses = model.card.classes
      .filter((c) => c.index !== 0 && !reference.labelled.has(c.index))
      .map((c) => c.name);
    return {
      summary: summarize(evaluations),
      model,
      unlabelledClasses,
      unmapped: reference.unmapped,
      nsdTolerance,
      distanceUnit,
    };
  } finally {
    model.net.dispose();
  }
}

export function formatEvaluateLabels(run: EvaluateLabelsRun, o: EvaluateLabelsOptions): string {
  const { summary, model, nsdTolerance, distanceUnit } = run;
  const title = `model ${model.card.name} (${lossDisplayName(model.card.training?.loss)}) on ${o.input} against ${o.labels}`;
  const notes = [
    run.unlabelledClasses.length > 0
      ? `not in the reference (not scored): ${run.unlabelledClasses.join(', ')}`
      : '',
    run.unmapped.length > 0
      ? `reference labels that are none of the model's classes (background here): ${run.unmapped.join(', ')}`
      : '',
  ].filter((line) => line !== '');
  const table = formatSummaryTable(summary, `HD95 ${distanceUnit}`, `NSD@${nsdTolerance}`);
  return `${title}\n${table}${notes.map((n) => `${n}\n`).join('')}`;
}
