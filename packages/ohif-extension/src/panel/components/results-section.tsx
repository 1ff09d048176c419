// "Results": one row per prediction (colour, model, timing, visibility, opacity, Export SEG and Store), then
// the disagreement between the first two predictions.
import { memo, useRef, useState } from 'react';
import type { DisagreementView, PanelActions, PredictionView } from '../state';
import { backendLabel, formatCount, formatMs, formatPercent, lossBadge } from '../format';
import { Section } from './section';
import { Swatch } from './swatch';

export interface ResultsSectionProps {
  uid(name: string): string;
  predictions: PredictionView[];
  canStore: boolean;
  disagreement: DisagreementView | null;
  actions: PanelActions;
}

export const ResultsSection = memo(function ResultsSection(props: ResultsSectionProps) {
  const { uid, predictions, canStore, disagreement: d, actions } = props;
  const toggleId = uid('disagreement');
  return (
    <Section id={uid('results')} title="Results">
      <ul className="seglens-predictions" aria-label="Predictions">
        {predictions.map((p) => (
          <PredictionRow key={p.key} prediction={p} canStore={canStore} uid={uid} actions={actions} />
        ))}
      </ul>
      <p className="seglens-muted" hidden={predictions.length > 0}>
        No results yet: select models and press Segment.
      </p>
      <div className="seglens-disagreement" data-testid="seglens-disagreement" hidden={d === null}>
        <label htmlFor={toggleId} className="seglens-inline">
          <input
            type="checkbox"
            id={toggleId}
            data-testid="seglens-disagreement-toggle"
            checked={d?.visible ?? false}
            onChange={() => actions.toggleDisagreement()}
          />
          Show disagreement
        </label>
        <div className="seglens-muted" data-testid="seglens-disagreement-text">
          {d ? disagreementText(d, predictions) : ''}
        </div>
      </div>
    </Section>
  );
});

function disagreementText(d: DisagreementView, predictions: readonly PredictionView[]): string {
  const nameOf = (key: string): string => predictions.find((p) => p.key === key)?.modelName ?? key;
  return `${formatCount(d.voxels)} voxels (${formatPercent(d.fraction)}) differ between ${nameOf(d.a)} and ${nameOf(d.b)}`;
}

interface RowProps {
  prediction: PredictionView;
  canStore: boolean;
  uid(name: string): string;
  actions: PanelActions;
}

const PredictionRow = memo(function PredictionRow({ prediction: p, canStore, uid, actions }: RowProps) {
  const key = p.key;
  const visibleId = uid(`visible-${key}`);
  const opacityId = uid(`opacity-${key}`);
  // While the thumb is held or the slider has focus it owns its value, even if the store echoes an older one.
  const [draft, setDraft] = useState<number | null>(null);
  const holding = useRef(false);
  const opacity = draft ?? p.opacity;
  return (
    <li className="seglens-prediction" data-testid={`seglens-prediction-${key}`} data-model={p.modelName}>
      <div className="seglens-line">
        <Swatch color={p.color} />
        <span className="seglens-model-name">{p.modelName}</span>
        <span className="seglens-badge">{lossBadge(p.loss)}</span>
      </div>
      <div className="seglens-muted" data-testid={`seglens-timing-${key}`}>
        {`${formatMs(p.totalMs)} on ${backendLabel(p.backend)}, ${formatMs(p.inferenceMs)} in the model`}
      </div>
      <div className="seglens-line seglens-controls">
        <label htmlFor={visibleId} className="seglens-inline">
          <input
            type="checkbox"
            id={visibleId}
            data-testid={`seglens-visibility-${key}`}
            aria-label={`Show ${p.modelName}`}
            checked={p.visible}
            onChange={(e) => actions.setVisibility(key, e.currentTarget.checked)}
          />
          Visible
        </label>
        <label htmlFor={opacityId} className="seglens-inline">
          Opacity
        </label>
        <input
          type="range"
          id={opacityId}
          min={0}
          max={1}
          step={0.05}
          data-testid={`seglens-opacity-${key}`}
          aria-label={`Opacity of ${p.modelName}`}
          value={opacity}
          onPointerDown={() => (holding.current = true)}
          onPointerUp={() => (holding.current = false)}
          onPointerCancel={() => (holding.current = false)}
          onBlur={() => !holding.current && setDraft(null)}
          onChange={(e) => {
            const value = Number(e.currentTarget.value);
            setDraft(value);
            actions.setOpacity(key, value);
          }}
        />
        <output htmlFor={opacityId} className="seglens-opacity-value">
          {formatPercent(opacity, 0)}
        </output>
      </div>
      <div className="seglens-row-buttons">
        <button
          type="button"
          className="seglens-button seglens-small"
          data-testid={`seglens-export-${key}`}
          aria-label={`Export ${p.modelName} as DICOM SEG`}
          onClick={() => actions.exportSeg(key)}
        >
          Export SEG
        </button>
        <button
          type="button"
          className="seglens-button seglens-small"
          data-testid={`seglens-store-${key}`}
          aria-label={`Store ${p.modelName} as DICOM SEG in the data source`}
          hidden={!canStore}
          onClick={() => actions.storeSeg(key)}
        >
          Store
        </button>
      </div>
    </li>
  );
});
