/**
 * Types shared by every loss family. Shapes follow TF.js's channels-last convention:
 *   logits  float32 [B, ...spatial, C]   raw scores (2D [B,H,W,C] and 3D [B,D,H,W,C] alike)
 *   labels  int32   [B, ...spatial]      class indices, or `ignoreIndex` for pixels left out of every sum
 * One channel (C == 1) is binary mode: sigmoid instead of softmax, labels in {0, 1}.
 * Option types only, without TF.js: the registry entry (@seglens/losses/registry) describes losses with them.
 */
/** Options every loss understands. */
export interface CommonOptions {
  /** Label value of pixels that are left out of every sum and count. Default 255. */
  ignoreIndex?: number;
  /**
   * Check label values and logits' finiteness on every call (default true). It costs one small read-back from
   * the backend (a GPU sync in the browser) and about three cheap passes over the inputs; turn it off inside a
   * training loop once the data pipeline is trusted. Shapes and dtypes are always checked: that is free.
   */
  validate?: boolean;
}

/** Class weights for the cross-entropy term: one non-negative weight per class (binary mode: [background, foreground]). */
export interface ClassWeightOptions {
  classWeights?: readonly number[];
}

/** Options of the region-size terms that use predicted proportions. */
export interface TemperatureOptions {
  /** τ of the paper's eq. (C.1): the softmax/sigmoid runs on τ·logits. τ = 10 sharpens. Default 10. */
  temperature?: number;
}

export interface FocalGammaOptions {
  /** Focusing exponent γ of the focal loss, γ ≥ 0. Default 2 (Lin et al. 2017, kept by the paper). */
  gamma?: number;
}

export interface DiceShapeOptions {
  /** Added to the numerator and the denominator of every class's soft Dice. Default 0. */
  smooth?: number;
  /** Count class 0 in the mean over classes. Default true. Ignored in binary mode (only the foreground exists). */
  includeBackground?: boolean;
}

export interface LambdaOptions {
  /** Weight λ ≥ 0 of the second term of a compound loss. */
  lambda?: number;
}

/** Which region-size penalty R(y; p) the compound losses of eq. (7) use. */
export type RegionPenalty = 'l1' | 'kl';

export interface PenaltyOptions {
  /** 'l1' (default, λ defaults to 1) or 'kl' (λ defaults to 0.1), as in the paper's experiments. */
  penalty?: RegionPenalty;
}

export type CrossEntropyOptions = CommonOptions & ClassWeightOptions;
export type WeightedCrossEntropyOptions = CommonOptions & ClassWeightOptions;
export type FocalOptions = CommonOptions & FocalGammaOptions;
export type RegionOptions = CommonOptions & TemperatureOptions;
export type DiceOptions = CommonOptions & DiceShapeOptions;
export type ProportionOptions = CommonOptions & TemperatureOptions;
export type RceOptions = CommonOptions &
  ClassWeightOptions &
  TemperatureOptions &
  LambdaOptions &
  PenaltyOptions;
export type RflOptions = CommonOptions &
  FocalGammaOptions &
  TemperatureOptions &
  LambdaOptions &
  PenaltyOptions;
export type DiceCEOptions = CommonOptions & ClassWeightOptions & DiceShapeOptions & LambdaOptions;
export type DiceFocalOptions = CommonOptions & FocalGammaOptions & DiceShapeOptions & LambdaOptions;
export type DbCEOptions = CommonOptions & ClassWeightOptions & TemperatureOptions & LambdaOptions;
