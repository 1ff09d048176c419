// "Fine-tune": settings (base model, loss, epochs, learning rate), labelling, the run with its live loss
// curve, the DSC before and after on the labelled slices, and the saved model with Download.
import { trainableLosses } from '@seglens/losses/registry';
import { memo, useRef, useState } from 'react';
import type { FineTuneSettings, FineTuneView, ModelEntry, PanelActions, ProgressView } from '../state';
import { EPOCHS_MAX, EPOCHS_MIN, parseEpochs, parseLearningRate, type Parsed } from './fine-tune-inputs';
import { formatMetric, formatSlices } from '../format';
import { LossCurve } from './loss-curve';
import { FieldError, NumberField } from './number-field';
import { Section } from './section';

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

type Setting = 'epochs' | 'learningRate';
const PARSE: Record<Setting, (raw: string) => Parsed> = {
  epochs: parseEpochs,
  learningRate: parseLearningRate,
};

export interface FineTuneSectionProps {
  uid(name: string): string;
  fineTune: FineTuneView;
  models: ModelEntry[];
  hasSeries: boolean;
  busy: ProgressView | null;
  actions: PanelActions;
}

function baseOptions(ft: FineTuneView, models: readonly ModelEntry[]): Option[] {
  const fitting = models.filter((m) => m.fits);
  const options: Option[] = [
    { value: '', label: fitting.length ? 'Choose a model' : 'No model fits this series' },
    ...fitting.map((m) => ({ value: m.key, label: m.name })),
  ];
  const chosen = models.find((m) => m.key === ft.baseModelKey);
  if (ft.baseModelKey !== null && !(chosen && fitting.includes(chosen)))
    options.push({
      value: ft.baseModelKey,
      label: `${chosen?.name ?? ft.baseModelKey} (does not fit)`,
      disabled: true,
    });
  return options;
}

function dscText(ft: FineTuneView): string {
  if (ft.before !== null && ft.after !== null) {
    const delta = ft.after - ft.before;
    return `Mean DSC on the labelled slices: ${formatMetric(ft.before)} → ${formatMetric(ft.after)} (${delta >= 0 ? '+' : '−'}${formatMetric(Math.abs(delta))})`;
  }
  if (ft.before !== null)
    return `Mean DSC on the labelled slices before fine-tuning: ${formatMetric(ft.before)}`;
  if (ft.after !== null)
    return `Mean DSC on the labelled slices after fine-tuning: ${formatMetric(ft.after)}`;
  return '';
}

export const FineTuneSection = memo(function FineTuneSection(props: FineTuneSectionProps) {
  const { uid, fineTune: ft, models, hasSeries, busy, actions } = props;
  const inputs = { epochs: useRef<HTMLInputElement>(null), learningRate: useRef<HTMLInputElement>(null) };
  const [errors, setErrors] = useState<Record<Setting, string | null>>({ epochs: null, learningRate: null });

  /** Checks one field, shows or clears its error, and returns its value when valid. */
  const check = (setting: Setting): number | null => {
    const parsed = PARSE[setting](inputs[setting].current?.value ?? '');
    const error = parsed.ok ? null : parsed.error;
    setErrors((e) => (e[setting] === error ? e : { ...e, [setting]: error }));
    return parsed.ok ? parsed.value : null;
  };
  const commit = (setting: Setting) => {
    const value = check(setting);
    if (value !== null && value !== ft[setting]) actions.setFineTune({ [setting]: value });
  };
  const run = () => {
    const e = check('epochs');
    const rate = check('learningRate');
    if (e === null || rate === null) return;
    const changes: Partial<FineTuneSettings> = {};
    if (e !== ft.epochs) changes.epochs = e;
    if (rate !== ft.learningRate) changes.learningRate = rate;
    if (Object.keys(changes).length) actions.setFineTune(changes);
    actions.fineTune();
  };
  const field = (
    setting: Setting,
    name: string,
    label: string,
    inputMode: 'numeric' | 'decimal',
    title: string,
  ) => (
    <NumberField
      id={uid(name)}
      testId={`seglens-${name}`}
      label={label}
      value={ft[setting]}
      disabled={ft.running}
      inputMode={inputMode}
      title={title}
      inputRef={inputs[setting]}
      errorId={uid(`${name}-error`)}
      error={errors[setting]}
      onCommit={() => commit(setting)}
      onType={() => errors[setting] !== null && check(setting)}
      onShown={() => setErrors((e) => (e[setting] === null ? e : { ...e, [setting]: null }))}
    />
  );

  // Every loss the registry marks trainable, with the paper's name (a loss the state names appears too).
  const lossOptions: Option[] = trainableLosses();
  if (!lossOptions.some((o) => o.value === ft.loss)) lossOptions.push({ value: ft.loss, label: ft.loss });
  const blocker = ft.running
    ? 'Fine-tuning…'
    : ft.baseModelKey === null
      ? 'Choose a base model.'
      : ft.labelledSlices.length === 0
        ? 'Draw labels on at least one slice first.'
        : null;
  const waiting = blocker ?? (busy !== null ? `Busy: ${busy.label}` : null);
  const saved = ft.savedAs;
  const savedKey =
    saved === null
      ? null
      : (models.find((m) => m.origin === 'indexeddb' && m.name === saved)?.key ?? `indexeddb://${saved}`);
  const baseId = uid('ft-base');
  const lossId = uid('ft-loss');
  return (
    <Section id={uid('finetune')} title="Fine-tune">
      <div className="seglens-field">
        <label htmlFor={baseId}>Base model</label>
        <select
          id={baseId}
          data-testid="seglens-ft-base"
          value={ft.baseModelKey ?? ''}
          disabled={ft.running}
          onChange={(e) =>
            actions.setFineTune({ baseModelKey: e.currentTarget.value === '' ? null : e.currentTarget.value })
          }
        >
          {baseOptions(ft, models).map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="seglens-field">
        <label htmlFor={lossId}>Loss</label>
        <select
          id={lossId}
          data-testid="seglens-ft-loss"
          value={ft.loss}
          disabled={ft.running}
          onChange={(e) => actions.setFineTune({ loss: e.currentTarget.value })}
        >
          {lossOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="seglens-field-row">
        {field('epochs', 'ft-epochs', 'Epochs', 'numeric', `${EPOCHS_MIN}–${EPOCHS_MAX}`)}
        {field('learningRate', 'ft-lr', 'Learning rate', 'decimal', 'above 0, at most 1')}
      </div>
      <FieldError id={uid('ft-epochs-error')} testId="seglens-ft-epochs-error" error={errors.epochs} />
      <FieldError id={uid('ft-lr-error')} testId="seglens-ft-lr-error" error={errors.learningRate} />
      <div className="seglens-line">
        <button
          type="button"
          className="seglens-button"
          data-testid="seglens-draw-labels"
          disabled={ft.running || !hasSeries}
          onClick={() => actions.startLabelling()}
        >
          Draw labels
        </button>
        <div className="seglens-line" data-testid="seglens-ft-slices">
          {ft.labelledSlices.length
            ? `Labelled: ${formatSlices(ft.labelledSlices)}`
            : 'No labelled slices yet.'}
        </div>
      </div>
      <div className="seglens-line">
        <button
          type="button"
          className="seglens-button seglens-primary"
          data-testid="seglens-finetune"
          disabled={waiting !== null}
          onClick={run}
        >
          Fine-tune
        </button>
        <span className="seglens-muted seglens-hint" data-testid="seglens-finetune-hint">
          {waiting ?? ''}
        </span>
      </div>
      <div className="seglens-chart-wrap">
        {ft.history.length ? <LossCurve history={ft.history} plannedEpochs={ft.epochs} /> : null}
      </div>
      <div
        className="seglens-line"
        data-testid="seglens-ft-dsc"
        hidden={ft.before === null && ft.after === null}
      >
        {dscText(ft)}
      </div>
      <div className="seglens-line" data-testid="seglens-ft-saved" hidden={saved === null}>
        <span>{saved === null ? '' : `Saved as ${saved}`}</span>
        <button
          type="button"
          className="seglens-button seglens-small"
          data-testid="seglens-ft-download"
          aria-label={saved === null ? undefined : `Download ${saved}`}
          onClick={() => savedKey !== null && actions.downloadModel(savedKey, 'fine-tune')}
        >
          Download
        </button>
      </div>
    </Section>
  );
});
