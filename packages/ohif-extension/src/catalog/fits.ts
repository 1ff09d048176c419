// Whether a model can run on a series, and if not, the reason shown next to it: the fit rules of
// @seglens/models/card (modality with its endoscopy aliases, channels, slice size in the model's orientation),
// applied to a catalogue entry and the panel's view of the series.
import type { Direction } from '@seglens/data';
import { fitMismatch } from '@seglens/models/card';
import type { ModelEntry, SeriesView } from '../panel/state';
import type { ModelInputView } from './entry';

export { MODALITY_ALIASES, MAX_ENLARGEMENT } from '@seglens/models/card';

export interface Fit {
  fits: boolean;
  reason?: string;
}

/** Entries without input geometry (not from the catalogue) are judged on modality and channels only. */
export function fitsSeries(
  entry: ModelEntry & { input?: ModelInputView },
  series: SeriesView & { direction?: Direction },
): Fit {
  const reason = fitMismatch(entry, series);
  return reason === null ? { fits: true } : { fits: false, reason };
}
