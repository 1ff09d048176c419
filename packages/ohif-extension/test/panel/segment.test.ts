/** @jest-environment jsdom */
import './helpers/node-globals';
import { modelEntries, mrSeries } from './helpers/fixtures';
import { mount } from './helpers/mount';
import {
  initialPanelState,
  type ModelEntry,
  type PanelState,
  type PreloadView,
  type ProgressView,
} from '../../src/panel/state';

const series = mrSeries([36, 52, 38]);

function ready(): PanelState {
  return {
    ...initialPanelState(),
    series,
    models: modelEntries(series, ['hippocampus-rce', 'hippocampus-dice']),
  };
}

describe('Segment section', () => {
  it('enables Segment with a series and a selected model, and calls segment()', () => {
    const p = mount(ready());
    const button = p.get<HTMLButtonElement>('seglens-segment');
    expect(button.disabled).toBe(false);
    button.click();
    expect(p.calls).toEqual([['segment']]);
  });

  it('disables Segment without a series, without a selected model, and while busy, saying why', () => {
    const p = mount({ ...ready(), series: null });
    const button = p.get<HTMLButtonElement>('seglens-segment');
    expect(button.disabled).toBe(true);
    expect(p.get('seglens-segment-hint').textContent).toBe('Open a series first.');
    p.view.update({ ...ready(), models: modelEntries(series, []) });
    expect(button.disabled).toBe(true);
    expect(p.get('seglens-segment-hint').textContent).toBe('Select at least one model that fits the series.');
    p.view.update({
      ...ready(),
      busy: { label: 'Segmenting with hippocampus-rce', fraction: 0.25, cancellable: true },
    });
    expect(button.disabled).toBe(true);
  });

  it('shows progress with its fraction, detail and Cancel, and hides it when done', () => {
    const s = ready();
    const busy: ProgressView = {
      label: 'Segmenting with hippocampus-rce',
      fraction: 12 / 38,
      detail: 'slice 12 of 38',
      cancellable: true,
    };
    const p = mount({ ...s, busy });
    const bar = p.get('seglens-progress').querySelector('[role="progressbar"]') as HTMLElement;
    expect(p.get('seglens-progress').hidden).toBe(false);
    expect(p.get('seglens-progress-label').textContent).toBe('Segmenting with hippocampus-rce');
    expect(p.get('seglens-progress-fill').style.transform).toBe(`scaleX(${(12 / 38).toFixed(3)})`);
    expect(bar.getAttribute('aria-valuenow')).toBe('32');
    expect(p.get('seglens-progress-detail').textContent).toBe('32 % · slice 12 of 38');
    p.get('seglens-cancel').click();
    expect(p.calls).toEqual([['cancel']]);

    p.view.update({
      ...s,
      busy: { label: 'Starting the WebGPU backend', fraction: null, cancellable: false },
    });
    expect(bar.classList.contains('seglens-indeterminate')).toBe(true);
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(p.get('seglens-cancel').hidden).toBe(true);

    p.view.update({ ...s, busy: null });
    expect(p.get('seglens-progress').hidden).toBe(true);
  });
});

describe('readiness of the models Segment would run', () => {
  /** The ready() state with a preload state for the named models. */
  function preloaded(views: Record<string, PreloadView>): PanelState {
    const s = ready();
    const models = s.models.map((m): ModelEntry => (views[m.name] ? { ...m, preload: views[m.name] } : m));
    return { ...s, models };
  }
  const done = (ms: number): PreloadView => ({
    status: 'ready',
    ms,
    loadMs: 120,
    warmupMs: 240,
    warmupSlices: 32,
    backend: 'wasm',
  });

  it('says nothing before anything is known, then loading, then ready with the time it took', () => {
    const p = mount(ready());
    const status = p.get('seglens-models-status');
    expect(status.hidden).toBe(true);
    expect(status.textContent).toBe('');
    p.view.update(
      preloaded({ 'hippocampus-rce': { status: 'loading' }, 'hippocampus-dice': { status: 'loading' } }),
    );
    expect(status.hidden).toBe(false);
    expect(status.textContent).toBe('Loading models in the background… (0 of 2 ready)');
    p.view.update(preloaded({ 'hippocampus-rce': done(380), 'hippocampus-dice': { status: 'loading' } }));
    expect(status.textContent).toBe('Loading models in the background… (1 of 2 ready)');
    // Segment stays available meanwhile: it takes over what is still loading.
    expect(p.get<HTMLButtonElement>('seglens-segment').disabled).toBe(false);
    p.view.update(preloaded({ 'hippocampus-rce': done(380), 'hippocampus-dice': done(745) }));
    expect(status.textContent).toBe('Models ready (loaded and warmed up in 0.74 s).');
  });

  it('says Segment will load a model whose preload failed, and only "ready" when nothing was left to do', () => {
    const p = mount(preloaded({ 'hippocampus-rce': done(380), 'hippocampus-dice': { status: 'failed' } }));
    expect(p.get('seglens-models-status').textContent).toBe('Models will load when you press Segment.');
    const already: PreloadView = { ...done(3), loadMs: 0, warmupMs: 0 };
    p.view.update(preloaded({ 'hippocampus-rce': already, 'hippocampus-dice': already }));
    expect(p.get('seglens-models-status').textContent).toBe('Models ready.');
    // Without a series the blocker is what the user needs to read.
    p.view.update({ ...preloaded({ 'hippocampus-rce': already }), series: null });
    expect(p.get('seglens-models-status').hidden).toBe(true);
  });
});

describe('Message banner', () => {
  it('shows the message with its kind and dismisses through the action', () => {
    const p = mount({
      ...ready(),
      message: { kind: 'error', text: 'loadModelFiles: seglens.json is missing' },
    });
    const banner = p.get('seglens-message');
    expect(banner.hidden).toBe(false);
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.dataset.kind).toBe('error');
    expect(banner.querySelector('h3')?.textContent).toBe('Error');
    expect(p.get('seglens-message-text').textContent).toBe('loadModelFiles: seglens.json is missing');
    p.get('seglens-message-dismiss').click();
    expect(p.calls).toEqual([['dismissMessage']]);
    p.view.update({ ...ready(), message: { kind: 'info', text: 'Stored' } });
    expect(banner.getAttribute('role')).toBe('status');
    p.view.update({ ...ready(), message: null });
    expect(banner.hidden).toBe(true);
  });
});
