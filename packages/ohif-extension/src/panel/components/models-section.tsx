// "Models": the backend the worker runs on (and the selector), the active series, the model list (select,
// loss, origin, fit) and loading model files.
import { memo } from 'react';
import type { BackendChoice, BackendView, ModelEntry, PanelActions, SeriesView } from '../state';
import { formatDims } from '../format';
import { BackendSelector, BackendStatus } from './backend-status';
import { ModelRow } from './model-row';
import { Section } from './section';

export interface ModelsSectionProps {
  uid(name: string): string;
  backend: BackendView | null;
  backendChoice: BackendChoice;
  cores: number;
  series: SeriesView | null;
  models: ModelEntry[];
  actions: PanelActions;
}

function seriesText(series: SeriesView | null): string {
  if (series === null) return 'No series: open a study and click a viewport.';
  const colour =
    series.channels === 3 ? 'RGB' : series.channels === 1 ? 'grey' : `${series.channels} channels`;
  return `Series: ${series.description || '(no description)'} · ${series.modality} · ${formatDims(series.dims)} · ${colour}`;
}

export const ModelsSection = memo(function ModelsSection(props: ModelsSectionProps) {
  const { uid, backend, backendChoice, cores, series, models, actions } = props;
  const fileId = uid('load-model');
  return (
    <Section id={uid('models')} title="Models">
      <BackendStatus backend={backend} />
      <BackendSelector uid={uid} choice={backendChoice} cores={cores} actions={actions} />
      <div
        className={series === null ? 'seglens-text seglens-muted' : 'seglens-text'}
        data-testid="seglens-series"
      >
        {seriesText(series)}
      </div>
      <ul className="seglens-models" data-testid="seglens-models" aria-label="Models">
        {models.map((m) => (
          <ModelRow key={m.key} model={m} uid={uid} actions={actions} />
        ))}
      </ul>
      <p className="seglens-muted" hidden={models.length > 0}>
        No models yet: load one below.
      </p>
      <div className="seglens-load">
        {/* The input comes first so that its focus ring can be drawn on the label that stands in for it. */}
        <input
          type="file"
          id={fileId}
          multiple
          accept=".json,.bin"
          className="seglens-file"
          data-testid="seglens-load-model"
          aria-label="Load model files: model.json, seglens.json and the weight shards"
          onChange={(e) => {
            const input = e.currentTarget;
            const files = Array.from(input.files ?? []);
            // Clear it so that picking the same files again (e.g. after fixing one) fires change again.
            input.value = '';
            if (files.length) actions.loadModelFiles(files);
          }}
        />
        <label htmlFor={fileId} className="seglens-button">
          Load model…
        </label>
        <span className="seglens-muted seglens-hint">model.json, seglens.json and the .bin shards</span>
      </div>
    </Section>
  );
});
