// The paper's schedule (Sec. 4.1): "the initial learning rate is set to 1e-4 and halved if the loss on the
// validation set does not decrease within 5 epochs". Concretely: an epoch improves when its monitored loss is
// strictly below the best so far; after `patience` epochs in a row without improvement the rate is
// multiplied by `factor` and the count starts again. (PyTorch's ReduceLROnPlateau waits one epoch longer,
// reducing after patience + 1 bad epochs, and counts tiny relative improvements (< 1e-4) as none.)

export interface PlateauState {
  best: number;
  badEpochs: number;
}

export interface PlateauConfig {
  factor: number;
  patience: number;
  minLearningRate: number;
}

export function initialPlateau(): PlateauState {
  return { best: Infinity, badEpochs: 0 };
}

/** The next state and learning rate after an epoch whose monitored loss was `value`. */
export function plateauStep(
  state: PlateauState,
  value: number,
  learningRate: number,
  config: PlateauConfig,
): { state: PlateauState; learningRate: number; reduced: boolean } {
  if (value < state.best) return { state: { best: value, badEpochs: 0 }, learningRate, reduced: false };
  const badEpochs = state.badEpochs + 1;
  if (badEpochs >= config.patience) {
    const next = Math.max(config.minLearningRate, learningRate * config.factor);
    return { state: { best: state.best, badEpochs: 0 }, learningRate: next, reduced: next < learningRate };
  }
  return { state: { best: state.best, badEpochs }, learningRate, reduced: false };
}
