// Training U-Nets on labelled cases: the loop, its checkpoints and stores, and the pieces it is made of.
export { train, type TrainOptions, type TrainProgress, type TrainResult, type SelectBy } from './train';
export { prepareSlices, networkInput, checkCase, type TrainingCase, type PreparedSlices } from './cases';
export { resolveLoss, type LossSpec, type ResolvedLoss } from './loss';
export { Adam, type AdamConfig, type AdamState } from './adam';
export { plateauStep, initialPlateau, type PlateauConfig, type PlateauState } from './schedule';
export { augmentSample, type AugmentOptions } from './augment';
export { validationRecord } from './validate';
export {
  TRAINING_STATE_FILE,
  OPTIMIZER_FILE,
  type TrainingCheckpoint,
  type TrainingState,
  type TrainingStore,
} from './checkpoint';
export { memoryTrainingStore } from './memory-store';
export { directoryTrainingStore, type DirectoryTrainingStore } from './node/directory-store';
export {
  trainOnDataset,
  DATASET_PRESETS,
  type TrainOnDatasetOptions,
  type TrainOnDatasetProgress,
  type TrainOnDatasetResult,
  type DatasetChoice,
  type FolderDataset,
} from './node/train-on-dataset';
export { PRESET_NAMES, isPresetName, type DatasetPreset, type PresetName } from './node/presets';
