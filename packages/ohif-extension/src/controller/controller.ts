// The panel's actions against OHIF and the worker. State goes to the store (which outlives the panel's
// React component); long tasks go through one TaskRunner so progress, cancel and errors behave alike.
import type { Volume } from '@seglens/data';
import type { ModelCard } from '@seglens/models';
import type {
  BackendChoice,
  BackendName,
  ClassView,
  FineTuneSettings,
  ModelEntry,
  PanelActions,
  PredictionView,
} from '../panel/state';
import type { PanelStore } from '../panel/store';
import { SegmentationWorker } from '../worker/client';
import {
  compareWithReference,
  disagreement,
  fineTuneLabels,
  labelledSlices,
  labelProportions,
  REFERENCE_COLOR,
  modelRoles,
  roleColorFamily,
  FINE_TUNED_ROLE,
} from '../analysis';
import { defaultSelection, fitsSeries, parseModelIndex, savedModelEntries } from '../catalog';
import {
  createLabelmap,
  readLabels,
  setOpacity,
  setOutlineOnly,
  setVisible,
  writeLabels,
} from '../ohif/labelmap';
import { legendItems, showLegend, type LegendClass } from '../ohif/legend';
import { readDisplaySetVolume } from '../ohif/volume';
import type { DisplaySet } from '../ohif/types';
import type { HostContext } from './context';
import { browserStorage, checkChoice, initOptions, readChoice, saveChoice } from './backend-choice';
import { findReference, type Reference } from './reference';
import { followViewedSlice } from './slice-follow';
import { TaskRunner, describeError } from './runner';
import { planPredictionSeg, type SegPlan } from './seg-export';
import { lossLabel, restrictToSlices, seriesView, triggerDownload, validateFineTune } from './util';

export interface Assets {
  worker: URL;
  modelIndex: URL;
  wasm: URL;
}

interface Result {
  labels: Uint8Array;
  displaySetUID: string;
  modelKey: string;
  /** The overlay colour of each foreground class, for the viewport legend. */
  classColors: LegendClass[];
}

export class SeglensController implements PanelActions {
  private readonly runner: TaskRunner;
  private worker: SegmentationWorker | null = null;
  private workerStarting: Promise<SegmentationWorker> | null = null;
  /** Model entry key → the worker's key for the loaded model. */
  private readonly loaded = new Map<string, string>();
  private readonly volumes = new Map<string, Volume>();
  /** Prediction key → labels, for comparisons without reading the labelmaps back. */
  private readonly results = new Map<string, Result>();
  private readonly ours = new Set<string>();
  /** Model entry key → its card, as the worker loaded it (the SEG export writes its provenance). */
  private readonly cards = new Map<string, ModelCard>();
  private catalogLoaded = false;

  constructor(
    private readonly host: HostContext,
    private readonly store: PanelStore,
    private readonly assets: Assets,
  ) {
    this.runner = new TaskRunner(store);
    const cores = globalThis.navigator?.hardwareConcurrency;
    store.set({
      backendChoice: readChoice(globalThis.location?.search ?? '', browserStorage()),
      cores: typeof cores === 'number' && cores >= 1 ? cores : 1,
    });
  }

  /** Remembers the choice and, unless a run is going, restarts the worker on it (models load again). */
  setBackendChoice(choice: BackendChoice): void {
    let checked: BackendChoice;
    try {
      checked = checkChoice(choice);
    } catch (error) {
      this.store.set({ message: { kind: 'error', text: `Backend choice: ${describeError(error)}` } });
      return;
    }
    saveChoice(checked, browserStorage());
    this.store.set({ backendChoice: checked });
    if (this.runner.running || this.workerStarting) {
      this.store.set({
        message: { kind: 'info', text: 'The new backend starts once the current task has finished.' },
      });
      return;
    }
    this.worker?.terminate();
    this.worker = null;
    this.loaded.clear();
    this.store.set({ backend: null });
    this.ensureWorker().catch((error) =>
      this.store.set({
        message: { kind: 'error', text: `The backend could not start: ${describeError(error)}` },
      }),
    );
  }

  // --- lifecycle -------------------------------------------------------------------------------------------

  /** Follows the active viewport's series; loads the model catalogue once. */
  attach(): () => void {
    const { viewportGridService, displaySetService, segmentationService } = this.host.services;
    const refresh = () => this.refreshSeries();
    const subscriptions = [
      ...Object.values(viewportGridService.EVENTS).map((e) => viewportGridService.subscribe(e, refresh)),
      ...['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
        .filter((e) => displaySetService.EVENTS[e])
        .map((e) => displaySetService.subscribe(displaySetService.EVENTS[e], refresh)),
      ...['SEGMENTATION_DATA_MODIFIED']
        .filter((e) => segmentationService.EVENTS[e])
        .map((e) =>
          segmentationService.subscribe(segmentationService.EVENTS[e], () => this.onLabelsEdited()),
        ),
      // A SEG the user opens after segmenting becomes the reference: compare again.
      ...['SEGMENTATION_ADDED']
        .filter((e) => segmentationService.EVENTS[e])
        .map((e) =>
          segmentationService.subscribe(segmentationService.EVENTS[e], () => this.onSegmentationAdded()),
        ),
    ];
    if (!this.catalogLoaded) {
      this.catalogLoaded = true;
      void this.loadCatalog();
      // Start the worker and its backend now, so the panel can say which backend runs before the first run.
      this.ensureWorker().catch((error) =>
        this.store.set({
          message: {
            kind: 'error',
            text: `The segmentation worker could not start: ${describeError(error)}`,
          },
        }),
      );
    }
    const stopFollowing =
      typeof document === 'undefined'
        ? () => undefined
        : followViewedSlice(document, () => this.onSliceViewed());
    refresh();
    return () => {
      subscriptions.forEach((s) => s.unsubscribe());
      stopFollowing();
    };
  }

  private onSegmentationAdded(): void {
    const ds = this.host.activeDisplaySet();
    const state = this.store.get();
    if (!ds || this.runner.running || state.predictions.length === 0 || state.comparison?.rows.length) return;
    // Let OHIF finish adding it (its labelmap images are created after the event).
    setTimeout(() => {
      if (this.runner.running) return;
      void this.runner.run('Compare', (signal) => this.refreshComparison(ds, signal));
    }, 500);
  }

  private async loadCatalog(): Promise<void> {
    const entries: ModelEntry[] = [];
    try {
      const response = await fetch(this.assets.modelIndex);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${this.assets.modelIndex.href}`);
      entries.push(...parseModelIndex(await response.json(), this.assets.modelIndex.href));
    } catch (error) {
      this.store.set({
        message: { kind: 'error', text: `Could not load the shipped models: ${describeError(error)}` },
      });
    }
    try {
      entries.push(...(await savedModelEntries()));
    } catch (error) {
      console.warn('seglens: fine-tuned models in IndexedDB could not be listed', error);
    }
    this.store.set({ models: entries });
    this.refreshSeries();
  }

  /** The series the default model selection was made for (made again when the series changes). */
  private selectionFor: string | null = null;

  private refreshSeries(): void {
    const ds = this.host.activeDisplaySet();
    const state = this.store.get();
    const series = ds ? seriesView(ds, this.host.libs()) : null;
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
      ? state.predictions.filter(
          (p) => this.results.get(p.key)?.displaySetUID === series.displaySetInstanceUID,
        )
      : [];
    const base = state.fineTune.baseModelKey;
    const baseStillFits = models.some((m) => m.key === base && m.fits);
    const firstFit =
      models.find((m) => m.fits && m.selected && m.loss === 'rce') ??
      models.find((m) => m.fits && m.selected) ??
      models.find((m) => m.fits);
    this.store.set({
      series,
      models,
      predictions,
      ...(changedSeries ? { comparison: null, lossLens: null, disagreement: null } : {}),
      fineTune: baseStillFits ? state.fineTune : { ...state.fineTune, baseModelKey: firstFit?.key ?? null },
      canStore: this.canStore(),
    });
    if (changedSeries) this.updateLegend();
    if (ds && series) this.showReferenceOnOpen(ds);
  }

  /** The series the reference was looked for on open, and that search (which reference() waits for). */
  private referenceFor: string | null = null;
  private referenceOnOpen: Promise<unknown> | null = null;

  /**
   * When the study has a SEG of this series: loads it as the reference right away, before Segment, draws it
   * as outlines, names it in Compare, and moves the viewport to the middle of the labelled slices (the
   * viewer otherwise opens on an edge slice, where there is nothing to see).
   */
  private showReferenceOnOpen(ds: DisplaySet): void {
    const classes = this.classesOfSeries();
    if (this.referenceFor === ds.displaySetInstanceUID || classes.length === 0) return;
    const hasSeg = this.host.services.displaySetService
      .getActiveDisplaySets()
      .some((d) => d.Modality === 'SEG' && d.referencedDisplaySetInstanceUID === ds.displaySetInstanceUID);
    if (!hasSeg) return;
    this.referenceFor = ds.displaySetInstanceUID;
    this.referenceOnOpen = (async () => {
      const reference = await findReference(this.host, ds, classes, this.ours);
      if (!reference || this.host.activeDisplaySet()?.displaySetInstanceUID !== ds.displaySetInstanceUID)
        return;
      if (reference.segmentationId) setOutlineOnly(this.host.target(), reference.segmentationId);
      const n = ds.imageIds?.length ?? 0;
      const sliceSize = n > 0 ? reference.labels.length / n : 0;
      if (Number.isInteger(sliceSize) && sliceSize > 0) {
        const slices = labelledSlices(reference.labels, [sliceSize, 1, n], 2);
        const viewport = this.host
          .libs()
          .cornerstone.getEnabledElementByViewportId(this.host.viewportId())?.viewport;
        if (slices.length)
          await viewport?.setImageIdIndex?.(Math.round((slices[0] + slices[slices.length - 1]) / 2));
      }
      if (this.store.get().comparison === null)
        this.store.set({
          comparison: {
            reference: reference.label,
            classes,
            rows: [],
            proportions: [
              {
                source: 'reference',
                color: REFERENCE_COLOR,
                values: labelProportions(reference.labels, classes.length),
              },
            ],
          },
        });
    })().catch((error) => console.warn('seglens: the reference could not be shown on open', error));
  }

  private canStore(): boolean {
    const sources = this.host.extensions.getActiveDataSource?.() ?? [];
    // Only a data source configured for STOW-RS can take a SEG (OHIF gives every source a store function).
    return sources.some((s) => s.getConfig?.()?.supportsStow === true);
  }

  private async ensureWorker(): Promise<SegmentationWorker> {
    if (this.worker) return this.worker;
    if (!this.workerStarting) {
      this.workerStarting = (async () => {
        const started = performance.now();
        const worker = SegmentationWorker.start(this.assets.worker);
        try {
          const backend = await worker.init({
            ...initOptions(this.store.get().backendChoice),
            wasmPaths: this.assets.wasm.href,
          });
          this.store.set({ backend: { ...backend, initMs: Math.round(performance.now() - started) } });
          this.worker = worker;
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

  /** After a lost GPU: start over on WASM, which needs no GPU. */
  private async recoverFromLostBackend(error: unknown): Promise<void> {
    if (!(error instanceof Error) || error.name !== 'BackendLostError') return;
    this.worker?.terminate();
    this.worker = null;
    this.loaded.clear();
    const worker = SegmentationWorker.start(this.assets.worker);
    const backend = await worker.init({ prefer: 'wasm', wasmPaths: this.assets.wasm.href });
    this.worker = worker;
    this.store.set({
      backend: { ...backend, initMs: 0 },
      message: {
        kind: 'warning',
        text: `${error.message} Switched to ${backend.name.toUpperCase()}; run it again.`,
      },
    });
  }

  private async modelKey(entry: ModelEntry, signal: AbortSignal): Promise<string> {
    const known = this.loaded.get(entry.key);
    if (known) return known;
    const worker = await this.ensureWorker();
    const { modelKey, card } = await worker.loadModel(entry.key, { signal });
    this.loaded.set(entry.key, modelKey);
    this.cards.set(entry.key, card);
    return modelKey;
  }

  private async volumeOf(ds: DisplaySet, signal: AbortSignal): Promise<Volume> {
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

  private requireSeries(): DisplaySet | null {
    const ds = this.host.activeDisplaySet();
    if (!ds)
      this.store.set({
        message: { kind: 'warning', text: 'Open an image series in the active viewport first.' },
      });
    return ds;
  }

  // --- models ----------------------------------------------------------------------------------------------

  toggleModel(key: string): void {
    this.store.set((s) => ({
      models: s.models.map((m) => (m.key === key && m.fits ? { ...m, selected: !m.selected } : m)),
    }));
  }

  downloadModel(modelKey: string): void {
    const entry = this.store.get().models.find((m) => m.key === modelKey);
    if (!entry) return;
    void this.runner.run(`Download ${entry.name}`, async (signal) => {
      const key = await this.modelKey(entry, signal);
      const files = await (await this.ensureWorker()).exportModel(key);
      for (const file of files) triggerDownload(new Blob([file.data]), `${entry.name}__${file.name}`);
      this.store.set({
        message: {
          kind: 'info',
          text: `Downloaded ${files.length} files of ${entry.name}. Load them again with "Load model…".`,
        },
      });
    });
  }

  loadModelFiles(files: File[]): void {
    void this.runner.run('Load model files', async (signal) => {
      const parts = await Promise.all(
        files.map(async (f) => ({ name: f.name.replace(/^.*__/, ''), data: await f.arrayBuffer() })),
      );
      const worker = await this.ensureWorker();
      const { modelKey, card } = await worker.importModelFiles(parts, { signal });
      const entries = await savedModelEntries();
      const entry = entries.find((e) => e.name === card.name);
      this.loaded.set(entry?.key ?? modelKey, modelKey);
      this.store.set((s) => ({ models: [...s.models.filter((m) => m.origin !== 'indexeddb'), ...entries] }));
      this.refreshSeries();
      this.store.set({
        message: {
          kind: 'info',
          text: `Loaded ${card.name} (hashes verified) and saved it in this browser.`,
        },
      });
    });
  }

  deleteModel(modelKey: string): void {
    const entry = this.store.get().models.find((m) => m.key === modelKey);
    if (!entry || entry.origin === 'shipped') return;
    void this.runner.run(
      `Delete ${entry.name}`,
      async () => {
        // Through the worker: it also frees the network it may hold for this model.
        const worker = await this.ensureWorker();
        await worker.deleteSavedModel(this.loaded.get(modelKey) ?? modelKey);
        this.loaded.delete(modelKey);
        this.store.set((s) => ({ models: s.models.filter((m) => m.key !== modelKey) }));
      },
      false,
    );
  }

  // --- segment ---------------------------------------------------------------------------------------------

  segment(): void {
    const ds = this.requireSeries();
    if (!ds) return;
    const chosen = this.store.get().models.filter((m) => m.selected && m.fits);
    if (chosen.length === 0) {
      this.store.set({
        message: { kind: 'warning', text: 'Select at least one model that fits this series.' },
      });
      return;
    }
    void this.runner.run('Segment', async (signal) => {
      try {
        await this.segmentWith(ds, chosen, signal);
      } catch (error) {
        await this.recoverFromLostBackend(error);
        throw error;
      }
      await this.refreshComparison(ds, signal);
    });
  }

  private async segmentWith(ds: DisplaySet, models: ModelEntry[], signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const volume = await this.volumeOf(ds, signal);
    const worker = await this.ensureWorker();
    for (const [i, entry] of models.entries()) {
      const label = `Segmenting with ${entry.name} (${i + 1} of ${models.length})`;
      this.runner.progress({ label, fraction: i / models.length, detail: 'loading the model' });
      const modelStart = performance.now();
      const key = await this.modelKey(entry, signal);
      // The worker takes the voxels it is sent; keep ours for the next model and for fine-tuning.
      const copy: Volume = { ...volume, voxels: volume.voxels.slice() };
      const result = await worker.segment(key, copy, {
        signal,
        onProgress: (f) =>
          this.runner.progress({ fraction: (i + f) / models.length, detail: `${Math.round(f * 100)} %` }),
      });
      await this.showPrediction(ds, entry, result, performance.now() - (i === 0 ? started : modelStart));
    }
  }

  private async showPrediction(
    ds: DisplaySet,
    entry: ModelEntry,
    result: { labels: Uint8Array; proportions: number[]; inferenceMs: number; backend: BackendName },
    totalMs: number,
  ): Promise<void> {
    const predictionKey = `${entry.key}|${ds.displaySetInstanceUID}`;
    const state = this.store.get();
    // A fixed hue per role (first model, second, fine-tuned), whatever the study or the catalogue order.
    const roles = modelRoles(state.models.filter((m) => m.selected && m.fits));
    const role = roles.get(entry.key) ?? (entry.fineTunedFrom ? FINE_TUNED_ROLE : roles.size + 1);
    const colors = roleColorFamily(role, entry.classes.length - 1);
    const existing = state.predictions.find((p) => p.key === predictionKey);
    const target = this.host.target();
    const segmentationId =
      existing?.segmentationId ??
      (await createLabelmap(target, ds, `${entry.name} · ${lossLabel(entry.loss)}`, entry.classes, colors));
    this.ours.add(segmentationId);
    writeLabels(target, segmentationId, ds, result.labels);
    this.results.set(predictionKey, {
      labels: result.labels,
      displaySetUID: ds.displaySetInstanceUID,
      modelKey: entry.key,
      classColors: entry.classes.slice(1).map((c, i) => ({ name: c.name, color: colors[i] })),
    });
    const view: PredictionView = {
      key: predictionKey,
      modelKey: entry.key,
      modelName: entry.name,
      loss: entry.loss,
      segmentationId,
      color: colors[0],
      visible: true,
      opacity: existing?.opacity ?? 0.5,
      totalMs: Math.round(totalMs),
      inferenceMs: Math.round(result.inferenceMs),
      backend: result.backend,
      proportions: result.proportions,
    };
    this.store.set((s) => ({
      predictions: [...s.predictions.filter((p) => p.key !== predictionKey), view],
    }));
    this.updateDisagreement();
  }

  setVisibility(predictionKey: string, visible: boolean): void {
    const p = this.store.get().predictions.find((x) => x.key === predictionKey);
    const entry = p && this.store.get().models.find((m) => m.key === p.modelKey);
    if (!p || !entry) return;
    setVisible(this.host.target(), p.segmentationId, entry.classes, visible);
    this.store.set((s) => ({
      predictions: s.predictions.map((x) => (x.key === predictionKey ? { ...x, visible } : x)),
    }));
    this.updateLegend();
  }

  /** The legend over the viewport: the shown predictions of the active series and the reference. */
  private updateLegend(): void {
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

  setOpacity(predictionKey: string, opacity: number): void {
    const p = this.store.get().predictions.find((x) => x.key === predictionKey);
    if (!p || !(opacity >= 0 && opacity <= 1)) return;
    setOpacity(this.host.target(), p.segmentationId, opacity);
    this.store.set((s) => ({
      predictions: s.predictions.map((x) => (x.key === predictionKey ? { ...x, opacity } : x)),
    }));
  }

  private updateDisagreement(): void {
    const [a, b] = this.store.get().predictions;
    const ra = a && this.results.get(a.key);
    const rb = b && this.results.get(b.key);
    if (!ra || !rb) return;
    const d = disagreement(ra.labels, rb.labels);
    const previous = this.store.get().disagreement;
    this.store.set({
      disagreement: {
        a: a.modelName,
        b: b.modelName,
        voxels: d.voxels,
        fraction: d.fraction,
        segmentationId:
          previous?.a === a.modelName && previous?.b === b.modelName ? previous.segmentationId : null,
        visible: false,
      },
    });
    this.disagreementMask = d.mask;
  }

  private disagreementMask: Uint8Array | null = null;

  toggleDisagreement(): void {
    const d = this.store.get().disagreement;
    const ds = this.host.activeDisplaySet();
    if (!d || !ds || !this.disagreementMask) return;
    const mask = this.disagreementMask;
    void this.runner.run(
      'Disagreement',
      async () => {
        const target = this.host.target();
        let segmentationId = d.segmentationId;
        const classes: ClassView[] = [
          { index: 0, name: 'background', color: [0, 0, 0] },
          { index: 1, name: `${d.a} ≠ ${d.b}`, color: [255, 215, 0] },
        ];
        if (!segmentationId) {
          segmentationId = await createLabelmap(target, ds, `Disagreement · ${d.a} vs ${d.b}`, classes, [
            [255, 215, 0],
          ]);
          this.ours.add(segmentationId);
          writeLabels(target, segmentationId, ds, mask);
          this.store.set({ disagreement: { ...d, segmentationId, visible: true } });
          return;
        }
        setVisible(target, segmentationId, classes, !d.visible);
        this.store.set({ disagreement: { ...d, visible: !d.visible } });
      },
      false,
    );
  }

  // --- compare and loss lens -------------------------------------------------------------------------------

  private classesOfSeries(): ClassView[] {
    const state = this.store.get();
    const first = state.predictions[0];
    const entry = state.models.find((m) => m.key === (first?.modelKey ?? state.fineTune.baseModelKey));
    return entry?.classes ?? [];
  }

  private async reference(ds: DisplaySet): Promise<Reference | null> {
    // The SEG may be loading since the study opened: wait, so it is not loaded twice.
    await this.referenceOnOpen;
    const classes = this.classesOfSeries();
    const fromSeg = await findReference(this.host, ds, classes, this.ours);
    if (fromSeg) return fromSeg;
    const labelsId = this.store.get().fineTune.labelsSegmentationId;
    if (!labelsId) return null;
    const { labels } = readLabels(this.host.target(), labelsId, ds);
    const volume = this.volumes.get(ds.displaySetInstanceUID);
    if (!volume) return null;
    const slices = labelledSlices(labels, volume.dims, 2);
    if (slices.length === 0) return null;
    return {
      label: `your labels (slices ${slices.map((k) => k + 1).join(', ')})`,
      labels,
      slices,
      unmatched: [],
    };
  }

  private async refreshComparison(ds: DisplaySet, signal: AbortSignal): Promise<void> {
    const state = this.store.get();
    const volume = this.volumes.get(ds.displaySetInstanceUID);
    const predictions = state.predictions.filter(
      (p) => this.results.get(p.key)?.displaySetUID === ds.displaySetInstanceUID,
    );
    if (!volume || predictions.length === 0) return;
    const classes = this.classesOfSeries();
    this.runner.progress({ label: 'Comparing', fraction: null, detail: 'looking for a reference' });
    const reference = await this.reference(ds);
    const models = predictions.map((p) => ({
      name: p.modelName,
      loss: p.loss,
      labels: this.results.get(p.key)!.labels,
      color: p.color,
    }));
    if (!reference) {
      this.store.set({
        comparison: {
          reference: null,
          classes,
          rows: [],
          proportions: predictions.map((p) => ({
            source: p.modelName,
            color: p.color,
            values: p.proportions,
          })),
        },
        lossLens: null,
      });
      this.updateLegend();
      return;
    }
    const restricted = restrictToSlices(volume.dims, reference.slices);
    const comparison = compareWithReference({
      reference: restricted.pick(reference.labels),
      predictions: models.map((m) => ({ ...m, labels: restricted.pick(m.labels) })),
      dims: restricted.dims,
      spacing: volume.spacing,
      classes,
    });
    this.store.set({
      comparison: {
        reference: reference.label,
        classes,
        rows: comparison.rows,
        proportions: comparison.proportions,
      },
      ...(reference.unmatched.length
        ? {
            message: {
              kind: 'warning',
              text: `Reference segments not matched to a model class: ${reference.unmatched.join(', ')}`,
            },
          }
        : {}),
    });
    if (reference.segmentationId) setOutlineOnly(this.host.target(), reference.segmentationId);
    this.updateLegend();
    this.lensReference = reference.labels;
    await this.refreshLossLens(signal);
  }

  private lensReference: Uint8Array | null = null;

  private currentSlice(): number {
    const viewport = this.host
      .libs()
      .cornerstone.getEnabledElementByViewportId(this.host.viewportId())?.viewport;
    return viewport?.getCurrentImageIdIndex?.() ?? 0;
  }

  private async refreshLossLens(signal: AbortSignal): Promise<void> {
    const reference = this.lensReference;
    const state = this.store.get();
    if (!reference) return;
    const worker = await this.ensureWorker();
    // The whole volume by default: the viewport usually opens on an edge slice, where there is little to see.
    const scope = state.lossLens?.scope ?? 'volume';
    const slice = scope === 'slice' ? this.currentSlice() : null;
    this.runner.progress({
      label: 'Loss lens',
      detail: scope === 'slice' ? `slice ${(slice ?? 0) + 1}` : 'whole volume',
    });
    const rows = [];
    for (const p of state.predictions) {
      const key = this.loaded.get(p.modelKey);
      if (!key) continue;
      const lens = await worker.lossLens(key, reference, { slice: slice ?? undefined, signal });
      rows.push(...lens.map((r) => ({ ...r, model: p.modelName })));
    }
    this.store.set({ lossLens: { scope, slice, rows } });
  }

  /** The user scrolled to another slice: a slice-scoped loss lens moves with them. */
  private onSliceViewed(): void {
    const lens = this.store.get().lossLens;
    if (lens?.scope !== 'slice' || !this.lensReference || this.currentSlice() === lens.slice) return;
    // Busy (another task, or the lens itself on an earlier slice): look again shortly, so the lens ends on
    // the slice the user stopped at.
    if (this.runner.running) {
      setTimeout(() => this.onSliceViewed(), 300);
      return;
    }
    void this.runner
      .run('Loss lens', (signal) => this.refreshLossLens(signal))
      .then((done) => done && this.onSliceViewed());
  }

  setLossLensScope(scope: 'slice' | 'volume'): void {
    this.store.set((s) => ({
      lossLens: { scope, slice: s.lossLens?.slice ?? null, rows: s.lossLens?.rows ?? [] },
    }));
    void this.runner.run('Loss lens', (signal) => this.refreshLossLens(signal));
  }

  // --- fine-tune -------------------------------------------------------------------------------------------

  startLabelling(): void {
    const ds = this.requireSeries();
    if (!ds) return;
    const state = this.store.get();
    const base = state.models.find((m) => m.key === state.fineTune.baseModelKey);
    if (!base) {
      this.store.set({
        message: { kind: 'warning', text: 'Choose a base model that fits this series first.' },
      });
      return;
    }
    void this.runner.run(
      'Draw labels',
      async (signal) => {
        await this.volumeOf(ds, signal);
        const target = this.host.target();
        let segmentationId = state.fineTune.labelsSegmentationId;
        if (!segmentationId || !this.host.services.segmentationService.getSegmentation(segmentationId)) {
          segmentationId = await createLabelmap(
            target,
            ds,
            `Your labels · ${base.task}`,
            base.classes,
            base.classes.slice(1).map((c) => c.color),
          );
          this.ours.add(segmentationId);
        }
        const { segmentationService } = this.host.services;
        segmentationService.setActiveSegmentation(this.host.viewportId(), segmentationId);
        segmentationService.setActiveSegment(segmentationId, 1);
        this.host.commands.run('setToolActive', { toolName: 'CircularBrush' });
        // OHIF's default brush (25 mm) would cover a whole hippocampus crop: size it to the image (5 % of its side).
        const volume = this.volumes.get(ds.displaySetInstanceUID);
        if (volume) {
          const side = Math.min(volume.dims[0] * volume.spacing[0], volume.dims[1] * volume.spacing[1]);
          this.host.commands.run('setBrushSize', { value: Math.max(1, Math.round(side * 0.05)) });
        }
        this.store.set((s) => ({ fineTune: { ...s.fineTune, labelsSegmentationId: segmentationId } }));
        this.store.set({
          message: {
            kind: 'info',
            text: 'Brush active on "Your labels": paint on a few slices (pick the class in the Segmentation panel), then Fine-tune.',
          },
        });
      },
      false,
    );
  }

  private onLabelsEdited(): void {
    const ft = this.store.get().fineTune;
    const ds = this.host.activeDisplaySet();
    if (!ft.labelsSegmentationId || !ds || this.labelsTimer) return;
    // Brush strokes fire many events; count the labelled slices once they settle.
    this.labelsTimer = setTimeout(() => {
      this.labelsTimer = null;
      const volume = this.volumes.get(ds.displaySetInstanceUID);
      const id = this.store.get().fineTune.labelsSegmentationId;
      if (!volume || !id || !this.host.services.segmentationService.getSegmentation(id)) return;
      const { labels } = readLabels(this.host.target(), id, ds);
      const slices = labelledSlices(labels, volume.dims, 2);
      this.store.set((s) => ({ fineTune: { ...s.fineTune, labelledSlices: slices } }));
    }, 300);
  }

  private labelsTimer: ReturnType<typeof setTimeout> | null = null;

  setFineTune(settings: Partial<FineTuneSettings>): void {
    this.store.set((s) => ({ fineTune: { ...s.fineTune, ...settings } }));
  }

  fineTune(): void {
    const ds = this.requireSeries();
    if (!ds) return;
    const state = this.store.get();
    const ft = state.fineTune;
    const base = state.models.find((m) => m.key === ft.baseModelKey);
    const problem = validateFineTune(ft, base);
    if (problem) {
      this.store.set({ message: { kind: 'error', text: problem } });
      return;
    }
    void this.runner.run(`Fine-tune ${base!.name}`, async (signal) => {
      const volume = await this.volumeOf(ds, signal);
      const { labels } = readLabels(this.host.target(), ft.labelsSegmentationId!, ds);
      const slices = labelledSlices(labels, volume.dims, 2);
      if (slices.length === 0) throw new Error('No labelled slices: draw labels with the brush first');
      const worker = await this.ensureWorker();
      const key = await this.modelKey(base!, signal);
      const saveAs = `${base!.name.replace(/-ft-\d{8}-\d{6}$/, '')}-ft-${stamp(new Date())}`;
      this.store.set((s) => ({
        fineTune: { ...s.fineTune, running: true, history: [], labelledSlices: slices },
      }));
      try {
        const result = await worker.fineTune(
          key,
          {
            image: { ...volume, voxels: volume.voxels.slice() },
            labels: fineTuneLabels(labels, volume.dims, 2, slices),
            slices,
            loss: ft.loss,
            epochs: ft.epochs,
            learningRate: ft.learningRate,
            saveAs,
          },
          {
            signal,
            onProgress: (p) => {
              // Per step while an epoch runs (bar and detail), per epoch when it is complete (the loss curve).
              const within = p.step !== undefined && p.steps ? p.step / p.steps : 1;
              this.runner.progress({
                label: `Fine-tuning ${base!.name}`,
                fraction: (p.epoch - 1 + within) / p.epochs,
                detail: `epoch ${p.epoch}/${p.epochs}${p.step !== undefined ? `, step ${p.step}/${p.steps}` : ''}, loss ${p.loss.toFixed(4)}`,
              });
              if (p.step !== undefined) return;
              this.store.set((s) => ({
                fineTune: {
                  ...s.fineTune,
                  history: [
                    ...s.fineTune.history.filter((h) => h.epoch !== p.epoch),
                    { epoch: p.epoch, loss: p.loss },
                  ],
                },
              }));
            },
          },
        );
        const saved = (await savedModelEntries()).map((e) => {
          const fit = this.store.get().series
            ? fitsSeries(e, this.store.get().series!)
            : { fits: false, reason: undefined };
          return { ...e, fits: fit.fits, fitReason: fit.reason, selected: e.name === saveAs };
        });
        const fresh = saved.find((e) => e.name === saveAs);
        if (fresh) this.loaded.set(fresh.key, result.modelKey);
        this.store.set((s) => ({
          models: [...s.models.filter((m) => m.origin !== 'indexeddb'), ...saved],
          fineTune: {
            ...s.fineTune,
            running: false,
            before: result.dscBefore,
            after: result.dscAfter,
            lossBefore: result.lossBefore,
            lossAfter: result.lossAfter,
            savedAs: saveAs,
            history: result.history,
          },
        }));
        if (fresh) {
          this.runner.progress({ label: `Segmenting with ${saveAs}`, fraction: null });
          await this.segmentWith(ds, [fresh], signal);
          await this.refreshComparison(ds, signal);
        }
      } finally {
        this.store.set((s) => ({ fineTune: { ...s.fineTune, running: false } }));
      }
    });
  }

  // --- export ----------------------------------------------------------------------------------------------

  /** The prediction's DICOM SEG, written with the model's provenance (see seg-export.ts), in the worker. */
  private async predictionSeg(predictionKey: string): Promise<SegPlan & { bytes: ArrayBuffer }> {
    const p = this.store.get().predictions.find((x) => x.key === predictionKey);
    const result = this.results.get(predictionKey);
    const entry = this.store.get().models.find((m) => m.key === p?.modelKey);
    if (!p || !result || !entry) throw new Error(`no prediction ${predictionKey} to write`);
    const ds = this.host.services.displaySetService.getDisplaySetByUID(result.displaySetUID);
    const source = this.volumes.get(result.displaySetUID);
    if (!ds || !source) throw new Error(`the series of ${p.modelName}'s prediction is no longer open`);
    const worker = await this.ensureWorker();
    let card = this.cards.get(entry.key);
    if (!card) {
      card = (await worker.loadModel(entry.key)).card;
      this.cards.set(entry.key, card);
    }
    const plan = await planPredictionSeg(entry, card, source, ds);
    return { ...plan, bytes: await worker.writeSeg(result.labels, plan.source, plan.options) };
  }

  exportSeg(predictionKey: string): void {
    const p = this.store.get().predictions.find((x) => x.key === predictionKey);
    if (!p) return;
    void this.runner.run(
      `Export ${p.modelName}`,
      async () => {
        const seg = await this.predictionSeg(predictionKey);
        triggerDownload(new Blob([seg.bytes], { type: 'application/dicom' }), seg.fileName);
        this.host.notify('success', 'DICOM SEG exported', `${seg.fileName}: ${seg.seriesDescription}`);
      },
      false,
    );
  }

  storeSeg(predictionKey: string): void {
    const p = this.store.get().predictions.find((x) => x.key === predictionKey);
    if (!p) return;
    void this.runner.run(
      `Store ${p.modelName}`,
      async () => {
        const source = (this.host.extensions.getActiveDataSource?.() ?? []).find(
          (s) => s.getConfig?.()?.supportsStow === true && s.store?.dicom,
        );
        if (!source?.store?.dicom) throw new Error('the data source cannot store DICOM (no STOW-RS)');
        const seg = await this.predictionSeg(predictionKey);
        await source.store.dicom(seg.bytes);
        this.host.notify(
          'success',
          'DICOM SEG stored',
          `Series ${seg.seriesNumber} "${seg.seriesDescription}" is in the study now.`,
        );
      },
      false,
    );
  }

  cancel(): void {
    this.runner.cancel();
  }

  dismissMessage(): void {
    this.store.set({ message: null });
  }
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
