/**
 * The main thread's handle on the segmentation worker. Each method posts one request and settles with the
 * worker's answer; errors keep the worker's error name, message and fields (ModelIntegrityError,
 * BackendLostError, AbortError, ...).
 *
 * Buffers: `segment` and `fineTune` TRANSFER the voxels (and fine-tune labels) they are given unless
 * `transfer: false`: the caller's ArrayBuffer is detached afterwards, so copy it first if you need it
 * (`{ ...volume, voxels: volume.voxels.slice() }`). A typed array that is a view into a larger buffer, or on
 * a SharedArrayBuffer, is never transferred (it is copied by structured clone). `lossLens` copies its
 * reference (it is reused for every model). Results (labels, exported files) are transferred to the caller.
 *
 * Cancellation: aborting `signal` posts a cancel; the call then rejects with an Error named 'AbortError'
 * once the worker has stopped (between two batches or training steps), so that afterwards the worker is
 * idle and nothing was saved. A cancel that arrives after the work is done (e.g. while the fine-tuned model
 * is being written) is too late: the call resolves normally.
 */
import type { Volume, WriteDicomSegOptions } from '@seglens/data';
import type { Comparison, CompareInput } from '../analysis/compare';
import type { BackendName, BackendView } from '../panel/state';
import { abortError, deserializeError } from './errors';
import type {
  FineTuneOutput,
  FineTuneProgress,
  LoadedModel,
  LossLensTerms,
  ModelFile,
  PreloadedModel,
  PreloadSeries,
  ProgressOf,
  RequestType,
  ResultOf,
  SegmentOutput,
  SegmentProgress,
  SerializedError,
  WorkerApi,
  WorkerResponse,
} from './protocol';

/** What the client needs of a Worker (a MessagePort adapter in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface ClientOptions {
  /** Called when the worker reports a lost backend, also between calls (the error is a BackendLostError). */
  onBackendLost?: (error: Error) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: unknown) => void;
  aborted: boolean;
}

/** The buffer of `array` if it can be handed over whole, else nothing (it will be copied). */
function transferable(array: ArrayBufferView): ArrayBuffer[] {
  const buffer = array.buffer;
  const whole = array.byteOffset === 0 && array.byteLength === buffer.byteLength;
  // Not `instanceof`: a buffer from another realm (an iframe, Node's zlib under jest) is still transferable.
  const plain = Object.prototype.toString.call(buffer) === '[object ArrayBuffer]';
  return whole && plain ? [buffer as ArrayBuffer] : [];
}

export class SegmentationWorker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Whether the worker said 'ready' (it runs and listens). */
  private ready = false;
  private failure: Error | null = null;
  private terminated = false;

  constructor(
    private readonly worker: WorkerLike,
    private readonly options: ClientOptions = {},
  ) {
    worker.addEventListener('message', (event) =>
      this.onMessage((event as MessageEvent).data as WorkerResponse),
    );
    worker.addEventListener('error', (event) => this.onError(event));
    worker.addEventListener('messageerror', () =>
      this.rejectAll(new Error('segmentation worker: a message from the worker could not be deserialised')),
    );
  }

  /** Starts the bundled worker (dist/seglens-worker.mjs) as a module worker. */
  static start(url: URL | string, options: ClientOptions = {}): SegmentationWorker {
    return new SegmentationWorker(new Worker(url, { type: 'module', name: 'seglens' }), options);
  }

  /** Picks the TF.js backend in the worker (selectBackend of @seglens/models); again after a BackendLostError. */
  init(
    o: { prefer?: BackendName; force?: BackendName; wasmPaths?: string; threads?: number } = {},
  ): Promise<BackendView> {
    return this.call('init', {
      prefer: o.prefer,
      force: o.force,
      wasmPaths: o.wasmPaths,
      threads: o.threads,
    });
  }

  /**
   * Loads a model: an http(s) URL (folder, model.json or seglens.json), `indexeddb://<name>`, or in Node a
   * directory. Every file is verified against the card (ModelIntegrityError otherwise). The model key is the
   * source itself; loading the same source again replaces the loaded model.
   */
  loadModel(source: string, o: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    return this.call('loadModel', { source }, [], o.signal);
  }

  /**
   * Gets a model ready before it is needed: loads it as loadModel does unless it is loaded already (then it is
   * kept, not replaced), and runs two to five warm-up passes of segment() on slices of `series`' size (the whole
   * series when it is small, else its first batch: warmUpSlices), unless it has run on this backend already.
   * Segment then finds it loaded and warm; its labels are the same as without the warm-up.
   */
  preload(source: string, o: { series?: PreloadSeries; signal?: AbortSignal } = {}): Promise<PreloadedModel> {
    return this.call('preload', { source, series: o.series }, [], o.signal);
  }

  /**
   * Loads a model from picked files (model.json, seglens.json and the shards, e.g. from exportModel),
   * verifies them and saves the model in IndexedDB under its card's name: key `indexeddb://<name>`.
   */
  importModelFiles(files: ModelFile[], o: { signal?: AbortSignal } = {}): Promise<LoadedModel> {
    return this.call('importModelFiles', { files }, [], o.signal);
  }

  /**
   * Segments `volume` (transferred, see the top of this file). Keeps the softmax scores in the worker for
   * lossLens, which makes the per-voxel probabilities from them on its first use. `onProgress` gets the
   * fraction of slices done after every batch, and the slices done and in all (the model's slices).
   */
  segment(
    modelKey: string,
    volume: Volume,
    o: {
      onProgress?(fraction: number, progress: SegmentProgress): void;
      signal?: AbortSignal;
      batchSize?: number;
      transfer?: boolean;
    } = {},
  ): Promise<SegmentOutput> {
    const transfer = o.transfer === false ? [] : transferable(volume.voxels);
    return this.call('segment', { modelKey, volume, batchSize: o.batchSize }, transfer, o.signal, (p) =>
      o.onProgress?.((p as SegmentProgress).fraction, p as SegmentProgress),
    );
  }

  /** A DICOM SEG of `labels` on `source`'s grid (see @seglens/data's writeDicomSeg); nothing is transferred. */
  writeSeg(labels: Uint8Array, source: Volume, options: WriteDicomSegOptions): Promise<ArrayBuffer> {
    return this.call('writeSeg', { labels, source, options }, []);
  }

  /**
   * The loss lens of the model's last segmentation against `reference` (same volume; 255 = left out): every
   * loss's value with its matching and region-size terms, over slice `slice` along the model's slice axis, or
   * the whole volume without it.
   */
  lossLens(
    modelKey: string,
    reference: Uint8Array,
    o: { slice?: number; signal?: AbortSignal } = {},
  ): Promise<LossLensTerms[]> {
    return this.call('lossLens', { modelKey, reference, slice: o.slice }, [], o.signal);
  }

  /**
   * The comparison of predictions with a reference (analysis/compare.ts's compareWithReference), computed in the
   * worker; the label arrays are copied, not transferred (the page keeps them).
   */
  compare(input: CompareInput, o: { signal?: AbortSignal } = {}): Promise<Comparison> {
    return this.call('compare', input, [], o.signal);
  }

  /**
   * Fine-tunes a copy of the model on `r.slices` of `r.labels` (255 = unlabelled) and saves it in IndexedDB
   * as `r.saveAs` (key `indexeddb://<saveAs>`). Image voxels and labels are transferred unless
   * `transfer: false`. Progress after every epoch.
   */
  fineTune(
    modelKey: string,
    r: {
      image: Volume;
      labels: Uint8Array;
      slices: number[];
      loss: string;
      epochs: number;
      learningRate: number;
      saveAs: string;
    },
    o: { onProgress?(p: FineTuneProgress): void; signal?: AbortSignal; transfer?: boolean } = {},
  ): Promise<FineTuneOutput> {
    const transfer = o.transfer === false ? [] : [...transferable(r.image.voxels), ...transferable(r.labels)];
    const unique = [...new Set(transfer)];
    return this.call('fineTune', { modelKey, job: r }, unique, o.signal, (p) =>
      o.onProgress?.(p as FineTuneProgress),
    );
  }

  /** The model's files (model.json, seglens.json, shards) for download; importModelFiles loads them again. */
  exportModel(modelKey: string): Promise<ModelFile[]> {
    return this.call('exportModel', { modelKey });
  }

  /** Frees the model (and its stored probabilities) in the worker. */
  async unloadModel(modelKey: string): Promise<void> {
    await this.call('unloadModel', { modelKey });
  }

  /** Unloads an `indexeddb://<name>` model and deletes it from IndexedDB. */
  async deleteSavedModel(modelKey: string): Promise<void> {
    await this.call('deleteSavedModel', { modelKey });
  }

  /** Stops the worker at once; pending calls reject with an AbortError. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.worker.terminate();
    this.rejectAll(abortError('the segmentation worker was terminated; the call'));
  }

  private call<T extends RequestType>(
    type: T,
    body: WorkerApi[T]['request'],
    transfer: Transferable[] = [],
    signal?: AbortSignal,
    onProgress?: (p: ProgressOf<T> | unknown) => void,
  ): Promise<ResultOf<T>> {
    if (this.terminated)
      return Promise.reject(abortError(`${type}: the segmentation worker was terminated; the call`));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(abortError(type));
    const id = this.nextId++;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const onAbort = (): void => {
        const entry = this.pending.get(id);
        if (!entry || entry.aborted) return;
        entry.aborted = true;
        this.worker.postMessage({ type: 'cancel', id });
      };
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (value) => (done(), resolve(value as ResultOf<T>)),
        reject: (error) => (done(), reject(error)),
        onProgress,
        aborted: false,
      });
      signal?.addEventListener('abort', onAbort);
      this.worker.postMessage({ type, id, ...body }, transfer);
    });
  }

  private onMessage(message: WorkerResponse): void {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return;
      case 'backendLost':
        this.options.onBackendLost?.(deserializeError(message.error));
        return;
      case 'progress': {
        const entry = this.pending.get(message.id);
        if (entry && !entry.aborted) entry.onProgress?.(message.progress);
        return;
      }
      case 'result':
      case 'error': {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        if (message.type === 'result') entry.resolve(message.value);
        else entry.reject(deserializeError(message.error as SerializedError));
        return;
      }
    }
  }

  private onError(event: Event): void {
    const message = (event as ErrorEvent).message;
    const error = new Error(
      `segmentation worker failed: ${message || 'the script could not be loaded or threw at the top level (is seglens-worker.mjs served?)'}`,
    );
    error.name = 'WorkerError';
    // An error before the worker said 'ready' means it never started: every later call would hang.
    if (!this.ready) this.failure = error;
    this.rejectAll(error);
  }

  private rejectAll(error: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}
