// The TF.js-free part of @seglens/losses, published on its own as `@seglens/losses/registry` for code that must
// not load TF.js (the viewer's main thread, model cards): every loss's description (names, the paper's labels,
// equations, defaults, the option schema and each loss's option check with its LossOptionError), the names and
// labels generated from it, and the losses evaluated from per-class sums. The tensor losses, getLoss and
// registerLoss are in the main entry, which re-exports all of this too (one registry: a loss registered there is
// listed here). Nothing reachable from here may import TF.js: test/registry-tf-free.test.ts fails if anything does.
export type {
  ClassWeightOptions,
  CommonOptions,
  CrossEntropyOptions,
  DbCEOptions,
  DiceCEOptions,
  DiceFocalOptions,
  DiceOptions,
  DiceShapeOptions,
  FocalGammaOptions,
  FocalOptions,
  LambdaOptions,
  PenaltyOptions,
  ProportionOptions,
  RceOptions,
  RegionOptions,
  RegionPenalty,
  RflOptions,
  TemperatureOptions,
  WeightedCrossEntropyOptions,
} from '../types';
export { lossSpecs } from './specs';
export type { EffectiveOptions, LossDefaults, LossName, LossOptionsByName, LossSpec } from './specs';
export { effectiveLossOptions, isLossName, lossNames } from './names';
export { LossOptionError, lossOptionSchema } from './schema';
export type { LossOptionKey, LossOptionSpec } from './schema';
export {
  hasClassSumEvaluation,
  lossesTakingOption,
  lossFromClassSums,
  lossDescription,
  lossLabel,
  lossOptionSpecs,
  recordedLossLabel,
  trainableLosses,
} from './describe';
export type { TrainableLoss } from './describe';
export { addPixel, addProbabilities, createClassSums, decomposeClassSums } from '../class-sums';
export type { ClassSums, ClassSumsAccumulator } from '../class-sums';
export { DICE_EPS, EPS } from './constants';
