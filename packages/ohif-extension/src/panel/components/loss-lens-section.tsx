// "Loss lens": every loss on the current slice or the whole volume, split into its two terms.
import { memo } from 'react';
import type { LossLensRow, LossLensView, PanelActions } from '../state';
import { LossLensChart, LossLensLegend, lossAxes } from './loss-lens-chart';
import { Section } from './section';

export interface LossLensSectionProps {
  id: string;
  lossLens: LossLensView | null;
  actions: PanelActions;
}

function whereText(lens: LossLensView | null): string {
  if (lens === null) return '';
  if (lens.scope === 'volume') return 'whole volume';
  return lens.slice === null ? 'no slice' : `slice ${lens.slice + 1}`; // 1-based, as OHIF's image counter
}

export const LossLensSection = memo(function LossLensSection({
  id,
  lossLens: lens,
  actions,
}: LossLensSectionProps) {
  const scope = lens?.scope ?? null;
  const rows = lens?.rows ?? [];
  const byModel = new Map<string, LossLensRow[]>();
  for (const r of rows) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  const axes = lossAxes(rows);
  const scopeButton = (value: 'slice' | 'volume', text: string) => (
    <button
      type="button"
      className="seglens-button seglens-small seglens-toggle"
      data-testid={`seglens-lens-scope-${value}`}
      aria-pressed={scope === value}
      onClick={() => scope !== value && actions.setLossLensScope(value)}
    >
      {text}
    </button>
  );
  return (
    <Section id={id} title="Loss lens">
      <div
        className="seglens-line"
        role="group"
        aria-label="Loss lens scope"
        data-testid="seglens-lens-scope"
      >
        {scopeButton('slice', 'Slice')}
        {scopeButton('volume', 'Volume')}
        <span className="seglens-muted" data-testid="seglens-lens-where">
          {whereText(lens)}
        </span>
      </div>
      {/* The paper's two terms in one line each, for readers who have not read it. */}
      <p className="seglens-muted seglens-hint" data-testid="seglens-lens-meaning">
        {"Matching term: how well each pixel's prediction matches the reference label. Region-size term: how far " +
          "the predicted region sizes are pulled from the reference's (Dice towards imbalance, CE towards the true sizes)."}
      </p>
      <p className="seglens-muted" hidden={rows.length > 0}>
        The loss lens needs a reference and a prediction.
      </p>
      <div className="seglens-lens" data-testid="seglens-lens-chart">
        {rows.length > 0 ? <LossLensLegend rows={rows} /> : null}
        {[...byModel].map(([model, modelRows]) => (
          <figure key={model} className="seglens-lens-model" data-model={model}>
            <figcaption className="seglens-subheading">{model}</figcaption>
            <LossLensChart model={model} rows={modelRows} axes={axes} />
          </figure>
        ))}
      </div>
    </Section>
  );
});
