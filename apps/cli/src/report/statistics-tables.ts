// The statistics tables of the compare report and stdout: paired differences of the first two models, the
// region-size bias of every model, and both split by reference structure size.
import type { ClassStatistics } from '../statistics';
import { fixed, percent } from '../table';
import type { ReportTable } from './html';

export function statisticsTables(
  perClass: readonly ClassStatistics[],
  names: readonly string[],
  distanceUnit: string,
): ReportTable[] {
  const [a, b] = names;
  const pairedRows = perClass.flatMap((c) =>
    [c.paired, c.pairedHd95].map((p) => [
      c.name,
      p.metric === 'dsc' ? 'DSC' : `HD95 ${distanceUnit}`.trimEnd(),
      signed(p.meanDifference, 3),
      `[${signed(p.ci95[0], 3)}, ${signed(p.ci95[1], 3)}]`,
      pValue(p.wilcoxonP),
      String(p.cases),
    ]),
  );
  const biasRows = perClass.map((c) => [
    c.name,
    'pred − true',
    ...c.proportions.map((p) => signedPercent(p.signedError)),
    ...c.proportions.map((p) => percent(p.absError)),
  ]);
  const binRows = perClass.flatMap((c) =>
    c.sizeBins.map((bin) => [
      c.name,
      `${percent(bin.low)}–${percent(bin.high)}`,
      String(bin.cases),
      ...bin.models.map((m) => fixed(m.dsc, 3)),
      ...bin.models.map((m) => signedPercent(m.signedError)),
      signed(bin.paired.meanDifference, 3),
      pValue(bin.paired.wilcoxonP),
    ]),
  );
  return [
    {
      caption: `Paired: ${a} − ${b} per case (mean difference, bootstrap 95% CI, Wilcoxon signed-rank p)`,
      header: ['class', 'metric', 'mean diff.', '95% CI', 'p', 'cases'],
      rows: pairedRows,
    },
    {
      caption:
        'Region-size bias: predicted − true region proportion (mean signed error, then mean absolute error)',
      header: ['class', '', ...names.map((n) => `${n} signed`), ...names.map((n) => `${n} abs.`)],
      rows: biasRows,
    },
    {
      caption: `By reference structure size: thirds of the cases by true proportion (DSC, signed proportion error, ${a} − ${b} DSC)`,
      header: [
        'class',
        'true prop.',
        'cases',
        ...names.map((n) => `${n} DSC`),
        ...names.map((n) => `${n} error`),
        'DSC diff.',
        'p',
      ],
      rows: binRows,
    },
  ];
}

/** A difference with its sign always shown. */
function signed(x: number, digits: number): string {
  if (Number.isNaN(x)) return '—';
  return `${x > 0 ? '+' : ''}${x.toFixed(digits)}`;
}

/** A signed proportion error in points of percent. */
function signedPercent(x: number): string {
  if (Number.isNaN(x)) return '—';
  return `${x > 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
}

function pValue(p: number): string {
  if (Number.isNaN(p)) return '—';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
