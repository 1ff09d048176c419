/**
 * Section 2, "Models": the backend the worker runs on, the active series, the model list (select, loss,
 * origin, fit) and loading model files.
 */
import {
  BACKEND_CHOICES,
  type BackendChoice,
  type BackendView,
  type ModelEntry,
  type PanelState,
  type SeriesView,
} from '../state';
import type { SectionView, ViewContext } from './context';
import { h, replaceChildren, section, setHidden, setText } from './dom';
import { backendLabel, formatDate, formatDims, formatMs, lossBadge, plainBackendReason } from './format';
import { KeyedList, type Row } from './keyed';

/** How long a first click on Delete stays armed, waiting for the confirming second click. */
const DELETE_CONFIRM_MS = 5000;

function renderBackend(ctx: ViewContext, el: HTMLElement, backend: BackendView | null): void {
  const { doc } = ctx;
  if (backend === null) {
    el.removeAttribute('title');
    replaceChildren(el, 'Backend: starting…');
    return;
  }
  const skipped = backend.skipped.map((b) => `${backendLabel(b.name)}: ${b.reason}`);
  // The tooltip repeats the list so it is readable where the list is clipped by a narrow panel.
  if (skipped.length) el.title = `Skipped: ${skipped.join('; ')}`;
  else el.removeAttribute('title');
  replaceChildren(
    el,
    'Backend: ',
    h(doc, 'strong', { 'data-testid': 'seglens-backend-name' }, backendLabel(backend.name)),
    backend.name === 'wasm' && backend.threads !== undefined
      ? ` · ${backend.threads} thread${backend.threads === 1 ? '' : 's'}`
      : null,
    ` · started in ${formatMs(backend.initMs)}`,
    backend.reason
      ? h(
          doc,
          'div',
          { class: 'seglens-muted seglens-hint', 'data-testid': 'seglens-backend-reason' },
          backend.reason,
        )
      : null,
    skipped.length
      ? h(
          doc,
          'ul',
          { class: 'seglens-skipped', 'aria-label': 'Backends skipped' },
          ...backend.skipped.map((b) =>
            h(
              doc,
              'li',
              {},
              `Skipped ${backendLabel(b.name)}: `,
              h(doc, 'span', { class: 'seglens-muted' }, plainBackendReason(b.reason)),
            ),
          ),
        )
      : null,
  );
}

/**
 * The backend selector: which backend and how many WASM threads. Auto lets the worker detect a software
 * GPU; fewer threads can be faster on a machine that is busy with other work.
 */
function backendSelector(ctx: ViewContext): { el: HTMLElement; update(state: PanelState): void } {
  const { doc } = ctx;
  const backendId = ctx.uid('backend-choice');
  const threadsId = ctx.uid('threads-choice');
  const backend = h(
    doc,
    'select',
    { id: backendId, 'data-testid': 'seglens-backend-choice' },
    h(doc, 'option', { value: 'auto' }, 'Auto'),
    ...BACKEND_CHOICES.map((b) => h(doc, 'option', { value: b }, backendLabel(b))),
  );
  const threads = h(doc, 'select', { id: threadsId, 'data-testid': 'seglens-threads-choice' });
  let choice: BackendChoice = { backend: 'auto', threads: 'auto' };
  let cores = 0;
  const send = () =>
    ctx.actions.setBackendChoice({
      backend: backend.value as BackendChoice['backend'],
      threads: threads.value === 'auto' ? 'auto' : Number(threads.value),
    });
  backend.addEventListener('change', send);
  threads.addEventListener('change', send);
  const el = h(
    doc,
    'div',
    { class: 'seglens-field-row' },
    h(doc, 'div', { class: 'seglens-field' }, h(doc, 'label', { for: backendId }, 'Backend'), backend),
    h(doc, 'div', { class: 'seglens-field' }, h(doc, 'label', { for: threadsId }, 'WASM threads'), threads),
  );
  return {
    el,
    update(state: PanelState) {
      if (state.cores !== cores) {
        cores = state.cores;
        replaceChildren(
          threads,
          h(doc, 'option', { value: 'auto' }, 'Auto (all cores)'),
          ...Array.from({ length: Math.max(1, cores) }, (_, i) =>
            h(doc, 'option', { value: String(i + 1) }, String(i + 1)),
          ),
        );
        choice = { ...choice, threads: -1 };
      }
      if (state.backendChoice !== choice) {
        choice = state.backendChoice;
        backend.value = choice.backend;
        threads.value = String(choice.threads);
      }
      threads.disabled = choice.backend !== 'auto' && choice.backend !== 'wasm';
    },
  };
}

function renderSeries(el: HTMLElement, series: SeriesView | null): void {
  el.classList.toggle('seglens-muted', series === null);
  setText(
    el,
    series === null
      ? 'No series: open a study and click a viewport.'
      : `Series: ${series.description || '(no description)'} · ${series.modality} · ${formatDims(series.dims)} · ${
          series.channels === 3 ? 'RGB' : series.channels === 1 ? 'grey' : `${series.channels} channels`
        }`,
  );
}

function originText(model: ModelEntry): string {
  if (model.origin === 'shipped') return 'shipped';
  if (model.origin === 'file') return 'from file';
  const from = model.fineTunedFrom ? ` from ${model.fineTunedFrom}` : '';
  const when = model.createdAt ? ` on ${formatDate(model.createdAt)}` : '';
  return `fine-tuned${from}${when}`;
}

function modelRow(
  ctx: ViewContext,
  first: ModelEntry,
  timers: Set<ReturnType<typeof setTimeout>>,
): Row<ModelEntry> {
  const { doc, actions } = ctx;
  const key = first.key;
  let model = first;
  const checkboxId = ctx.uid(`model-${key}`);
  const checkbox = h(doc, 'input', {
    type: 'checkbox',
    id: checkboxId,
    'data-testid': `seglens-model-toggle-${key}`,
  });
  checkbox.addEventListener('change', () => {
    // The state decides what is selected: undo the browser's own toggle and let the next update show it.
    checkbox.checked = model.selected;
    actions.toggleModel(key);
  });
  const name = h(doc, 'span', { class: 'seglens-model-name' });
  const badge = h(doc, 'span', { class: 'seglens-badge', 'data-testid': `seglens-model-loss-${key}` });
  const origin = h(doc, 'span', {
    class: 'seglens-muted seglens-model-origin',
    'data-testid': `seglens-model-origin-${key}`,
  });
  const fitReason = h(doc, 'div', {
    class: 'seglens-fit-reason',
    'data-testid': `seglens-fit-reason-${key}`,
  });

  const download = h(
    doc,
    'button',
    { type: 'button', class: 'seglens-button seglens-small', 'data-testid': `seglens-download-${key}` },
    'Download',
  );
  download.addEventListener('click', () => actions.downloadModel(key));
  const del = h(
    doc,
    'button',
    {
      type: 'button',
      class: 'seglens-button seglens-small seglens-danger',
      'data-testid': `seglens-delete-${key}`,
    },
    'Delete',
  );
  // Deleting removes the model from the browser for good, so the first click only arms the button.
  let armed: ReturnType<typeof setTimeout> | null = null;
  const disarm = (): void => {
    if (armed !== null) {
      clearTimeout(armed);
      timers.delete(armed);
      armed = null;
    }
    setText(del, 'Delete');
    del.setAttribute('aria-label', `Delete ${model.name} from this browser`);
    del.classList.remove('seglens-armed');
  };
  del.addEventListener('click', () => {
    if (armed !== null) {
      disarm();
      actions.deleteModel(key);
      return;
    }
    setText(del, 'Confirm delete');
    del.setAttribute('aria-label', `Click again to delete ${model.name}`);
    del.classList.add('seglens-armed');
    armed = setTimeout(disarm, DELETE_CONFIRM_MS);
    timers.add(armed);
  });
  const buttons = h(doc, 'div', { class: 'seglens-row-buttons' }, download, del);

  const el = h(
    doc,
    'li',
    { class: 'seglens-model', 'data-testid': `seglens-model-${key}` },
    h(doc, 'label', { for: checkboxId, class: 'seglens-model-label' }, checkbox, name, badge),
    origin,
    fitReason,
    buttons,
  );

  return {
    el,
    update(next) {
      model = next;
      el.dataset.name = next.name;
      el.classList.toggle('seglens-unfit', !next.fits);
      el.title = `${next.name}: ${next.task}, ${next.modality}, ${next.channels === 3 ? 'RGB' : 'grey'}; classes ${next.classes
        .map((c) => c.name)
        .join(', ')}`;
      checkbox.checked = next.selected;
      checkbox.disabled = !next.fits;
      checkbox.setAttribute('aria-label', `Use ${next.name}`);
      setText(name, next.name);
      setText(badge, lossBadge(next.loss));
      badge.title = `Trained with ${next.loss}`;
      setText(origin, originText(next));
      setText(fitReason, next.fits ? '' : (next.fitReason ?? 'Does not fit this series'));
      setHidden(fitReason, next.fits);
      setHidden(buttons, next.origin !== 'indexeddb');
      download.setAttribute('aria-label', `Download ${next.name}`);
      if (armed === null) del.setAttribute('aria-label', `Delete ${next.name} from this browser`);
    },
  };
}

export function createModelsSection(ctx: ViewContext): SectionView {
  const { doc } = ctx;
  const { el, body } = section(doc, ctx.uid('models'), 'Models');
  const backend = h(doc, 'div', { class: 'seglens-text', 'data-testid': 'seglens-backend' });
  const series = h(doc, 'div', { class: 'seglens-text', 'data-testid': 'seglens-series' });
  const selector = backendSelector(ctx);
  const list = h(doc, 'ul', {
    class: 'seglens-models',
    'data-testid': 'seglens-models',
    'aria-label': 'Models',
  });
  const empty = h(doc, 'p', { class: 'seglens-muted' }, 'No models yet: load one below.');
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const rows = new KeyedList<ModelEntry>(
    list,
    (m) => m.key,
    (m) => modelRow(ctx, m, timers),
  );

  const fileId = ctx.uid('load-model');
  const file = h(doc, 'input', {
    type: 'file',
    id: fileId,
    multiple: true,
    accept: '.json,.bin',
    class: 'seglens-file',
    'data-testid': 'seglens-load-model',
    'aria-label': 'Load model files: model.json, seglens.json and the weight shards',
  });
  file.addEventListener('change', () => {
    const files = Array.from(file.files ?? []);
    // Clear it so that picking the same files again (e.g. after fixing one) fires change again.
    file.value = '';
    if (files.length) ctx.actions.loadModelFiles(files);
  });
  const load = h(
    doc,
    'div',
    { class: 'seglens-load' },
    // The input comes first so that its focus ring can be drawn on the label that stands in for it.
    file,
    h(doc, 'label', { for: fileId, class: 'seglens-button' }, 'Load model…'),
    h(doc, 'span', { class: 'seglens-muted seglens-hint' }, 'model.json, seglens.json and the .bin shards'),
  );
  body.append(backend, selector.el, series, list, empty, load);
  let last: PanelState | null = null;

  return {
    el,
    deps: (state: PanelState) => [
      state.backend,
      state.backendChoice,
      state.cores,
      state.series,
      state.models,
    ],
    update(state: PanelState) {
      // Each part redraws only when its own slice changed (a text selection elsewhere survives); the first
      // update draws all, as undefined differs from every value.
      if (state.backend !== last?.backend) renderBackend(ctx, backend, state.backend);
      selector.update(state);
      if (state.series !== last?.series) renderSeries(series, state.series);
      if (state.models !== last?.models) {
        rows.update(state.models);
        setHidden(empty, state.models.length > 0);
      }
      last = state;
    },
    destroy() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
