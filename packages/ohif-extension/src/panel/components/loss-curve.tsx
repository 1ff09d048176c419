// The fine-tuning loss curve: loss per epoch, redrawn as each epoch ends; the x axis runs to the planned
// number of epochs, so the user sees how far the run is.
import { formatLossValue, formatTick } from '../format';
import { linear, niceAxis } from '../scale';

// About the panel's width (≈250 px), so 12-unit text draws at about 12 px.
const W = 250;
const H = 130;
const M = { left: 44, right: 8, top: 18, bottom: 30 };
const FONT = 12;

export interface LossCurveProps {
  history: readonly { epoch: number; loss: number }[];
  plannedEpochs: number;
}

export function LossCurve({ history, plannedEpochs }: LossCurveProps) {
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
  // Whole epochs only, about 5 labels however many epochs are planned.
  const step = Math.max(1, Math.ceil((lastEpoch - firstEpoch) / 5));
  const epochs: number[] = [];
  for (let e = firstEpoch; e <= lastEpoch; e += step) epochs.push(e);
  const last = points[points.length - 1];
  return (
    <svg
      className="seglens-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Fine-tuning loss per epoch, ${points.length} of ${lastEpoch} epochs`}
      data-testid="seglens-loss-curve"
    >
      {yAxis.ticks.map((t) => (
        <g key={t}>
          <line className="seglens-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text className="seglens-tick" x={M.left - 3} y={y(t) + 4} textAnchor="end" fontSize={FONT}>
            {formatTick(t, yAxis.step)}
          </text>
        </g>
      ))}
      {epochs.map((e) => (
        <text
          key={e}
          className="seglens-tick"
          x={x(e)}
          y={H - M.bottom + 15}
          textAnchor="middle"
          fontSize={FONT}
        >
          {String(e)}
        </text>
      ))}
      <text className="seglens-axis-label" x={W - M.right} y={H - 2} textAnchor="end" fontSize={FONT}>
        epoch
      </text>
      <text className="seglens-axis-label" x={2} y={M.top - 5} fontSize={FONT}>
        loss
      </text>
      {points.length > 1 ? (
        <polyline
          className="seglens-curve"
          fill="none"
          points={points.map((p) => `${x(p.epoch)},${y(p.loss)}`).join(' ')}
        />
      ) : null}
      {points.map((p) => (
        <circle
          key={p.epoch}
          className="seglens-curve-point"
          cx={x(p.epoch)}
          cy={y(p.loss)}
          r={2.5}
          data-epoch={p.epoch}
          data-loss={p.loss}
        >
          <title>{`epoch ${p.epoch}: ${formatLossValue(p.loss)}`}</title>
        </circle>
      ))}
      {last ? (
        <text
          className="seglens-value"
          x={Math.min(x(last.epoch), W - M.right)}
          y={y(last.loss) - 5}
          textAnchor="end"
          fontSize={FONT}
          data-testid="seglens-loss-curve-last"
        >
          {formatLossValue(last.loss)}
        </text>
      ) : null}
    </svg>
  );
}
