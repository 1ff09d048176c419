// Which series of a study a model fits: the viewer catalogue's rules (packages/ohif-extension/src/catalog/fits.ts),
// applied in two steps here: the modality from the QIDO answer, before any pixel is downloaded, then channels
// and slice size on the series read with WADO-RS. Kept in step with the viewer by hand: apps cannot import the
// extension.
import type { Volume } from '@seglens/data';
import { modelAxes, type SeglensModel } from '@seglens/models';

const MODALITY_ALIASES: readonly (readonly string[])[] = [['ES', 'ENDOSCOPY', 'XC', 'OT']];
const MAX_ENLARGEMENT = 4;

export function modalityFits(seriesModality: string | undefined, model: SeglensModel): string | null {
  const card = model.card.modality.trim().toUpperCase();
  if (!seriesModality) return `the series has no modality; the model is for ${model.card.modality}`;
  const s = seriesModality.trim().toUpperCase();
  if (s === card || MODALITY_ALIASES.some((g) => g.includes(s) && g.includes(card))) return null;
  return `${seriesModality} series, the model is for ${model.card.modality}`;
}

const channelName = (n: number): string => (n === 1 ? 'grey' : n === 3 ? 'RGB' : `${n}-channel`);

/** Null when the model can segment the series, else why not. */
export function volumeFits(volume: Volume, model: SeglensModel): string | null {
  const input = model.card.input;
  if (volume.channels !== input.channels)
    return `${channelName(volume.channels)} series, model expects ${channelName(input.channels)}`;
  const axes = input.orientation ? modelAxes(input, volume) : null;
  const dims = axes ? axes.map(({ axis }) => volume.dims[axis]) : [...volume.dims];
  const a = input.sliceAxis;
  const [w, h] = a === 2 ? [dims[0], dims[1]] : a === 1 ? [dims[0], dims[2]] : [dims[1], dims[2]];
  const [H, W] = input.size;
  if (input.fit === 'pad' && (w > W || h > H))
    return `slices are ${w}×${h} pixels, larger than the model's ${W}×${H} input (it would crop them)`;
  if (input.fit === 'resize' && (w * MAX_ENLARGEMENT < W || h * MAX_ENLARGEMENT < H))
    return `slices are ${w}×${h} pixels, too few for the model's ${W}×${H} input (over ${MAX_ENLARGEMENT}× enlargement)`;
  return null;
}
