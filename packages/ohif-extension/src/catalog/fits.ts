/**
 * Whether a model can run on a series, and if not, the reason shown next to it. In order:
 *
 * 1. Modality: the series' must equal the card's (case-insensitive), or both lie in one alias group.
 *    Endoscopy frames reach a viewer under several modalities, so a card saying ES (endoscopy) or
 *    'endoscopy' also accepts XC (external-camera photography) and OT (other: what converters of plain
 *    images write), and vice versa. No other aliases.
 * 2. Channels: "RGB series, model expects grey" and the like.
 * 3. Size of the slices along the model's slice axis, in the model's training orientation when the card and
 *    the series' image planes say it (when the entry carries its input geometry, as catalogue entries do): a 'pad' model cannot take slices larger than its input (they would be cropped);
 *    a 'resize' model refuses slices it would have to enlarge more than MAX_ENLARGEMENT times. Any number of
 *    slices ≥ 1 is fine: the models are 2D and run slice by slice.
 */
import type { Direction } from '@seglens/data';
import { modelAxes } from '@seglens/models';
import type { ModelEntry, SeriesView } from '../panel/state';
import type { ModelInputView } from './entry';

export const MODALITY_ALIASES: readonly (readonly string[])[] = [['ES', 'ENDOSCOPY', 'XC', 'OT']];
/** Largest enlargement of a slice side a 'resize' model accepts. */
export const MAX_ENLARGEMENT = 4;

export interface Fit {
  fits: boolean;
  reason?: string;
}

function sameModality(series: string, card: string): boolean {
  const s = series.trim().toUpperCase();
  const c = card.trim().toUpperCase();
  return s === c || MODALITY_ALIASES.some((group) => group.includes(s) && group.includes(c));
}

const channelName = (n: number): string => (n === 1 ? 'grey' : n === 3 ? 'RGB' : `${n}-channel`);

/** [width, height, count] of the slices along `axis` (rows/columns are the other axes, as in @seglens/models). */
function sliceShape(dims: SeriesView['dims'], axis: 0 | 1 | 2): [number, number, number] {
  const [w, h] = axis === 2 ? [dims[0], dims[1]] : axis === 1 ? [dims[0], dims[2]] : [dims[1], dims[2]];
  return [w, h, dims[axis]];
}

export function fitsSeries(
  entry: ModelEntry & { input?: ModelInputView },
  series: SeriesView & { direction?: Direction },
): Fit {
  if (!series.modality)
    return { fits: false, reason: `the series has no modality; the model is for ${entry.modality}` };
  if (!sameModality(series.modality, entry.modality))
    return { fits: false, reason: `${series.modality} series, the model is for ${entry.modality}` };
  if (series.channels !== entry.channels)
    return {
      fits: false,
      reason: `${channelName(series.channels)} series, model expects ${channelName(entry.channels)}`,
    };
  if (series.dims.some((d) => !(Number.isInteger(d) && d >= 1)))
    return { fits: false, reason: `the series has no slices (dims ${series.dims.join('×')})` };
  const input = entry.input;
  if (!input) return { fits: true };
  // The slices the model sees are cut from the series re-indexed to its training orientation: the series'
  // dims in that order (a sagittal series shown to an axial model is cut across its images).
  const axes =
    input.orientation && series.direction ? modelAxes(input, { direction: series.direction }) : null;
  const dims = axes ? (axes.map(({ axis }) => series.dims[axis]) as SeriesView['dims']) : series.dims;
  const [w, h] = sliceShape(dims, input.sliceAxis);
  const [H, W] = input.size;
  if (input.fit === 'pad' && (w > W || h > H))
    return {
      fits: false,
      reason: `slices are ${w}×${h} pixels, larger than the model's ${W}×${H} input (it would crop them)`,
    };
  if (input.fit === 'resize' && (w * MAX_ENLARGEMENT < W || h * MAX_ENLARGEMENT < H))
    return {
      fits: false,
      reason: `slices are ${w}×${h} pixels, too few for the model's ${W}×${H} input (over ${MAX_ENLARGEMENT}× enlargement)`,
    };
  return { fits: true };
}
