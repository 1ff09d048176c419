// Statistics over per-case metrics: paired tests and intervals, and splitting cases by structure size.
export { erfc, normalSurvival } from './normal';
export { averageRanks, type Ranked } from './ranks';
export { wilcoxonSignedRank, type WilcoxonMethod, type WilcoxonResult } from './wilcoxon';
export { bootstrapMeanCi, type BootstrapOptions } from './bootstrap';
export { pairedComparison, sizeBins, type PairedComparison, type SizeBin } from './paired';
