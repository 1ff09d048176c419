// Segmentation runs and their overlays: Segment runs the selected models in the worker, one labelmap per
// model coloured by its role; visibility and opacity per overlay; the disagreement of the first two models.
import type { Volume } from '@seglens/data';
import { recordedLossLabel } from '@seglens/losses/registry';
import type { ClassView, ModelEntry, PredictionView } from '../panel/state';
import type { SegmentOutput } from '../worker/protocol';
import { disagreement, modelRoles, roleColorFamily, FINE_TUNED_ROLE } from '../analysis';
import { createLabelmap, setOpacity, setVisible, writeLabels } from '../ohif/labelmap';
import type { DisplaySet } from '../ohif/types';
import type { ControllerCore } from './core';
import type { ReferenceComparison } from './reference-comparison';

const DISAGREEMENT_COLOR: [number, number, number] = [255, 215, 0];

/**
 * A model that ran under this long (ms in the model) has its overlay held for the next model's (segmentWith). On
 * this project's 2-core machine without a GPU a polyp frame or a hippocampus crop takes 20-90 ms per model, the
 * cardiac series 100-300, the 20-slice CT 200-600 (mostly under 300 since session 47). Drawing the first overlay
 * while the second model ran made the second 1.3-1.7x slower (cardiac: 254-322 ms against 177-217 for the first);
 * holding it, `bench-viewer-ab --runs 4 --study cardiac-labelled` (session 40): in-model 24.3 -> 19.6 ms per slice,
 * Segment -> both overlays 2084 -> 2009 ms, viewport redraws 4 -> 2 (both labelmaps land in the same frames); polyp,
 * 5 runs: 1333 -> 1086 ms, 4 -> 2 redraws. A long model keeps the overlap: the first overlay is worth seeing early,
 * and its drawing is a smaller share of the next model's time.
 */
export const SHOW_TOGETHER_MS = 300;

/** How long a held overlay waits for the next model at most (ms); then it is shown, the next still running. */
export const SHOW_TOGETHER_WAIT_MS = 500;

/** Whether a model that ran `inferenceMs` in the model waits for the next one's overlay. */
export function showTogether(inferenceMs: number): boolean {
  return inferenceMs < SHOW_TOGETHER_MS;
}

/** Whether `promise` settles (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settled = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(settled, settled);
  });
}

export class Runs {
  /** Where the first two predictions differ (1) or agree (0), for the disagreement overlay. */
  private disagreementMask: Uint8Array | null = null;

  constructor(
    private readonly core: ControllerCore,
    private readonly comparison: ReferenceComparison,
  ) {}

  segment(): void {
    const { store, runner } = this.core;
    const ds = this.core.requireSeries('segment');
    if (!ds) return;
    const chosen = store.get().models.filter((m) => m.selected && m.fits);
    if (chosen.length === 0) {
      this.core.say({
        kind: 'warning',
        text: 'Select at least one model that fits this series.',
        anchor: 'segment',
      });
      return;
    }
    void runner.run('Segment', 'segment', async (signal) => {
      try {
        await this.segmentWith(ds, chosen, signal);
      } catch (error) {
        throw await this.core.recoverFromLostBackend(error);
      }
      await this.comparison.refresh(ds, signal);
    });
  }

  /**
   * Runs `models` on the series. The worker never waits for the page: every model is requested up front (the
   * worker loads them in order), and model i+1 is sent to the worker as soon as model i's result is back. The
   * worker holds one copy of the volume at a time (the next is sent once the previous result is back).
   *
   * A model's overlay is shown as soon as it is done, unless it was short (showTogether): then it waits for the
   * next model's, and both are shown together. Taking in a labelmap keeps the page busy (OHIF's segmentation,
   * Cornerstone's draws, the panel; hundreds of ms on a software GPU), and on a machine with few cores that work
   * slowed the next model down as much as it overlapped it; for a short model the overlap saves little time.
   * A failure or a cancel still shows the results already in.
   */
  async segmentWith(ds: DisplaySet, models: ModelEntry[], signal: AbortSignal): Promise<void> {
    const { runner } = this.core;
    const started = performance.now();
    const volume = await this.core.volumeOf(ds, signal);
    const worker = await this.core.ensureWorker();
    const keys = models.map((entry) => this.core.modelKey(entry, signal));
    const sentAt: number[] = [];
    const send = (i: number) => {
      sentAt[i] = performance.now();
      const label = `Segmenting with ${models[i].name} (${i + 1} of ${models.length})`;
      runner.progress({ label, fraction: i / models.length, detail: 'loading the model' });
      const result = keys[i].then((key) => {
        // The worker takes the voxels it is sent; keep ours for the next model and for fine-tuning.
        const copy: Volume = { ...volume, voxels: volume.voxels.slice() };
        return worker.segment(key, copy, {
          signal,
          onProgress: (f, p) =>
            runner.progress({
              fraction: (i + f) / models.length,
              detail: `slice ${p.slicesDone} of ${p.slices}`,
            }),
        });
      });
      // Awaited below; until then a failure must not count as unhandled (the first one awaited is reported).
      result.catch(() => undefined);
      return result;
    };
    for (const key of keys) key.catch(() => undefined);
    const held: Array<{ entry: ModelEntry; result: SegmentOutput; totalMs: number }> = [];
    const showHeld = async () => {
      for (const h of held.splice(0)) await this.showPrediction(ds, h.entry, h.result, h.totalMs);
    };
    let next = send(0);
    try {
      for (const [i, entry] of models.entries()) {
        const result = await next;
        held.push({ entry, result, totalMs: performance.now() - (i === 0 ? started : sentAt[i]) });
        if (i + 1 < models.length) {
          next = send(i + 1);
          if (showTogether(result.inferenceMs) && (await settlesWithin(next, SHOW_TOGETHER_WAIT_MS)))
            continue;
        }
        await showHeld();
      }
    } catch (error) {
      await showHeld();
      throw error;
    }
  }

  /** The paper's name of the entry's loss ('RCE(DKL)' for rce with the KL penalty), from its card's options. */
  private lossLabel(entry: ModelEntry): string {
    const record = this.core.cards.get(entry.key)?.training?.loss;
    return recordedLossLabel(entry.loss, record?.name === entry.loss ? record.options : undefined);
  }

  private async showPrediction(
    ds: DisplaySet,
    entry: ModelEntry,
    result: SegmentOutput,
    totalMs: number,
  ): Promise<void> {
    const { host, store, ours, results } = this.core;
    const predictionKey = `${entry.key}|${ds.displaySetInstanceUID}`;
    const state = store.get();
    // A fixed hue per role (first model, second, fine-tuned), whatever the study or the catalogue order.
    const roles = modelRoles(state.models.filter((m) => m.selected && m.fits));
    const role = roles.get(entry.key) ?? (entry.fineTunedFrom ? FINE_TUNED_ROLE : roles.size + 1);
    const colors = roleColorFamily(role, entry.classes.length - 1);
    const existing = state.predictions.find((p) => p.key === predictionKey);
    const target = host.target();
    // A new labelmap is created with its labels (one redraw); a shown one is rewritten in place.
    let segmentationId = existing?.segmentationId;
    if (segmentationId) writeLabels(target, segmentationId, ds, result.labels);
    else {
      const label = `${entry.name} · ${this.lossLabel(entry)}`;
      segmentationId = await createLabelmap(target, ds, label, entry.classes, colors, result.labels);
    }
    ours.add(segmentationId);
    results.set(predictionKey, {
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
      ...(result.lensOff === null ? {} : { lensOff: result.lensOff }),
    };
    store.set((s) => ({
      predictions: [...s.predictions.filter((p) => p.key !== predictionKey), view],
    }));
    this.updateDisagreement();
  }

  setVisibility(predictionKey: string, visible: boolean): void {
    const { host, store } = this.core;
    const p = store.get().predictions.find((x) => x.key === predictionKey);
    const entry = p && store.get().models.find((m) => m.key === p.modelKey);
    if (!p || !entry) return;
    setVisible(host.target(), p.segmentationId, entry.classes, visible);
    store.set((s) => ({
      predictions: s.predictions.map((x) => (x.key === predictionKey ? { ...x, visible } : x)),
    }));
    this.core.updateLegend();
  }

  setOpacity(predictionKey: string, opacity: number): void {
    const { host, store } = this.core;
    const p = store.get().predictions.find((x) => x.key === predictionKey);
    if (!p || !(opacity >= 0 && opacity <= 1)) return;
    setOpacity(host.target(), p.segmentationId, opacity);
    store.set((s) => ({
      predictions: s.predictions.map((x) => (x.key === predictionKey ? { ...x, opacity } : x)),
    }));
  }

  private updateDisagreement(): void {
    const { store, results } = this.core;
    const [a, b] = store.get().predictions;
    const ra = a && results.get(a.key);
    const rb = b && results.get(b.key);
    if (!ra || !rb) return;
    const d = disagreement(ra.labels, rb.labels);
    const previous = store.get().disagreement;
    store.set({
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

  /** Shows the disagreement overlay (made the first time) or hides it again. */
  toggleDisagreement(): void {
    const { host, store, runner, ours } = this.core;
    const d = store.get().disagreement;
    const ds = host.activeDisplaySet();
    if (!d || !ds || !this.disagreementMask) return;
    const mask = this.disagreementMask;
    void runner.run(
      'Disagreement',
      'results',
      async () => {
        const target = host.target();
        let segmentationId = d.segmentationId;
        const classes: ClassView[] = [
          { index: 0, name: 'background', color: [0, 0, 0] },
          { index: 1, name: `${d.a} ≠ ${d.b}`, color: DISAGREEMENT_COLOR },
        ];
        if (!segmentationId) {
          const label = `Disagreement · ${d.a} vs ${d.b}`;
          segmentationId = await createLabelmap(target, ds, label, classes, [DISAGREEMENT_COLOR], mask);
          ours.add(segmentationId);
          store.set({ disagreement: { ...d, segmentationId, visible: true } });
          return;
        }
        setVisible(target, segmentationId, classes, !d.visible);
        store.set({ disagreement: { ...d, visible: !d.visible } });
      },
      false,
    );
  }
}
