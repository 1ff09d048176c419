/** @jest-environment jsdom */
import './helpers/node-globals';
import { segmentedState } from './helpers/fixtures';
import { click, mount, type } from './helpers/mount';
import { mountPanelView } from '../../src/panel/mount';
import { CSS, STYLE_ID } from '../../src/panel/styles';
import type { PanelState } from '../../src/panel/state';

let full: PanelState;
beforeAll(async () => {
  full = (await segmentedState()).state;
});
afterEach(() => document.body.replaceChildren());

describe('mountPanelView', () => {
  it('refuses a root that is not an element', () => {
    expect(() => mountPanelView(null as unknown as HTMLElement, {} as never)).toThrow(
      'mountPanelView: root must be an HTML element',
    );
  });

  it('renders the sections in order, each with a heading', () => {
    const p = mount(full);
    expect(p.root.children).toHaveLength(1);
    expect(p.root.firstElementChild?.classList.contains('seglens-panel')).toBe(true);
    const headings = Array.from(p.root.querySelectorAll('section:not([hidden]) h3'), (h) => h.textContent);
    expect(headings).toEqual(['Models', 'Segment', 'Results', 'Compare', 'Loss lens', 'Fine-tune']);
    p.view.update({ ...full, message: { kind: 'warning', text: 'WebGPU is not available; using WebGL' } });
    expect(p.root.querySelector('section:not([hidden]) h3')?.textContent).toBe('Warning');
  });

  it('injects one scoped stylesheet however many panels mount', () => {
    mount(full);
    mount(full);
    const styles = document.querySelectorAll(`style#${STYLE_ID}`);
    expect(styles).toHaveLength(1);
    // Every rule is scoped under .seglens-panel (keyframes aside), so OHIF's own look is untouched.
    const selectors = CSS.replace(/@keyframes[^{]*\{[^}]*\{[^}]*\}[^}]*\{[^}]*\}\s*\}/g, '')
      .split('}')
      .map((rule) => rule.split('{')[0].trim())
      .filter(Boolean);
    expect(selectors.length).toBeGreaterThan(40);
    for (const selector of selectors)
      for (const part of selector.split(',')) expect(part.trim()).toMatch(/^\.seglens-panel/);
    expect(CSS).not.toMatch(/url\(|@import|@font-face/);
  });

  it('scrolls inside its own root and writes no text under 12 px', () => {
    // OHIF's side panel hides overflow: the root must be the scroll container, filling the panel's height.
    expect(CSS).toMatch(/\.seglens-panel-root \{[^}]*overflow-y: auto[^}]*\}/);
    expect(CSS).toMatch(/\.seglens-panel-root \{[^}]*min-height: 0[^}]*\}/);
    const sizes = Array.from(CSS.matchAll(/font-size: (\d+)px/g), (m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // The SVG charts draw in 250-unit-wide boxes (about the panel's width) with 12-unit text.
    const p = mount(full);
    const svgText = Array.from(p.root.querySelectorAll('svg text'), (t) =>
      Number(t.getAttribute('font-size')),
    );
    expect(svgText.length).toBeGreaterThan(10);
    expect(Math.min(...svgText)).toBeGreaterThanOrEqual(12);
    for (const svg of p.root.querySelectorAll('svg.seglens-chart'))
      expect(Number(svg.getAttribute('viewBox')?.split(' ')[2])).toBeLessThanOrEqual(260);
  });

  it('collapses and expands a section from its heading, and keeps it collapsed across updates', () => {
    const p = mount(full);
    const toggle = p.get<HTMLButtonElement>('seglens-collapse-compare');
    const body = p.get('seglens-section-compare').querySelector('.seglens-section-body') as HTMLElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(body.id);
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(body.hidden).toBe(true);
    p.view.update({ ...full, comparison: full.comparison && { ...full.comparison } });
    expect(body.hidden).toBe(true);
    click(toggle);
    expect(body.hidden).toBe(false);
  });

  it('keeps a focused input and its typed value through many progress updates', () => {
    const p = mount(full);
    const epochs = p.get<HTMLInputElement>('seglens-ft-epochs');
    type(epochs, '17');
    let state = full;
    for (let i = 0; i <= 50; i++) {
      // The store replaces busy at every tick, and fineTune too (same values, new object).
      state = {
        ...state,
        busy: {
          label: 'Segmenting with hippocampus-rce',
          fraction: i / 50,
          detail: `slice ${i}`,
          cancellable: true,
        },
        fineTune: { ...state.fineTune },
      };
      p.view.update(state);
    }
    expect(p.get('seglens-ft-epochs')).toBe(epochs);
    expect(document.activeElement).toBe(epochs);
    expect(epochs.value).toBe('17');
    expect(p.get('seglens-progress-fill').style.transform).toBe('scaleX(1.000)');
  });

  it('keeps the elements of sections whose slice did not change, and redraws those whose slice did', () => {
    const p = mount(full);
    const table = p.get('seglens-metrics-table');
    const chart = p.get('seglens-proportions-chart');
    const lens = p.get('seglens-lens-chart').firstElementChild;
    const backend = p.get('seglens-backend-name');
    p.view.update({ ...full, busy: { label: 'Fine-tuning', fraction: 0.5, cancellable: true } });
    expect(p.get('seglens-metrics-table')).toBe(table);
    expect(p.get('seglens-proportions-chart')).toBe(chart);
    expect(p.get('seglens-lens-chart').firstElementChild).toBe(lens);
    expect(p.get('seglens-backend-name')).toBe(backend);
    const comparison = full.comparison as NonNullable<PanelState['comparison']>;
    const rows = comparison.rows.map((r, i) => (i === 0 ? { ...r, dsc: 0.123 } : r));
    p.view.update({ ...full, comparison: { ...comparison, rows } });
    const first = p.get('seglens-metrics-table').querySelector('tr.seglens-metric-row td[data-metric="dsc"]');
    expect(first?.textContent).toBe('0.123');
  });

  it('gives every control an accessible name and unique ids across two panels', () => {
    const a = mount(full);
    const b = mount(full);
    for (const p of [a, b]) {
      for (const button of Array.from(p.root.querySelectorAll('button'))) {
        expect((button.getAttribute('aria-label') ?? button.textContent ?? '').trim()).not.toBe('');
      }
      for (const control of Array.from(p.root.querySelectorAll('input, select'))) {
        const labelled =
          control.getAttribute('aria-label') ||
          (control.id && p.root.querySelector(`label[for="${control.id}"]`));
        expect(labelled).toBeTruthy();
      }
    }
    const ids = Array.from(document.querySelectorAll('[id]'), (el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has every data-testid the end-to-end tests use', () => {
    const p = mount({
      ...full,
      busy: { label: 'Segmenting', fraction: 0.1, cancellable: true },
      message: { kind: 'info', text: 'hi' },
      canStore: true,
      fineTune: { ...full.fineTune, history: [{ epoch: 1, loss: 0.2 }], savedAs: 'x' },
    });
    const pred = full.predictions[0].key;
    const model = full.models[0].key;
    for (const id of [
      'seglens-message',
      'seglens-backend',
      `seglens-model-${model}`,
      'seglens-segment',
      'seglens-cancel',
      'seglens-progress',
      `seglens-prediction-${pred}`,
      `seglens-export-${pred}`,
      `seglens-store-${pred}`,
      'seglens-disagreement',
      'seglens-metrics-table',
      'seglens-proportions-chart',
      'seglens-lens-scope',
      'seglens-lens-chart',
      'seglens-ft-epochs',
      'seglens-ft-lr',
      'seglens-ft-loss',
      'seglens-ft-base',
      'seglens-draw-labels',
      'seglens-finetune',
      'seglens-loss-curve',
      'seglens-ft-saved',
    ])
      expect(p.find(id)).not.toBeNull();
  });

  it('empties the root on destroy and ignores later updates', () => {
    const p = mount(full);
    p.view.destroy();
    expect(p.root.childElementCount).toBe(0);
    p.view.update(full);
    expect(p.root.childElementCount).toBe(0);
  });
});
