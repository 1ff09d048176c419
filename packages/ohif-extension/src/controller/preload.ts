// Preloading. As soon as the panel knows which models Segment would run on the displayed series (the selected
// models that fit it: by default the task's RCE/Dice pair), the worker loads each one and runs one warm-up
// forward pass (worker/warm-up.ts), so that pressing Segment finds them loaded and warm, as a MONAI Label user
// expects of a model server. No control asked for this, so:
// - it starts only while no task runs: the worker runs one request at a time, and a preload queued during a
//   fine-tune or a Segment would hold that task up (it starts once the task is done);
// - Segment takes over a preload still running instead of loading the model a second time (core.modelKey);
// - a failure is logged to the console, not shown: Segment then loads the model itself, and reports a failure
//   of that load as its own;
// - a worker stopped (backend switch, lost GPU) takes its preloads with it: they start again on the next one,
//   so a model warmed on one backend is never taken for ready on another.
// Each model's state is in the panel's state (ModelEntry.preload), which the panel and the benchmarks read.
import type { ModelEntry, PanelState, PreloadView } from '../panel/state';
import { abortError } from '../worker/errors';
import type { ControllerCore, PreloadSource, WorkerApi } from './core';
import type { OrientedSeriesView } from './util';

/** Preloading is on unless the page's URL says `seglensPreload=off` (to measure Segment without it). */
export function preloadEnabled(search: string): boolean {
  return new URLSearchParams(search).get('seglensPreload') !== 'off';
}

interface Job {
  view: PreloadView;
  /** The worker's key for the model once it is ready; rejects when the preload failed. */
  done: Promise<string>;
  /** Whether the model was loaded (by Segment, a download…) when the preload failed: see update(). */
  loadedAtFailure?: boolean;
}

/**
 * `promise`, or as soon as `signal` aborts a rejection with an Error named AbortError (the signal's reason when
 * it is one: a DOMException is not an Error in every realm, and the runner tells a cancel by the name).
 */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      const reason: unknown = signal.reason;
      reject(reason instanceof Error && reason.name === 'AbortError' ? reason : abortError(what));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class Preloader implements PreloadSource {
  /** The worker whose backend runs; the jobs are its preloads, by model entry key. */
  private worker: WorkerApi | null = null;
  private readonly jobs = new Map<string, Job>();
  private pending = false;

  constructor(
    private readonly core: ControllerCore,
    private readonly enabled: boolean,
  ) {
    core.preloads = this;
    core.watchWorker((worker) => {
      this.worker = worker;
      this.jobs.clear();
      this.later();
    });
    core.store.subscribe(() => this.later());
  }

  async take(entry: ModelEntry, worker: WorkerApi, signal: AbortSignal): Promise<string | null> {
    const job = worker === this.worker ? this.jobs.get(entry.key) : undefined;
    if (!job) return null;
    try {
      return await unlessAborted(job.done, signal, `loading ${entry.name}`);
    } catch (error) {
      if (signal.aborted) throw error;
      return null;
    }
  }

  forget(key: string): void {
    if (this.jobs.delete(key)) this.later();
  }

  /**
   * Looks again after the current change: the store calls its listeners from inside `set`, and publish() sets
   * the store too, so the work runs on a microtask rather than inside another listener's call.
   */
  private later(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.update(this.core.store.get());
    });
  }

  private update(state: PanelState): void {
    const keys = new Set(state.models.map((m) => m.key));
    // A model deleted from the list is forgotten, so one loaded again under its name starts afresh.
    for (const key of this.jobs.keys()) if (!keys.has(key)) this.jobs.delete(key);
    const worker = this.worker;
    const series = state.series as OrientedSeriesView | null;
    if (this.enabled && worker && series && !this.core.runner.running) {
      for (const entry of state.models) {
        if (!entry.selected || !entry.fits) continue;
        const job = this.jobs.get(entry.key);
        // A failed preload is tried once more after something else has loaded the model (Segment did, as
        // it does when preloading failed): the model is then warm or warms cheaply, and the state says so.
        const retry =
          job?.view.status === 'failed' && job.loadedAtFailure === false && this.core.loaded.has(entry.key);
        if (!job || retry) this.start(entry, worker, series);
      }
    }
    this.publish();
  }

  private start(entry: ModelEntry, worker: WorkerApi, series: OrientedSeriesView): void {
    const { loaded, cards } = this.core;
    const started = performance.now();
    // A model the worker holds already (fine-tuned here, or segmented with) keeps its key; the worker keeps it.
    const source = loaded.get(entry.key) ?? entry.key;
    const job: Job = { view: { status: 'loading' }, done: Promise.resolve(source) };
    const current = () => this.worker === worker && this.jobs.get(entry.key) === job;
    job.done = Promise.resolve()
      .then(() =>
        worker.preload(source, {
          series: { dims: series.dims, ...(series.direction ? { direction: series.direction } : {}) },
        }),
      )
      .then(
        (r) => {
          if (current()) {
            loaded.set(entry.key, r.modelKey);
            cards.set(entry.key, r.card);
            job.view = {
              status: 'ready',
              ms: Math.round(performance.now() - started),
              loadMs: Math.round(r.loadMs),
              warmupMs: Math.round(r.warmupMs),
              warmupPasses: r.warmupPasses,
              warmupSlices: r.warmupSlices,
              backend: r.backend,
            };
            this.later();
          }
          return r.modelKey;
        },
        (error: unknown) => {
          // A preload of a worker since stopped fails with it (terminated): nothing went wrong.
          if (current()) {
            console.warn(`seglens: preloading ${entry.name} failed; Segment will load it`, error);
            job.view = { status: 'failed' };
            job.loadedAtFailure = loaded.has(entry.key);
            this.later();
          }
          throw error;
        },
      );
    job.done.catch(() => undefined); // awaited by take() when Segment comes; a failure is handled above
    this.jobs.set(entry.key, job);
  }

  /** Puts each model's preload state into its entry (entries rebuilt elsewhere get it back here). */
  private publish(): void {
    const { store } = this.core;
    let changed = false;
    const models = store.get().models.map((m) => {
      const view = this.jobs.get(m.key)?.view;
      if (m.preload === view) return m;
      changed = true;
      if (view) return { ...m, preload: view };
      const rest = { ...m };
      delete rest.preload;
      return rest;
    });
    if (changed) store.set({ models });
  }
}
