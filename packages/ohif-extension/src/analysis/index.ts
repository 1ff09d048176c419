// Browser-independent analysis for the panel: metrics against a reference, proportions, disagreement,
// the fine-tuning labels, and the models' overlay colours.
export { compareWithReference, unscoredClasses, NO_REFERENCE, REFERENCE_COLOR } from './compare';
export type { CompareInput, Comparison, PredictionInput } from './compare';
export { labelProportions } from './proportions';
export { disagreement, type Disagreement } from './disagreement';
export { labelledSlices, fineTuneLabels, UNLABELLED } from './slices';
export { hslToRgb, type Rgb } from './colors';
export { roleColorFamily, modelRoles, roleName, FINE_TUNED_ROLE, type RoleInput } from './roles';
