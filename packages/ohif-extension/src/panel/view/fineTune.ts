/**
 * Section 7, "Fine-tune": settings (base model, loss, epochs, learning rate), labelling, the run with its
 * live loss curve, the DSC before and after on the labelled slices, and the saved model.
 */
import { trainableLosses } from '@seglens/losses';
import type { FineTuneSettings, FineTuneView, ModelEntry, PanelState } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, isActive, replaceChildren, section, setHidden, setText } from './dom';
import { formatMetric, formatSlices } from './format';
import { EPOCHS_MAX, EPOCHS_MIN, parseEpochs, parseLearningRate, type Parsed } from './fineTuneInputs';
import { renderLossCurve } from './lossCurve';

interface Field {
  input: HTMLInputElement;
  error: HTMLElement;
  parse(raw: string): Parsed;
  setting: 'epochs' | 'learningRate';
  /** The state value last written into the input; undefined before the first update. */
  shown?: number;
}

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

function setOptions(select: HTMLSelectElement, options: readonly Option[], value: string): void {
  const same =
    select.options.length === options.length &&
    options.every(
      (o, i) =>
        select.options[i].value === o.value &&
        select.options[i].text === o.label &&
        select.options[i].disabled === !!o.disabled,
    );
  if (!same) {
    // Rebuild the options only, never the select: it may be open or focused.
    select.replaceChildren(
      ...options.map((o) =>
        h(select.ownerDocument, 'option', { value: o.value, disabled: o.disabled }, o.label),
      ),
    );
  }
  if (select.value !== value) select.value = value;
}

export function createFineTuneSection(ctx: ViewContext): SectionView {
  const { doc, actions } = ctx;
  const { el, body } = section(doc, ctx.uid('finetune'), 'Fine-tune');
  let view: FineTuneView | null = null;
  let models: readonly ModelEntry[] = [];

  const labelled = (id: string, text: string, control: HTMLElement, extra?: HTMLElement): HTMLElement =>
    h(doc, 'div', { class: 'seglens-field' }, h(doc, 'label', { for: id }, text), control, extra ?? null);

  const baseId = ctx.uid('ft-base');
  const base = h(doc, 'select', { id: baseId, 'data-testid': 'seglens-ft-base' });
  base.addEventListener('change', () =>
    actions.setFineTune({ baseModelKey: base.value === '' ? null : base.value }),
  );
  const lossId = ctx.uid('ft-loss');
  const loss = h(doc, 'select', { id: lossId, 'data-testid': 'seglens-ft-loss' });
  loss.addEventListener('change', () => actions.setFineTune({ loss: loss.value }));

  const makeField = (
    name: string,
    setting: Field['setting'],
    parse: Field['parse'],
    attrs: Record<string, string>,
  ): Field => {
    const errorId = ctx.uid(`${name}-error`);
    const input = h(doc, 'input', {
      type: 'text',
      id: ctx.uid(name),
      'data-testid': `seglens-${name}`,
      'aria-describedby': errorId,
      spellcheck: 'false',
      autocomplete: 'off',
      ...attrs,
    });
    const error = h(doc, 'div', {
      id: errorId,
      class: 'seglens-error',
      role: 'alert',
      'data-testid': `seglens-${name}-error`,
      hidden: true,
    });
    return { input, error, parse, setting };
  };
  const epochs = makeField('ft-epochs', 'epochs', parseEpochs, {
    inputmode: 'numeric',
    title: `${EPOCHS_MIN}–${EPOCHS_MAX}`,
  });
  const lr = makeField('ft-lr', 'learningRate', parseLearningRate, {
    inputmode: 'decimal',
    title: 'above 0, at most 1',
  });
  const fields = [epochs, lr];

  /** Checks one field, shows or clears its error, and returns its value when valid. */
  const check = (f: Field): number | null => {
    const parsed = f.parse(f.input.value);
    f.input.setAttribute('aria-invalid', String(!parsed.ok));
    setHidden(f.error, parsed.ok);
    setText(f.error, parsed.ok ? '' : parsed.error);
    return parsed.ok ? parsed.value : null;
  };
  for (const f of fields) {
    // Committed on change (blur or Enter), so the store is not written at every keystroke.
    f.input.addEventListener('change', () => {
      const value = check(f);
      if (value !== null && view !== null && value !== view[f.setting])
        actions.setFineTune({ [f.setting]: value });
    });
    // Once an error shows, it follows the typing so it goes away as soon as the value is fixed.
    f.input.addEventListener('input', () => {
      if (!f.error.hidden) check(f);
    });
  }

  const draw = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button', 'data-testid': 'seglens-draw-labels' },
    'Draw labels',
  );
  draw.addEventListener('click', () => actions.startLabelling());
  const slices = h(doc, 'div', { class: 'seglens-line', 'data-testid': 'seglens-ft-slices' });

  const run = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-primary', 'data-testid': 'seglens-finetune' },
    'Fine-tune',
  );
  const runHint = h(doc, 'span', {
    class: 'seglens-muted seglens-hint',
    'data-testid': 'seglens-finetune-hint',
  });
  run.addEventListener('click', () => {
    if (view === null) return;
    const values = fields.map(check);
    if (values.some((v) => v === null)) return;
    const [e, rate] = values as number[];
    const changes: Partial<FineTuneSettings> = {};
    if (e !== view.epochs) changes.epochs = e;
    if (rate !== view.learningRate) changes.learningRate = rate;
    if (Object.keys(changes).length) actions.setFineTune(changes);
    actions.fineTune();
  });

  const curve = h(doc, 'div', { class: 'seglens-chart-wrap' });
  const dsc = h(doc, 'div', { class: 'seglens-line', 'data-testid': 'seglens-ft-dsc' });
  const savedName = h(doc, 'span', {});
  const download = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-small', 'data-testid': 'seglens-ft-download' },
    'Download',
  );
  let savedKey: string | null = null;
  download.addEventListener('click', () => {
    if (savedKey !== null) actions.downloadModel(savedKey);
  });
  const saved = h(
    doc,
    'div',
    { class: 'seglens-line', 'data-testid': 'seglens-ft-saved' },
    savedName,
    download,
  );

  body.append(
    labelled(baseId, 'Base model', base),
    labelled(lossId, 'Loss', loss),
    h(
      doc,
      'div',
      { class: 'seglens-field-row' },
      labelled(epochs.input.id, 'Epochs', epochs.input),
      labelled(lr.input.id, 'Learning rate', lr.input),
    ),
    epochs.error,
    lr.error,
    h(doc, 'div', { class: 'seglens-line' }, draw, slices),
    h(doc, 'div', { class: 'seglens-line' }, run, runHint),
    curve,
    dsc,
    saved,
  );

  let lastHistory: FineTuneView['history'] | null = null;
  let lastPlanned = 0;

  return {
    el,
    deps: (state: PanelState) => [state.fineTune, state.models, state.series, state.busy],
    update(state: PanelState) {
      const ft = state.fineTune;
      view = ft;
      models = state.models;
      const fitting = models.filter((m) => m.fits);
      const baseOptions: Option[] = [
        { value: '', label: fitting.length ? 'Choose a model' : 'No model fits this series' },
        ...fitting.map((m) => ({ value: m.key, label: m.name })),
      ];
      const chosen = models.find((m) => m.key === ft.baseModelKey);
      if (ft.baseModelKey !== null && !fitting.includes(chosen as ModelEntry))
        baseOptions.push({
          value: ft.baseModelKey,
          label: `${chosen?.name ?? ft.baseModelKey} (does not fit)`,
          disabled: true,
        });
      setOptions(base, baseOptions, ft.baseModelKey ?? '');
      // Every loss the registry marks trainable, with the paper's name (a registered loss appears too).
      const lossOptions: Option[] = trainableLosses();
      if (!lossOptions.some((o) => o.value === ft.loss)) lossOptions.push({ value: ft.loss, label: ft.loss });
      setOptions(loss, lossOptions, ft.loss);

      for (const f of fields) {
        const value = ft[f.setting];
        // Never overwrite what the user is typing; otherwise the state wins when it changed.
        if (value !== f.shown && !isActive(f.input)) {
          f.input.value = String(value);
          f.shown = value;
          setHidden(f.error, true);
          f.input.setAttribute('aria-invalid', 'false');
        }
      }
      for (const control of [base, loss, epochs.input, lr.input]) control.disabled = ft.running;
      draw.disabled = ft.running || state.series === null;
      setText(
        slices,
        ft.labelledSlices.length ? `Labelled: ${formatSlices(ft.labelledSlices)}` : 'No labelled slices yet.',
      );

      const blocker = ft.running
        ? 'Fine-tuning…'
        : ft.baseModelKey === null
          ? 'Choose a base model.'
          : ft.labelledSlices.length === 0
            ? 'Draw labels on at least one slice first.'
            : null;
      const waiting = blocker ?? (state.busy !== null ? `Busy: ${state.busy.label}` : null);
      run.disabled = waiting !== null;
      setText(runHint, waiting ?? '');

      if (ft.history !== lastHistory || ft.epochs !== lastPlanned) {
        lastHistory = ft.history;
        lastPlanned = ft.epochs;
        if (ft.history.length) replaceChildren(curve, renderLossCurve(doc, ft.history, ft.epochs));
        else replaceChildren(curve);
      }
      setHidden(dsc, ft.before === null && ft.after === null);
      if (ft.before !== null && ft.after !== null) {
        const delta = ft.after - ft.before;
        setText(
          dsc,
          `Mean DSC on the labelled slices: ${formatMetric(ft.before)} → ${formatMetric(ft.after)} (${delta >= 0 ? '+' : '−'}${formatMetric(Math.abs(delta))})`,
        );
      } else if (ft.before !== null)
        setText(dsc, `Mean DSC on the labelled slices before fine-tuning: ${formatMetric(ft.before)}`);
      else if (ft.after !== null)
        setText(dsc, `Mean DSC on the labelled slices after fine-tuning: ${formatMetric(ft.after)}`);

      setHidden(saved, ft.savedAs === null);
      if (ft.savedAs !== null) {
        const name = ft.savedAs;
        savedKey =
          models.find((m) => m.origin === 'indexeddb' && m.name === name)?.key ?? `indexeddb://${name}`;
        setText(savedName, `Saved as ${name}`);
        download.setAttribute('aria-label', `Download ${name}`);
      } else savedKey = null;
    },
  };
}
