// Whether a model fits an input: @seglens/models' fit rules (the viewer catalogue applies the same ones), in two
// steps: the modality (from the QIDO answer in a DICOMweb batch, before any pixel is downloaded; from the series
// for `predict --input`), then channels and slice size on the volume read.
import type { Volume } from '@seglens/data';
import { channelMismatch, modalityMismatch, sliceSizeMismatch, type SeglensModel } from '@seglens/models';

/** Null when the model suits a series of this modality, else why not. */
export function modalityFits(seriesModality: string | undefined, model: SeglensModel): string | null {
  return modalityMismatch(seriesModality, model.card.modality);
}

/** Null when the model can segment the series, else why not. */
export function volumeFits(volume: Volume, model: SeglensModel): string | null {
  const input = model.card.input;
  return channelMismatch(volume.channels, input.channels) ?? sliceSizeMismatch(input, volume);
}
