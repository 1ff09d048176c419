// The TF.js-free part of @seglens/models, published on its own as `@seglens/models/card` for code that must not
// load TF.js (the viewer's main thread): the model card (seglens.json) with its types, creation, validation and
// input normalisation; the rules for which series a model fits; the list of models saved in IndexedDB; the
// provenance a DICOM SEG of the model's predictions carries.
// Nothing reachable from here may import TF.js: test/card/tf-free.test.ts fails if anything does.
export * from './types';
export { validateModelCard } from './validate';
export { createModelCard, type ModelCardInit } from './create';
export {
  normalizeVoxels,
  normalizationCoefficients,
  type ChannelNormalization,
  type NumericArray,
} from './normalization';
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
export { listModelsInIndexedDB, type StoredModelInfo } from '../io/card-store';
export * from './provenance';
