/** Section 6, "Loss lens": every loss on the current slice or volume, split into its two terms. */
import type { LossLensRow, PanelState } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, replaceChildren, section, setHidden, setText } from './dom';
import { lossAxes, renderLossLensChart, renderLossLensLegend } from './lossLensChart';

export function createLossLensSection(ctx: ViewContext): SectionView {
  const { doc, actions } = ctx;
  const { el, body } = section(doc, ctx.uid('lens'), 'Loss lens');
  let scope: 'slice' | 'volume' | null = null;
  const scopeButton = (value: 'slice' | 'volume', text: string): HTMLButtonElement => {
    const b = h(
      doc,
      'button',
      {
        type: 'button',
        class: 'seglens-button seglens-small seglens-toggle',
        'data-testid': `seglens-lens-scope-${value}`,
        'aria-pressed': 'false',
      },
      text,
    );
    b.addEventListener('click', () => {
      if (scope !== value) actions.setLossLensScope(value);
    });
    return b;
  };
  const sliceButton = scopeButton('slice', 'Slice');
  const volumeButton = scopeButton('volume', 'Volume');
  const where = h(doc, 'span', { class: 'seglens-muted', 'data-testid': 'seglens-lens-where' });
  const scopeGroup = h(
    doc,
    'div',
    {
      class: 'seglens-line',
      role: 'group',
      'aria-label': 'Loss lens scope',
      'data-testid': 'seglens-lens-scope',
    },
    sliceButton,
    volumeButton,
    where,
  );
  const empty = h(doc, 'p', { class: 'seglens-muted' }, 'The loss lens needs a reference and a prediction.');
  // The paper's two terms in one line each, for readers who have not read it.
  const meaning = h(
    doc,
    'p',
    { class: 'seglens-muted seglens-hint', 'data-testid': 'seglens-lens-meaning' },
    "Matching term: how well each pixel's prediction matches the reference label. Region-size term: how far " +
      "the predicted region sizes are pulled from the reference's (Dice towards imbalance, CE towards the true sizes).",
  );
  const chart = h(doc, 'div', { class: 'seglens-lens', 'data-testid': 'seglens-lens-chart' });
  body.append(scopeGroup, meaning, empty, chart);

  return {
    el,
    deps: (state: PanelState) => [state.lossLens],
    update(state: PanelState) {
      const lens = state.lossLens;
      scope = lens?.scope ?? null;
      sliceButton.setAttribute('aria-pressed', String(scope === 'slice'));
      volumeButton.setAttribute('aria-pressed', String(scope === 'volume'));
      setText(
        where,
        lens === null
          ? ''
          : lens.scope === 'volume'
            ? 'whole volume'
            : lens.slice === null
              ? 'no slice'
              : `slice ${lens.slice + 1}`, // 1-based, as OHIF's image counter
      );
      const rows = lens?.rows ?? [];
      setHidden(empty, rows.length > 0);
      if (!rows.length) {
        replaceChildren(chart);
        return;
      }
      const byModel = new Map<string, LossLensRow[]>();
      for (const r of rows) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
      const axes = lossAxes(rows);
      replaceChildren(
        chart,
        renderLossLensLegend(doc, rows),
        ...[...byModel].map(([model, modelRows]) =>
          h(
            doc,
            'figure',
            { class: 'seglens-lens-model', 'data-model': model },
            h(doc, 'figcaption', { class: 'seglens-subheading' }, model),
            renderLossLensChart(doc, model, modelRows, axes),
          ),
        ),
      );
    },
  };
}
