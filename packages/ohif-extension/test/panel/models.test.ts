/** @jest-environment jsdom */
import './helpers/node-globals';
import { card, fineTunedEntry, modelEntries, modelKey, mrSeries, readCards } from './helpers/fixtures';
import { act } from 'react';
import { click, commit, mount } from './helpers/mount';
import { initialPanelState, type PanelState } from '../../src/panel/state';

const series = mrSeries([36, 52, 38]);
const tuned = fineTunedEntry(card('hippocampus-rce'), 'hippocampus-rce-tuned', '2026-11-24T09:30:00.000Z');

function state(): PanelState {
  return {
    ...initialPanelState(),
    backend: { name: 'webgpu', skipped: [{ name: 'webgl', reason: 'WebGL2 context lost' }], initMs: 1234.4 },
    series,
    models: [...modelEntries(series, ['hippocampus-rce']), tuned],
  };
}

describe('Models section', () => {
  it('shows the backend in capitals with the skipped backends and the start time', () => {
    const p = mount(state());
    const backend = p.get('seglens-backend');
    expect(p.get('seglens-backend-name').textContent).toBe('WebGPU');
    expect(backend.textContent).toContain('started in 1.23 s');
    expect(backend.title).toBe('Skipped: WebGL: WebGL2 context lost');
    // The list says it plainly; the tooltip keeps the exact reason.
    expect(backend.querySelector('ul')?.textContent).toBe('Skipped WebGL: the GPU dropped the WebGL context');
    p.view.update({
      ...state(),
      backend: {
        name: 'webgl',
        skipped: [{ name: 'webgpu', reason: 'navigator.gpu.requestAdapter() found no adapter' }],
        initMs: 5,
      },
    });
    expect(backend.querySelector('ul')?.textContent).toBe(
      'Skipped WebGPU: no WebGPU adapter: no usable GPU for WebGPU here',
    );
    expect(backend.title).toBe('Skipped: WebGPU: navigator.gpu.requestAdapter() found no adapter');
  });

  it("shows WASM's thread count (not the GPU backends', whose parallelism is the GPU's)", () => {
    const p = mount({ ...state(), backend: { name: 'wasm', skipped: [], threads: 2, initMs: 80 } });
    expect(p.get('seglens-backend').textContent).toBe('Backend: WASM · 2 threads · started in 0.08 s');
    p.view.update({ ...state(), backend: { name: 'wasm', skipped: [], threads: 1, initMs: 80 } });
    expect(p.get('seglens-backend').textContent).toBe('Backend: WASM · 1 thread · started in 0.08 s');
    // seglens's kernels on more threads than XNNPACK's, on large layers (Auto)
    p.view.update({
      ...state(),
      backend: { name: 'wasm', skipped: [], threads: 1, kernelThreads: 2, initMs: 80 },
    });
    expect(p.get('seglens-backend').textContent).toBe(
      'Backend: WASM · 1 thread, 2 on large layers · started in 0.08 s',
    );
    p.view.update({
      ...state(),
      backend: { name: 'wasm', skipped: [], threads: 2, kernelThreads: 2, initMs: 80 },
    });
    expect(p.get('seglens-backend').textContent).toBe('Backend: WASM · 2 threads · started in 0.08 s');
    p.view.update({ ...state(), backend: { name: 'webgl', skipped: [], threads: 1, initMs: 80 } });
    expect(p.get('seglens-backend').textContent).toBe('Backend: WebGL · started in 0.08 s');
  });

  it('shows why the backend runs and offers a backend and threads selector that calls setBackendChoice', () => {
    const reason = 'automatic: the GPU is a software rasteriser (SwiftShader), so WASM is faster';
    const p = mount({
      ...state(),
      cores: 4,
      backend: { name: 'wasm', skipped: [], threads: 4, initMs: 80, reason },
    });
    expect(p.get('seglens-backend-reason').textContent).toBe(reason);
    const backend = p.get<HTMLSelectElement>('seglens-backend-choice');
    const threads = p.get<HTMLSelectElement>('seglens-threads-choice');
    expect(Array.from(backend.options, (o) => o.textContent)).toEqual([
      'Auto',
      'WebGPU',
      'WebGL',
      'WASM',
      'CPU',
    ]);
    expect(Array.from(threads.options, (o) => o.value)).toEqual(['auto', '1', '2', '3', '4']);
    // Auto shows what it means on this machine: half of the 4 cores.
    expect(Array.from(threads.options, (o) => o.textContent)).toEqual(['Auto (2)', '1', '2', '3', '4']);
    expect([backend.value, threads.value]).toEqual(['auto', 'auto']);
    backend.value = 'wasm';
    commit(backend);
    threads.value = '1';
    commit(threads);
    expect(p.calls).toEqual([
      ['setBackendChoice', { backend: 'wasm', threads: 'auto' }],
      ['setBackendChoice', { backend: 'wasm', threads: 1 }],
    ]);
    // The store's choice shows; threads mean nothing to a GPU backend.
    p.view.update({ ...state(), cores: 4, backendChoice: { backend: 'webgl', threads: 2 } });
    expect([backend.value, threads.value, threads.disabled]).toEqual(['webgl', '2', true]);
  });

  it('shows the active series: description, modality, dims, grey', () => {
    const p = mount(state());
    expect(p.get('seglens-series').textContent).toBe(
      'Series: Hippocampus crop T1 · MR · 36 × 52 × 38 · grey',
    );
    p.view.update({ ...state(), series: null });
    expect(p.get('seglens-series').textContent).toMatch(/^No series/);
  });

  it('lists every shipped model with its card loss, origin and fit', () => {
    const p = mount(state());
    const cards = readCards();
    const entries = state().models;
    // On the grey 36×52 hippocampus crop exactly the hippocampus models fit: polyp's need RGB, the 128×128
    // cardiac models would enlarge its slices more than twice, a CT model is for another modality.
    expect(entries.filter((m) => m.origin === 'shipped' && m.fits).map((m) => m.name)).toEqual([
      'hippocampus-ce',
      'hippocampus-dice',
      'hippocampus-rce',
    ]);
    expect(cards.map((c) => c.name)).toEqual(
      expect.arrayContaining(['polyp-rce', 'polyp-dice', 'cardiac-rce']),
    );
    const badges: Record<string, string> = { rce: 'RCE', dice: 'Dice', crossEntropy: 'CE' };
    for (const c of cards) {
      const key = modelKey(c.name);
      const entry = entries.find((m) => m.key === key);
      const row = p.get(`seglens-model-${key}`);
      expect(row.textContent).toContain(c.name);
      expect(p.get(`seglens-model-loss-${key}`).textContent).toBe(badges[c.training.loss.name]);
      expect(p.get(`seglens-model-origin-${key}`).textContent).toBe('shipped');
      const checkbox = p.get<HTMLInputElement>(`seglens-model-toggle-${key}`);
      const reason = p.get(`seglens-fit-reason-${key}`);
      // A model that does not fit is disabled, with the reason next to it.
      expect(checkbox.disabled).toBe(!entry?.fits);
      expect(reason.hidden).toBe(entry?.fits);
      if (!entry?.fits) expect(reason.textContent).toBe(entry?.fitReason);
      if (c.task === 'polyp') expect(entry?.fitReason).toBe('MR series, the model is for ES');
      if (c.task === 'cardiac')
        expect(entry?.fitReason).toMatch(/^slices are 36×52 pixels, too few for the model's 128×128 input/);
      expect(checkbox.checked).toBe(c.name === 'hippocampus-rce');
      // The download/delete buttons are for the user's own models only.
      expect(p.get(`seglens-download-${key}`).closest('[hidden]')).not.toBeNull();
    }
  });

  it('describes a fine-tuned model with its base and date, and offers Download', () => {
    const p = mount(state());
    expect(p.get(`seglens-model-origin-${tuned.key}`).textContent).toBe(
      'fine-tuned from hippocampus-rce on 2026-11-24',
    );
    expect(p.get(`seglens-download-${tuned.key}`).closest('[hidden]')).toBeNull();
    p.get(`seglens-download-${tuned.key}`).click();
    expect(p.calls).toEqual([['downloadModel', 'indexeddb://hippocampus-rce-tuned']]);
  });

  it('deletes only on a second, confirming click', () => {
    jest.useFakeTimers();
    try {
      const p = mount(state());
      const del = p.get<HTMLButtonElement>(`seglens-delete-${tuned.key}`);
      click(del);
      expect(p.calls).toEqual([]);
      expect(del.textContent).toBe('Confirm delete');
      act(() => jest.advanceTimersByTime(5001)); // the confirmation expires
      expect(del.textContent).toBe('Delete');
      click(del);
      click(del);
      expect(p.calls).toEqual([['deleteModel', 'indexeddb://hippocampus-rce-tuned']]);
      click(del);
      p.view.destroy(); // the armed timer goes with the view
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('toggles a model through the action and shows only what the state says', () => {
    const p = mount(state());
    const key = modelKey('hippocampus-dice');
    const checkbox = p.get<HTMLInputElement>(`seglens-model-toggle-${key}`);
    checkbox.focus();
    checkbox.click();
    expect(p.calls).toEqual([['toggleModel', key]]);
    expect(checkbox.checked).toBe(false); // not selected until the state says so
    const s = state();
    p.view.update({ ...s, models: s.models.map((m) => (m.key === key ? { ...m, selected: true } : m)) });
    expect(p.get<HTMLInputElement>(`seglens-model-toggle-${key}`)).toBe(checkbox); // same element, focus kept
    expect(checkbox.checked).toBe(true);
    expect(document.activeElement).toBe(checkbox);
  });

  it('passes picked model files to loadModelFiles', () => {
    const p = mount(state());
    const input = p.get<HTMLInputElement>('seglens-load-model');
    expect(input.multiple).toBe(true);
    expect(input.getAttribute('aria-label')).toMatch(/model\.json/);
    const files = [
      new File(['{}'], 'model.json'),
      new File(['{}'], 'seglens.json'),
      new File([new Uint8Array(8)], 'group1-shard1of1.bin'),
    ];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    commit(input);
    expect(p.calls).toEqual([['loadModelFiles', files]]);
  });

  it('says when the backend is still starting and there are no models', () => {
    const p = mount(initialPanelState());
    expect(p.get('seglens-backend').textContent).toBe('Backend: starting…');
    expect(p.get('seglens-models').children).toHaveLength(0);
    expect(p.root.textContent).toContain('No models yet');
  });
});
