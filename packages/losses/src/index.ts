/**
 * @seglens/losses: every segmentation loss of "Do We Really Need Dice? The Hidden Region-Size Biases of
 * Segmentation Losses" (Liu et al.) in TF.js, with the matching / region-size decompositions of CE and log-Dice.
 * Inputs: logits float32 [B, ...spatial, C] (channels-last), labels int32 [B, ...spatial]; C == 1 is binary mode.
 */
export type { DefinedLoss, LossFn } from './define';
export { crossEntropy, weightedCrossEntropy } from './cross-entropy';
export { focal } from './focal';
export { gtProportions, predProportions } from './proportions';
export { diceBias, regionKL, regionL1 } from './region';
export { dice, logDice } from './dice';
export { dbCE, diceCE, diceFocal, logDiceCE, logDiceFocal, rce, rfl } from './compound';
export { getLoss, lossRegistry, registerLoss } from './loss-registry';
export type { CustomLossEntry, LossEntry } from './loss-registry';
export { defineLoss } from './define';
// The TF.js-free part (option types, loss descriptions, names and labels, option checks, per-class-sum
// evaluation), also published alone as @seglens/losses/registry: one list, in registry/index.ts.
export * from './registry';
export type { FlatInputs } from './flatten';
export { decompose, decomposeAsync } from './decompose';
export type { Decomposition, DecompositionKind, DecompositionTerms, ImageDecomposition } from './decompose';
