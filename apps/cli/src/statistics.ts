// The statistics of `compare` over per-case numbers: for the first two models, the paired difference of DSC
// and HD95 (Wilcoxon signed-rank, bootstrap 95% CI); for every model, predicted vs true region proportion and
// its signed error (the paper's region-size bias: Dice drives small structures smaller, and some larger); and
// the same split into bins of reference structure size (the true region proportion of the class in the case).
import {
  meanIgnoringNaN,
  pairedComparison,
  sizeBins,
  type PairedComparison,
  type SegmentationEvaluation,
} from '@seglens/metrics';
import type { ClassSummary, EvaluationSummary } from './evaluation';
import { fixed, formatTable, percent } from './table';

/** One case's per-class numbers (foreground classes), as `evaluate --per-case` prints them. */
export interface CaseSummary {
  id: string;
  perClass: ClassSummary[];
}

export function perCaseSummaries(
  ids: readonly string[],
  evaluations: readonly SegmentationEvaluation[],
): CaseSummary[] {
  return evaluations.map((e, i) => ({
    id: ids[i],
    perClass: e.perClass.map((c) => ({
      name: c.name,
      dsc: c.dsc,
      iou: c.iou,
      hd95: c.hd95,
      nsd: c.nsd,
      trueProportion: c.trueProportion,
      predProportion: c.predProportion,
      predRegions: c.predRegions,
      falseRegionShare: c.falseRegionShare,
    })),
  }));
}

export interface ModelCases {
  name: string;
  perCase: CaseSummary[];
}

/** One model's region proportions for a class: means over cases, signed error = predicted − true. */
export interface ProportionBias {
  model: string;
  trueProportion: number;
  predProportion: number;
  signedError: number;
  absError: number;
}

export interface SizeBinStatistics {
  /** Smallest and largest true region proportion of the class among the bin's cases. */
  low: number;
  high: number;
  cases: number;
  /** Per model: mean DSC and mean signed proportion error over the bin's cases. */
  models: Array<{ model: string; dsc: number; signedError: number }>;
  /** First model minus second, DSC, over the bin's cases. */
  paired: PairedComparison;
}

/** What a single case can say about a class: each model's predicted vs true region proportion. */
export interface ClassProportions {
  name: string;
  proportions: ProportionBias[];
}

/** Two cases or more: the paired differences of the first two models and the size bins as well. */
export interface ClassStatistics extends ClassProportions {
  /** Per-case DSC of the first model minus the second's. */
  paired: PairedComparison;
  /** The same for HD95 (cases where both are defined). */
  pairedHd95: PairedComparison;
  sizeBins: SizeBinStatistics[];
}

/** The bootstrap seed: fixed, so that a report regenerates to the digit. */
export const BOOTSTRAP_SEED = 1;
/** Size bins: thirds of the cases by true region proportion (small, medium, large structures). */
export const SIZE_BINS = 3;

function values(
  m: ModelCases,
  k: number,
  metric: keyof Omit<ClassSummary, 'name'>,
  cases?: number[],
): number[] {
  const rows = cases ? cases.map((i) => m.perCase[i]) : m.perCase;
  return rows.map((c) => c.perClass[k][metric]);
}

const mean = (xs: number[]): number => meanIgnoringNaN(xs).mean;

function checkSameCases(models: readonly ModelCases[]): void {
  if (models.length < 2) throw new Error(`compareStatistics: needs two models, got ${models.length}`);
  const ids = models[0].perCase.map((c) => c.id).join('\n');
  for (const m of models)
    if (m.perCase.map((c) => c.id).join('\n') !== ids)
      throw new Error(
        `compareStatistics: model '${m.name}' was scored on other cases than '${models[0].name}'`,
      );
}

/** Per model, the class's predicted proportion minus the true one, case by case (or over `cases`). */
function proportionErrors(m: ModelCases, k: number, cases?: number[]): number[] {
  const p = values(m, k, 'predProportion', cases);
  return values(m, k, 'trueProportion', cases).map((t, i) => p[i] - t);
}

/** Per foreground class, each model's region proportions: all one case can say. */
export function classProportions(models: readonly ModelCases[]): ClassProportions[] {
  checkSameCases(models);
  return models[0].perCase[0].perClass.map((c, k) => ({
    name: c.name,
    proportions: models.map((m) => {
      const errors = proportionErrors(m, k);
      return {
        model: m.name,
        trueProportion: mean(values(models[0], k, 'trueProportion')),
        predProportion: mean(values(m, k, 'predProportion')),
        signedError: mean(errors),
        absError: mean(errors.map(Math.abs)),
      };
    }),
  }));
}

/**
 * Per foreground class, the statistics above. Models must report the same cases in the same order, two or
 * more of them: the difference of one case has no spread to test (classProportions is what one case gives).
 */
export function compareStatistics(models: readonly ModelCases[]): ClassStatistics[] {
  const cases = models[0]?.perCase.length ?? 0;
  if (cases < 2) throw new Error(`compareStatistics: paired statistics need two cases or more, got ${cases}`);
  const [a, b] = models;
  const boot = { seed: BOOTSTRAP_SEED };
  return classProportions(models).map((c, k): ClassStatistics => {
    const truth = values(a, k, 'trueProportion');
    return {
      name: c.name,
      paired: pairedComparison('dsc', values(a, k, 'dsc'), values(b, k, 'dsc'), boot),
      pairedHd95: pairedComparison('hd95', values(a, k, 'hd95'), values(b, k, 'hd95'), boot),
      proportions: c.proportions,
      sizeBins: sizeBins(truth, SIZE_BINS).map((bin) => ({
        low: bin.low,
        high: bin.high,
        cases: bin.cases.length,
        models: models.map((m) => ({
          model: m.name,
          dsc: mean(values(m, k, 'dsc', bin.cases)),
          signedError: mean(proportionErrors(m, k, bin.cases)),
        })),
        paired: pairedComparison('dsc', values(a, k, 'dsc', bin.cases), values(b, k, 'dsc', bin.cases), boot),
      })),
    };
  });
}

/** The per-class table `evaluate` prints (dataset split or DICOMweb reference SEGs). */
export function formatSummaryTable(
  summary: EvaluationSummary,
  hd95Header: string,
  nsdHeader: string,
): string {
  return formatTable(
    [
      { header: 'class', align: 'left' },
      { header: 'DSC' },
      { header: 'IoU' },
      { header: hd95Header },
      { header: nsdHeader },
      { header: 'true prop.' },
      { header: 'pred prop.' },
      { header: 'regions' },
      { header: 'in false regions' },
    ],
    [
      ...summary.perClass.map((c) => [
        c.name,
        fixed(c.dsc, 3),
        fixed(c.iou, 3),
        fixed(c.hd95, 2),
        fixed(c.nsd, 3),
        percent(c.trueProportion),
        percent(c.predProportion),
        fixed(c.predRegions, 1),
        percent(c.falseRegionShare),
      ]),
      ['mean foreground', fixed(summary.meanForegroundDsc, 3)],
    ],
  );
}
