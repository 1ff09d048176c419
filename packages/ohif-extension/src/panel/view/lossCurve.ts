/** The fine-tuning loss curve: loss per epoch, redrawn as each epoch ends. */
import { s } from './dom';
import { formatLossValue, formatTick } from './format';
import { linear, niceAxis } from './scale';

// About the panel's width (≈250 px), so 12-unit text draws at about 12 px.
const W = 250;
const H = 130;
const M = { left: 44, right: 8, top: 18, bottom: 30 };
const FONT = 12;

export function renderLossCurve(
  doc: Document,
  history: readonly { epoch: number; loss: number }[],
  plannedEpochs: number,
): SVGSVGElement {
  const points = history.filter((p) => Number.isFinite(p.loss));
  const lastEpoch = Math.max(1, plannedEpochs, ...history.map((p) => p.epoch));
  const firstEpoch = Math.min(1, ...history.map((p) => p.epoch));
  const yAxis = niceAxis(
    points.map((p) => p.loss),
    3,
    false,
  );
  const x = linear(firstEpoch, lastEpoch === firstEpoch ? firstEpoch + 1 : lastEpoch, M.left, W - M.right);
  const y = linear(yAxis.lo, yAxis.hi, H - M.bottom, M.top);
  const svg = s(doc, 'svg', {
    class: 'seglens-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `Fine-tuning loss per epoch, ${points.length} of ${lastEpoch} epochs`,
    'data-testid': 'seglens-loss-curve',
  });
  for (const t of yAxis.ticks) {
    svg.append(
      s(doc, 'line', { class: 'seglens-grid', x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }),
      s(
        doc,
        'text',
        { class: 'seglens-tick', x: M.left - 3, y: y(t) + 4, 'text-anchor': 'end', 'font-size': FONT },
        formatTick(t, yAxis.step),
      ),
    );
  }
  // Whole epochs only, about 5 labels however many epochs are planned.
  const step = Math.max(1, Math.ceil((lastEpoch - firstEpoch) / 5));
  for (let e = firstEpoch; e <= lastEpoch; e += step)
    svg.append(
      s(
        doc,
        'text',
        { class: 'seglens-tick', x: x(e), y: H - M.bottom + 15, 'text-anchor': 'middle', 'font-size': FONT },
        String(e),
      ),
    );
  svg.append(
    s(
      doc,
      'text',
      { class: 'seglens-axis-label', x: W - M.right, y: H - 2, 'text-anchor': 'end', 'font-size': FONT },
      'epoch',
    ),
    s(doc, 'text', { class: 'seglens-axis-label', x: 2, y: M.top - 5, 'font-size': FONT }, 'loss'),
  );
  if (points.length > 1)
    svg.append(
      s(doc, 'polyline', {
        class: 'seglens-curve',
        fill: 'none',
        points: points.map((p) => `${x(p.epoch)},${y(p.loss)}`).join(' '),
      }),
    );
  for (const p of points)
    svg.append(
      s(
        doc,
        'circle',
        {
          class: 'seglens-curve-point',
          cx: x(p.epoch),
          cy: y(p.loss),
          r: 2.5,
          'data-epoch': p.epoch,
          'data-loss': p.loss,
        },
        s(doc, 'title', {}, `epoch ${p.epoch}: ${formatLossValue(p.loss)}`),
      ),
    );
  const last = points[points.length - 1];
  if (last)
    svg.append(
      s(
        doc,
        'text',
        {
          class: 'seglens-value',
          x: Math.min(x(last.epoch), W - M.right),
          y: y(last.loss) - 5,
          'text-anchor': 'end',
          'font-size': FONT,
          'data-testid': 'seglens-loss-curve-last',
        },
        formatLossValue(last.loss),
      ),
    );
  return svg;
}
