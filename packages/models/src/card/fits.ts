/**
 * Whether a model can run on a series, judged from its card alone (no weights, no TF.js): the one copy of the
 * rules the viewer's catalogue and `seglens segment --dicomweb` apply. Each function returns null when the
 * model fits, else the reason shown to the user. In order:
 *
 * 1. Modality: the series' must equal the card's (case-insensitive), or both lie in one alias group.
 *    Endoscopy frames reach a viewer under several modalities, so a card saying ES (endoscopy) or
 *    'endoscopy' also accepts XC (external-camera photography) and OT (other: what converters of plain
 *    images write), and vice versa. No other aliases.
 * 2. Channels: "RGB series, model expects grey" and the like.
 * 3. Size of the slices along the model's slice axis, in the model's training orientation when the card and
 *    the series' direction both say it: a 'pad' model cannot take slices larger than its input (they would be
 *    cropped); a 'resize' model refuses slices it would have to enlarge more than MAX_ENLARGEMENT times. Any
 *    number of slices ≥ 1 is fine: the models are 2D and run slice by slice.
 */
import type { Direction } from '@seglens/data';
// orientation.ts holds only index arithmetic (no TF.js), so this entry stays TF-free; test/card/tf-free.test.ts checks it.
import { modelAxes } from '../infer/orientation';
import type { InputSpec } from './types';

export const MODALITY_ALIASES: readonly (readonly string[])[] = [['ES', 'ENDOSCOPY', 'XC', 'OT']];
/**
 * Largest enlargement of a slice side a 'resize' model accepts. 2, not more: past that a model sees anatomy at
 * a scale it never met in training, and a model of another task can win the catalogue (at 4 the cardiac
 * models, 128×128, fitted the 35×51 hippocampus crops and were picked before the hippocampus models).
 */
export const MAX_ENLARGEMENT = 2;

/** The card's input geometry the size rule reads. */
export type FitInput = Pick<InputSpec, 'size' | 'fit' | 'sliceAxis' | 'orientation'>;

/** What the rules read of a model: its card's modality and channels, and its input geometry when known. */
export interface FitModel {
  modality: string;
  channels: number;
  /** Without it only modality, channels and non-empty dims are judged. */
  input?: FitInput;
}

/** What the rules read of a series. */
export interface FitSeries {
  /** Undefined or empty when the series has none: such a series fits no model. */
  modality?: string;
  channels: number;
  /** Voxels along each stored axis (i, j, k). */
  dims: readonly [number, number, number];
  /** Where the stored axes point; with a card orientation, slices are measured in the model's orientation. */
  direction?: Direction;
}

/** Null when a series of `seriesModality` suits a model trained on `modelModality`, else why not. */
export function modalityMismatch(seriesModality: string | undefined, modelModality: string): string | null {
  if (!seriesModality) return `the series has no modality; the model is for ${modelModality}`;
  const s = seriesModality.trim().toUpperCase();
  const m = modelModality.trim().toUpperCase();
  if (s === m || MODALITY_ALIASES.some((group) => group.includes(s) && group.includes(m))) return null;
  return `${seriesModality} series, the model is for ${modelModality}`;
}

const channelName = (n: number): string => (n === 1 ? 'grey' : n === 3 ? 'RGB' : `${n}-channel`);

/** Null when the series has the channels the model expects, else why not. */
export function channelMismatch(seriesChannels: number, modelChannels: number): string | null {
  if (seriesChannels === modelChannels) return null;
  return `${channelName(seriesChannels)} series, model expects ${channelName(modelChannels)}`;
}

/**
 * Null when the series has slices the model can take, else why not. Without `input` only checks that every
 * dim is a whole number ≥ 1.
 */
export function sliceSizeMismatch(
  input: FitInput | undefined,
  series: Pick<FitSeries, 'dims' | 'direction'>,
): string | null {
  if (series.dims.some((d) => !(Number.isInteger(d) && d >= 1)))
    return `the series has no slices (dims ${series.dims.join('×')})`;
  if (!input) return null;
  // The slices the model sees are cut from the series re-indexed to its training orientation: the series'
  // dims in that order (a sagittal series shown to an axial model is cut across its images).
  const axes =
    input.orientation && series.direction ? modelAxes(input, { direction: series.direction }) : null;
  const dims = axes ? axes.map(({ axis }) => series.dims[axis]) : series.dims;
  // Rows and columns of a slice are the other two axes, lower first, as the models slice volumes.
  const a = input.sliceAxis;
  const [w, h] = a === 2 ? [dims[0], dims[1]] : a === 1 ? [dims[0], dims[2]] : [dims[1], dims[2]];
  const [H, W] = input.size;
  if (input.fit === 'pad' && (w > W || h > H))
    return `slices are ${w}×${h} pixels, larger than the model's ${W}×${H} input (it would crop them)`;
  if (input.fit === 'resize' && (w * MAX_ENLARGEMENT < W || h * MAX_ENLARGEMENT < H))
    return `slices are ${w}×${h} pixels, too few for the model's ${W}×${H} input (over ${MAX_ENLARGEMENT}× enlargement)`;
  return null;
}

/** Every rule in order: null when `model` can segment `series`, else the first reason it cannot. */
export function fitMismatch(model: FitModel, series: FitSeries): string | null {
  return (
    modalityMismatch(series.modality, model.modality) ??
    channelMismatch(series.channels, model.channels) ??
    sliceSizeMismatch(model.input, series)
  );
}
