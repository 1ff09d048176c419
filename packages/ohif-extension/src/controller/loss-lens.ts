// The loss lens: each model's losses against the reference, split into the matching and region-size terms,
// for the whole volume or for the slice on screen (which follows the user's scrolling). The worker computes
// them from the softmax probabilities it kept from each model's last segmentation.
import type { ControllerCore } from './core';

export class LossLens {
  /** The reference labels the lens compares with (set by the comparison), on the segmented series' grid. */
  private reference: Uint8Array | null = null;

  constructor(private readonly core: ControllerCore) {}

  /** No lens until the next showFor (a reference it cannot be computed against). */
  off(): void {
    this.reference = null;
    this.core.store.set({ lossLens: null });
  }

  /** Compares with `reference` from now on and computes the lens for it. */
  async showFor(reference: Uint8Array, signal: AbortSignal): Promise<void> {
    this.reference = reference;
    await this.refresh(signal);
  }

  async refresh(signal: AbortSignal): Promise<void> {
    const { store, runner, loaded } = this.core;
    const reference = this.reference;
    const state = store.get();
    if (!reference) return;
    const worker = await this.core.ensureWorker();
    // The whole volume by default: the viewport usually opens on an edge slice, where there is little to see.
    const scope = state.lossLens?.scope ?? 'volume';
    const slice = scope === 'slice' ? this.core.currentSlice() : null;
    runner.progress({
      label: 'Loss lens',
      detail: scope === 'slice' ? `slice ${(slice ?? 0) + 1}` : 'whole volume',
    });
    const rows = [];
    const off: string[] = [];
    for (const p of state.predictions) {
      const key = loaded.get(p.modelKey);
      if (!key) continue;
      // The worker kept no probabilities for it (a series too large): the other models still get their rows.
      if (p.lensOff) {
        off.push(`${p.modelName}: ${p.lensOff}.`);
        continue;
      }
      const lens = await worker.lossLens(key, reference, { slice: slice ?? undefined, signal });
      rows.push(...lens.map((r) => ({ ...r, model: p.modelName })));
    }
    store.set({ lossLens: { scope, slice, rows } });
    if (off.length > 0) this.core.say({ kind: 'warning', text: off.join(' '), anchor: 'loss-lens' });
  }

  /** The user scrolled to another slice: a slice-scoped loss lens moves with them. */
  onSliceViewed(): void {
    const { store, runner } = this.core;
    const lens = store.get().lossLens;
    if (lens?.scope !== 'slice' || !this.reference || this.core.currentSlice() === lens.slice) return;
    // Busy (another task, or the lens itself on an earlier slice): look again shortly, so the lens ends on
    // the slice the user stopped at.
    if (runner.running) {
      setTimeout(() => this.onSliceViewed(), 300);
      return;
    }
    void runner
      .run('Loss lens', 'loss-lens', (signal) => this.refresh(signal))
      .then((done) => done && this.onSliceViewed());
  }

  setScope(scope: 'slice' | 'volume'): void {
    this.core.store.set((s) => ({
      lossLens: { scope, slice: s.lossLens?.slice ?? null, rows: s.lossLens?.rows ?? [] },
    }));
    void this.core.runner.run('Loss lens', 'loss-lens', (signal) => this.refresh(signal));
  }
}
