// A model card as the panel lists it (ModelEntry), plus the input geometry fitsSeries needs.
import type { ModelCard } from '@seglens/models/card';
import type { ModelEntry } from '../panel/state';
import type { WorkerFineTuneRecord } from '../worker/protocol';

/** How the model slices and sizes its input (from the card's `input`). */
export interface ModelInputView {
  /** [height, width] the network sees. */
  size: [number, number];
  fit: 'resize' | 'pad';
  sliceAxis: 0 | 1 | 2;
  /** The card's training orientation, when it records one: sliceAxis counts in it. */
  orientation?: string;
}

/** A ModelEntry that also carries its input geometry, so fitsSeries can judge the series' size. */
export interface CatalogEntry extends ModelEntry {
  input: ModelInputView;
}

/** The entry for `card` under `key`; not yet judged against a series (fits true, not selected). */
export function entryFromCard(card: ModelCard, key: string, origin: ModelEntry['origin']): CatalogEntry {
  const lastTuning = card.fineTuning[card.fineTuning.length - 1] as Partial<WorkerFineTuneRecord> | undefined;
  return {
    key,
    name: card.name,
    origin,
    task: card.task,
    modality: card.modality,
    loss: card.training?.loss.name ?? lastTuning?.loss?.name ?? 'unknown',
    channels: card.input.channels,
    classes: card.classes.map((c) => ({
      index: c.index,
      name: c.name,
      color: [...c.color] as [number, number, number],
    })),
    ...(lastTuning?.baseModel ? { fineTunedFrom: lastTuning.baseModel } : {}),
    ...(lastTuning?.date ? { createdAt: lastTuning.date } : { createdAt: card.createdAt }),
    fits: true,
    selected: false,
    input: {
      size: [card.input.size[0], card.input.size[1]],
      fit: card.input.fit,
      sliceAxis: card.input.sliceAxis,
      ...(card.input.orientation ? { orientation: card.input.orientation } : {}),
    },
  };
}
