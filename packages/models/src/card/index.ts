// The model card (seglens.json): types, creation, validation and the input normalisation it prescribes.
export * from './types';
export { validateModelCard } from './validate';
export { createModelCard, type ModelCardInit } from './create';
export { normalizeVoxels, normalizationCoefficients, type NumericArray } from './normalization';
export {
  fitMismatch,
  modalityMismatch,
  channelMismatch,
  sliceSizeMismatch,
  MODALITY_ALIASES,
  MAX_ENLARGEMENT,
  type FitModel,
  type FitSeries,
  type FitInput,
} from './fits';
