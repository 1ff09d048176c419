// The model card (seglens.json): types, creation, validation and the input normalisation it prescribes.
export * from './types';
export { validateModelCard } from './validate';
export { createModelCard, type ModelCardInit } from './create';
export { normalizeVoxels, normalizationCoefficients, type NumericArray } from './normalization';
