// "Compare": where the reference comes from, the metrics against it, and the region proportions of the
// reference and every model (background left out unless asked: it dwarfs the classes).
import { memo, useState } from 'react';
import type { ComparisonView } from '../state';
import { MetricsTable } from './metrics-table';
import { ProportionsChart, ProportionsLegend } from './proportions-chart';
import { Section } from './section';

const NO_REFERENCE = 'No reference: draw labels or open a DICOM SEG to see DSC/HD95';
// Before anything ran there is nothing to say about a reference yet (the study may well have one).
const NOT_YET = 'Press Segment to compare the models (with the reference, when the study has one).';

export interface CompareSectionProps {
  uid(name: string): string;
  comparison: ComparisonView | null;
  /** The reference being loaded since the series was opened, or null (PanelState.referenceLoading). */
  referenceLoading?: string | null;
}

export const CompareSection = memo(function CompareSection({
  uid,
  comparison,
  referenceLoading = null,
}: CompareSectionProps) {
  // Background is a view choice, not state: it only changes how the same numbers are drawn.
  const [background, setBackground] = useState(false);
  const source = comparison?.reference ?? null;
  const backgroundId = uid('proportions-background');
  const hasProportions = comparison !== null && comparison.proportions.length > 0;
  return (
    <Section id={uid('compare')} title="Compare">
      <div
        className={source === null ? 'seglens-line seglens-muted' : 'seglens-line'}
        data-testid="seglens-reference"
      >
        {comparison === null
          ? referenceLoading === null
            ? NOT_YET
            : `Loading the reference (${referenceLoading})…`
          : source === null
            ? NO_REFERENCE
            : `Reference: ${source}`}
      </div>
      <div className="seglens-metrics">
        {comparison !== null && comparison.rows.length > 0 ? <MetricsTable comparison={comparison} /> : null}
      </div>
      {comparison?.unscored?.length ? (
        <div className="seglens-line seglens-muted" data-testid="seglens-unscored">
          {`Not in the reference, so not scored: ${comparison.unscored.join(', ')}`}
        </div>
      ) : null}
      <div className="seglens-proportions" hidden={!hasProportions}>
        <div className="seglens-line">
          <h4 className="seglens-subheading">Region proportions</h4>
          <label htmlFor={backgroundId} className="seglens-inline seglens-muted">
            <input
              type="checkbox"
              id={backgroundId}
              data-testid="seglens-proportions-background"
              checked={background}
              onChange={(e) => setBackground(e.currentTarget.checked)}
            />
            include background
          </label>
        </div>
        <div className="seglens-chart-wrap">
          {hasProportions ? (
            <>
              <ProportionsChart
                classes={comparison.classes}
                series={comparison.proportions}
                includeBackground={background}
              />
              <ProportionsLegend series={comparison.proportions} />
            </>
          ) : null}
        </div>
      </div>
    </Section>
  );
});
