// The metrics table of "Compare": one row per model and class, grouped by class, with the best value of each
// metric within a class in bold (highest DSC, IoU and NSD; lowest HD95), so the winner reads at a glance. With
// two or more classes scored, a first group gives each model's mean over them (a 13-organ CT is 39 rows to read).
import type { ReactElement } from 'react';
import { DEFAULT_NSD_TOLERANCE, formatDistance } from '@seglens/metrics';
import type { ComparisonView, DistanceUnit, MetricRow } from '../state';
import { formatMetric, lossBadge } from '../format';
import { Swatch } from './swatch';

type MetricKey = 'dsc' | 'iou' | 'hd95' | 'nsd';

interface MetricColumn {
  key: MetricKey;
  label: string;
  title: string;
  higherIsBetter: boolean;
}

const DISTANCE_UNIT_TITLES: Readonly<Record<DistanceUnit, string>> = {
  mm: 'mm',
  px: 'pixels (the series gives no pixel spacing)',
  voxels: 'voxels (the series gives no pixel spacing)',
};

/**
 * The columns; distances are labelled in the series' unit (px or voxels when it has no pixel spacing, never a
 * false mm).
 */
export function metricColumns(unit: DistanceUnit): MetricColumn[] {
  return [
    {
      key: 'dsc',
      label: 'DSC',
      title: 'Dice similarity coefficient (higher is better)',
      higherIsBetter: true,
    },
    { key: 'iou', label: 'IoU', title: 'Intersection over union (higher is better)', higherIsBetter: true },
    {
      key: 'hd95',
      label: `HD95 ${unit}`,
      title: `95th percentile Hausdorff distance in ${DISTANCE_UNIT_TITLES[unit]} (lower is better)`,
      higherIsBetter: false,
    },
    {
      key: 'nsd',
      label: 'NSD',
      title: `Normalised surface Dice at ${formatDistance(DEFAULT_NSD_TOLERANCE[unit], unit)} (higher is better)`,
      higherIsBetter: true,
    },
  ];
}
// Keys and directions, the same in every unit: the body cells and bestValues read only these.
const METRICS = metricColumns('mm');

/** Per class index and metric, the best finite value, when at least two rows have one to compare. */
export function bestValues(rows: readonly MetricRow[]): Map<number, Partial<Record<MetricKey, number>>> {
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

export interface ModelMean {
  model: string;
  loss: string;
  /** Classes averaged over: the ones the reference scores. */
  classes: number;
  dsc: number;
  iou: number;
}

/**
 * Per model (in the rows' order), the mean DSC and IoU over its scored classes: the mean foreground DSC of
 * `seglens evaluate` on the same scan. Empty with fewer than two classes (the mean would repeat the row).
 * HD95 and NSD are not averaged: a class a model misses has none, and leaving it out would flatter that model.
 */
export function modelMeans(rows: readonly MetricRow[]): ModelMean[] {
  const byModel = new Map<string, MetricRow[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const means: ModelMean[] = [];
  for (const [model, group] of byModel) {
    if (group.length < 2) continue;
    const mean = (key: 'dsc' | 'iou') => group.reduce((sum, r) => sum + r[key], 0) / group.length;
    means.push({ model, loss: group[0].loss, classes: group.length, dsc: mean('dsc'), iou: mean('iou') });
  }
  return means;
}

const NOT_AVERAGED =
  'Not averaged: a class a model misses has no distance, and leaving it out would flatter that model';

/**
 * The name with a line-break opportunity after each hyphen: in a 1366-px-wide viewer the model column is about
 * 90 px, and "hippocampus-rce" then wraps as "hippocampus-" / "rce" instead of "hippocam" / "pus-rce".
 */
function breakAtHyphens(name: string): ReactElement[] {
  return name.split('-').map((part, i, parts) => (
    <span key={i}>
      {part}
      {i < parts.length - 1 ? (
        <>
          -<wbr />
        </>
      ) : null}
    </span>
  ));
}

/**
 * The row's hover text: model and class, then the prediction's regions. No column for them: the panel has no
 * room; a speckled mask (many regions) or a blob away from the structure (a share off the reference) is what
 * explains a poor HD95 or an over-sized proportion, so it sits where the eye already is.
 */
export function rowTitle(row: MetricRow): string {
  const head = `${row.model} · ${row.className}`;
  if (row.predRegions === undefined) return head;
  const regions = `${row.predRegions} region${row.predRegions === 1 ? '' : 's'}`;
  const share = row.falseRegionShare;
  if (share === undefined || !Number.isFinite(share)) return `${head} · ${regions}`;
  return `${head} · ${regions}, ${(share * 100).toFixed(0)}% of its voxels off the reference`;
}

/** A value with 3 decimals ("–" for NaN), in bold when it is the best of its group. */
function MetricCell(p: { metric: MetricKey; value: number; isBest: boolean; title?: string }) {
  const text = formatMetric(p.value);
  return (
    <td
      className={p.isBest ? 'seglens-num seglens-best' : 'seglens-num'}
      data-metric={p.metric}
      title={p.title}
    >
      {p.isBest ? <strong>{text}</strong> : text}
    </td>
  );
}

function ModelCell({
  model,
  loss,
  color,
}: {
  model: string;
  loss: string;
  color?: [number, number, number];
}) {
  return (
    <td className="seglens-model-cell">
      {color ? <Swatch color={color} /> : null}
      <span className="seglens-model-name">{breakAtHyphens(model)}</span>
      <span className="seglens-badge" title={`Trained with ${loss}`}>
        {lossBadge(loss)}
      </span>
    </td>
  );
}

export function MetricsTable({ comparison }: { comparison: ComparisonView }) {
  const colorOf = new Map(comparison.proportions.map((p) => [p.source, p.color] as const));
  // Grouped by class (stable, so the models keep the state's order within a class).
  const rows = comparison.rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.classIndex - b.row.classIndex || a.i - b.i)
    .map((x) => x.row);
  const best = bestValues(rows);
  const columns = 1 + METRICS.length;
  // The class heads its group of rows instead of filling a column: seven columns do not fit a 300 px panel.
  const body: ReactElement[] = [];
  const means = modelMeans(rows);
  if (means.length > 0) {
    const bestMean = (key: 'dsc' | 'iou') =>
      means.length >= 2 ? Math.max(...means.map((m) => m[key]).filter(Number.isFinite)) : Number.NaN;
    const top = { dsc: bestMean('dsc'), iou: bestMean('iou') };
    body.push(
      <tr key="mean" className="seglens-class-row" data-class="mean">
        <th scope="colgroup" colSpan={columns} className="seglens-class-name">
          {`mean of the ${means[0].classes} classes scored`}
        </th>
      </tr>,
    );
    for (const m of means) {
      const color = colorOf.get(m.model);
      body.push(
        <tr
          key={`mean-${m.model}`}
          className="seglens-mean-row"
          data-model={m.model}
          data-class="mean"
          title={`${m.model} · mean of ${m.classes} classes`}
        >
          <ModelCell model={m.model} loss={m.loss} color={color} />
          {METRICS.map(({ key }) =>
            key === 'dsc' || key === 'iou' ? (
              <MetricCell key={key} metric={key} value={m[key]} isBest={m[key] === top[key]} />
            ) : (
              <MetricCell key={key} metric={key} value={Number.NaN} isBest={false} title={NOT_AVERAGED} />
            ),
          )}
        </tr>,
      );
    }
  }
  rows.forEach((row, i) => {
    if (i === 0 || rows[i - 1].classIndex !== row.classIndex)
      body.push(
        <tr key={`class-${row.classIndex}`} className="seglens-class-row" data-class={row.classIndex}>
          <th scope="colgroup" colSpan={columns} className="seglens-class-name">
            {row.className}
          </th>
        </tr>,
      );
    const color = colorOf.get(row.model);
    body.push(
      <tr
        key={`${row.classIndex}-${i}`}
        className="seglens-metric-row"
        data-model={row.model}
        data-class={row.classIndex}
        title={rowTitle(row)}
      >
        <ModelCell model={row.model} loss={row.loss} color={color} />
        {METRICS.map(({ key }) => (
          <MetricCell
            key={key}
            metric={key}
            value={row[key]}
            isBest={best.get(row.classIndex)?.[key] === row[key] && Number.isFinite(row[key])}
          />
        ))}
      </tr>,
    );
  });
  return (
    <div className="seglens-table-wrap">
      <table className="seglens-table" data-testid="seglens-metrics-table">
        <caption className="seglens-sr-only">Metrics against the reference; best per class in bold</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {metricColumns(comparison.distanceUnit ?? 'mm').map((m) => (
              <th key={m.key} scope="col" className="seglens-num" title={m.title}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}
