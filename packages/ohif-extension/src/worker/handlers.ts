// What the worker does for each request type. host.ts owns the queue, cancellation and replies; these
// functions own the work. Every one gets the request, an AbortSignal and a progress callback, and returns
// its value plus the buffers to transfer back.
import { createVolume, writeDicomSeg, type Vec3 } from '@seglens/data';
import { regionProportions } from '@seglens/metrics';
import {
  BACKEND_NAMES,
  decodeModel,
  deleteModelFromIndexedDB,
  encodeModel,
  expandScores,
  loadModel,
  saveModelToIndexedDB,
  segment,
  sha256WebCrypto,
  type SeglensModel,
} from '@seglens/models';
import { compareWithReference } from '../analysis/compare';
import type { BackendGuard } from './backend-guard';
import { abortError } from './errors';
import { runFineTune } from './finetune-task';
import { computeLossLens } from './loss-lens';
import { withMessageTurns } from './message-turns';
import type { ModelStore } from './model-store';
import type { ModelFile, ProgressOf, RequestOf, RequestType, ResultOf } from './protocol';
import { checkVolume } from './volume-check';
import { prepareScoresMemory, SEGMENT_BATCH_SIZE, warmUp, warmUpSlices } from './warm-up';

export interface HandlerContext {
  guard: BackendGuard;
  store: ModelStore;
  /** Most probability values (voxels x classes) kept per model for the loss lens; default PROBABILITY_BUDGET. */
  probabilityBudget?: number;
}

/**
 * The loss lens reads every voxel's class probabilities, made in float32 on its first use after a segment()
 * (from the scores segment() keeps at the model's size) and kept for the lens's next slice. They grow with
 * voxels x classes: a 512x512 CT of 300 slices with the 14-class CT models needs 4.1 GiB per model, kept for
 * every model looked at, on top of the volume. Chromium gives a worker as much as the machine has (3 x 4.1 GiB
 * were allocated on this 23 GB machine), so on a clinician's 8 GB laptop that is swapping or a crashed tab.
 * Beyond 2^28 values (1 GiB) per model the lens is off: segment() keeps no scores, and the lens says why.
 */
export const PROBABILITY_BUDGET = 2 ** 28;

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** Why the lens is off for a series of `dims` and a model of `classes` classes, or null when it fits. */
function lensOffReason(
  dims: readonly number[],
  classes: number,
  model: string,
  budget = PROBABILITY_BUDGET,
): string | null {
  const values = dims[0] * dims[1] * dims[2] * classes;
  if (values <= budget) return null;
  return (
    `the lens needs every voxel's probability for each class, ${values} values (${formatBytes(values * 4)}) ` +
    `for this ${dims.join('x')} series and ${model}'s ${classes} classes, more than the ` +
    `${formatBytes(budget * 4)} the worker keeps per model; the lens is off for this series ` +
    '(segmentation and Compare are not affected)'
  );
}

export interface Reply<T extends RequestType> {
  value: ResultOf<T>;
  transfer?: Transferable[];
}

export type Handler<T extends RequestType> = (
  request: RequestOf<T>,
  signal: AbortSignal,
  progress: (p: ProgressOf<T>) => void,
  ctx: HandlerContext,
) => Promise<Reply<T>>;

/** Whether a request type runs TF.js (its failures may mean a lost backend). */
export const USES_TF: Record<RequestType, boolean> = {
  init: false,
  loadModel: true,
  importModelFiles: true,
  preload: true,
  segment: true,
  lossLens: false,
  compare: false,
  fineTune: true,
  exportModel: true,
  unloadModel: false,
  deleteSavedModel: false,
  writeSeg: false,
};

function checkKey(key: unknown, what: string): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new Error(`${what}: modelKey must be a non-empty string`);
  return key;
}

function throwIfAborted(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw abortError(what);
}

/** Loads, and if the call was cancelled meanwhile, frees the model again and rejects. */
async function load(source: string, signal: AbortSignal): Promise<SeglensModel> {
  const model = await loadModel(source, { signal });
  if (signal.aborted) {
    model.net.dispose();
    throw abortError(`loadModel(${source})`);
  }
  return model;
}

const init: Handler<'init'> = async (request, _signal, _progress, { guard }) => {
  for (const option of ['prefer', 'force'] as const) {
    const value = request[option];
    if (value !== undefined && !BACKEND_NAMES.includes(value))
      throw new Error(
        `init: ${option} must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(value)}`,
      );
  }
  if (request.wasmPaths !== undefined && typeof request.wasmPaths !== 'string')
    throw new Error('init: wasmPaths must be a URL prefix string');
  const threads = request.threads;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64))
    throw new Error(`init: threads must be a whole number from 1 to 64, got ${JSON.stringify(threads)}`);
  const value = await guard.init(
    { prefer: request.prefer, force: request.force, wasmPaths: request.wasmPaths },
    threads,
  );
  return { value };
};

const loadModelHandler: Handler<'loadModel'> = async (request, signal, _progress, { guard, store }) => {
  guard.ensureReady('loadModel');
  const source = request.source;
  if (typeof source !== 'string' || source.length === 0)
    throw new Error('loadModel: source must be a URL, indexeddb://<name> or (in Node) a directory');
  const started = performance.now();
  const model = await load(source, signal);
  store.put(source, model, () => loadModel(source));
  return { value: { modelKey: source, card: model.card, ms: performance.now() - started } };
};

const preload: Handler<'preload'> = async (
  request,
  signal,
  _progress,
  { guard, store, probabilityBudget },
) => {
  const backend = guard.ensureReady('preload');
  const instance = guard.instance!;
  const source = request.source;
  if (typeof source !== 'string' || source.length === 0)
    throw new Error('preload: source must be a URL, indexeddb://<name> or (in Node) a directory');
  const started = performance.now();
  // A model loaded under this key already is kept as it is: reloading it would replace a fine-tuned model
  // with what its source holds now and drop its last segmentation, which the loss lens reads.
  if (!store.has(source)) store.put(source, await load(source, signal), () => loadModel(source));
  const model = await store.model(source, 'preload');
  const loadMs = performance.now() - started;
  const warmupSlices = warmUpSlices(model.card, request.series);
  let warmupMs = 0;
  let warmupPasses = 0;
  // The model's spare scores memory (ModelStore): the warm-up writes into it, then it is made room for a whole run.
  const memory = {
    take: () => store.takeSpare(source),
    keep: (v: Float32Array) => store.keepSpare(source, v),
  };
  if (!store.isWarm(source, instance)) {
    const warming = performance.now();
    warmupPasses = await warmUp(
      model,
      store.folded(source, 'preload'),
      warmupSlices,
      request.series,
      signal,
      memory,
    );
    guard.check();
    warmupMs = performance.now() - warming;
    store.markWarm(source, instance);
  }
  const classes = model.card.classes.length;
  if (
    request.series &&
    lensOffReason(request.series.dims, classes, model.card.name, probabilityBudget) === null
  )
    prepareScoresMemory(model.card, request.series, memory);
  const ms = performance.now() - started;
  return {
    value: { modelKey: source, card: model.card, ms, loadMs, warmupMs, warmupPasses, warmupSlices, backend },
  };
};

const importModelFiles: Handler<'importModelFiles'> = async (
  request,
  signal,
  _progress,
  { guard, store },
) => {
  guard.ensureReady('importModelFiles');
  const files = request.files;
  if (
    !Array.isArray(files) ||
    files.some((f) => typeof f?.name !== 'string' || !(f.data instanceof ArrayBuffer))
  )
    throw new Error('importModelFiles: files must be a list of { name, data: ArrayBuffer }');
  const byName = new Map(files.map((f) => [f.name, new Uint8Array(f.data)]));
  const source = `the picked files (${files.map((f) => f.name).join(', ')})`;
  const started = performance.now();
  const model = await decodeModel(
    async (name) => {
      const bytes = byName.get(name);
      if (!bytes) throw new Error(`importModelFiles: ${name} is missing among ${source}`);
      return bytes;
    },
    sha256WebCrypto,
    source,
  );
  try {
    throwIfAborted(signal, 'importModelFiles');
    const key = `indexeddb://${model.card.name}`;
    const card = await saveModelToIndexedDB(model, model.card.name);
    const saved = { net: model.net, card };
    store.put(key, saved, () => loadModel(key));
    return { value: { modelKey: key, card, ms: performance.now() - started } };
  } catch (error) {
    model.net.dispose();
    throw error;
  }
};

const segmentHandler: Handler<'segment'> = async (request, signal, progress, ctx) => {
  const { guard, store } = ctx;
  const what = 'segment';
  const backend = guard.ensureReady(what);
  const key = checkKey(request.modelKey, what);
  const model = await store.model(key, what);
  const volume = checkVolume(request.volume, `segment(${model.card.name}): volume`);
  const batchSize = request.batchSize ?? SEGMENT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`segment: batchSize must be a positive integer, got ${batchSize}`);
  const classes = model.card.classes.length;
  const lensOff = lensOffReason(volume.dims, classes, model.card.name, ctx.probabilityBudget);
  const started = performance.now();
  // Memory the worker has written before (the warm-up's or the run before last's scores), not the lens's.
  const spare = lensOff === null ? store.takeSpare(key) : null;
  let result: Awaited<ReturnType<typeof segment>>;
  try {
    result = await withMessageTurns(() =>
      segment(model, volume, {
        batchSize,
        modelScores: lensOff === null,
        ...(spare ? { modelScoresInto: spare } : {}),
        folded: store.folded(key, what),
        signal,
        onProgress: (p) =>
          progress({ fraction: p.slicesDone / p.slices, slicesDone: p.slicesDone, slices: p.slices }),
      }),
    );
  } catch (error) {
    if (spare) store.keepSpare(key, spare);
    throw error;
  }
  // Too small for this series: a fresh array was made, and the spare stays one.
  if (spare && result.modelScores?.values.buffer !== spare.buffer) store.keepSpare(key, spare);
  const ended = performance.now();
  const inferenceMs = ended - started;
  // On the browser's performance timeline (DevTools, a trace: tools/trace-viewer.mjs), one entry per model, replaced
  // by its next run so a long session does not pile them up.
  const timing = `seglens segment ${model.card.name}`;
  performance.clearMeasures(timing);
  performance.measure(timing, { start: started, end: ended });
  guard.check();
  // It has run now: a later preload of it needs no warm-up pass.
  store.markWarm(key, guard.instance!);
  const labels = result.labels.voxels as Uint8Array;
  const dims: Vec3 = [...volume.dims];
  store.setLast(
    key,
    lensOff === null
      ? { dims, classes, scores: result.modelScores!, probabilities: null }
      : { dims, classes, scores: null, probabilities: null, lensOff },
  );
  const proportions = Array.from(regionProportions(labels, { numClasses: classes }));
  return { value: { labels, proportions, inferenceMs, backend, lensOff }, transfer: [labels.buffer] };
};

const lossLens: Handler<'lossLens'> = async (request, signal, _progress, { store }) => {
  const what = 'lossLens';
  const key = checkKey(request.modelKey, what);
  const card = store.card(key, what);
  const last = store.last(key, what);
  if (!last)
    throw new Error(`lossLens: ${card.name} has no segmentation in this worker yet; call segment first`);
  if (last.scores === null) throw new Error(`lossLens: ${last.lensOff}`);
  // Made once, on the lens's first use after a segmentation, and kept for its other slices.
  last.probabilities ??= await expandScores(last.scores, { signal });
  const slice = request.slice ?? null;
  const value = await computeLossLens(
    { dims: last.dims, classes: last.classes, probabilities: last.probabilities },
    request.reference,
    card.name,
    card.input.sliceAxis,
    slice,
    signal,
  );
  return { value };
};

const fineTuneHandler: Handler<'fineTune'> = async (request, signal, progress, { guard, store }) => {
  guard.ensureReady('fineTune');
  const key = checkKey(request.modelKey, 'fineTune');
  const base = await store.model(key, 'fineTune');
  const { output, model } = await runFineTune(base, key, request.job, progress, signal);
  guard.check();
  const modelKey = `indexeddb://${request.job.saveAs}`;
  store.put(modelKey, model, () => loadModel(modelKey));
  return { value: { modelKey, ...output } };
};

const exportModel: Handler<'exportModel'> = async (request, _signal, _progress, { guard, store }) => {
  guard.ensureReady('exportModel');
  const key = checkKey(request.modelKey, 'exportModel');
  const model = await store.model(key, 'exportModel');
  const { files } = await encodeModel(model, sha256WebCrypto);
  guard.check();
  const value: ModelFile[] = [...files].map(([name, bytes]) => ({ name, data: bytes.slice().buffer }));
  return { value, transfer: value.map((f) => f.data) };
};

const unloadModel: Handler<'unloadModel'> = async (request, _signal, _progress, { store }) => {
  store.remove(checkKey(request.modelKey, 'unloadModel'));
  return { value: null };
};

const deleteSavedModel: Handler<'deleteSavedModel'> = async (request, _signal, _progress, { store }) => {
  const key = checkKey(request.modelKey, 'deleteSavedModel');
  if (!key.startsWith('indexeddb://'))
    throw new Error(
      `deleteSavedModel: only models saved in this browser (indexeddb://<name>) can be deleted, got ${key}`,
    );
  store.remove(key);
  await deleteModelFromIndexedDB(key.slice('indexeddb://'.length));
  return { value: null };
};

const writeSeg: Handler<'writeSeg'> = async (request) => {
  const { labels, source, options } = request;
  if (!(labels instanceof Uint8Array)) throw new Error('writeSeg: labels must be a Uint8Array');
  const voxels = source.dims[0] * source.dims[1] * source.dims[2];
  if (labels.length !== voxels)
    throw new Error(
      `writeSeg: labels has ${labels.length} voxels, the source ${source.dims.join('×')} = ${voxels}`,
    );
  const labelVolume = createVolume({
    voxels: labels,
    dims: source.dims,
    spacing: source.spacing,
    origin: source.origin,
    direction: source.direction,
  });
  const value = writeDicomSeg(labelVolume, source, options);
  return { value, transfer: [value] };
};

export const HANDLERS: { [T in RequestType]: Handler<T> } = {
  init,
  loadModel: loadModelHandler,
  importModelFiles,
  preload,
  segment: segmentHandler,
  lossLens,
  compare: async (request) => ({ value: compareWithReference(request) }),
  fineTune: fineTuneHandler,
  exportModel,
  unloadModel,
  deleteSavedModel,
  writeSeg,
};
