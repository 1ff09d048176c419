// The loss lens chart: for one model, a horizontal bar per loss with its value and, where the loss splits
// into the paper's ground-truth matching term and region-size term, the two terms stacked from a zero line.
// Terms can be negative (log-Dice's region-size term Σ log(p̂ + ŷ) is below zero whenever p̂ + ŷ < 1), so
// positive parts stack to the right of zero and negative parts to the left. Each loss has one scale across
// models, so the same loss reads the same on every model's chart.
import type { ReactElement } from 'react';
import type { LossLensRow } from '../state';
import { formatLossValue, formatSigned, formatTick } from '../format';
import { linear, niceAxis, type Axis } from '../scale';

// About the panel's width (≈250 px), so 12-unit text draws at about 12 px.
const W = 250;
/** Row heights: a line more for rows that spell out their two terms. */
const ROW_H = 84;
const ROW_H_PLAIN = 52;
const PAD_X = 8;
const FONT = 12;

export const TERM_COLORS = { matching: '#5acce6', regionSize: '#f5a623', value: '#c9d3e0' } as const;

type Term = 'matching' | 'regionSize' | 'value';

/** One axis per loss name, over every model's value and terms (stacked, both signs) for that loss. */
export function lossAxes(rows: readonly LossLensRow[]): Map<string, Axis> {
  const extents = new Map<string, number[]>();
  for (const r of rows) {
    const terms = [r.matching, r.regionSize].filter(
      (t): t is number => t !== undefined && Number.isFinite(t),
    );
    const pos = terms.filter((t) => t > 0).reduce((a, b) => a + b, 0);
    const neg = terms.filter((t) => t < 0).reduce((a, b) => a + b, 0);
    extents.set(r.loss, [...(extents.get(r.loss) ?? []), r.value, pos, neg]);
  }
  return new Map([...extents].map(([loss, values]) => [loss, niceAxis(values, 3, true)]));
}

function hasTerms(r: LossLensRow): boolean {
  return r.matching !== undefined && r.regionSize !== undefined;
}

const termName = (term: Term): string =>
  term === 'regionSize' ? 'region-size term' : term === 'matching' ? 'matching term' : 'value';

export interface LossLensChartProps {
  model: string;
  rows: readonly LossLensRow[];
  axes: Map<string, Axis>;
}

export function LossLensChart({ model, rows, axes }: LossLensChartProps) {
  const tops: number[] = [];
  let height = 2;
  for (const r of rows) {
    tops.push(height);
    height += hasTerms(r) ? ROW_H : ROW_H_PLAIN;
  }
  height += 2;
  return (
    <svg
      className="seglens-chart seglens-lens-svg"
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-label={`Loss values and their matching and region-size terms for ${model}`}
      data-model={model}
    >
      {rows.map((r, i) => (
        <LossRow
          key={`${r.loss}-${i}`}
          row={r}
          top={tops[i]}
          axis={axes.get(r.loss) ?? niceAxis([r.value], 3, true)}
        />
      ))}
    </svg>
  );
}

function LossRow({ row: r, top, axis }: { row: LossLensRow; top: number; axis: Axis }) {
  const x = linear(axis.lo, axis.hi, PAD_X, W - PAD_X);
  const x0 = x(0);
  const band = { y: top + 18, h: 12 };
  const bar = (term: Term, from: number, to: number, value: number): ReactElement => (
    <rect
      key={term}
      className={`seglens-term seglens-term-${term}`}
      x={Math.min(x(from), x(to))}
      y={term === 'value' ? band.y + 3 : band.y}
      width={Math.abs(x(to) - x(from))}
      height={term === 'value' ? band.h - 6 : band.h}
      fill={TERM_COLORS[term]}
      data-term={term}
      data-value={value}
    >
      <title>{`${termName(term)}: ${formatLossValue(value)}`}</title>
    </rect>
  );
  const bars: ReactElement[] = [];
  if (hasTerms(r)) {
    // Positive parts stack rightwards from zero, negative parts leftwards, in the order matching, region-size.
    let pos = 0;
    let neg = 0;
    for (const term of ['matching', 'regionSize'] as const) {
      const v = r[term] as number;
      if (!Number.isFinite(v)) continue;
      if (v >= 0) {
        bars.push(bar(term, pos, pos + v, v));
        pos += v;
      } else {
        bars.push(bar(term, neg + v, neg, v));
        neg += v;
      }
    }
    // The value itself as a marker: total = matching + region-size + a constant fixed by the labels.
    if (Number.isFinite(r.value))
      bars.push(
        <line
          key="marker"
          className="seglens-value-marker"
          x1={x(r.value)}
          x2={x(r.value)}
          y1={band.y - 2}
          y2={band.y + band.h + 2}
          data-value={r.value}
        />,
      );
  } else if (Number.isFinite(r.value)) {
    bars.push(bar('value', Math.min(0, r.value), Math.max(0, r.value), r.value));
  }
  return (
    <g className="seglens-lens-row" data-loss={r.loss} data-zero-x={x0}>
      <text x={PAD_X} y={top + 13} fontSize={FONT} className="seglens-lens-label">
        {r.label}
      </text>
      <text
        x={W - PAD_X}
        y={top + 13}
        fontSize={FONT}
        textAnchor="end"
        className="seglens-lens-value"
        data-term="value"
      >
        {formatLossValue(r.value)}
      </text>
      {bars}
      <line className="seglens-zero" x1={x0} x2={x0} y1={band.y - 3} y2={band.y + band.h + 3} />
      {axis.ticks.map((t) => (
        <g key={t}>
          <line
            className="seglens-grid"
            x1={x(t)}
            x2={x(t)}
            y1={band.y + band.h + 3}
            y2={band.y + band.h + 6}
          />
          <text
            x={x(t)}
            y={band.y + band.h + 16}
            fontSize={FONT}
            textAnchor={t === axis.lo ? 'start' : t === axis.hi ? 'end' : 'middle'}
            className="seglens-tick"
          >
            {formatTick(t, axis.step)}
          </text>
        </g>
      ))}
      {hasTerms(r) ? (
        // Every term with its sign, and the constant, so the three visibly add up to the value above.
        // Only the constant starts a new line; the region-size term follows the matching term on its line.
        <text x={PAD_X} y={top + ROW_H - 22} fontSize={FONT} className="seglens-lens-terms">
          <tspan fill={TERM_COLORS.matching} data-term="matching">
            {`= matching ${formatSigned(r.matching as number)}`}
          </tspan>
          <tspan>{'  '}</tspan>
          <tspan fill={TERM_COLORS.regionSize} data-term="regionSize">
            {`region-size ${formatSigned(r.regionSize as number)}`}
          </tspan>
          <tspan x={PAD_X} dy={15} fill={TERM_COLORS.value} data-term="constant">
            {`  constant ${formatSigned(r.constant ?? Number.NaN)}`}
          </tspan>
        </text>
      ) : null}
    </g>
  );
}

/** The legend shared by every model's lens chart. */
export function LossLensLegend({ rows }: { rows: readonly LossLensRow[] }) {
  const withTerms = rows.some(hasTerms);
  const plain = rows.some((r) => !hasTerms(r));
  const item = (color: string, text: string, marker = false) => (
    <li key={text}>
      <span
        className={marker ? 'seglens-swatch seglens-marker' : 'seglens-swatch'}
        aria-hidden="true"
        style={{ background: color }}
      />
      {text}
    </li>
  );
  return (
    <ul className="seglens-legend" data-testid="seglens-lens-legend" aria-label="Legend">
      {withTerms ? item(TERM_COLORS.matching, 'ground-truth matching term') : null}
      {withTerms ? item(TERM_COLORS.regionSize, 'region-size term') : null}
      {withTerms ? item('#ffffff', 'loss value = terms + a constant fixed by the labels', true) : null}
      {plain ? item(TERM_COLORS.value, 'loss value (no decomposition)') : null}
    </ul>
  );
}
