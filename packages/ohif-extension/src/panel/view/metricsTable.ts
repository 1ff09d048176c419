/**
 * The metrics table of "Compare": one row per model and class, grouped by class, with the best value of each
 * metric within a class in bold (highest DSC, IoU and NSD; lowest HD95), so the winner reads at a glance.
 */
import type { ComparisonView, MetricRow } from '../state';
import { h, swatch } from './dom';
import { formatMetric, lossBadge } from './format';

type MetricKey = 'dsc' | 'iou' | 'hd95' | 'nsd';

const METRICS: { key: MetricKey; label: string; title: string; higherIsBetter: boolean }[] = [
  { key: 'dsc', label: 'DSC', title: 'Dice similarity coefficient (higher is better)', higherIsBetter: true },
  { key: 'iou', label: 'IoU', title: 'Intersection over union (higher is better)', higherIsBetter: true },
  {
    key: 'hd95',
    label: 'HD95 mm',
    title: '95th percentile Hausdorff distance in mm (lower is better)',
    higherIsBetter: false,
  },
  { key: 'nsd', label: 'NSD', title: 'Normalised surface Dice (higher is better)', higherIsBetter: true },
];

/** Per class index and metric, the best finite value, when at least two rows have one to compare. */
function bestValues(rows: readonly MetricRow[]): Map<number, Partial<Record<MetricKey, number>>> {
  const best = new Map<number, Partial<Record<MetricKey, number>>>();
  const byClass = new Map<number, MetricRow[]>();
  for (const row of rows) byClass.set(row.classIndex, [...(byClass.get(row.classIndex) ?? []), row]);
  for (const [classIndex, group] of byClass) {
    const entry: Partial<Record<MetricKey, number>> = {};
    for (const m of METRICS) {
      const values = group.map((r) => r[m.key]).filter(Number.isFinite);
      if (values.length >= 2) entry[m.key] = m.higherIsBetter ? Math.max(...values) : Math.min(...values);
    }
    best.set(classIndex, entry);
  }
  return best;
}

export function renderMetricsTable(doc: Document, comparison: ComparisonView): HTMLElement {
  const colorOf = new Map(comparison.proportions.map((p) => [p.source, p.color] as const));
  // Grouped by class (stable, so the models keep the state's order within a class).
  const rows = comparison.rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.classIndex - b.row.classIndex || a.i - b.i)
    .map((x) => x.row);
  const best = bestValues(rows);

  const head = h(
    doc,
    'tr',
    {},
    h(doc, 'th', { scope: 'col' }, 'Model'),
    h(doc, 'th', { scope: 'col', class: 'seglens-loss-cell' }, 'Loss'),
    ...METRICS.map((m) => h(doc, 'th', { scope: 'col', class: 'seglens-num', title: m.title }, m.label)),
  );
  const columns = 2 + METRICS.length;
  // The class heads its group of rows instead of filling a column: seven columns do not fit a 300 px panel.
  const body: HTMLElement[] = [];
  rows.forEach((row, i) => {
    if (i === 0 || rows[i - 1].classIndex !== row.classIndex)
      body.push(
        h(
          doc,
          'tr',
          { class: 'seglens-class-row', 'data-class': row.classIndex },
          h(doc, 'th', { scope: 'colgroup', colspan: columns, class: 'seglens-class-name' }, row.className),
        ),
      );
    const color = colorOf.get(row.model);
    body.push(
      h(
        doc,
        'tr',
        {
          class: 'seglens-metric-row',
          'data-model': row.model,
          'data-class': row.classIndex,
          title: `${row.model} · ${row.className}`,
        },
        h(doc, 'td', { class: 'seglens-model-cell' }, color ? swatch(doc, color) : null, row.model),
        h(doc, 'td', { title: row.loss, class: 'seglens-loss-cell' }, lossBadge(row.loss)),
        ...METRICS.map((m) => {
          const value = row[m.key];
          const isBest = best.get(row.classIndex)?.[m.key] === value && Number.isFinite(value);
          const text = formatMetric(value);
          return h(
            doc,
            'td',
            { class: isBest ? 'seglens-num seglens-best' : 'seglens-num', 'data-metric': m.key },
            isBest ? h(doc, 'strong', {}, text) : text,
          );
        }),
      ),
    );
  });
  return h(
    doc,
    'div',
    { class: 'seglens-table-wrap' },
    h(
      doc,
      'table',
      { class: 'seglens-table', 'data-testid': 'seglens-metrics-table' },
      h(
        doc,
        'caption',
        { class: 'seglens-sr-only' },
        'Metrics against the reference; best per class in bold',
      ),
      h(doc, 'thead', {}, head),
      h(doc, 'tbody', {}, ...body),
    ),
  );
}
