// The model catalogue and the backend: the shipped models (the index served with the viewer) and the user's
// fine-tuned ones (IndexedDB), which of them fit the active series and are selected, loading, downloading and
// deleting model files, and the backend selector (which restarts the worker).
import type { BackendChoice, MessageAnchor, ModelEntry } from '../panel/state';
import type { DisplaySet } from '../ohif/types';
import { defaultSelection, fitsSeries, parseModelIndex, savedModelEntries } from '../catalog';
import { browserStorage, checkChoice, readChoice, saveChoice } from './backend-choice';
import type { ControllerCore } from './core';
import { describeError } from './runner';
import { seriesView, triggerDownload } from './util';

export class CatalogueModels {
  /** The series the default model selection was made for (made again when the series changes). */
  private selectionFor: string | null = null;

  constructor(
    private readonly core: ControllerCore,
    /** Called with the active series each time it is looked at (the reference is shown when it opens). */
    private readonly onSeries: (ds: DisplaySet) => void,
  ) {
    const cores = globalThis.navigator?.hardwareConcurrency;
    core.store.set({
      backendChoice: readChoice(globalThis.location?.search ?? '', browserStorage()),
      cores: typeof cores === 'number' && cores >= 1 ? cores : 1,
    });
  }

  /** Remembers the choice and, unless a run is going, restarts the worker on it (models load again). */
  setBackendChoice(choice: BackendChoice): void {
    const { store } = this.core;
    let checked: BackendChoice;
    try {
      checked = checkChoice(choice);
    } catch (error) {
      this.core.say({ kind: 'error', text: `Backend choice: ${describeError(error)}`, anchor: 'models' });
      return;
    }
    saveChoice(checked, browserStorage());
    store.set({ backendChoice: checked });
    if (this.core.runner.running || this.core.starting) {
      this.core.say({
        kind: 'info',
        text: 'The new backend starts once the current task has finished.',
        anchor: 'models',
      });
    }
    this.restartWhenFree();
  }

  private restartPending = false;

  /**
   * Restarts the worker on the stored choice once no task runs and no worker is starting (stopping it under a
   * running task would fail that task). Several choices made meanwhile restart it once, on the last one.
   */
  private restartWhenFree(): void {
    if (this.restartPending) return;
    const again = () => {
      this.restartPending = false;
      this.restartWhenFree();
    };
    if (this.core.runner.running) {
      this.restartPending = true;
      this.core.runner.whenIdle(again);
      return;
    }
    if (this.core.starting) {
      this.restartPending = true;
      this.core.ensureWorker().then(again, again);
      return;
    }
    this.core.stopWorker();
    this.core.store.set({ backend: null });
    this.core.ensureWorker().catch((error) =>
      this.core.say({
        kind: 'error',
        text: `The backend could not start: ${describeError(error)}`,
        anchor: 'models',
      }),
    );
  }

  /** The shipped models from the index and the saved ones from IndexedDB; either may fail alone. */
  async loadCatalog(): Promise<void> {
    const { assets, store } = this.core;
    const entries: ModelEntry[] = [];
    // No control asked for the catalogue (it loads when the panel first shows): its failure is in the banner.
    try {
      const response = await fetch(assets.modelIndex);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${assets.modelIndex.href}`);
      entries.push(...parseModelIndex(await response.json(), assets.modelIndex.href));
    } catch (error) {
      this.core.say({ kind: 'error', text: `Could not load the shipped models: ${describeError(error)}` });
    }
    try {
      entries.push(...(await savedModelEntries()));
    } catch (error) {
      console.warn('seglens: fine-tuned models in IndexedDB could not be listed', error);
    }
    store.set({ models: entries });
    this.refreshSeries();
  }

  /** The active series changed (or the catalogue did): which models fit, the default selection, the base model. */
  refreshSeries(): void {
    const { host, store, results } = this.core;
    const ds = host.activeDisplaySet();
    const state = store.get();
    const series = ds ? seriesView(ds, host.libs()) : null;
    const changedSeries = series?.displaySetInstanceUID !== state.series?.displaySetInstanceUID;
    const fitted = state.models.map((m) => {
      const fit = series ? fitsSeries(m, series) : { fits: false, reason: 'Open an image series' };
      return { ...m, fits: fit.fits, fitReason: fit.reason };
    });
    const fresh = series !== null && fitted.length > 0 && this.selectionFor !== series.displaySetInstanceUID;
    if (fresh) this.selectionFor = series.displaySetInstanceUID;
    const models = fresh
      ? defaultSelection(fitted, series)
      : fitted.map((m) => ({ ...m, selected: m.selected && m.fits }));
    const predictions = series
      ? state.predictions.filter((p) => results.get(p.key)?.displaySetUID === series.displaySetInstanceUID)
      : [];
    const base = state.fineTune.baseModelKey;
    const baseStillFits = models.some((m) => m.key === base && m.fits);
    const firstFit =
      models.find((m) => m.fits && m.selected && m.loss === 'rce') ??
      models.find((m) => m.fits && m.selected) ??
      models.find((m) => m.fits);
    store.set({
      series,
      models,
      predictions,
      ...(changedSeries
        ? { comparison: null, referenceLoading: null, lossLens: null, disagreement: null }
        : {}),
      fineTune: baseStillFits ? state.fineTune : { ...state.fineTune, baseModelKey: firstFit?.key ?? null },
      canStore: this.canStore(),
    });
    if (changedSeries) this.core.updateLegend();
    if (ds && series) this.onSeries(ds);
  }

  private canStore(): boolean {
    const sources = this.core.host.extensions.getActiveDataSource?.() ?? [];
    // Only a data source configured for STOW-RS can take a SEG (OHIF gives every source a store function).
    return sources.some((s) => s.getConfig?.()?.supportsStow === true);
  }

  toggleModel(key: string): void {
    this.core.store.set((s) => ({
      models: s.models.map((m) => (m.key === key && m.fits ? { ...m, selected: !m.selected } : m)),
    }));
  }

  /** `from`: the section of the Download button (a saved model's row in Models, or Fine-tune's result). */
  downloadModel(modelKey: string, from: MessageAnchor): void {
    const { store, runner } = this.core;
    const entry = store.get().models.find((m) => m.key === modelKey);
    if (!entry) return;
    void runner.run(`Download ${entry.name}`, from, async (signal) => {
      const key = await this.core.modelKey(entry, signal);
      const files = await (await this.core.ensureWorker()).exportModel(key);
      for (const file of files) triggerDownload(new Blob([file.data]), `${entry.name}__${file.name}`);
      this.core.say({
        kind: 'info',
        text: `Downloaded ${files.length} files of ${entry.name}. Load them again with "Load model…".`,
        anchor: from,
      });
    });
  }

  loadModelFiles(files: File[]): void {
    const { store, runner, loaded } = this.core;
    void runner.run('Load model files', 'models', async (signal) => {
      const parts = await Promise.all(
        files.map(async (f) => ({ name: f.name.replace(/^.*__/, ''), data: await f.arrayBuffer() })),
      );
      const worker = await this.core.ensureWorker();
      const { modelKey, card } = await worker.importModelFiles(parts, { signal });
      const entries = await savedModelEntries();
      const entry = entries.find((e) => e.name === card.name);
      loaded.set(entry?.key ?? modelKey, modelKey);
      // A model loaded again under its name is a new, cold network in the worker: not the one preloaded.
      this.core.preloads?.forget(entry?.key ?? modelKey);
      // The saved models listed afresh; one that was ticked stays ticked (a file loaded again replaces it).
      store.set((s) => {
        const ticked = new Set(s.models.filter((m) => m.selected).map((m) => m.key));
        return {
          models: [
            ...s.models.filter((m) => m.origin !== 'indexeddb'),
            ...entries.map((e) => (ticked.has(e.key) ? { ...e, selected: true } : e)),
          ],
        };
      });
      this.refreshSeries();
      this.core.say({
        kind: 'info',
        text: `Loaded ${card.name} (hashes verified) and saved it in this browser.`,
        anchor: 'models',
      });
    });
  }

  deleteModel(modelKey: string): void {
    const { store, runner, loaded } = this.core;
    const entry = store.get().models.find((m) => m.key === modelKey);
    if (!entry || entry.origin === 'shipped') return;
    void runner.run(
      `Delete ${entry.name}`,
      'models',
      async () => {
        // Through the worker: it also frees the network it may hold for this model.
        const worker = await this.core.ensureWorker();
        await worker.deleteSavedModel(loaded.get(modelKey) ?? modelKey);
        loaded.delete(modelKey);
        store.set((s) => ({ models: s.models.filter((m) => m.key !== modelKey) }));
      },
      false,
    );
  }
}
