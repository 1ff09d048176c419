// The result of `seglens compare` and how it reads: the tables shared by the HTML report and stdout (metrics
// per class and model, region proportions, paired statistics) and the text printed without --json.
import type { Split } from '../datasets';
import type { DistanceUnit } from '../distance-unit';
import type { EvaluationSummary } from '../evaluation';
import type { ReportTable } from '../report/html';
import { statisticsTables } from '../report/statistics-tables';
import type { CaseSummary, ClassProportions, ClassStatistics } from '../statistics';
import { count, fixed, formatTable, percent } from '../table';
import { ownScanNotes } from '../own-scan';

export interface ComparedModel extends EvaluationSummary {
  name: string;
  dir: string;
  loss: string;
  /** Every case's per-class numbers, in case order (as `evaluate --per-case`). */
  perCase: CaseSummary[];
}

export interface CompareResult {
  dataset: string;
  split: Split;
  cases: number;
  nsdTolerance: number;
  /** Unit of HD95 and of the NSD tolerance: mm, or px / voxels when the files carry no size (distanceUnitOf). */
  distanceUnit: DistanceUnit;
  shownCases: string[];
  models: ComparedModel[];
  /**
   * Per foreground class: proportion bias per model and, over two cases or more, paired statistics of the first
   * two models and size bins (one case has no spread to test: one scan of yours).
   */
  perClass: ClassStatistics[] | ClassProportions[];
  report?: string;
  png?: string;
  /** One scan of yours (--input): the model's classes its reference does not label (not scored). */
  unlabelledClasses?: string[];
  /** One scan of yours: the reference's labels that are none of the model's classes (background). */
  unmapped?: string[];
  /** One scan of yours: share of its voxels inside the reference's extent (the rest is not scored). */
  referenceCoverage?: number;
}

function hasPairedStatistics(perClass: CompareResult['perClass']): perClass is ClassStatistics[] {
  return perClass.every((c) => 'paired' in c);
}

/** The tables of the report and of stdout: metrics per class and model, then region proportions. */
export function compareTables(r: CompareResult): ReportTable[] {
  const names = r.models.map((m) => m.name);
  const classes = r.models[0].perClass.map((c) => c.name);
  const metricRows = classes.flatMap((name, k) => [
    [name, 'DSC', ...r.models.map((m) => fixed(m.perClass[k].dsc, 3))],
    [name, 'IoU', ...r.models.map((m) => fixed(m.perClass[k].iou, 3))],
    [name, `HD95 ${r.distanceUnit}`, ...r.models.map((m) => fixed(m.perClass[k].hd95, 2))],
    [name, `NSD@${r.nsdTolerance}`, ...r.models.map((m) => fixed(m.perClass[k].nsd, 3))],
    [name, 'regions', ...r.models.map((m) => fixed(m.perClass[k].predRegions, 1))],
    [name, 'in false regions', ...r.models.map((m) => percent(m.perClass[k].falseRegionShare))],
  ]);
  metricRows.push(['mean foreground', 'DSC', ...r.models.map((m) => fixed(m.meanForegroundDsc, 3))]);
  const proportionRows = classes.map((name, k) => [
    name,
    'proportion',
    percent(r.models[0].perClass[k].trueProportion),
    ...r.models.map((m) => percent(m.perClass[k].predProportion)),
  ]);
  return [
    {
      caption: `Metrics (mean over ${count(r.cases, 'case')})`,
      header: ['class', 'metric', ...names],
      rows: metricRows,
    },
    {
      caption: 'Region proportions: true vs predicted (mean over cases)',
      header: ['class', '', 'true', ...names],
      rows: proportionRows,
    },
    ...(hasPairedStatistics(r.perClass) ? statisticsTables(r.perClass, names, r.distanceUnit) : []),
  ];
}

export function formatCompare(r: CompareResult): string {
  const lines = [
    `${r.dataset}, split ${r.split}: ${count(r.cases, 'case')}; ${r.models.map((m) => `${m.name} = ${m.loss}`).join(', ')}`,
  ];
  for (const t of compareTables(r)) {
    lines.push(
      '',
      t.caption,
      formatTable(
        t.header.map((h, i) => ({ header: h, align: i < 2 ? ('left' as const) : ('right' as const) })),
        t.rows,
      ).trimEnd(),
    );
  }
  const notes = ownScanNotes(r.unlabelledClasses ?? [], r.unmapped ?? [], r.referenceCoverage);
  if (notes.length > 0) lines.push('', ...notes);
  if (r.report || r.png) lines.push('');
  if (r.report) lines.push(`report: ${r.report}`);
  if (r.png) lines.push(`montage: ${r.png}`);
  return `${lines.join('\n')}\n`;
}
