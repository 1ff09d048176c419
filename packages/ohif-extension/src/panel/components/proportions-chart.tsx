// The grouped bar chart of region proportions per class: reference first, then each model in its colour.
// This is where Dice's region-size bias shows (its predicted proportions drift from the reference while its
// DSC stays close), so every bar carries its value and the axis has round ticks.
import type { ReactNode } from 'react';
import type { ClassView, ProportionSeries } from '../state';
import { formatTick } from '../format';
import { linear, niceAxis } from '../scale';
import { rgb, Swatch } from './swatch';

/** The chart's coordinate system; the SVG scales to the panel width through its viewBox. */
// About the panel's width (≈250 px), so 12-unit text draws at about 12 px.
const W = 250;
const H = 220;
const M = { left: 36, right: 4, top: 20, bottom: 40 };
const FONT = 12;
/** Rough width of one character at FONT, for wrapping class names and rotating labels that would collide. */
const CHAR_W = 6.7;

/** The name shown for a series: the reference is written out so it is never mistaken for a model. */
export function sourceLabel(source: string): string {
  return source === 'reference' ? 'reference' : source;
}

/** Splits a class name into lines that fit `width`. */
function wrap(text: string, width: number): string[] {
  const max = Math.max(4, Math.floor(width / CHAR_W));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.slice(0, 2);
}

export interface ProportionsChartProps {
  classes: readonly ClassView[];
  series: readonly ProportionSeries[];
  /** Show class 0 (background), which dwarfs the foreground classes when shown. */
  includeBackground: boolean;
}

// Values in percent, NaN where a series has no value for a class (a reference that does not label it).
const pct = (sr: ProportionSeries, c: ClassView): number => (sr.values[c.index] ?? Number.NaN) * 100;

/** Width of one bar of the column layout. */
const columnBarWidth = (classes: number, series: number): number =>
  ((W - M.left - M.right) / Math.max(1, classes) / Math.max(1, series)) * 0.84;

/**
 * Columns (classes side by side) while each bar is wide enough for its value written upright or turned on its
 * side; past that (13 CT organs with a reference and two models: bars 4 units wide, values 12 high) the labels
 * would overprint each other, so rows (one block of bars per class, values at the bars' ends).
 */
export function ProportionsChart(props: ProportionsChartProps) {
  const shown = props.classes.filter((c) => props.includeBackground || c.index !== 0);
  return columnBarWidth(shown.length, props.series.length) < FONT ? (
    <RowsChart {...props} shown={shown} />
  ) : (
    <ColumnsChart {...props} shown={shown} />
  );
}

type LayoutProps = ProportionsChartProps & { shown: readonly ClassView[] };

/** The chart's frame in either layout: what tests and screen readers find. */
function ChartFrame(p: {
  layout: 'columns' | 'rows';
  height: number;
  yMax: number;
  includeBackground: boolean;
  children: ReactNode;
}) {
  return (
    <svg
      className="seglens-chart"
      viewBox={`0 0 ${W} ${p.height}`}
      role="img"
      aria-label={`Region proportions per class, percent of all voxels${p.includeBackground ? '' : ', background excluded'}`}
      data-testid="seglens-proportions-chart"
      data-layout={p.layout}
      data-y-max={p.yMax}
    >
      {p.children}
    </svg>
  );
}

/** One series' bar for one class, its value (percent) on hover. */
function Bar(p: {
  c: ClassView;
  sr: ProportionSeries;
  v: number;
  x: number;
  y: number;
  width: number;
  height: number;
}) {
  return (
    <rect
      className="seglens-bar"
      x={p.x}
      y={p.y}
      width={Math.max(0.5, p.width)}
      height={p.height}
      fill={rgb(p.sr.color)}
      data-source={p.sr.source}
      data-class={p.c.index}
      data-value={p.v}
    >
      <title>{`${p.c.name}, ${sourceLabel(p.sr.source)}: ${p.v.toFixed(2)} %`}</title>
    </rect>
  );
}

function ColumnsChart({ series, includeBackground, shown }: LayoutProps) {
  const axis = niceAxis(
    series.flatMap((sr) => shown.map((c) => pct(sr, c))),
    4,
    true,
  );
  const y = linear(axis.lo, axis.hi, H - M.bottom, M.top);
  const plotW = W - M.left - M.right;
  const groupW = plotW / Math.max(1, shown.length);
  const barW = columnBarWidth(shown.length, series.length);
  const rotate = barW < 4 * CHAR_W; // labels like "12.34" need about 4 characters of room side by side
  return (
    <ChartFrame layout="columns" height={H} yMax={axis.hi} includeBackground={includeBackground}>
      {axis.ticks.map((t) => (
        <g key={t}>
          <line
            className={t === 0 ? 'seglens-zero' : 'seglens-grid'}
            x1={M.left}
            x2={W - M.right}
            y1={y(t)}
            y2={y(t)}
          />
          <text className="seglens-tick" x={M.left - 3} y={y(t) + 3} textAnchor="end" fontSize={FONT}>
            {formatTick(t, axis.step)}
          </text>
        </g>
      ))}
      <text className="seglens-axis-label" x={2} y={M.top - 7} fontSize={FONT}>
        % of voxels
      </text>
      {shown.map((c, ci) => {
        const gx = M.left + ci * groupW + groupW * 0.08;
        const cx0 = M.left + (ci + 0.5) * groupW;
        return (
          <g key={c.index}>
            {series.map((sr, si) => {
              const v = pct(sr, c);
              if (!Number.isFinite(v)) return null;
              const x = gx + si * barW;
              const top = y(Math.max(v, 0));
              const cx = x + (barW - 1) / 2;
              const valueText = v.toFixed(2);
              return (
                <g key={sr.source}>
                  <Bar c={c} sr={sr} v={v} x={x} y={top} width={barW - 1} height={Math.abs(y(v) - y(0))} />
                  {rotate ? (
                    <text
                      className="seglens-value"
                      x={cx + 3}
                      y={top - 2}
                      transform={`rotate(-90 ${cx + 3} ${top - 2})`}
                      fontSize={FONT}
                      data-source={sr.source}
                      data-class={c.index}
                    >
                      {valueText}
                    </text>
                  ) : (
                    <text
                      className="seglens-value"
                      x={cx}
                      y={top - 3}
                      textAnchor="middle"
                      fontSize={FONT}
                      data-source={sr.source}
                      data-class={c.index}
                    >
                      {valueText}
                    </text>
                  )}
                </g>
              );
            })}
            <text
              className="seglens-class-label"
              x={cx0}
              y={H - M.bottom + 15}
              textAnchor="middle"
              fontSize={FONT}
            >
              {wrap(c.name, groupW).map((line, i) => (
                <tspan key={i} x={cx0} dy={i === 0 ? 0 : FONT + 1}>
                  {line}
                </tspan>
              ))}
              <title>{c.name}</title>
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** Rows: class names on the left, one bar per series under each other, the axis on top. */
const R = { left: 98, right: 34, top: 20, bar: 11, gap: 1, block: 8 };

function RowsChart({ series, includeBackground, shown }: LayoutProps) {
  const axis = niceAxis(
    series.flatMap((sr) => shown.map((c) => pct(sr, c))),
    3,
    true,
  );
  const x = linear(axis.lo, axis.hi, R.left, W - R.right);
  const blockH = series.length * (R.bar + R.gap) + R.block;
  const h = R.top + shown.length * blockH;
  return (
    <ChartFrame layout="rows" height={h} yMax={axis.hi} includeBackground={includeBackground}>
      {axis.ticks.map((t) => (
        <g key={t}>
          <line
            className={t === 0 ? 'seglens-zero' : 'seglens-grid'}
            x1={x(t)}
            x2={x(t)}
            y1={R.top - 4}
            y2={h}
          />
          <text className="seglens-tick" x={x(t)} y={R.top - 7} textAnchor="middle" fontSize={FONT}>
            {formatTick(t, axis.step)}
          </text>
        </g>
      ))}
      <text className="seglens-axis-label" x={2} y={R.top - 7} fontSize={FONT}>
        % of voxels
      </text>
      {shown.map((c, ci) => {
        const top = R.top + ci * blockH + R.block / 2;
        const lines = wrap(c.name, R.left - 6);
        const mid = top + (series.length * (R.bar + R.gap)) / 2;
        return (
          <g key={c.index}>
            <text
              className="seglens-class-label"
              x={R.left - 4}
              y={mid - ((lines.length - 1) * (FONT + 1)) / 2 + FONT / 3}
              textAnchor="end"
              fontSize={FONT}
            >
              {lines.map((line, i) => (
                <tspan key={i} x={R.left - 4} dy={i === 0 ? 0 : FONT + 1}>
                  {line}
                </tspan>
              ))}
              <title>{c.name}</title>
            </text>
            {series.map((sr, si) => {
              const v = pct(sr, c);
              if (!Number.isFinite(v)) return null;
              const y = top + si * (R.bar + R.gap);
              const end = x(Math.max(v, 0));
              return (
                <g key={sr.source}>
                  <Bar c={c} sr={sr} v={v} x={x(0)} y={y} width={Math.abs(x(v) - x(0))} height={R.bar} />
                  <text
                    className="seglens-value"
                    x={end + 3}
                    y={y + R.bar - 1}
                    fontSize={R.bar}
                    data-source={sr.source}
                    data-class={c.index}
                  >
                    {v.toFixed(2)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** The legend under the chart: one swatch per series, in the chart's order. */
export function ProportionsLegend({ series }: { series: readonly ProportionSeries[] }) {
  return (
    <ul className="seglens-legend" data-testid="seglens-proportions-legend" aria-label="Legend">
      {series.map((sr) => (
        <li key={sr.source} data-source={sr.source}>
          <Swatch color={sr.color} />
          {sourceLabel(sr.source)}
        </li>
      ))}
    </ul>
  );
}
