// Whole-volume inference and the slicing / fitting it shares with training and fine-tuning.
export { segment, type SegmentOptions, type SegmentProgress, type SegmentResult } from './segment';
export { expandScores, type ExpandScoresOptions, type ModelScores } from './model-scores';
export { sliceLayout, gatherSlices, scatterSlices, type SliceLayout } from './slices';
export { fitImages, fitLabels, unfitScores } from './fit';
export {
  foldBatchNorm,
  setDefaultConvolution,
  inferenceConvolution,
  type FoldedNet,
  type FoldOptions,
  type ConvolutionAlgorithm,
} from './folded-net';
export {
  toModelOrientation,
  fromModelOrientation,
  modelAxes,
  modelSliceAxis,
  modelSliceLayout,
} from './orientation';
export { abortError, throwIfAborted, yieldToEventLoop, yieldAndCheck } from './abort';
