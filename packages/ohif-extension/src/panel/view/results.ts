/**
 * Section 4, "Results": one row per prediction (colour, model, timing, visibility, opacity, export and
 * store), then the disagreement between two predictions.
 */
import type { DisagreementView, PanelState, PredictionView } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, isActive, rgb, section, setHidden, setText } from './dom';
import { backendLabel, formatCount, formatMs, formatPercent, lossBadge } from './format';
import { KeyedList, type Row } from './keyed';

interface RowItem {
  prediction: PredictionView;
  canStore: boolean;
}

function predictionRow(ctx: ViewContext, first: PredictionView): Row<RowItem> {
  const { doc, actions } = ctx;
  const key = first.key;
  let current = first;
  const swatch = h(doc, 'span', { class: 'seglens-swatch', 'aria-hidden': 'true' });
  const name = h(doc, 'span', { class: 'seglens-model-name' });
  const badge = h(doc, 'span', { class: 'seglens-badge' });
  const timing = h(doc, 'div', { class: 'seglens-muted', 'data-testid': `seglens-timing-${key}` });

  const visibleId = ctx.uid(`visible-${key}`);
  const visible = h(doc, 'input', {
    type: 'checkbox',
    id: visibleId,
    'data-testid': `seglens-visibility-${key}`,
  });
  visible.addEventListener('change', () => {
    const wanted = visible.checked;
    visible.checked = current.visible; // the state decides; the next update shows the result
    actions.setVisibility(key, wanted);
  });

  const opacityId = ctx.uid(`opacity-${key}`);
  const opacity = h(doc, 'input', {
    type: 'range',
    id: opacityId,
    min: 0,
    max: 1,
    step: 0.05,
    'data-testid': `seglens-opacity-${key}`,
  });
  const opacityValue = h(doc, 'output', { for: opacityId, class: 'seglens-opacity-value' });
  // While the thumb is held the slider owns its value, even if the store echoes an older one meanwhile.
  let dragging = false;
  opacity.addEventListener('pointerdown', () => (dragging = true));
  const release = (): void => {
    dragging = false;
  };
  opacity.addEventListener('pointerup', release);
  opacity.addEventListener('pointercancel', release);
  opacity.addEventListener('input', () => {
    const value = Number(opacity.value);
    setText(opacityValue, formatPercent(value, 0));
    actions.setOpacity(key, value);
  });

  const exportSeg = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-small', 'data-testid': `seglens-export-${key}` },
    'Export SEG',
  );
  exportSeg.addEventListener('click', () => actions.exportSeg(key));
  const store = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-small', 'data-testid': `seglens-store-${key}` },
    'Store',
  );
  store.addEventListener('click', () => actions.storeSeg(key));

  const el = h(
    doc,
    'li',
    { class: 'seglens-prediction', 'data-testid': `seglens-prediction-${key}` },
    h(doc, 'div', { class: 'seglens-line' }, swatch, name, badge),
    timing,
    h(
      doc,
      'div',
      { class: 'seglens-line seglens-controls' },
      h(doc, 'label', { for: visibleId, class: 'seglens-inline' }, visible, 'Visible'),
      h(doc, 'label', { for: opacityId, class: 'seglens-inline' }, 'Opacity'),
      opacity,
      opacityValue,
    ),
    h(doc, 'div', { class: 'seglens-row-buttons' }, exportSeg, store),
  );

  return {
    el,
    update({ prediction: p, canStore }) {
      current = p;
      el.dataset.model = p.modelName;
      swatch.style.background = rgb(p.color);
      setText(name, p.modelName);
      setText(badge, lossBadge(p.loss));
      setText(
        timing,
        `${formatMs(p.totalMs)} on ${backendLabel(p.backend)}, ${formatMs(p.inferenceMs)} in the model`,
      );
      visible.checked = p.visible;
      visible.setAttribute('aria-label', `Show ${p.modelName}`);
      opacity.setAttribute('aria-label', `Opacity of ${p.modelName}`);
      if (!dragging && !isActive(opacity)) {
        opacity.value = String(p.opacity);
        setText(opacityValue, formatPercent(p.opacity, 0));
      }
      exportSeg.setAttribute('aria-label', `Export ${p.modelName} as DICOM SEG`);
      store.setAttribute('aria-label', `Store ${p.modelName} as DICOM SEG in the data source`);
      setHidden(store, !canStore);
    },
  };
}

function disagreementText(d: DisagreementView, predictions: readonly PredictionView[]): string {
  const nameOf = (key: string): string => predictions.find((p) => p.key === key)?.modelName ?? key;
  return `${formatCount(d.voxels)} voxels (${formatPercent(d.fraction)}) differ between ${nameOf(d.a)} and ${nameOf(d.b)}`;
}

export function createResultsSection(ctx: ViewContext): SectionView {
  const { doc, actions } = ctx;
  const { el, body } = section(doc, ctx.uid('results'), 'Results');
  const list = h(doc, 'ul', { class: 'seglens-predictions', 'aria-label': 'Predictions' });
  const empty = h(doc, 'p', { class: 'seglens-muted' }, 'No results yet: select models and press Segment.');
  const rows = new KeyedList<RowItem>(
    list,
    (r) => r.prediction.key,
    (r) => predictionRow(ctx, r.prediction),
  );

  const toggleId = ctx.uid('disagreement');
  const toggle = h(doc, 'input', {
    type: 'checkbox',
    id: toggleId,
    'data-testid': 'seglens-disagreement-toggle',
  });
  let shown = false;
  toggle.addEventListener('change', () => {
    toggle.checked = shown;
    actions.toggleDisagreement();
  });
  const text = h(doc, 'div', { class: 'seglens-muted', 'data-testid': 'seglens-disagreement-text' });
  const disagreement = h(
    doc,
    'div',
    { class: 'seglens-disagreement', 'data-testid': 'seglens-disagreement', hidden: true },
    h(doc, 'label', { for: toggleId, class: 'seglens-inline' }, toggle, 'Show disagreement'),
    text,
  );
  body.append(list, empty, disagreement);

  return {
    el,
    deps: (state: PanelState) => [state.predictions, state.canStore, state.disagreement],
    update(state: PanelState) {
      rows.update(state.predictions.map((prediction) => ({ prediction, canStore: state.canStore })));
      setHidden(empty, state.predictions.length > 0);
      const d = state.disagreement;
      setHidden(disagreement, d === null);
      if (d === null) return;
      shown = d.visible;
      toggle.checked = d.visible;
      setText(text, disagreementText(d, state.predictions));
    },
  };
}
