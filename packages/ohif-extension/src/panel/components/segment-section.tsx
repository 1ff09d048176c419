// "Segment": the Segment button (with why it is disabled, so a disabled button never leaves the user
// guessing), whether the models it would run are ready in the worker, and the progress of whatever runs,
// with Cancel.
import { memo } from 'react';
import type { ModelEntry, PanelActions, ProgressView, SeriesView } from '../state';
import { formatMs } from '../format';
import { Section } from './section';

export interface SegmentSectionProps {
  id: string;
  series: SeriesView | null;
  models: ModelEntry[];
  busy: ProgressView | null;
  fineTuneRunning: boolean;
  actions: PanelActions;
}

/** Why Segment is disabled, or null. */
export function segmentBlocker(p: Omit<SegmentSectionProps, 'id' | 'actions'>): string | null {
  if (p.series === null) return 'Open a series first.';
  if (!p.models.some((m) => m.selected && m.fits)) return 'Select at least one model that fits the series.';
  if (p.busy !== null) return null;
  if (p.fineTuneRunning) return 'Fine-tuning is running.';
  return null;
}

/**
 * One muted line on the models Segment would run (the selected ones that fit): being loaded and warmed up in
 * the background, ready, or, when that failed, loaded by Segment itself. Empty while nothing is known (no
 * worker yet, preloading off): it says nothing rather than guess. The cost is shown, not hidden: the time
 * from asking the worker to the last model ready.
 */
export function readinessText(models: readonly ModelEntry[]): string {
  const chosen = models.filter((m) => m.selected && m.fits);
  const states = chosen.map((m) => m.preload);
  if (chosen.length === 0 || states.some((p) => p === undefined)) return '';
  const ready = states.filter((p) => p?.status === 'ready');
  const what = chosen.length === 1 ? 'Model' : 'Models';
  if (states.some((p) => p?.status === 'loading'))
    return chosen.length === 1
      ? 'Loading the model in the background…'
      : `Loading models in the background… (${ready.length} of ${chosen.length} ready)`;
  if (ready.length < chosen.length) return `${what} will load when you press Segment.`;
  // Models that were loaded and had run already (e.g. by an earlier Segment) cost nothing to say ready.
  if (ready.every((p) => !p?.loadMs && !p?.warmupMs)) return `${what} ready.`;
  const ms = Math.max(...ready.map((p) => p?.ms ?? 0));
  return `${what} ready (loaded and warmed up in ${formatMs(ms)}).`;
}

export const SegmentSection = memo(function SegmentSection(props: SegmentSectionProps) {
  const { id, busy, actions } = props;
  const blocker = segmentBlocker(props);
  const readiness = blocker === null ? readinessText(props.models) : '';
  return (
    <Section id={id} title="Segment">
      <div className="seglens-line">
        <button
          type="button"
          className="seglens-button seglens-primary"
          data-testid="seglens-segment"
          disabled={blocker !== null || busy !== null}
          onClick={() => actions.segment()}
        >
          Segment
        </button>
        <span className="seglens-muted seglens-hint" data-testid="seglens-segment-hint">
          {blocker ?? ''}
        </span>
      </div>
      <div
        className="seglens-muted seglens-hint"
        data-testid="seglens-models-status"
        hidden={readiness === ''}
      >
        {readiness}
      </div>
      <Progress progress={busy} actions={actions} />
    </Section>
  );
});

function Progress({ progress: p, actions }: { progress: ProgressView | null; actions: PanelActions }) {
  const known = p !== null && p.fraction !== null && Number.isFinite(p.fraction);
  const pct = known ? Math.min(100, Math.max(0, (p.fraction as number) * 100)) : 0;
  const detail =
    p === null
      ? ''
      : known
        ? `${((p.fraction as number) * 100).toFixed(0)} %${p.detail ? ` · ${p.detail}` : ''}`
        : (p.detail ?? '');
  return (
    <div className="seglens-progress" data-testid="seglens-progress" hidden={p === null}>
      <div className="seglens-progress-head">
        <div className="seglens-progress-label" data-testid="seglens-progress-label">
          {p?.label ?? ''}
        </div>
        <button
          type="button"
          className="seglens-button seglens-small"
          data-testid="seglens-cancel"
          hidden={!p?.cancellable}
          aria-label={p ? `Cancel: ${p.label}` : undefined}
          onClick={() => actions.cancel()}
        >
          Cancel
        </button>
      </div>
      <div
        className={known ? 'seglens-progress-bar' : 'seglens-progress-bar seglens-indeterminate'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={p?.label}
        aria-valuenow={known ? Number(pct.toFixed(0)) : undefined}
        aria-valuetext={known ? `${pct.toFixed(0)} %` : 'working'}
      >
        <div
          className="seglens-progress-fill"
          data-testid="seglens-progress-fill"
          style={known ? { transform: `scaleX(${(pct / 100).toFixed(3)})` } : undefined}
        />
      </div>
      <div className="seglens-muted seglens-progress-detail" data-testid="seglens-progress-detail">
        {detail}
      </div>
    </div>
  );
}
