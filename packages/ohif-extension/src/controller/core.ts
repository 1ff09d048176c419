// What every feature of the controller shares: the host, the store, the one task runner, the worker (started
// once, restarted on a backend change or a lost GPU) and the caches that outlive a single action (loaded
// models and their cards, series volumes, prediction labels, the segmentations seglens made). The features
// (catalogue-models.ts, runs.ts, reference-comparison.ts, loss-lens.ts, fine-tune.ts, export-store.ts) hold
// no state of their own beyond what they alone use, so they never disagree about what is loaded.
import type { Volume } from '@seglens/data';
import type { ModelCard } from '@seglens/models';
import type { ClassView, MessageAnchor, MessageView, ModelEntry } from '../panel/state';
import type { PanelStore } from '../panel/store';
import { SegmentationWorker } from '../worker/client';
import { legendItems, showLegend, type LegendClass } from '../ohif/legend';
import { readDisplaySetVolume } from '../ohif/volume';
import type { DisplaySet } from '../ohif/types';
import type { HostContext } from './context';
import { initOptions } from './backend-choice';
import { TaskRunner } from './runner';

export interface Assets {
  worker: URL;
  modelIndex: URL;
  wasm: URL;
}

/** The worker calls the controller makes (SegmentationWorker; a stand-in in the unit tests). */
export type WorkerApi = Pick<
  SegmentationWorker,
  | 'init'
  | 'loadModel'
  | 'importModelFiles'
  | 'preload'
  | 'segment'
  | 'lossLens'
  | 'compare'
  | 'fineTune'
  | 'exportModel'
  | 'deleteSavedModel'
  | 'writeSeg'
  | 'terminate'
>;

export interface ControllerOptions {
  /** Starts the segmentation worker (default: a module Worker from `assets.worker`). */
  startWorker?(url: URL): WorkerApi;
  /** Load and warm up the models Segment would run before it is pressed (default: on, unless ?seglensPreload=off). */
  preload?: boolean;
}

/** One model's labels on one series, kept for comparisons without reading the labelmaps back. */
export interface Result {
  labels: Uint8Array;
  displaySetUID: string;
  modelKey: string;
  /** The overlay colour of each foreground class, for the viewport legend. */
  classColors: LegendClass[];
}

/** Preloads Segment may take over instead of loading a model itself (preload.ts). */
export interface PreloadSource {
  /**
   * The worker's key for `entry` from a preload on `worker`, awaited if it is still running; null when there is
   * none or it failed (the caller then loads the model itself). Rejects only when `signal` aborts.
   */
  take(entry: ModelEntry, worker: WorkerApi, signal: AbortSignal): Promise<string | null>;
  /**
   * Forgets the preload of the entry `key`: the worker holds a new network for it (a model file loaded again
   * under its name), which is cold, so it is preloaded afresh instead of being reported ready.
   */
  forget(key: string): void;
}

export class ControllerCore {
  readonly runner: TaskRunner;
  /** Model entry key → the worker's key for the loaded model. */
  readonly loaded = new Map<string, string>();
  /** Display set UID → its voxels, read once. */
  readonly volumes = new Map<string, Volume>();
  /** Prediction key → labels. */
  readonly results = new Map<string, Result>();
  /** Segmentation ids seglens created (never a reference). */
  readonly ours = new Set<string>();
  /** Model entry key → its card, as the worker loaded it (the SEG export writes its provenance). */
  readonly cards = new Map<string, ModelCard>();
  /** Set by the Preloader: what modelKey() asks before loading a model. */
  preloads: PreloadSource | null = null;
  private worker: WorkerApi | null = null;
  private workerStarting: Promise<WorkerApi> | null = null;
  private readonly startWorker: (url: URL) => WorkerApi;
  private readonly workerWatchers: ((worker: WorkerApi | null) => void)[] = [];

  constructor(
    readonly host: HostContext,
    readonly store: PanelStore,
    readonly assets: Assets,
    options: ControllerOptions = {},
  ) {
    this.runner = new TaskRunner(store, (message) => this.say(message));
    this.startWorker = options.startWorker ?? ((url) => SegmentationWorker.start(url));
  }

  /**
   * Every message the controller shows goes through here: into the panel (in the section its `anchor` names,
   * else the banner at the top) and, for an error, into OHIF's notifications too, which the user sees even
   * with the panel closed or scrolled away. A host without a notification service only loses the latter.
   */
  say(message: MessageView): void {
    this.store.set({ message });
    if (message.kind !== 'error') return;
    try {
      this.host.notify('error', 'seglens', message.text);
    } catch (error) {
      console.warn('seglens: the notification could not be shown', error);
    }
  }

  /**
   * Calls `watcher` with each worker once its backend runs, and with null when it is stopped (every model it
   * held is gone with it).
   */
  watchWorker(watcher: (worker: WorkerApi | null) => void): void {
    this.workerWatchers.push(watcher);
  }

  /** The worker whose backend runs, or null (none yet, starting, or stopped). */
  get readyWorker(): WorkerApi | null {
    return this.worker;
  }

  private setWorker(worker: WorkerApi | null): void {
    this.worker = worker;
    for (const watcher of this.workerWatchers) watcher(worker);
  }

  /** Whether a worker is starting (a backend change then waits for it). */
  get starting(): boolean {
    return this.workerStarting !== null;
  }

  async ensureWorker(): Promise<WorkerApi> {
    if (this.worker) return this.worker;
    if (!this.workerStarting) {
      this.workerStarting = (async () => {
        const started = performance.now();
        const worker = this.startWorker(this.assets.worker);
        try {
          const backend = await worker.init({
            ...initOptions(this.store.get().backendChoice),
            wasmPaths: this.assets.wasm.href,
          });
          this.store.set({ backend: { ...backend, initMs: Math.round(performance.now() - started) } });
          this.setWorker(worker);
          return worker;
        } catch (error) {
          worker.terminate();
          throw error;
        }
      })().finally(() => {
        this.workerStarting = null;
      });
    }
    return this.workerStarting;
  }

  /** Ends the worker; models load again in the next one. */
  stopWorker(): void {
    this.worker?.terminate();
    this.loaded.clear();
    this.setWorker(null);
  }

  /**
   * After a lost GPU: starts over on WASM, which needs no GPU, and returns the error the run should fail with
   * (naming the loss and the switch, so the runner's "<task> failed: …" tells the user to run it again); any
   * other error is returned as it is. (A warning set here would be replaced by the runner's failure message.)
   */
  async recoverFromLostBackend(error: unknown): Promise<unknown> {
    if (!(error instanceof Error) || error.name !== 'BackendLostError') return error;
    this.stopWorker();
    const worker = this.startWorker(this.assets.worker);
    const backend = await worker.init({ prefer: 'wasm', wasmPaths: this.assets.wasm.href });
    this.store.set({ backend: { ...backend, initMs: 0 } });
    this.setWorker(worker);
    return new Error(`${error.message} Switched to ${backend.name.toUpperCase()}; run it again.`);
  }

  /**
   * The worker's key for a model entry, loading it (and keeping its card) the first time, or taking over its
   * preload: one still running is awaited rather than loaded a second time, which would replace the warm model
   * with a cold copy. A preload that failed is no error here: the model is loaded as without it, and a failure
   * of that load is the caller's.
   */
  async modelKey(entry: ModelEntry, signal: AbortSignal): Promise<string> {
    const known = this.loaded.get(entry.key);
    if (known) return known;
    const worker = await this.ensureWorker();
    const preloaded = await this.preloads?.take(entry, worker, signal);
    if (preloaded) return preloaded;
    const { modelKey, card } = await worker.loadModel(entry.key, { signal });
    this.loaded.set(entry.key, modelKey);
    this.cards.set(entry.key, card);
    return modelKey;
  }

  async volumeOf(ds: DisplaySet, signal: AbortSignal): Promise<Volume> {
    const cached = this.volumes.get(ds.displaySetInstanceUID);
    if (cached) return cached;
    this.runner.progress({ detail: 'reading the images' });
    const volume = await readDisplaySetVolume(ds, this.host.libs(), {
      signal,
      onProgress: (f) => this.runner.progress({ fraction: f, detail: 'reading the images' }),
    });
    this.volumes.set(ds.displaySetInstanceUID, volume);
    return volume;
  }

  /** The active image series, or null with a message (in `anchor`, the asking control's section) to open one. */
  requireSeries(anchor: MessageAnchor): DisplaySet | null {
    const ds = this.host.activeDisplaySet();
    if (!ds)
      this.say({ kind: 'warning', text: 'Open an image series in the active viewport first.', anchor });
    return ds;
  }

  /** The classes of the first prediction's model (or the fine-tune base model): what a reference must label. */
  classesOfSeries(): ClassView[] {
    const state = this.store.get();
    const first = state.predictions[0];
    const entry = state.models.find((m) => m.key === (first?.modelKey ?? state.fineTune.baseModelKey));
    return entry?.classes ?? [];
  }

  /** The legend over the viewport: the shown predictions of the active series and the reference. */
  updateLegend(): void {
    const state = this.store.get();
    const ds = this.host.activeDisplaySet();
    const shown = state.predictions.flatMap((p) => {
      const r = this.results.get(p.key);
      return r && r.displaySetUID === ds?.displaySetInstanceUID
        ? [{ modelName: p.modelName, visible: p.visible, classColors: r.classColors }]
        : [];
    });
    let element: HTMLElement | undefined;
    try {
      element = this.host.libs().cornerstone.getEnabledElementByViewportId(this.host.viewportId())
        ?.viewport.element;
    } catch {
      return; // no Cornerstone viewport (yet): nothing to draw the legend over
    }
    showLegend(element, legendItems(shown, state.comparison?.reference ?? null));
  }

  /** The 0-based image index the active viewport shows. */
  currentSlice(): number {
    const viewport = this.host
      .libs()
      .cornerstone.getEnabledElementByViewportId(this.host.viewportId())?.viewport;
    return viewport?.getCurrentImageIdIndex?.() ?? 0;
  }
}
