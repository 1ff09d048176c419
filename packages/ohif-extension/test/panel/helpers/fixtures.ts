/**
 * Realistic panel states built from real numbers: the shipped model cards (names, classes, colours, losses,
 * validation metrics), a real MSD hippocampus label volume from the data directory (the reference
 * proportions), and the loss decompositions of @seglens/losses computed on a slice of it. Import
 * './node-globals' before this module (the readers need Node's TextEncoder under jsdom).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DATASET_FOLDERS, readNiftiFile, resolveDataDir } from '@seglens/data';
import { decompose, getLoss, lossRegistry, type LossName } from '@seglens/losses';
import { regionProportions } from '@seglens/metrics';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  initialPanelState,
  type ComparisonView,
  type LossLensRow,
  type MetricRow,
  type ModelEntry,
  type PanelState,
  type PredictionView,
  type ProportionSeries,
  type SeriesView,
} from '../../../src/panel/state';
import { fitsSeries } from '../../../src/catalog/fits';
import type { FitInput } from '@seglens/models/card';

export interface CardClass {
  index: number;
  name: string;
  color: [number, number, number];
}

export interface CardMetrics {
  index: number;
  name: string;
  dsc: number;
  iou: number;
  precision: number;
  recall: number;
  hd95: number;
  nsd: number;
}

/** The parts of a seglens.json model card the fixtures use. */
export interface Card {
  name: string;
  task: string;
  modality: string;
  classes: CardClass[];
  input: { channels: number } & FitInput;
  training: {
    loss: { name: string };
    dataset: { validationCases: string[] };
    history: { epoch: number; trainLoss: number; meanForegroundDsc: number }[];
  };
  validation: { meanForegroundDsc: number; perClass: CardMetrics[] };
  createdAt: string;
}

const PRETRAINED = path.resolve(__dirname, '../../../../models/pretrained');

export function readCards(): Card[] {
  return readdirSync(PRETRAINED)
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(PRETRAINED, name, 'seglens.json'), 'utf8')) as Card);
}

export function card(name: string): Card {
  const found = readCards().find((c) => c.name === name);
  if (!found) throw new Error(`fixtures: no shipped model card named ${name}`);
  return found;
}

export const modelKey = (name: string): string => `http://127.0.0.1:3000/_seglens/models/${name}/model.json`;

/** Each model's colour family in the fixtures (the controller picks these in the app). */
export const MODEL_COLORS: Record<string, [number, number, number]> = {
  'hippocampus-rce': [90, 204, 230],
  'hippocampus-dice': [245, 166, 35],
  'hippocampus-ce': [184, 120, 255],
};
export const REFERENCE_COLOR: [number, number, number] = [220, 220, 220];

export const HIPPOCAMPUS_MODELS = ['hippocampus-rce', 'hippocampus-dice', 'hippocampus-ce'];

/** A grey MR series like the demo's hippocampus crop, with the label volume's dimensions. */
export function mrSeries(dims: [number, number, number]): SeriesView {
  return {
    displaySetInstanceUID: '1.2.826.0.1.3680043.8.498.1',
    description: 'Hippocampus crop T1',
    modality: 'MR',
    dims,
    channels: 1,
  };
}

/** Every shipped model as the panel lists it for `series`, judged by the catalogue's fit rules. */
export function modelEntries(
  series: SeriesView,
  selected: readonly string[] = HIPPOCAMPUS_MODELS,
): ModelEntry[] {
  return readCards().map((c) => {
    const entry: ModelEntry = {
      key: modelKey(c.name),
      name: c.name,
      origin: 'shipped',
      task: c.task,
      modality: c.modality,
      loss: c.training.loss.name,
      channels: c.input.channels,
      classes: c.classes,
      fits: true,
      selected: false,
    };
    // The app's own fit rules (@seglens/models/card through the catalogue), not a copy of them.
    const { fits, reason } = fitsSeries({ ...entry, input: c.input }, series);
    return { ...entry, fits, fitReason: reason, selected: fits && selected.includes(c.name) };
  });
}

/** A model the user fine-tuned from `base`, as IndexedDB lists it. */
export function fineTunedEntry(base: Card, name: string, createdAt: string): ModelEntry {
  return {
    key: `indexeddb://${name}`,
    name,
    origin: 'indexeddb',
    task: base.task,
    modality: base.modality,
    loss: 'rce',
    channels: base.input.channels,
    classes: base.classes,
    fineTunedFrom: base.name,
    createdAt,
    fits: true,
    selected: false,
  };
}

/** The metric rows of the cards' validation (42 hippocampus cases). */
export function metricRows(names: readonly string[]): MetricRow[] {
  return names.flatMap((name) => {
    const c = card(name);
    return c.validation.perClass.map((m) => ({
      model: c.name,
      loss: c.training.loss.name,
      className: m.name,
      classIndex: m.index,
      dsc: m.dsc,
      iou: m.iou,
      hd95: m.hd95,
      nsd: m.nsd,
    }));
  });
}

/**
 * A model's predicted proportions from the reference's: predicted size / true size = recall / precision
 * (TP / precision over TP / recall), with the card's validation recall and precision per class.
 */
export function predictedProportions(name: string, reference: readonly number[]): number[] {
  const c = card(name);
  const out = reference.map((r, k) => {
    const m = c.validation.perClass.find((x) => x.index === k);
    return m ? (r * m.recall) / m.precision : r;
  });
  out[0] = 1 - out.slice(1).reduce((a, b) => a + b, 0);
  return out;
}

export interface LabelCase {
  file: string;
  dims: [number, number, number];
  labels: Uint8Array;
  /** Region proportions of the whole volume, background included. */
  proportions: number[];
}

/** The first validation case of the hippocampus models: a real MSD label volume. */
export async function hippocampusCase(): Promise<LabelCase> {
  const file = card('hippocampus-rce').training.dataset.validationCases[0];
  const full = path.join(resolveDataDir(), DATASET_FOLDERS.hippocampus, 'labels', file);
  const { volume } = await readNiftiFile(full);
  const labels = Uint8Array.from(volume.voxels);
  return {
    file,
    dims: volume.dims,
    labels,
    proportions: Array.from(regionProportions(labels, { numClasses: 3 })),
  };
}

/** The axial slice (last axis) with the most foreground voxels. */
export function busiestSlice(c: LabelCase): number {
  const [w, h, d] = c.dims;
  let best = 0;
  let bestCount = -1;
  for (let k = 0; k < d; k++) {
    let n = 0;
    for (let i = k * w * h; i < (k + 1) * w * h; i++) if (c.labels[i] !== 0) n++;
    if (n > bestCount) [best, bestCount] = [k, n];
  }
  return best;
}

/**
 * The loss lens rows of one slice: CE and log-Dice with their decompositions, Dice and RCE as plain values.
 * Each model's stand-in prediction is the reference shifted right by `shift` columns with logit margin 4
 * (a confident prediction with a boundary error), so the terms are real outputs of @seglens/losses.
 */
export async function lensRows(
  c: LabelCase,
  slice: number,
  models: readonly string[],
): Promise<LossLensRow[]> {
  // IS_TEST silences TF.js's "use tfjs-node" advice, which is noise in a test log.
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  const [w, h] = c.dims;
  const truth = c.labels.subarray(slice * w * h, (slice + 1) * w * h);
  const rows: LossLensRow[] = [];
  models.forEach((model, m) => {
    const shift = m + 1;
    const shifted = new Int32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = shift; x < w; x++) shifted[y * w + x] = truth[y * w + x - shift];
    tf.tidy(() => {
      const labels = tf.tensor3d(Int32Array.from(truth), [1, h, w], 'int32');
      const logits = tf.mul(tf.oneHot(tf.tensor3d(shifted, [1, h, w], 'int32'), 3), 4);
      for (const kind of ['ce', 'logDice'] as const) {
        const d = decompose(kind, logits, labels);
        const loss: LossName = kind === 'ce' ? 'crossEntropy' : 'logDice';
        rows.push({
          model,
          loss,
          label: lossRegistry[loss].label,
          value: d.total,
          matching: d.matching,
          regionSize: d.regionSize,
          constant: d.constant,
        });
      }
      for (const loss of ['dice', 'rce'] as const) {
        const value = getLoss(loss)(logits, labels).dataSync()[0];
        rows.push({ model, loss, label: lossRegistry[loss].label, value });
      }
    });
  });
  return rows;
}

/** One prediction per model, with the proportions the cards imply. */
export function predictions(names: readonly string[], reference: readonly number[]): PredictionView[] {
  return names.map((name, i) => ({
    key: `${modelKey(name)}|1.2.826.0.1.3680043.8.498.1`,
    modelKey: modelKey(name),
    modelName: name,
    loss: card(name).training.loss.name,
    segmentationId: `seglens-${name}`,
    color: MODEL_COLORS[name],
    visible: true,
    opacity: 0.5,
    totalMs: 412 + 97 * i,
    inferenceMs: 380 + 91 * i,
    backend: 'webgl',
    proportions: predictedProportions(name, reference),
  }));
}

export function comparison(
  c: LabelCase,
  names: readonly string[],
  reference: string | null = 'DICOM SEG: hippocampus labels',
): ComparisonView {
  const classes = card(names[0]).classes;
  const series: ProportionSeries[] = names.map((name) => ({
    source: name,
    color: MODEL_COLORS[name],
    values: predictedProportions(name, c.proportions),
  }));
  return {
    reference,
    classes,
    rows: reference === null ? [] : metricRows(names),
    proportions:
      reference === null
        ? series
        : [{ source: 'reference', color: REFERENCE_COLOR, values: c.proportions }, ...series],
  };
}

/** A full state after segmenting the case with the three hippocampus models. */
export async function segmentedState(): Promise<{ state: PanelState; labels: LabelCase; slice: number }> {
  const labels = await hippocampusCase();
  const slice = busiestSlice(labels);
  const series = mrSeries(labels.dims);
  const base = initialPanelState();
  const preds = predictions(HIPPOCAMPUS_MODELS, labels.proportions);
  const state: PanelState = {
    ...base,
    backend: { name: 'webgl', skipped: [{ name: 'webgpu', reason: 'No available adapters' }], initMs: 812 },
    series,
    models: [
      ...modelEntries(series),
      fineTunedEntry(card('hippocampus-rce'), 'hippocampus-rce-tuned', '2026-11-24T09:30:00.000Z'),
    ],
    predictions: preds,
    disagreement: {
      a: preds[0].key,
      b: preds[1].key,
      voxels: 1234,
      fraction: 1234 / labels.labels.length,
      segmentationId: 'seglens-disagreement',
      visible: false,
    },
    comparison: comparison(labels, HIPPOCAMPUS_MODELS),
    lossLens: { scope: 'slice', slice, rows: await lensRows(labels, slice, HIPPOCAMPUS_MODELS.slice(0, 2)) },
    fineTune: {
      ...base.fineTune,
      baseModelKey: modelKey('hippocampus-rce'),
      labelledSlices: [slice, slice + 1, slice + 5],
    },
  };
  return { state, labels, slice };
}
