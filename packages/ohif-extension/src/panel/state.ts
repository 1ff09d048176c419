/**
 * The seglens panel's state and the actions its controls call. The state lives in a store outside React
 * (OHIF unmounts custom panels when the user switches panels, and a run must survive that); the view is a
 * pure function of this state, so it can be rendered again from scratch at any time.
 */
import type { DistanceUnit } from '@seglens/metrics';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The backends a user can choose in the panel, fastest first on a real GPU. */
export const BACKEND_CHOICES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the user chose in the panel's backend selector ("auto": the worker decides). */
export interface BackendChoice {
  backend: 'auto' | BackendName;
  /** WASM threads ("auto": half the cores, at least one, in a cross-origin isolated page). */
  threads: 'auto' | number;
}

export interface BackendView {
  /** The TF.js backend the worker actually runs on. */
  name: BackendName;
  /** Backends tried first that could not start, with the reason (e.g. "No available adapters"). */
  skipped: { name: string; reason: string }[];
  /**
   * Threads the backend computes with: WASM's thread pool (by default half the cores in an isolated page, else
   * one); 1 for the GPU backends and CPU. Missing when the worker did not say.
   */
  threads?: number;
  /** WASM: threads seglens's own kernels use on large layers, when more than `threads` (Auto: every core). */
  kernelThreads?: number;
  /** Milliseconds to start the worker and the backend. */
  initMs: number;
  /** Why this backend: the user's choice, or what automatic detection found (e.g. a software GPU). */
  reason?: string;
}

/** The active display set, as far as the models care. */
export interface SeriesView {
  displaySetInstanceUID: string;
  description: string;
  modality: string;
  /** [columns, rows, slices] */
  dims: [number, number, number];
  /** 1 for grey, 3 for RGB. */
  channels: number;
}

export interface ClassView {
  index: number;
  name: string;
  /** RGB 0–255 */
  color: [number, number, number];
}

/**
 * A model made ready in the worker before Segment (controller/preload.ts): loaded and run once on a warm-up
 * input, so that Segment neither loads it nor pays its first, cold forward pass. 'failed': it could not be
 * (the reason is in the browser console); Segment then loads it itself, as without preloading.
 */
export interface PreloadView {
  status: 'loading' | 'ready' | 'failed';
  /**
   * With 'ready': wall time in ms from asking the worker to ready (waiting behind its other requests
   * included), and the worker's own time to load the model (0: it was loaded already) and for the warm-up passes
   * (0: it had run on this backend already).
   */
  ms?: number;
  loadMs?: number;
  warmupMs?: number;
  /** With 'ready': the warm-up passes made (2 to 5; 0 when it had run on this backend already). */
  warmupPasses?: number;
  /** With 'ready': the slices of each warm-up pass (the whole series when small, else its first batch). */
  warmupSlices?: number;
  backend?: BackendName;
}

/** A model the panel can run: a shipped one (served with the viewer) or one the user fine-tuned (IndexedDB). */
export interface ModelEntry {
  /** Unique key: the model's URL or `indexeddb://<name>`. */
  key: string;
  name: string;
  origin: 'shipped' | 'indexeddb' | 'file';
  task: string;
  modality: string;
  /** The training loss name of the card (e.g. 'rce', 'dice', 'crossEntropy'). */
  loss: string;
  channels: number;
  classes: ClassView[];
  /** For fine-tuned models: the model it was fine-tuned from, and when. */
  fineTunedFrom?: string;
  createdAt?: string;
  /** Whether the model fits the active series; when not, why (shown next to it, and it cannot be selected). */
  fits: boolean;
  fitReason?: string;
  selected: boolean;
  /** Whether it is loaded and warmed up in the worker ahead of Segment; absent: not (yet) preloaded. */
  preload?: PreloadView;
}

export interface ProgressView {
  /** What is running, e.g. "Segmenting with hippocampus-rce". */
  label: string;
  /** 0..1, or null when unknown. */
  fraction: number | null;
  detail?: string;
  cancellable: boolean;
}

/**
 * The panel sections a message can stand in, named as their test ids (`seglens-section-<anchor>`): the section
 * whose control caused the message. Export SEG and Store are in Results; the backend selector is in Models.
 */
export type MessageAnchor = 'models' | 'segment' | 'results' | 'compare' | 'loss-lens' | 'fine-tune';

export const MESSAGE_ANCHORS: readonly MessageAnchor[] = [
  'models',
  'segment',
  'results',
  'compare',
  'loss-lens',
  'fine-tune',
];

export interface MessageView {
  kind: 'error' | 'warning' | 'info';
  text: string;
  /** The section whose control caused it: shown there, next to that control. None: the banner at the top. */
  anchor?: MessageAnchor;
}

/** One model's result on the active series, shown as its own labelmap segmentation. */
export interface PredictionView {
  /** Key of the prediction (one per model and series). */
  key: string;
  modelKey: string;
  modelName: string;
  loss: string;
  /** The OHIF segmentation holding it. */
  segmentationId: string;
  /** Base colour of the model's colour family (its classes are shades of it). */
  color: [number, number, number];
  visible: boolean;
  /** 0..1 fill opacity. */
  opacity: number;
  /**
   * Wall time to this overlay in ms (the first model: from "Segment"; the next ones: from being sent to the
   * worker), and the part spent in the model.
   */
  totalMs: number;
  inferenceMs: number;
  backend: BackendName;
  /** Predicted region proportions per class (index = class index, background included), fractions of all voxels. */
  proportions: number[];
  /** Why the loss lens is off for this prediction (a series too large to keep its probabilities); absent: on. */
  lensOff?: string;
}

export interface DisagreementView {
  /** The two predictions compared. */
  a: string;
  b: string;
  /** Voxels whose labels differ, and that count as a fraction of all voxels. */
  voxels: number;
  fraction: number;
  segmentationId: string | null;
  visible: boolean;
}

export interface MetricRow {
  model: string;
  loss: string;
  className: string;
  classIndex: number;
  dsc: number;
  iou: number;
  /** In the comparison's distanceUnit; NaN when either side is empty (shown as "–"). */
  hd95: number;
  nsd: number;
  /** Connected regions of the class in the prediction (absent in rows made before they were counted). */
  predRegions?: number;
  /** Share of the predicted voxels in regions that touch no reference voxel of the class; NaN without any. */
  falseRegionShare?: number;
}

export interface ProportionSeries {
  /** 'reference' or a model name. */
  source: string;
  color: [number, number, number];
  /** Per class index (background included), fractions of all voxels. */
  values: number[];
}

export interface ComparisonView {
  /** Where the reference came from, e.g. "DICOM SEG: Liver" or "your labels"; null: no reference. */
  reference: string | null;
  classes: ClassView[];
  /** Empty without a reference. */
  rows: MetricRow[];
  /** Foreground classes the reference does not label, so not scored (a SEG of some organs only). */
  unscored?: string[];
  /** Reference first (when there is one), then each model. */
  proportions: ProportionSeries[];
  /**
   * Unit of HD95 and of the NSD tolerance (@seglens/metrics's distanceUnitOfGrid): 'px' for an image without a
   * pixel spacing (e.g. an endoscopy frame stored as Secondary Capture), 'voxels' for a series of such slices.
   * Absent means mm.
   */
  distanceUnit?: DistanceUnit;
}

export type { DistanceUnit };

export interface LossLensRow {
  model: string;
  /** Registry name of the loss, e.g. 'crossEntropy', 'dice', 'logDice', 'rce'. */
  loss: string;
  /** Label shown, e.g. "RCE-L1 (λ=1)". */
  label: string;
  value: number;
  /** decompose(): the ground-truth matching term and the region-size term, when the loss has them. */
  matching?: number;
  regionSize?: number;
  /** With the terms: value = matching + regionSize + constant; the constant depends on the reference only. */
  constant?: number;
}

export interface LossLensView {
  scope: 'slice' | 'volume';
  /** The 0-based slice index for scope 'slice' (the panel shows it 1-based, as OHIF's image counter). */
  slice: number | null;
  rows: LossLensRow[];
}

export interface FineTuneSettings {
  baseModelKey: string | null;
  loss: string;
  epochs: number;
  learningRate: number;
}

export interface FineTuneView extends FineTuneSettings {
  /** The segmentation the user draws on, once created. */
  labelsSegmentationId: string | null;
  /** 0-based slice indices with labels the user drew or corrected (shown 1-based). */
  labelledSlices: number[];
  running: boolean;
  /** Loss per epoch of the current or last run. */
  history: { epoch: number; loss: number }[];
  /** Mean foreground DSC on the labelled slices before and after the last run. */
  before: number | null;
  after: number | null;
  /** The fine-tuning loss on the labelled slices before the first and after the last epoch. */
  lossBefore: number | null;
  lossAfter: number | null;
  /** IndexedDB name of the last saved fine-tuned model. */
  savedAs: string | null;
}

export interface PanelState {
  backend: BackendView | null;
  backendChoice: BackendChoice;
  /** The cores the browser reports (navigator.hardwareConcurrency), for the threads selector. */
  cores: number;
  series: SeriesView | null;
  models: ModelEntry[];
  busy: ProgressView | null;
  message: MessageView | null;
  predictions: PredictionView[];
  disagreement: DisagreementView | null;
  comparison: ComparisonView | null;
  /** The study's DICOM SEG being loaded as the reference since the series was opened ("DICOM SEG: …"), or null. */
  referenceLoading: string | null;
  lossLens: LossLensView | null;
  fineTune: FineTuneView;
  /** Whether the data source can store (STOW-RS) a DICOM SEG. */
  canStore: boolean;
}

/** What the panel's controls call. The controller implements these against OHIF and the worker. */
export interface PanelActions {
  toggleModel(key: string): void;
  segment(): void;
  cancel(): void;
  setVisibility(predictionKey: string, visible: boolean): void;
  setOpacity(predictionKey: string, opacity: number): void;
  toggleDisagreement(): void;
  setLossLensScope(scope: 'slice' | 'volume'): void;
  startLabelling(): void;
  setFineTune(settings: Partial<FineTuneSettings>): void;
  fineTune(): void;
  /** `from`: the section whose Download button was pressed (Models' row or Fine-tune's saved model). */
  downloadModel(modelKey: string, from?: MessageAnchor): void;
  /** Files the user picked: model.json, seglens.json and the weight shards. */
  loadModelFiles(files: File[]): void;
  deleteModel(modelKey: string): void;
  exportSeg(predictionKey: string): void;
  storeSeg(predictionKey: string): void;
  dismissMessage(): void;
  /** Restarts the worker on the chosen backend and thread count, and remembers the choice in this browser. */
  setBackendChoice(choice: BackendChoice): void;
}

export function initialPanelState(): PanelState {
  return {
    backend: null,
    backendChoice: { backend: 'auto', threads: 'auto' },
    cores: 1,
    series: null,
    models: [],
    busy: null,
    message: null,
    predictions: [],
    disagreement: null,
    comparison: null,
    referenceLoading: null,
    lossLens: null,
    fineTune: {
      baseModelKey: null,
      loss: 'rce',
      epochs: 5,
      learningRate: 1e-4,
      labelsSegmentationId: null,
      labelledSlices: [],
      running: false,
      history: [],
      before: null,
      after: null,
      lossBefore: null,
      lossAfter: null,
      savedAs: null,
    },
    canStore: false,
  };
}
