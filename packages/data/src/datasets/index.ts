// Training datasets: cases -> seeded case split -> normalisation -> fixed-size 2-D samples -> TF.js-ready batches.
// createSegmentationDataset works anywhere; the load* functions read folders and are Node only.
export { mulberry32, mixSeeds, shuffleInPlace } from './random';
export { splitCases, polypSequenceId, groupIdOf, type CaseSplit, type SplitOptions } from './split';
export {
  fitNormalization,
  intensityMap,
  applyIntensityMap,
  normalizeIntensities,
  type Normalization,
  type NormalizationSpec,
  type IntensityMap,
  type ChannelData,
} from './normalize';
export {
  DEFAULT_AUGMENTATION,
  resolveAugmentation,
  composeAffine,
  drawAugmentation,
  type AugmentationOptions,
  type Augmentation,
  type AugmentDraw,
} from './augment';
export { extractPlane, planeSize, type SliceAxis } from './planes';
export {
  SliceSet,
  type Batch,
  type BatchOptions,
  type PreparedCase,
  type SampleRef,
  type SliceSetConfig,
} from './sliceSet';
export {
  createSegmentationDataset,
  type LabelledCase,
  type DatasetOptions,
  type DatasetCard,
  type SegmentationDataset,
} from './dataset';
export { listImagePairs, type FilePair, type FolderListing } from './pairs';
export {
  loadLabelledCases,
  loadFolderDataset,
  loadPolypDataset,
  loadHippocampusDataset,
  type CaseLoadOptions,
  type FolderDatasetOptions,
  type PolypDatasetOptions,
  type HippocampusDatasetOptions,
} from './load';
