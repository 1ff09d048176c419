/**
 * The messages between the panel (main thread) and the segmentation worker. Every request carries an id; the
 * worker answers it with exactly one `result` or `error` message of that id, and may send `progress` messages
 * of that id before. `cancel` names the id of a running or queued request. The worker also sends two messages
 * of its own: `ready` once it listens, and `backendLost` when its TF.js backend dies (a lost GPU).
 *
 * Everything here is structured-cloneable plain data; the client (client.ts) and the host (host.ts) are the
 * only code that builds or reads these messages.
 */
import type { Direction, Vec3, Volume, WriteDicomSegOptions } from '@seglens/data';
import type { FineTuneRecord, ModelCard } from '@seglens/models';
import type { Comparison, CompareInput } from '../analysis/compare';
import type { BackendName, BackendView, LossLensRow } from '../panel/state';

export type { BackendName, BackendView };

/** One file of a model (model.json, seglens.json or a weight shard), as the download and the file picker see it. */
export interface ModelFile {
  name: string;
  data: ArrayBuffer;
}

export interface LoadedModel {
  /** The key every later request uses for this model. */
  modelKey: string;
  card: ModelCard;
  /** Milliseconds to fetch or read, verify and build the model. */
  ms: number;
}

/** What a preload needs to know of the series the model will run on: its geometry, not its pixels. */
export interface PreloadSeries {
  /** [columns, rows, slices] as stored. */
  dims: Vec3;
  /** Where the stored axes point (LPS cosines); decides which axis the model slices along. */
  direction?: Direction;
}

/** A model loaded and warmed up before it is needed (see warm-up.ts). */
export interface PreloadedModel extends LoadedModel {
  /** Milliseconds to fetch, verify and build the model; 0 when it was loaded already (and was kept). */
  loadMs: number;
  /** Milliseconds of the warm-up passes; 0 when the model had run on this backend already. */
  warmupMs: number;
  /** Warm-up passes made (2 to 5, see anotherWarmUpPass); 0 when the model had run on this backend already. */
  warmupPasses: number;
  /**
   * Slices in each warm-up pass: the whole series when it is small (warmUpSlices), else the first batch its
   * segmentation sends.
   */
  warmupSlices: number;
  backend: BackendName;
}

export interface SegmentOutput {
  /** Class index per voxel, on the input's grid (x fastest). */
  labels: Uint8Array;
  /** Region proportions per class index (background included), fractions of all voxels. */
  proportions: number[];
  /** Milliseconds spent in the model's segment() (normalisation, inference and read-back). */
  inferenceMs: number;
  backend: BackendName;
  /**
   * Why the loss lens cannot be computed for this segmentation (the series is too large to keep every voxel's
   * class probabilities), or null when it can.
   */
  lensOff: string | null;
}

/**
 * A loss-lens row with the constant of the decomposition: for the rows that have matching and region-size
 * terms, value = matching + regionSize + constant (the constant depends on the reference labels only: H(ŷ)
 * for CE and RCE, Σ_k log(1/(2ŷ_k))/K for log-Dice).
 */
export interface LossLensTerms extends LossLensRow {
  constant?: number;
}

export interface FineTuneJob {
  image: Volume;
  /** One label per voxel of `image`; 255 = unlabelled (left out of the loss). */
  labels: Uint8Array;
  /** Slice indices along the model's slice axis to train on. */
  slices: number[];
  /** A loss name of the @seglens/losses registry, with its default options. */
  loss: string;
  epochs: number;
  learningRate: number;
  /** IndexedDB name the fine-tuned model is saved under (`indexeddb://<saveAs>`). */
  saveAs: string;
}

export interface FineTuneProgress {
  epoch: number;
  epochs: number;
  /** Mean training loss of that epoch (with `step`: of its steps so far). */
  loss: number;
  /** Present while an epoch runs (after each training step); absent when the epoch is complete. */
  step?: number;
  steps?: number;
}

export interface FineTuneOutput {
  modelKey: string;
  card: ModelCard;
  lossBefore: number;
  lossAfter: number;
  history: { epoch: number; loss: number }[];
  /** Mean foreground DSC on the labelled pixels of the chosen slices, before and after. */
  dscBefore: number;
  dscAfter: number;
}

export interface SegmentProgress {
  /** Slices done / slices, 0..1. */
  fraction: number;
  slicesDone: number;
  slices: number;
}

/**
 * The card's fine-tuning record as the worker writes it: the models package's record plus where it came from.
 * (The card validator keeps fields it does not know, so these survive saving and loading.)
 */
export interface WorkerFineTuneRecord extends FineTuneRecord {
  /** Card name and model key of the model that was fine-tuned. */
  baseModel: string;
  baseModelKey: string;
  /** Slice indices trained on, along `sliceAxis`. */
  slices: number[];
  sliceAxis: 0 | 1 | 2;
}

/** Per request type: what the main thread sends, what it gets back, and the progress it may receive. */
export interface WorkerApi {
  init: {
    /** `threads`: WASM threads to start with (default: half the cores in a cross-origin isolated page). */
    request: { prefer?: BackendName; force?: BackendName; wasmPaths?: string; threads?: number };
    result: BackendView;
    progress: never;
  };
  loadModel: { request: { source: string }; result: LoadedModel; progress: never };
  importModelFiles: { request: { files: ModelFile[] }; result: LoadedModel; progress: never };
  /**
   * Loads the model unless it is loaded already (a loaded one, e.g. fine-tuned or segmented with, is kept as
   * it is), then runs one warm-up pass unless it has run on this backend already. `ms` is the whole request.
   */
  preload: { request: { source: string; series?: PreloadSeries }; result: PreloadedModel; progress: never };
  segment: {
    request: { modelKey: string; volume: Volume; batchSize?: number };
    result: SegmentOutput;
    progress: SegmentProgress;
  };
  lossLens: {
    request: { modelKey: string; reference: Uint8Array; slice?: number };
    result: LossLensTerms[];
    progress: never;
  };
  /**
   * compareWithReference of analysis/compare.ts, here rather than on the main thread: its surface distances over
   * 13 organs and two models of a CT take seconds, during which the page would not respond (or draw).
   */
  compare: { request: CompareInput; result: Comparison; progress: never };
  fineTune: {
    request: { modelKey: string; job: FineTuneJob };
    result: FineTuneOutput;
    progress: FineTuneProgress;
  };
  exportModel: { request: { modelKey: string }; result: ModelFile[]; progress: never };
  unloadModel: { request: { modelKey: string }; result: null; progress: never };
  deleteSavedModel: { request: { modelKey: string }; result: null; progress: never };
  /**
   * A DICOM SEG of `labels` (one class index per voxel of `source`), written here so that the main thread's
   * bundle carries no DICOM code.
   */
  writeSeg: {
    request: { labels: Uint8Array; source: Volume; options: WriteDicomSegOptions };
    result: ArrayBuffer;
    progress: never;
  };
}

export type RequestType = keyof WorkerApi;
export type RequestOf<T extends RequestType> = { type: T; id: number } & WorkerApi[T]['request'];
export type ResultOf<T extends RequestType> = WorkerApi[T]['result'];
export type ProgressOf<T extends RequestType> = WorkerApi[T]['progress'];

export const REQUEST_TYPES: readonly RequestType[] = [
  'init',
  'loadModel',
  'importModelFiles',
  'preload',
  'segment',
  'lossLens',
  'compare',
  'fineTune',
  'exportModel',
  'unloadModel',
  'deleteSavedModel',
  'writeSeg',
];

export interface CancelMessage {
  type: 'cancel';
  /** The id of the request to cancel. */
  id: number;
}

export type WorkerRequest = { [T in RequestType]: RequestOf<T> }[RequestType] | CancelMessage;

/** An error as it crosses the thread boundary: structured clone would drop a custom name and fields. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own plain-data fields, e.g. ModelIntegrityError's file/expected/actual, BackendLostError's backend. */
  details?: Record<string, unknown>;
}

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'backendLost'; error: SerializedError };
