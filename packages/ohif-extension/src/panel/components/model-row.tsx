// One model of "Models": select it (only when it fits the series, else the reason shows), its loss and
// origin, and for the user's own models Download and Delete (which asks for a confirming second click).
import { memo, useEffect, useState } from 'react';
import type { ModelEntry, PanelActions } from '../state';
import { formatDate, lossBadge } from '../format';

/** How long a first click on Delete stays armed, waiting for the confirming second click. */
export const DELETE_CONFIRM_MS = 5000;

export function originText(model: ModelEntry): string {
  if (model.origin === 'shipped') return 'shipped';
  if (model.origin === 'file') return 'from file';
  const from = model.fineTunedFrom ? ` from ${model.fineTunedFrom}` : '';
  const when = model.createdAt ? ` on ${formatDate(model.createdAt)}` : '';
  return `fine-tuned${from}${when}`;
}

export interface ModelRowProps {
  model: ModelEntry;
  uid(name: string): string;
  actions: PanelActions;
}

export const ModelRow = memo(function ModelRow({ model: m, uid, actions }: ModelRowProps) {
  const key = m.key;
  const checkboxId = uid(`model-${key}`);
  // Deleting removes the model from the browser for good, so the first click only arms the button.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), DELETE_CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  const onDelete = () => {
    if (!armed) return setArmed(true);
    setArmed(false);
    actions.deleteModel(key);
  };
  return (
    <li
      className={m.fits ? 'seglens-model' : 'seglens-model seglens-unfit'}
      data-testid={`seglens-model-${key}`}
      data-name={m.name}
      title={`${m.name}: ${m.task}, ${m.modality}, ${m.channels === 3 ? 'RGB' : 'grey'}; classes ${m.classes
        .map((c) => c.name)
        .join(', ')}`}
    >
      <label htmlFor={checkboxId} className="seglens-model-label">
        <input
          type="checkbox"
          id={checkboxId}
          data-testid={`seglens-model-toggle-${key}`}
          aria-label={`Use ${m.name}`}
          checked={m.selected}
          disabled={!m.fits}
          // The state decides what is selected: the checkbox shows it, the click asks for the change.
          onChange={() => actions.toggleModel(key)}
        />
        <span className="seglens-model-name">{m.name}</span>
        <span
          className="seglens-badge"
          data-testid={`seglens-model-loss-${key}`}
          title={`Trained with ${m.loss}`}
        >
          {lossBadge(m.loss)}
        </span>
      </label>
      <span className="seglens-muted seglens-model-origin" data-testid={`seglens-model-origin-${key}`}>
        {originText(m)}
      </span>
      <div className="seglens-fit-reason" data-testid={`seglens-fit-reason-${key}`} hidden={m.fits}>
        {m.fits ? '' : (m.fitReason ?? 'Does not fit this series')}
      </div>
      <div className="seglens-row-buttons" hidden={m.origin !== 'indexeddb'}>
        <button
          type="button"
          className="seglens-button seglens-small"
          data-testid={`seglens-download-${key}`}
          aria-label={`Download ${m.name}`}
          onClick={() => actions.downloadModel(key)}
        >
          Download
        </button>
        <button
          type="button"
          className={
            armed
              ? 'seglens-button seglens-small seglens-danger seglens-armed'
              : 'seglens-button seglens-small seglens-danger'
          }
          data-testid={`seglens-delete-${key}`}
          aria-label={armed ? `Click again to delete ${m.name}` : `Delete ${m.name} from this browser`}
          onClick={onDelete}
        >
          {armed ? 'Confirm delete' : 'Delete'}
        </button>
      </div>
    </li>
  );
});
