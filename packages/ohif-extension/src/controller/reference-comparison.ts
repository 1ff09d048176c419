// The reference and the comparison with it: a DICOM SEG of the study is shown as soon as the series opens
// (outlines, its name in Compare, the viewport moved to its labelled slices); after a run, each prediction
// is compared with the reference (or the user's brush labels) on the labelled slices, and the loss lens
// follows. Without a reference, the models' proportions are shown side by side.
import { distanceUnitOfGrid, gridShape } from '@seglens/metrics';
import { labelledSlices, labelProportions, REFERENCE_COLOR, unscoredClasses } from '../analysis';
import { readLabels, setOutlineOnly } from '../ohif/labelmap';
import type { DisplaySet } from '../ohif/types';
import type { ControllerCore } from './core';
import type { LossLens } from './loss-lens';
import { findReference, type Reference } from './reference';
import { restrictToSlices } from './util';

export class ReferenceComparison {
  /** The series the reference was looked for on open, and that search (which reference() waits for). */
  private referenceFor: string | null = null;
  private referenceOnOpen: Promise<unknown> | null = null;

  constructor(
    private readonly core: ControllerCore,
    private readonly lens: LossLens,
  ) {}

  /**
   * When the study has a SEG of this series: loads it as the reference right away, before Segment, draws it
   * as outlines, names it in Compare, and moves the viewport to the middle of the labelled slices (the
   * viewer otherwise opens on an edge slice, where there is nothing to see).
   */
  showOnOpen(ds: DisplaySet): void {
    const { host, store, ours } = this.core;
    const classes = this.core.classesOfSeries();
    if (this.referenceFor === ds.displaySetInstanceUID || classes.length === 0) return;
    const seg = host.services.displaySetService
      .getActiveDisplaySets()
      .find((d) => d.Modality === 'SEG' && d.referencedDisplaySetInstanceUID === ds.displaySetInstanceUID);
    if (!seg) return;
    const uid = ds.displaySetInstanceUID;
    this.referenceFor = uid;
    // OHIF decodes a SEG frame by frame (the demo CT's 140-odd frames of 512 × 512: several seconds here):
    // Compare says so meanwhile, and the benchmarks wait for it before pressing Segment.
    store.set({ referenceLoading: `DICOM SEG: ${seg.SeriesDescription ?? 'of this series'}` });
    this.referenceOnOpen = (async () => {
      const reference = await findReference(host, ds, classes, ours);
      if (!reference || host.activeDisplaySet()?.displaySetInstanceUID !== ds.displaySetInstanceUID) return;
      if (reference.segmentationId) setOutlineOnly(host.target(), reference.segmentationId);
      const n = ds.imageIds?.length ?? 0;
      const sliceSize = n > 0 ? reference.labels.length / n : 0;
      if (Number.isInteger(sliceSize) && sliceSize > 0) {
        const slices = labelledSlices(reference.labels, [sliceSize, 1, n], 2);
        const viewport = host.libs().cornerstone.getEnabledElementByViewportId(host.viewportId())?.viewport;
        if (slices.length)
          await viewport?.setImageIdIndex?.(Math.round((slices[0] + slices[slices.length - 1]) / 2));
      }
      const unscored = unscoredClasses(classes, reference.labelled).map((c) => c.name);
      if (store.get().comparison === null)
        store.set({
          comparison: {
            reference: reference.label,
            classes,
            rows: [],
            ...(unscored.length > 0 ? { unscored } : {}),
            proportions: [
              {
                source: 'reference',
                color: REFERENCE_COLOR,
                values: labelProportions(reference.labels, classes.length, reference.labelled),
              },
            ],
          },
        });
    })()
      .catch((error) => console.warn('seglens: the reference could not be shown on open', error))
      .finally(() => {
        // Unless another series' SEG is loading by now (the user moved on).
        if (this.referenceFor === uid) store.set({ referenceLoading: null });
      });
  }

  /** A SEG the user opens after segmenting becomes the reference: compare again. */
  onSegmentationAdded(): void {
    const { host, store, runner } = this.core;
    const ds = host.activeDisplaySet();
    const state = store.get();
    if (!ds || runner.running || state.predictions.length === 0 || state.comparison?.rows.length) return;
    // Let OHIF finish adding it (its labelmap images are created after the event).
    setTimeout(() => {
      if (runner.running) return;
      // No control of the panel started it (the user opened a SEG in OHIF): its failure shows in Compare.
      void runner.run('Compare', 'compare', (signal) => this.refresh(ds, signal));
    }, 500);
  }

  /** The reference for `ds`: a SEG of the study, else the user's brush labels on their labelled slices. */
  private async reference(ds: DisplaySet): Promise<Reference | null> {
    const { host, store, ours, volumes } = this.core;
    // The SEG may be loading since the study opened: wait, so it is not loaded twice.
    await this.referenceOnOpen;
    const classes = this.core.classesOfSeries();
    const fromSeg = await findReference(host, ds, classes, ours);
    if (fromSeg) return fromSeg;
    const labelsId = store.get().fineTune.labelsSegmentationId;
    if (!labelsId) return null;
    const { labels } = readLabels(host.target(), labelsId, ds);
    const volume = volumes.get(ds.displaySetInstanceUID);
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

  /** Compares the series' predictions with the reference (metrics, proportions), then the loss lens. */
  async refresh(ds: DisplaySet, signal: AbortSignal): Promise<void> {
    const { host, store, runner, volumes, results } = this.core;
    const state = store.get();
    const volume = volumes.get(ds.displaySetInstanceUID);
    const predictions = state.predictions.filter(
      (p) => results.get(p.key)?.displaySetUID === ds.displaySetInstanceUID,
    );
    if (!volume || predictions.length === 0) return;
    const classes = this.core.classesOfSeries();
    runner.progress({ label: 'Comparing', fraction: null, detail: 'looking for a reference' });
    const reference = await this.reference(ds);
    const models = predictions.map((p) => ({
      name: p.modelName,
      loss: p.loss,
      labels: results.get(p.key)!.labels,
      color: p.color,
    }));
    if (!reference) {
      store.set({
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
      this.core.updateLegend();
      return;
    }
    const restricted = restrictToSlices(volume.dims, reference.slices);
    // In the worker: the surface distances of 13 organs and two models on a CT take seconds, which on the main
    // thread would stop the page from responding, or drawing the overlays meanwhile.
    const worker = await this.core.ensureWorker();
    const comparison = await worker.compare(
      {
        reference: restricted.pick(reference.labels),
        predictions: models.map((m) => ({ ...m, labels: restricted.pick(m.labels) })),
        dims: restricted.dims,
        spacing: volume.spacing,
        // The unit of the whole series, not of the slices with a reference: one frame of a stack is still voxels.
        distanceUnit: distanceUnitOfGrid(volume.spacingUnknown === true, gridShape(volume.dims)),
        classes,
        labelled: reference.labelled,
      },
      { signal },
    );
    store.set({
      comparison: {
        reference: reference.label,
        classes,
        rows: comparison.rows,
        ...(comparison.unscored.length > 0 ? { unscored: comparison.unscored } : {}),
        proportions: comparison.proportions,
        distanceUnit: comparison.distanceUnit,
      },
    });
    // Under Compare, whichever run got here (Segment, Fine-tune, an opened SEG): it qualifies the metrics there.
    if (reference.unmatched.length)
      this.core.say({
        kind: 'warning',
        text: `Reference segments not matched to a model class: ${reference.unmatched.join(', ')}`,
        anchor: 'compare',
      });
    if (reference.segmentationId) setOutlineOnly(host.target(), reference.segmentationId);
    this.core.updateLegend();
    if (comparison.unscored.length > 0) {
      // A loss sums over every class: against a reference that calls the unlabelled organs background, a
      // model that finds them would pay for it. No lens rather than a wrong one.
      this.lens.off();
      this.core.say({
        kind: 'info',
        text: `Loss lens: off. The reference leaves ${comparison.unscored.length} of the classes unlabelled (see Compare), and a loss would count them as background.`,
        anchor: 'loss-lens',
      });
      return;
    }
    await this.lens.showFor(reference.labels, signal);
  }
}
