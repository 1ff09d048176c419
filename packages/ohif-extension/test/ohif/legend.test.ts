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

  it('lists the classes of models of one many-class task once, with one swatch per model', () => {
    const organs = ['spleen', 'right kidney', 'left kidney', 'gallbladder', 'esophagus', 'liver'];
    const rce = roleColorFamily(0, organs.length);
    const dice = roleColorFamily(1, organs.length);
    const ct = [
      { modelName: 'ct-rce', visible: true, classColors: organs.map((name, i) => ({ name, color: rce[i] })) },
      {
        modelName: 'ct-dice',
        visible: true,
        classColors: organs.map((name, i) => ({ name, color: dice[i] })),
      },
    ];
    const items = legendItems(ct, 'DICOM SEG: organs');
    expect(items.map((i) => [i.group, i.label])).toEqual([
      ['models', 'ct-rce'],
      ['models', 'ct-dice'],
      ...organs.map((o) => ['classes', o]),
      [undefined, 'reference (outline)'],
    ]);
    // A model is shown by its first, middle and last shade; a class by its shade in each model, in model order.
    expect(items[1]).toMatchObject({ color: dice[0], more: [dice[2], dice[5]], heading: null });
    expect(items[2 + 5]).toMatchObject({ color: rce[5], more: [dice[5]] });

    const element = document.createElement('div');
    document.body.append(element);
    showLegend(element, items);
    const legend = element.querySelector<HTMLElement>(`[data-testid="${LEGEND_TESTID}"]`)!;
    expect(Array.from(legend.children, (r) => r.textContent)).toEqual([
      'ct-rcect-dice',
      organs.join(''),
      'reference (outline)',
    ]);
    const liver = legend.querySelector('[data-legend-label="liver"]')!;
    expect(Array.from(liver.querySelectorAll<HTMLElement>('span'), (sw) => sw.style.background)).toEqual([
      `rgb(${rce[5].join(', ')})`,
      `rgb(${dice[5].join(', ')})`,
    ]);
    expect(legend.querySelectorAll('[data-legend-label="ct-dice"] > span')).toHaveLength(3);

    // Different class lists, a single model, or few classes: one row per model, as before.
    const otherTask = { ...ct[1], classColors: ct[1].classColors.slice(1) };
    expect(legendItems([ct[0], otherTask], null)[0]).toMatchObject({ group: 'ct-rce', label: 'spleen' });
    expect(legendItems([ct[0]], null).every((i) => i.group === 'ct-rce')).toBe(true);
    expect(legendItems(predictions, null)[0].group).toBe('hippocampus-rce');
  });
});
