// Labelling and fine-tuning: Draw labels makes a "Your labels" segmentation with the base model's classes and
// hands the user OHIF's brush; the labelled slices are counted as they paint; Fine-tune trains a copy of the
// base model on those slices in the worker, saves it in this browser and segments again with it.
import type { FineTuneSettings } from '../panel/state';
import { fineTuneLabels, labelledSlices } from '../analysis';
import { fitsSeries, savedModelEntries } from '../catalog';
import { createLabelmap, readLabels } from '../ohif/labelmap';
import type { ControllerCore } from './core';
import type { ReferenceComparison } from './reference-comparison';
import type { Runs } from './runs';
import { validateFineTune } from './util';

/** How long brush strokes must pause before the labelled slices are counted again. */
const LABELS_SETTLE_MS = 300;

export class FineTune {
  private labelsTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly core: ControllerCore,
    private readonly runs: Runs,
    private readonly comparison: ReferenceComparison,
  ) {}

  startLabelling(): void {
    const { host, store, runner, ours, volumes } = this.core;
    const ds = this.core.requireSeries('fine-tune');
    if (!ds) return;
    const state = store.get();
    const base = state.models.find((m) => m.key === state.fineTune.baseModelKey);
    if (!base) {
      this.core.say({
        kind: 'warning',
        text: 'Choose a base model that fits this series first.',
        anchor: 'fine-tune',
      });
      return;
    }
    void runner.run(
      'Draw labels',
      'fine-tune',
      async (signal) => {
        await this.core.volumeOf(ds, signal);
        const target = host.target();
        let segmentationId = state.fineTune.labelsSegmentationId;
        if (!segmentationId || !host.services.segmentationService.getSegmentation(segmentationId)) {
          segmentationId = await createLabelmap(
            target,
            ds,
            `Your labels · ${base.task}`,
            base.classes,
            base.classes.slice(1).map((c) => c.color),
          );
          ours.add(segmentationId);
        }
        const { segmentationService } = host.services;
        segmentationService.setActiveSegmentation(host.viewportId(), segmentationId);
        segmentationService.setActiveSegment(segmentationId, 1);
        host.commands.run('setToolActive', { toolName: 'CircularBrush' });
        // OHIF's default brush (25 mm) would cover a whole hippocampus crop: size it to the image (5 % of its side).
        const volume = volumes.get(ds.displaySetInstanceUID);
        if (volume) {
          const side = Math.min(volume.dims[0] * volume.spacing[0], volume.dims[1] * volume.spacing[1]);
          host.commands.run('setBrushSize', { value: Math.max(1, Math.round(side * 0.05)) });
        }
        store.set((s) => ({ fineTune: { ...s.fineTune, labelsSegmentationId: segmentationId } }));
        this.core.say({
          kind: 'info',
          text: 'Brush active on "Your labels": paint on a few slices (pick the class in the Segmentation panel), then Fine-tune.',
          anchor: 'fine-tune',
        });
      },
      false,
    );
  }

  /** The user's labels changed: list the labelled slices once the brush strokes settle. */
  onLabelsEdited(): void {
    const { host, store, volumes } = this.core;
    const ft = store.get().fineTune;
    const ds = host.activeDisplaySet();
    if (!ft.labelsSegmentationId || !ds || this.labelsTimer) return;
    this.labelsTimer = setTimeout(() => {
      this.labelsTimer = null;
      const volume = volumes.get(ds.displaySetInstanceUID);
      const id = store.get().fineTune.labelsSegmentationId;
      if (!volume || !id || !host.services.segmentationService.getSegmentation(id)) return;
      const { labels } = readLabels(host.target(), id, ds);
      const slices = labelledSlices(labels, volume.dims, 2);
      store.set((s) => ({ fineTune: { ...s.fineTune, labelledSlices: slices } }));
    }, LABELS_SETTLE_MS);
  }

  setFineTune(settings: Partial<FineTuneSettings>): void {
    this.core.store.set((s) => ({ fineTune: { ...s.fineTune, ...settings } }));
  }

  fineTune(): void {
    const { host, store, runner, loaded } = this.core;
    const ds = this.core.requireSeries('fine-tune');
    if (!ds) return;
    const state = store.get();
    const ft = state.fineTune;
    const base = state.models.find((m) => m.key === ft.baseModelKey);
    const problem = validateFineTune(ft, base);
    if (problem || !base) {
      this.core.say({ kind: 'error', text: problem ?? 'Fine-tune: no base model.', anchor: 'fine-tune' });
      return;
    }
    void runner.run(`Fine-tune ${base.name}`, 'fine-tune', async (signal) => {
      const volume = await this.core.volumeOf(ds, signal);
      const { labels } = readLabels(host.target(), ft.labelsSegmentationId!, ds);
      const slices = labelledSlices(labels, volume.dims, 2);
      if (slices.length === 0) throw new Error('No labelled slices: draw labels with the brush first');
      const worker = await this.core.ensureWorker();
      const key = await this.core.modelKey(base, signal);
      const saveAs = fineTunedName(base.name, new Date());
      store.set((s) => ({
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
              runner.progress({
                label: `Fine-tuning ${base.name}`,
                fraction: (p.epoch - 1 + within) / p.epochs,
                detail: `epoch ${p.epoch}/${p.epochs}${p.step !== undefined ? `, step ${p.step}/${p.steps}` : ''}, loss ${p.loss.toFixed(4)}`,
              });
              if (p.step !== undefined) return;
              store.set((s) => ({
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
        const series = store.get().series;
        const saved = (await savedModelEntries()).map((e) => {
          const fit = series ? fitsSeries(e, series) : { fits: false, reason: undefined };
          return { ...e, fits: fit.fits, fitReason: fit.reason, selected: e.name === saveAs };
        });
        const fresh = saved.find((e) => e.name === saveAs);
        if (fresh) loaded.set(fresh.key, result.modelKey);
        store.set((s) => ({
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
          runner.progress({ label: `Segmenting with ${saveAs}`, fraction: null });
          await this.runs.segmentWith(ds, [fresh], signal);
          await this.comparison.refresh(ds, signal);
        }
      } finally {
        store.set((s) => ({ fineTune: { ...s.fineTune, running: false } }));
      }
    });
  }
}

/** The fine-tuned model's name: the base's (without an earlier fine-tune stamp) and the local time. */
export function fineTunedName(base: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `${base.replace(/-ft-\d{8}-\d{6}$/, '')}-ft-${stamp}`;
}
