/** Section 3, "Segment": the Segment button, and the progress of whatever runs, with Cancel. */
import type { PanelState, ProgressView } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, section, setHidden, setText } from './dom';

/** Why Segment is disabled, shown under it so a disabled button never leaves the user guessing. */
function segmentBlocker(state: PanelState): string | null {
  if (state.series === null) return 'Open a series first.';
  if (!state.models.some((m) => m.selected && m.fits))
    return 'Select at least one model that fits the series.';
  if (state.busy !== null) return null;
  if (state.fineTune.running) return 'Fine-tuning is running.';
  return null;
}

export function createSegmentSection(ctx: ViewContext): SectionView {
  const { doc, actions } = ctx;
  const { el, body } = section(doc, ctx.uid('segment'), 'Segment');
  const segment = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-primary', 'data-testid': 'seglens-segment' },
    'Segment',
  );
  segment.addEventListener('click', () => actions.segment());
  const hint = h(doc, 'span', { class: 'seglens-muted seglens-hint', 'data-testid': 'seglens-segment-hint' });

  const label = h(doc, 'div', { class: 'seglens-progress-label', 'data-testid': 'seglens-progress-label' });
  const fill = h(doc, 'div', { class: 'seglens-progress-fill', 'data-testid': 'seglens-progress-fill' });
  const bar = h(
    doc,
    'div',
    { class: 'seglens-progress-bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
    fill,
  );
  const detail = h(doc, 'div', {
    class: 'seglens-muted seglens-progress-detail',
    'data-testid': 'seglens-progress-detail',
  });
  const cancel = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-small', 'data-testid': 'seglens-cancel' },
    'Cancel',
  );
  cancel.addEventListener('click', () => actions.cancel());
  const progress = h(
    doc,
    'div',
    { class: 'seglens-progress', 'data-testid': 'seglens-progress', hidden: true },
    h(doc, 'div', { class: 'seglens-progress-head' }, label, cancel),
    bar,
    detail,
  );
  body.append(h(doc, 'div', { class: 'seglens-line' }, segment, hint), progress);

  function showProgress(p: ProgressView | null): void {
    setHidden(progress, p === null);
    if (p === null) return;
    setText(label, p.label);
    bar.setAttribute('aria-label', p.label);
    const known = p.fraction !== null && Number.isFinite(p.fraction);
    bar.classList.toggle('seglens-indeterminate', !known);
    if (known) {
      const pct = Math.min(100, Math.max(0, (p.fraction as number) * 100));
      fill.style.width = `${pct.toFixed(1)}%`;
      bar.setAttribute('aria-valuenow', pct.toFixed(0));
      bar.setAttribute('aria-valuetext', `${pct.toFixed(0)} %`);
    } else {
      fill.style.width = '';
      bar.removeAttribute('aria-valuenow');
      bar.setAttribute('aria-valuetext', 'working');
    }
    setText(
      detail,
      known
        ? `${((p.fraction as number) * 100).toFixed(0)} %${p.detail ? ` · ${p.detail}` : ''}`
        : (p.detail ?? ''),
    );
    setHidden(cancel, !p.cancellable);
    cancel.setAttribute('aria-label', `Cancel: ${p.label}`);
  }

  return {
    el,
    deps: (state: PanelState) => [state.series, state.models, state.busy, state.fineTune.running],
    update(state: PanelState) {
      const blocker = segmentBlocker(state);
      segment.disabled = blocker !== null || state.busy !== null;
      setText(hint, blocker ?? '');
      showProgress(state.busy);
    },
  };
}
