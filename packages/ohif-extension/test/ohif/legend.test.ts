/** @jest-environment jsdom */
import { LEGEND_TESTID, legendItems, showLegend } from '../../src/ohif/legend';
import { roleColorFamily } from '../../src/analysis';

const [rce1, rce2] = roleColorFamily(0, 2);
const [dice1, dice2] = roleColorFamily(1, 2);
const predictions = [
  {
    modelName: 'hippocampus-rce',
    visible: true,
    classColors: [
      { name: 'anterior', color: rce1 },
      { name: 'posterior', color: rce2 },
    ],
  },
  {
    modelName: 'hippocampus-dice',
    visible: true,
    classColors: [
      { name: 'anterior', color: dice1 },
      { name: 'posterior', color: dice2 },
    ],
  },
];

describe('viewport legend', () => {
  it("lists each shown model's classes in their overlay colours, then the reference as an outline", () => {
    const items = legendItems(predictions, 'DICOM SEG: Hippocampus labels');
    expect(items.map((i) => [i.group, i.label])).toEqual([
      ['hippocampus-rce', 'anterior'],
      ['hippocampus-rce', 'posterior'],
      ['hippocampus-dice', 'anterior'],
      ['hippocampus-dice', 'posterior'],
      [undefined, 'reference (outline)'],
    ]);
    expect(items[2].color).toEqual(dice1);
    expect(items[4]).toMatchObject({ outline: true, title: 'DICOM SEG: Hippocampus labels' });
    // A hidden model leaves the legend; one class is named by the model alone; no predictions, no legend.
    expect(legendItems([{ ...predictions[0], visible: false }, predictions[1]], null)).toHaveLength(2);
    expect(
      legendItems(
        [{ modelName: 'polyp-rce', visible: true, classColors: [{ name: 'polyp', color: rce1 }] }],
        null,
      ),
    ).toEqual([{ label: 'polyp-rce', color: rce1 }]);
    expect(legendItems([], 'DICOM SEG: x')).toEqual([]);
  });

  it('draws over the viewport element without taking its pointer events, and goes away when empty', () => {
    const element = document.createElement('div');
    document.body.append(element);
    showLegend(element, legendItems(predictions, 'DICOM SEG: Hippocampus labels'));
    const legend = element.querySelector<HTMLElement>(`[data-testid="${LEGEND_TESTID}"]`)!;
    expect(legend.style.pointerEvents).toBe('none');
    // One row per model, headed by its name, then the reference.
    expect(Array.from(legend.children, (r) => r.textContent)).toEqual([
      'hippocampus-rce:anteriorposterior',
      'hippocampus-dice:anteriorposterior',
      'reference (outline)',
    ]);
    const swatches = Array.from(legend.querySelectorAll<HTMLElement>('[data-legend-label] > span'));
    expect(swatches[0].style.background).toBe(`rgb(${rce1.join(', ')})`);
    expect(swatches[3].style.background).toBe(`rgb(${dice2.join(', ')})`);
    expect(swatches[4].style.border).toBe('2px solid rgb(240, 240, 240)');
    expect(legend.querySelector<HTMLElement>('[data-legend-label="reference (outline)"]')?.title).toBe(
      'DICOM SEG: Hippocampus labels',
    );
    showLegend(element, legendItems([predictions[0]], null));
    expect(element.querySelectorAll(`[data-testid="${LEGEND_TESTID}"]`)).toHaveLength(1);
    expect(element.querySelectorAll('[data-legend-label]')).toHaveLength(2);
    showLegend(element, []);
    expect(element.querySelector(`[data-testid="${LEGEND_TESTID}"]`)).toBeNull();
  });
});
