/**
 * The loss lens chart: for one model, a horizontal bar per loss with its value and, where the loss splits
 * into the paper's ground-truth matching term and region-size term, the two terms stacked from a zero line.
 * Terms can be negative (log-Dice's region-size term Σ log(p̂ + ŷ) is below zero whenever p̂ + ŷ < 1), so
 * positive parts stack to the right of zero and negative parts to the left. Each loss has one scale across
 * models, so the same loss reads the same on every model's chart.
 */
import type { LossLensRow } from '../state';
import { h, s } from './dom';
import { formatLossValue, formatSigned, formatTick } from './format';
import { linear, niceAxis, type Axis } from './scale';

// About the panel's width (≈250 px), so 12-unit text draws at about 12 px.
const W = 250;
/** Row heights: a line more for rows that spell out their two terms. */
const ROW_H = 84;
const ROW_H_PLAIN = 52;
const PAD_X = 8;
const FONT = 12;

export const TERM_COLORS = { matching: '#5acce6', regionSize: '#f5a623', value: '#c9d3e0' } as const;

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

export function renderLossLensChart(
  doc: Document,
  model: string,
  rows: readonly LossLensRow[],
  axes: Map<string, Axis>,
): SVGSVGElement {
  const tops: number[] = [];
  let height = 2;
  for (const r of rows) {
    tops.push(height);
    height += hasTerms(r) ? ROW_H : ROW_H_PLAIN;
  }
  height += 2;
  const svg = s(doc, 'svg', {
    class: 'seglens-chart seglens-lens-svg',
    viewBox: `0 0 ${W} ${height}`,
    role: 'img',
    'aria-label': `Loss values and their matching and region-size terms for ${model}`,
    'data-model': model,
  });
  rows.forEach((r, i) => {
    const top = tops[i];
    const axis = axes.get(r.loss) ?? niceAxis([r.value], 3, true);
    const x = linear(axis.lo, axis.hi, PAD_X, W - PAD_X);
    const x0 = x(0);
    const band = { y: top + 18, h: 12 };
    const g = s(doc, 'g', { class: 'seglens-lens-row', 'data-loss': r.loss, 'data-zero-x': x0 });
    g.append(
      s(doc, 'text', { x: PAD_X, y: top + 13, 'font-size': FONT, class: 'seglens-lens-label' }, r.label),
      s(
        doc,
        'text',
        {
          x: W - PAD_X,
          y: top + 13,
          'font-size': FONT,
          'text-anchor': 'end',
          class: 'seglens-lens-value',
          'data-term': 'value',
        },
        formatLossValue(r.value),
      ),
    );
    const bar = (
      term: 'matching' | 'regionSize' | 'value',
      from: number,
      to: number,
      value: number,
    ): SVGRectElement =>
      s(
        doc,
        'rect',
        {
          class: `seglens-term seglens-term-${term}`,
          x: Math.min(x(from), x(to)),
          y: term === 'value' ? band.y + 3 : band.y,
          width: Math.abs(x(to) - x(from)),
          height: term === 'value' ? band.h - 6 : band.h,
          fill: TERM_COLORS[term],
          'data-term': term,
          'data-value': value,
        },
        s(
          doc,
          'title',
          {},
          `${term === 'regionSize' ? 'region-size term' : term === 'matching' ? 'matching term' : 'value'}: ${formatLossValue(value)}`,
        ),
      );
    if (hasTerms(r)) {
      // Positive parts stack rightwards from zero, negative parts leftwards, in the order matching, region-size.
      let pos = 0;
      let neg = 0;
      for (const term of ['matching', 'regionSize'] as const) {
        const v = r[term] as number;
        if (!Number.isFinite(v)) continue;
        if (v >= 0) {
          g.append(bar(term, pos, pos + v, v));
          pos += v;
        } else {
          g.append(bar(term, neg + v, neg, v));
          neg += v;
        }
      }
      // The value itself as a marker: total = matching + region-size + a constant fixed by the labels.
      if (Number.isFinite(r.value))
        g.append(
          s(doc, 'line', {
            class: 'seglens-value-marker',
            x1: x(r.value),
            x2: x(r.value),
            y1: band.y - 2,
            y2: band.y + band.h + 2,
            'data-value': r.value,
          }),
        );
    } else if (Number.isFinite(r.value)) {
      g.append(bar('value', Math.min(0, r.value), Math.max(0, r.value), r.value));
    }
    g.append(
      s(doc, 'line', { class: 'seglens-zero', x1: x0, x2: x0, y1: band.y - 3, y2: band.y + band.h + 3 }),
    );
    for (const t of axis.ticks) {
      g.append(
        s(doc, 'line', {
          class: 'seglens-grid',
          x1: x(t),
          x2: x(t),
          y1: band.y + band.h + 3,
          y2: band.y + band.h + 6,
        }),
        s(
          doc,
          'text',
          {
            x: x(t),
            y: band.y + band.h + 16,
            'font-size': FONT,
            'text-anchor': t === axis.lo ? 'start' : t === axis.hi ? 'end' : 'middle',
            class: 'seglens-tick',
          },
          formatTick(t, axis.step),
        ),
      );
    }
    if (hasTerms(r)) {
      // Every term with its sign, and the constant, so the three visibly add up to the value above.
      const term = (kind: 'matching' | 'regionSize' | 'constant', name: string, v: number, dy: number) =>
        s(
          doc,
          'tspan',
          {
            // Only the constant starts a new line; the region-size term follows the matching term on its line.
            ...(dy ? { x: PAD_X, dy } : {}),
            fill: kind === 'constant' ? TERM_COLORS.value : TERM_COLORS[kind],
            'data-term': kind,
          },
          `${name} ${formatSigned(v)}`,
        );
      g.append(
        s(
          doc,
          'text',
          { x: PAD_X, y: top + ROW_H - 22, 'font-size': FONT, class: 'seglens-lens-terms' },
          term('matching', '= matching', r.matching as number, 0),
          s(doc, 'tspan', {}, '  '),
          term('regionSize', 'region-size', r.regionSize as number, 0),
          term('constant', '  constant', r.constant ?? Number.NaN, 15),
        ),
      );
    }
    svg.append(g);
  });
  return svg;
}

/** The legend shared by every model's lens chart. */
export function renderLossLensLegend(doc: Document, rows: readonly LossLensRow[]): HTMLElement {
  const withTerms = rows.some(hasTerms);
  const plain = rows.some((r) => !hasTerms(r));
  const item = (color: string, text: string, marker = false): HTMLElement => {
    const sw = h(doc, 'span', {
      class: marker ? 'seglens-swatch seglens-marker' : 'seglens-swatch',
      'aria-hidden': 'true',
    });
    sw.style.background = color;
    return h(doc, 'li', {}, sw, text);
  };
  return h(
    doc,
    'ul',
    { class: 'seglens-legend', 'data-testid': 'seglens-lens-legend', 'aria-label': 'Legend' },
    withTerms ? item(TERM_COLORS.matching, 'ground-truth matching term') : null,
    withTerms ? item(TERM_COLORS.regionSize, 'region-size term') : null,
    withTerms ? item('#ffffff', 'loss value = terms + a constant fixed by the labels', true) : null,
    plain ? item(TERM_COLORS.value, 'loss value (no decomposition)') : null,
  );
}
