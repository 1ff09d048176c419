// Fine-tuning a trained model on a few labelled slices.
export { fineTune, type FineTuneOptions, type FineTuneResult } from './finetune';
export { prepareSamples, UNLABELLED, type FineTuneSample, type PreparedSamples } from './samples';
