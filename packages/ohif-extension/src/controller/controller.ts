// The panel's actions against OHIF and the worker: a thin facade over one feature object per panel section
// (catalogue-models, runs, reference-comparison, loss-lens, fine-tune, export-store) and the background
// preloading of the models Segment would run (preload.ts), which share ControllerCore (core.ts). The panel
// and the commands module call this class; attach() follows the viewer.
import type { BackendChoice, FineTuneSettings, MessageAnchor, PanelActions } from '../panel/state';
import type { PanelStore } from '../panel/store';
import type { HostContext } from './context';
import { ControllerCore, type Assets, type ControllerOptions } from './core';
import { CatalogueModels } from './catalogue-models';
import { ExportStore } from './export-store';
import { FineTune } from './fine-tune';
import { LossLens } from './loss-lens';
import { Preloader, preloadEnabled } from './preload';
import { ReferenceComparison } from './reference-comparison';
import { Runs } from './runs';
import { followViewedSlice } from './slice-follow';
import { describeError } from './runner';

export type { Assets, ControllerOptions, WorkerApi } from './core';

export class SeglensController implements PanelActions {
  private readonly core: ControllerCore;
  private readonly catalogue: CatalogueModels;
  private readonly lens: LossLens;
  private readonly comparison: ReferenceComparison;
  private readonly runs: Runs;
  private readonly tuning: FineTune;
  private readonly exports: ExportStore;
  /** Works on its own, from the store and the worker's lifecycle; kept here so it lives with the controller. */
  private readonly preloader: Preloader;
  private catalogLoaded = false;

  constructor(host: HostContext, store: PanelStore, assets: Assets, options: ControllerOptions = {}) {
    this.core = new ControllerCore(host, store, assets, options);
    this.lens = new LossLens(this.core);
    this.comparison = new ReferenceComparison(this.core, this.lens);
    this.catalogue = new CatalogueModels(this.core, (ds) => this.comparison.showOnOpen(ds));
    this.runs = new Runs(this.core, this.comparison);
    this.tuning = new FineTune(this.core, this.runs, this.comparison);
    this.exports = new ExportStore(this.core);
    this.preloader = new Preloader(
      this.core,
      options.preload ?? preloadEnabled(globalThis.location?.search ?? ''),
    );
  }

  /** Follows the active viewport's series; loads the model catalogue and starts the worker once. */
  attach(): () => void {
    const { host } = this.core;
    const { viewportGridService, displaySetService, segmentationService } = host.services;
    const refresh = () => this.catalogue.refreshSeries();
    const subscriptions = [
      ...Object.values(viewportGridService.EVENTS).map((e) => viewportGridService.subscribe(e, refresh)),
      ...['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
        .filter((e) => displaySetService.EVENTS[e])
        .map((e) => displaySetService.subscribe(displaySetService.EVENTS[e], refresh)),
      ...['SEGMENTATION_DATA_MODIFIED']
        .filter((e) => segmentationService.EVENTS[e])
        .map((e) =>
          segmentationService.subscribe(segmentationService.EVENTS[e], () => this.tuning.onLabelsEdited()),
        ),
      ...['SEGMENTATION_ADDED']
        .filter((e) => segmentationService.EVENTS[e])
        .map((e) =>
          segmentationService.subscribe(segmentationService.EVENTS[e], () =>
            this.comparison.onSegmentationAdded(),
          ),
        ),
    ];
    if (!this.catalogLoaded) {
      this.catalogLoaded = true;
      void this.catalogue.loadCatalog();
      // Start the worker and its backend now, so the panel can say which backend runs before the first run.
      // No control asked for it: a failure goes to the banner at the top.
      this.core.ensureWorker().catch((error) =>
        this.core.say({
          kind: 'error',
          text: `The segmentation worker could not start: ${describeError(error)}`,
        }),
      );
    }
    const stopFollowing =
      typeof document === 'undefined'
        ? () => undefined
        : followViewedSlice(document, () => this.lens.onSliceViewed());
    refresh();
    return () => {
      subscriptions.forEach((s) => s.unsubscribe());
      stopFollowing();
    };
  }

  // Models and backend (catalogue-models.ts)
  setBackendChoice = (choice: BackendChoice): void => this.catalogue.setBackendChoice(choice);
  toggleModel = (key: string): void => this.catalogue.toggleModel(key);
  downloadModel = (modelKey: string, from: MessageAnchor = 'models'): void =>
    this.catalogue.downloadModel(modelKey, from);
  loadModelFiles = (files: File[]): void => this.catalogue.loadModelFiles(files);
  deleteModel = (modelKey: string): void => this.catalogue.deleteModel(modelKey);

  // Runs and overlays (runs.ts)
  segment = (): void => this.runs.segment();
  setVisibility = (predictionKey: string, visible: boolean): void =>
    this.runs.setVisibility(predictionKey, visible);
  setOpacity = (predictionKey: string, opacity: number): void => this.runs.setOpacity(predictionKey, opacity);
  toggleDisagreement = (): void => this.runs.toggleDisagreement();

  // Loss lens (loss-lens.ts)
  setLossLensScope = (scope: 'slice' | 'volume'): void => this.lens.setScope(scope);

  // Labelling and fine-tuning (fine-tune.ts)
  startLabelling = (): void => this.tuning.startLabelling();
  setFineTune = (settings: Partial<FineTuneSettings>): void => this.tuning.setFineTune(settings);
  fineTune = (): void => this.tuning.fineTune();

  // Export and store (export-store.ts)
  exportSeg = (predictionKey: string): void => this.exports.exportSeg(predictionKey);
  storeSeg = (predictionKey: string): void => this.exports.storeSeg(predictionKey);

  cancel = (): void => this.core.runner.cancel();
  dismissMessage = (): void => this.core.store.set({ message: null });
}
