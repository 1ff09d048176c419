/** @jest-environment jsdom */
import './helpers/node-globals';
import {
  HIPPOCAMPUS_MODELS,
  hippocampusCase,
  type LabelCase,
  modelEntries,
  mrSeries,
  predictions,
} from './helpers/fixtures';
import { blur, mount, slide } from './helpers/mount';
import { initialPanelState, type PanelState } from '../../src/panel/state';

let labels: LabelCase;
beforeAll(async () => {
  labels = await hippocampusCase();
});

function state(canStore = false): PanelState {
  const series = mrSeries(labels.dims);
  return {
    ...initialPanelState(),
    series,
    models: modelEntries(series),
    predictions: predictions(HIPPOCAMPUS_MODELS, labels.proportions),
    canStore,
  };
}

describe('Results section', () => {
  it('shows one row per prediction: colour, model, loss, timing', () => {
    const s = state();
    const p = mount(s);
    for (const pred of s.predictions) {
      const row = p.get(`seglens-prediction-${pred.key}`);
      expect(row.querySelector('.seglens-model-name')?.textContent).toBe(pred.modelName);
      expect((row.querySelector('.seglens-swatch') as HTMLElement).style.background).toBe(
        `rgb(${pred.color.join(', ')})`,
      );
      expect(p.get(`seglens-timing-${pred.key}`).textContent).toBe(
        `${(pred.totalMs / 1000).toFixed(2)} s on WebGL, ${(pred.inferenceMs / 1000).toFixed(2)} s in the model`,
      );
    }
    expect(p.get(`seglens-prediction-${s.predictions[0].key}`).textContent).toContain('RCE');
    expect(p.get(`seglens-prediction-${s.predictions[1].key}`).textContent).toContain('Dice');
  });

  it('calls setVisibility, setOpacity, exportSeg and storeSeg with the prediction key', () => {
    const s = state(true);
    const p = mount(s);
    const key = s.predictions[1].key;
    const visible = p.get<HTMLInputElement>(`seglens-visibility-${key}`);
    expect(visible.checked).toBe(true);
    visible.click();
    const slider = p.get<HTMLInputElement>(`seglens-opacity-${key}`);
    expect(Number(slider.min)).toBe(0);
    expect(Number(slider.max)).toBe(1);
    expect(Number(slider.value)).toBe(0.5);
    slide(slider, '0.8');
    p.get(`seglens-export-${key}`).click();
    p.get(`seglens-store-${key}`).click();
    expect(p.calls).toEqual([
      ['setVisibility', key, false],
      ['setOpacity', key, 0.8],
      ['exportSeg', key],
      ['storeSeg', key],
    ]);
  });

  it('offers Store only when the data source can store', () => {
    const s = state(false);
    const p = mount(s);
    expect(p.get(`seglens-store-${s.predictions[0].key}`).hidden).toBe(true);
    p.view.update({ ...s, canStore: true });
    expect(p.get(`seglens-store-${s.predictions[0].key}`).hidden).toBe(false);
  });

  it('keeps a slider being dragged while the store echoes other values', () => {
    const s = state();
    const p = mount(s);
    const key = s.predictions[0].key;
    const slider = p.get<HTMLInputElement>(`seglens-opacity-${key}`);
    slider.dispatchEvent(new Event('pointerdown'));
    slider.focus();
    slide(slider, '0.9');
    // The store answers with a new predictions array still holding an older opacity.
    p.view.update({
      ...s,
      predictions: s.predictions.map((x) => (x.key === key ? { ...x, opacity: 0.65 } : x)),
    });
    expect(p.get(`seglens-opacity-${key}`)).toBe(slider);
    expect(slider.value).toBe('0.9');
    expect(document.activeElement).toBe(slider);
    slider.dispatchEvent(new Event('pointerup'));
    blur(slider);
    p.view.update({
      ...s,
      predictions: s.predictions.map((x) => (x.key === key ? { ...x, opacity: 0.9 } : x)),
    });
    expect(slider.value).toBe('0.9');
    expect(slider.parentElement?.querySelector('output')?.textContent).toBe('90 %');
  });

  it('states the disagreement between two predictions and toggles it', () => {
    const s = state();
    const fraction = 1234 / labels.labels.length;
    const p = mount({
      ...s,
      disagreement: {
        a: s.predictions[0].key,
        b: s.predictions[1].key,
        voxels: 1234,
        fraction,
        segmentationId: null,
        visible: false,
      },
    });
    const block = p.get('seglens-disagreement');
    expect(block.hidden).toBe(false);
    expect(p.get('seglens-disagreement-text').textContent).toBe(
      `1,234 voxels (${(fraction * 100).toFixed(2)} %) differ between hippocampus-rce and hippocampus-dice`,
    );
    const toggle = p.get<HTMLInputElement>('seglens-disagreement-toggle');
    toggle.click();
    expect(p.calls).toEqual([['toggleDisagreement']]);
    expect(toggle.checked).toBe(false);
  });

  it('removes rows of predictions that are gone and keeps the others', () => {
    const s = state();
    const p = mount(s);
    const kept = p.get(`seglens-prediction-${s.predictions[2].key}`);
    p.view.update({ ...s, predictions: [s.predictions[2]] });
    expect(p.find(`seglens-prediction-${s.predictions[0].key}`)).toBeNull();
    expect(p.get(`seglens-prediction-${s.predictions[2].key}`)).toBe(kept);
    p.view.update({ ...s, predictions: [] });
    expect(p.root.textContent).toContain('No results yet');
  });
});
