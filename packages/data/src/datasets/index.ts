// Labelled datasets on disk: folder layouts, decoding every case once (Node only), and the seeded split by case.
// Turning cases into model inputs (slices, fit, normalisation, augmentation) is @seglens/models' training pipeline.
export { splitCases, polypSequenceId, groupIdOf, type CaseSplit, type SplitOptions } from './split';
export { listImagePairs, type FilePair, type FolderListing } from './pairs';
export { loadLabelledCase, loadLabelledCases, type CaseLoadOptions, type LabelledCase } from './load';
export {
  DATASET_HEADER_REPAIRS,
  BTCV_ROWS_MIRRORED,
  ACDC_SPACING_DROPPED,
  mirrorRowDirection,
  type HeaderRepair,
} from './header-repairs';
