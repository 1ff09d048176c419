// The models loaded in the worker, by key, each with a way to load it again (after a lost backend its weights
// are gone), its network with batch norm folded (kept, so that the warm-up pass and every Segment after it run
// the same folded weights, whose XNNPACK operators wasm packs once), and the softmax scores of its last
// segmentation, from which the loss lens makes its probabilities.
import {
  foldBatchNorm,
  type FoldedNet,
  type ModelCard,
  type ModelScores,
  type SeglensModel,
} from '@seglens/models';
import type { Vec3 } from '@seglens/data';

/**
 * What the loss lens needs of a model's last segment(): its softmax scores at the model's input size, and the
 * per-voxel probabilities (`classes` values per voxel, class fastest) made from them on the lens's first use
 * (null until then: most segmentations are never looked at through the lens, and making them costs as much as
 * the rest of segment() on a CT). Or, when the series was too large to keep them (see PROBABILITY_BUDGET in
 * handlers.ts), why not.
 */
export type LastSegmentation = { dims: Vec3; classes: number } & (
  | { scores: ModelScores; probabilities: Float32Array | null }
  | { scores: null; probabilities: null; lensOff: string }
);

interface Entry {
  card: ModelCard;
  /** null after a lost backend, until the next use reloads it. */
  model: SeglensModel | null;
  reload: () => Promise<SeglensModel>;
  /** `model.net` with batch norm folded, made on first use; null with the model, or until then. */
  folded: FoldedNet | null;
  last: LastSegmentation | null;
  /**
   * The backend instance (BackendGuard.instance) this network has run a forward pass on, or null: a warm-up
   * is only worth it once per network and backend, and a network reloaded or a backend started since is cold.
   */
  warmOn: string | null;
  /**
   * Memory for the next segmentation's scores (segment()'s modelScoresInto): the last warm-up pass's, or the scores
   * of the segmentation before `last`. Never the array `last` holds, so a cancelled or failed run leaves the lens's
   * scores as they were.
   */
  spare: Float32Array | null;
}

function disposeQuietly(model: SeglensModel | null, folded: FoldedNet | null): void {
  try {
    folded?.dispose();
    model?.net.dispose();
  } catch {
    // Weights on a lost backend may not be freeable; they are unreachable either way.
  }
}

export class ModelStore {
  private readonly entries = new Map<string, Entry>();

  /** Registers `model` under `key`, replacing (and disposing) whatever had that key. */
  put(key: string, model: SeglensModel, reload: () => Promise<SeglensModel>): void {
    const old = this.entries.get(key);
    if (old && old.model !== model) disposeQuietly(old.model, old.folded);
    const folded = old && old.model === model ? old.folded : null;
    this.entries.set(key, { card: model.card, model, reload, folded, last: null, warmOn: null, spare: null });
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  card(key: string, what: string): ModelCard {
    return this.entry(key, what).card;
  }

  /** The model, loaded again first if a lost backend took its weights. */
  async model(key: string, what: string): Promise<SeglensModel> {
    const entry = this.entry(key, what);
    if (!entry.model) {
      const model = await entry.reload();
      entry.model = model;
      entry.card = model.card;
      entry.warmOn = null;
    }
    return entry.model;
  }

  /**
   * The fold of the network under `key` for segment()'s `folded` option: the kept one while it matches the
   * weights, else a new one (the old freed). Call after `model(key)`, which loads the network.
   */
  folded(key: string, what: string): FoldedNet {
    const entry = this.entry(key, what);
    if (!entry.model) throw new Error(`${what}: the model under ${JSON.stringify(key)} is not loaded`);
    if (entry.folded?.source === entry.model.net && entry.folded.isCurrent()) return entry.folded;
    entry.folded?.dispose();
    entry.folded = foldBatchNorm(entry.model.net);
    return entry.folded;
  }

  /** Whether the network under `key` has run on backend instance `backend` (see Entry.warmOn). */
  isWarm(key: string, backend: string): boolean {
    return this.entries.get(key)?.warmOn === backend;
  }

  markWarm(key: string, backend: string): void {
    const entry = this.entries.get(key);
    if (entry?.model) entry.warmOn = backend;
  }

  /**
   * Records `key`'s last segmentation. The scores of the one it replaces become the spare (unless they are the very
   * array `last` holds).
   */
  setLast(key: string, last: LastSegmentation): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const old = entry.last?.scores?.values;
    entry.last = last;
    if (old && old.buffer !== last.scores?.values.buffer) this.keepSpare(key, old);
  }

  /** Takes `key`'s spare scores memory (null if none): the caller writes into it, then hands it back or keeps it. */
  takeSpare(key: string): Float32Array | null {
    const entry = this.entries.get(key);
    const spare = entry?.spare ?? null;
    if (entry) entry.spare = null;
    return spare;
  }

  /**
   * Keeps the memory behind `values` (the whole array it views) as `key`'s spare, unless the spare already held is
   * larger, or `last` holds it.
   */
  keepSpare(key: string, values: Float32Array): void {
    const entry = this.entries.get(key);
    if (!entry || values.buffer === entry.last?.scores?.values.buffer) return;
    const whole = new Float32Array(values.buffer as ArrayBuffer);
    if (entry.spare === null || entry.spare.length < whole.length) entry.spare = whole;
  }

  last(key: string, what: string): LastSegmentation | null {
    return this.entry(key, what).last;
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    disposeQuietly(entry.model, entry.folded);
    this.entries.delete(key);
  }

  /** After a lost backend: every network is dropped; cards, reloaders and last probabilities stay. */
  dropNetworks(): void {
    for (const entry of this.entries.values()) {
      disposeQuietly(entry.model, entry.folded);
      entry.model = null;
      entry.folded = null;
      entry.warmOn = null;
    }
  }

  private entry(key: string, what: string): Entry {
    const entry = this.entries.get(key);
    if (!entry) {
      const known = [...this.entries.keys()];
      throw new Error(
        `${what}: no model is loaded under the key ${JSON.stringify(key)} (loaded: ${known.length ? known.join(', ') : 'none'}); call loadModel first`,
      );
    }
    return entry;
  }
}
