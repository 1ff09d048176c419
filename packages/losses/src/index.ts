/**
 * @seglens/losses: every segmentation loss of "Do We Really Need Dice? The Hidden Region-Size Biases of
 * Segmentation Losses" (Liu et al.) in TF.js, with the matching / region-size decompositions of CE and log-Dice.
 * Inputs: logits float32 [B, ...spatial, C] (channels-last), labels int32 [B, ...spatial]; C == 1 is binary mode.
 */
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
  LossFn,
  PenaltyOptions,
  ProportionOptions,
  RceOptions,
  RegionOptions,
  RegionPenalty,
  RflOptions,
  TemperatureOptions,
  WeightedCrossEntropyOptions,
} from './types';
export type { DefinedLoss } from './define';
export { crossEntropy, weightedCrossEntropy } from './crossEntropy';
export { focal } from './focal';
export { gtProportions, predProportions } from './proportions';
export { diceBias, regionKL, regionL1 } from './region';
export { dice, logDice } from './dice';
export { dbCE, diceCE, diceFocal, logDiceCE, logDiceFocal, rce, rfl } from './compound';
export { effectiveLossOptions, getLoss, isLossName, lossNames, lossRegistry, registerLoss } from './registry';
export type {
  CustomLossEntry,
  EffectiveOptions,
  LossDefaults,
  LossEntry,
  LossName,
  LossOptionsByName,
} from './registry';
export { defineLoss } from './define';
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
export { addPixel, createClassSums, decomposeClassSums } from './classSums';
export type { ClassSums, ClassSumsAccumulator } from './classSums';
export { EPS } from './proportions';
export { DICE_EPS } from './dice';
export type { FlatInputs } from './flatten';
export { decompose, decomposeAsync } from './decompose';
export type { Decomposition, DecompositionKind, DecompositionTerms, ImageDecomposition } from './decompose';
