/**
 * Section 5, "Compare": where the reference comes from, the metrics against it, and the region proportions
 * of the reference and every model.
 */
import type { ComparisonView, PanelState } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, replaceChildren, section, setHidden, setText } from './dom';
import { renderMetricsTable } from './metricsTable';
import { renderProportionsChart, renderProportionsLegend } from './proportionsChart';

const NO_REFERENCE = 'No reference: draw labels or open a DICOM SEG to see DSC/HD95';
// Before anything ran there is nothing to say about a reference yet (the study may well have one).
const NOT_YET = 'Press Segment to compare the models (with the reference, when the study has one).';

export function createCompareSection(ctx: ViewContext): SectionView {
  const { doc } = ctx;
  const { el, body } = section(doc, ctx.uid('compare'), 'Compare');
  const reference = h(doc, 'div', { class: 'seglens-line', 'data-testid': 'seglens-reference' });
  const table = h(doc, 'div', { class: 'seglens-metrics' });
  const chartTitle = h(doc, 'h4', { class: 'seglens-subheading' }, 'Region proportions');
  const backgroundId = ctx.uid('proportions-background');
  const background = h(doc, 'input', {
    type: 'checkbox',
    id: backgroundId,
    'data-testid': 'seglens-proportions-background',
  });
  const chart = h(doc, 'div', { class: 'seglens-chart-wrap' });
  const proportions = h(
    doc,
    'div',
    { class: 'seglens-proportions' },
    h(
      doc,
      'div',
      { class: 'seglens-line' },
      chartTitle,
      h(
        doc,
        'label',
        { for: backgroundId, class: 'seglens-inline seglens-muted' },
        background,
        'include background',
      ),
    ),
    chart,
  );
  body.append(reference, table, proportions);

  let comparison: ComparisonView | null = null;
  // Background is a view choice, not state: it only changes how the same numbers are drawn.
  const drawChart = (): void => {
    if (comparison === null || comparison.proportions.length === 0) return;
    replaceChildren(
      chart,
      renderProportionsChart(doc, comparison.classes, comparison.proportions, {
        includeBackground: background.checked,
      }),
      renderProportionsLegend(doc, comparison.proportions),
    );
  };
  background.addEventListener('change', drawChart);

  return {
    el,
    deps: (state: PanelState) => [state.comparison],
    update(state: PanelState) {
      comparison = state.comparison;
      const source = comparison?.reference ?? null;
      reference.classList.toggle('seglens-muted', source === null);
      setText(
        reference,
        comparison === null ? NOT_YET : source === null ? NO_REFERENCE : `Reference: ${source}`,
      );
      if (comparison !== null && comparison.rows.length)
        replaceChildren(table, renderMetricsTable(doc, comparison));
      else replaceChildren(table);
      setHidden(proportions, comparison === null || comparison.proportions.length === 0);
      drawChart();
    },
  };
}
