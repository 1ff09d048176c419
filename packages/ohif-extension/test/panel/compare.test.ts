/** @jest-environment jsdom */
import './helpers/node-globals';
import {
  card,
  comparison,
  HIPPOCAMPUS_MODELS,
  hippocampusCase,
  type LabelCase,
  metricRows,
  predictedProportions,
} from './helpers/fixtures';
import { click, mount, num } from './helpers/mount';
import { rowTitle } from '../../src/panel/components/metrics-table';
import { initialPanelState, type ComparisonView, type PanelState } from '../../src/panel/state';

let labels: LabelCase;
beforeAll(async () => {
  labels = await hippocampusCase();
});

function state(view: ComparisonView | null): PanelState {
  return { ...initialPanelState(), comparison: view };
}

const cellText = (row: Element, metric: string): string =>
  row.querySelector(`td[data-metric="${metric}"]`)?.textContent ?? '';

describe('Compare: metrics table', () => {
  it('shows every model and class of the cards with 3 decimals, grouped by class', () => {
    const p = mount(state(comparison(labels, HIPPOCAMPUS_MODELS)));
    expect(p.get('seglens-reference').textContent).toBe('Reference: DICOM SEG: hippocampus labels');
    const table = p.get<HTMLTableElement>('seglens-metrics-table');
    expect(Array.from(table.querySelectorAll('thead th'), (th) => th.textContent)).toEqual([
      'Model',
      'DSC',
      'IoU',
      'HD95 mm',
      'NSD',
    ]);
    // Each class heads its group of rows.
    expect(
      Array.from(table.querySelectorAll('tr.seglens-class-row'), (tr) => [
        tr.getAttribute('data-class'),
        tr.textContent,
      ]),
    ).toEqual([
      ['mean', 'mean of the 2 classes scored'],
      ['1', 'anterior hippocampus'],
      ['2', 'posterior hippocampus'],
    ]);
    const rows = Array.from(table.querySelectorAll('tbody tr.seglens-metric-row'));
    expect(rows.map((r) => [r.getAttribute('data-class'), r.getAttribute('data-model')])).toEqual([
      ['1', 'hippocampus-rce'],
      ['1', 'hippocampus-dice'],
      ['1', 'hippocampus-ce'],
      ['2', 'hippocampus-rce'],
      ['2', 'hippocampus-dice'],
      ['2', 'hippocampus-ce'],
    ]);
    for (const row of rows) {
      const name = row.getAttribute('data-model') as string;
      const m = card(name).validation.perClass.find(
        (x) => String(x.index) === row.getAttribute('data-class'),
      );
      if (!m) throw new Error('missing class');
      // The model cell: the name, breakable only after its hyphens, then the loss as a badge.
      expect(row.querySelector('.seglens-badge')?.textContent).toBe(
        { rce: 'RCE', dice: 'Dice', crossEntropy: 'CE' }[card(name).training.loss.name],
      );
      expect(row.getAttribute('title')).toBe(`${name} · ${m.name}`);
      expect(row.querySelector('.seglens-model-name')?.textContent).toBe(name);
      expect(row.querySelectorAll('.seglens-model-name wbr')).toHaveLength(name.split('-').length - 1);
      expect(cellText(row, 'dsc')).toBe(m.dsc.toFixed(3));
      expect(cellText(row, 'iou')).toBe(m.iou.toFixed(3));
      expect(cellText(row, 'hd95')).toBe(m.hd95.toFixed(3));
      expect(cellText(row, 'nsd')).toBe(m.nsd.toFixed(3));
    }
  });

  it.each([
    [undefined, 'HD95 mm', 'in mm', '1 mm'],
    ['mm' as const, 'HD95 mm', 'in mm', '1 mm'],
    ['px' as const, 'HD95 px', 'in pixels (the series gives no pixel spacing)', '2 px'],
    ['voxels' as const, 'HD95 voxels', 'in voxels (the series gives no pixel spacing)', '1 voxel'],
  ])('labels distances in the series unit (distanceUnit %s)', (distanceUnit, hd95, hdTitle, tolerance) => {
    const p = mount(state({ ...comparison(labels, HIPPOCAMPUS_MODELS), distanceUnit }));
    const heads = Array.from(p.get<HTMLTableElement>('seglens-metrics-table').querySelectorAll('thead th'));
    expect(heads.map((th) => th.textContent)).toEqual(['Model', 'DSC', 'IoU', hd95, 'NSD']);
    expect(heads[3].getAttribute('title')).toContain(hdTitle);
    expect(heads[4].getAttribute('title')).toBe(`Normalised surface Dice at ${tolerance} (higher is better)`);
  });

  it.each([
    [{ predRegions: undefined, falseRegionShare: undefined }, 'm-rce · spleen'],
    [
      { predRegions: 1, falseRegionShare: 0 },
      'm-rce · spleen · 1 region, 0% of its voxels off the reference',
    ],
    [
      { predRegions: 287, falseRegionShare: 0.1234 },
      'm-rce · spleen · 287 regions, 12% of its voxels off the reference',
    ],
    [{ predRegions: 0, falseRegionShare: Number.NaN }, 'm-rce · spleen · 0 regions'],
  ])("the row title gives the prediction's regions on hover (%j)", (regions, title) => {
    const row = {
      model: 'm-rce',
      loss: 'RCE',
      className: 'spleen',
      classIndex: 1,
      dsc: 0.5,
      iou: 0.3,
      hd95: 9,
      nsd: 0.4,
    };
    expect(rowTitle({ ...row, ...regions })).toBe(title);
  });

  it('puts the best value per class in bold: highest DSC/IoU/NSD, lowest HD95', () => {
    const p = mount(state(comparison(labels, HIPPOCAMPUS_MODELS)));
    const rows = Array.from(p.get('seglens-metrics-table').querySelectorAll('tbody tr.seglens-metric-row'));
    const all = metricRows(HIPPOCAMPUS_MODELS);
    for (const metric of ['dsc', 'iou', 'hd95', 'nsd'] as const) {
      for (const cls of [1, 2]) {
        const values = all.filter((r) => r.classIndex === cls).map((r) => r[metric]);
        const best = metric === 'hd95' ? Math.min(...values) : Math.max(...values);
        const bold = rows
          .filter((r) => r.getAttribute('data-class') === String(cls))
          .filter((r) => r.querySelector(`td[data-metric="${metric}"] strong`) !== null)
          .map((r) => r.getAttribute('data-model'));
        expect(bold).toEqual(
          all.filter((r) => r.classIndex === cls && r[metric] === best).map((r) => r.model),
        );
      }
    }
  });

  it('writes NaN (an empty side) as "–" and never counts it as best', () => {
    const view = comparison(labels, ['hippocampus-rce', 'hippocampus-dice']);
    view.rows = view.rows.map((r) =>
      r.model === 'hippocampus-dice' && r.classIndex === 2 ? { ...r, hd95: Number.NaN } : r,
    );
    const p = mount(state(view));
    const row = p
      .get('seglens-metrics-table')
      .querySelector('tr[data-model="hippocampus-dice"][data-class="2"]') as Element;
    expect(cellText(row, 'hd95')).toBe('–');
    const other = p
      .get('seglens-metrics-table')
      .querySelector('tr[data-model="hippocampus-rce"][data-class="2"]') as Element;
    expect(other.querySelector('td[data-metric="hd95"] strong')).toBeNull(); // one finite value: nothing to beat
  });

  it("heads the table with each model's mean over the scored classes: its card's mean foreground DSC", () => {
    const p = mount(state(comparison(labels, HIPPOCAMPUS_MODELS)));
    const table = p.get('seglens-metrics-table');
    // The first group of the body, before the classes'.
    expect(table.querySelector('tbody tr')?.getAttribute('data-class')).toBe('mean');
    expect(table.querySelector('tr.seglens-class-row[data-class="mean"]')?.textContent).toBe(
      'mean of the 2 classes scored',
    );
    const rows = Array.from(table.querySelectorAll('tr.seglens-mean-row'));
    expect(rows.map((r) => r.getAttribute('data-model'))).toEqual(HIPPOCAMPUS_MODELS);
    // The fixture's rows are each card's validation per class, so the mean is the card's own summary.
    const expected = HIPPOCAMPUS_MODELS.map((name) => card(name).validation.meanForegroundDsc);
    expect(rows.map((r) => cellText(r, 'dsc'))).toEqual(expected.map((v) => v.toFixed(3)));
    const iou = HIPPOCAMPUS_MODELS.map((name) => {
      const per = card(name).validation.perClass;
      return per.reduce((sum, m) => sum + m.iou, 0) / per.length;
    });
    expect(rows.map((r) => cellText(r, 'iou'))).toEqual(iou.map((v) => v.toFixed(3)));
    // The highest mean in bold; HD95 and NSD not averaged, and the cell says why.
    const winner = HIPPOCAMPUS_MODELS[expected.indexOf(Math.max(...expected))];
    expect(
      rows
        .filter((r) => r.querySelector('td[data-metric="dsc"] strong'))
        .map((r) => r.getAttribute('data-model')),
    ).toEqual([winner]);
    for (const r of rows)
      for (const metric of ['hd95', 'nsd']) {
        expect(cellText(r, metric)).toBe('–');
        expect(r.querySelector(`td[data-metric="${metric}"]`)?.getAttribute('title')).toMatch(
          /^Not averaged/,
        );
      }
  });

  it('has no mean group when one class is scored (it would repeat the row)', () => {
    const view = comparison(labels, HIPPOCAMPUS_MODELS);
    view.rows = view.rows.filter((r) => r.classIndex === 1);
    const p = mount(state(view));
    expect(p.get('seglens-metrics-table').querySelectorAll('[data-class="mean"]')).toHaveLength(0);
  });

  it('names the classes a partial reference leaves unscored, under the table', () => {
    const view = comparison(labels, HIPPOCAMPUS_MODELS);
    const p = mount(state(view));
    expect(p.find('seglens-unscored')).toBeNull();
    view.rows = view.rows.filter((r) => r.classIndex === 1);
    p.view.update(state({ ...view, unscored: ['posterior hippocampus'] }));
    expect(p.get('seglens-unscored').textContent).toBe(
      'Not in the reference, so not scored: posterior hippocampus',
    );
    expect(p.get('seglens-metrics-table').querySelectorAll('tr[data-class="2"]')).toHaveLength(0);
  });

  it('explains how to get a reference when there is none', () => {
    const p = mount(state(comparison(labels, HIPPOCAMPUS_MODELS, null)));
    expect(p.get('seglens-reference').textContent).toBe(
      'No reference: draw labels or open a DICOM SEG to see DSC/HD95',
    );
    expect(p.find('seglens-metrics-table')).toBeNull();
    // The models' proportions are still worth comparing with each other.
    expect(p.get('seglens-proportions-legend').textContent).toBe(HIPPOCAMPUS_MODELS.join(''));
    // Before Segment nothing was looked for: the panel does not claim there is no reference.
    p.view.update(state(null));
    expect(p.get('seglens-reference').textContent).toBe(
      'Press Segment to compare the models (with the reference, when the study has one).',
    );
    // While the study's SEG loads (on opening the series), that is what Compare says; a comparison replaces it.
    p.view.update({ ...state(null), referenceLoading: 'DICOM SEG: hippocampus labels' });
    expect(p.get('seglens-reference').textContent).toBe(
      'Loading the reference (DICOM SEG: hippocampus labels)…',
    );
    p.view.update({ ...state(comparison(labels, HIPPOCAMPUS_MODELS)), referenceLoading: 'DICOM SEG: other' });
    expect(p.get('seglens-reference').textContent).toBe('Reference: DICOM SEG: hippocampus labels');
  });
});

describe('Compare: region proportions chart', () => {
  it('draws one bar per source and foreground class, heights proportional to the values, reference first', () => {
    const view = comparison(labels, HIPPOCAMPUS_MODELS);
    const p = mount(state(view));
    const chart = p.get('seglens-proportions-chart');
    const bars = Array.from(chart.querySelectorAll('rect.seglens-bar'));
    expect(bars).toHaveLength(4 * 2); // reference + 3 models, background excluded
    expect(bars.map((b) => b.getAttribute('data-source')).slice(0, 4)).toEqual([
      'reference',
      ...HIPPOCAMPUS_MODELS,
    ]);
    const expected = (source: string, k: number): number =>
      (source === 'reference' ? labels.proportions[k] : predictedProportions(source, labels.proportions)[k]) *
      100;
    const ref = bars[0];
    for (const bar of bars) {
      const source = bar.getAttribute('data-source') as string;
      const k = Number(bar.getAttribute('data-class'));
      expect(k).not.toBe(0);
      expect(Number(bar.getAttribute('data-value'))).toBeCloseTo(expected(source, k), 10);
      expect(num(bar, 'height') / num(ref, 'height')).toBeCloseTo(
        expected(source, k) / expected('reference', 1),
        6,
      );
      // Every bar is labelled with its value in %, above it.
      const label = chart.querySelector(
        `text.seglens-value[data-source="${source}"][data-class="${k}"]`,
      ) as Element;
      expect(label.textContent).toBe(expected(source, k).toFixed(2));
      expect(num(label, 'y')).toBeLessThan(num(bar, 'y'));
      expect(bar.getAttribute('fill')).toBe(
        `rgb(${view.proportions.find((s) => s.source === source)?.color.join(', ')})`,
      );
    }
    // The bars stand on the zero line and reach the axis maximum at most.
    const yMax = Number(chart.getAttribute('data-y-max'));
    const tallest = Math.max(...bars.map((b) => Number(b.getAttribute('data-value'))));
    expect(yMax).toBeGreaterThanOrEqual(tallest);
    const ticks = Array.from(chart.querySelectorAll('text.seglens-tick'), (t) => Number(t.textContent));
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(yMax);
    expect(
      Array.from(chart.querySelectorAll('text.seglens-class-label title'), (t) => t.textContent),
    ).toEqual(['anterior hippocampus', 'posterior hippocampus']);
  });

  it('turns to rows when columns could not hold their values: 13 CT organs, one line per bar, none overprinted', () => {
    // The ct-abdomen demo: TotalSegmentator's labels of 8 organs (the other 5 unscored: no reference bar) and the
    // shipped RCE and Dice models; percentages as `seglens evaluate --input` prints them (models README).
    const classes = card('ct-abdomen-rce').classes;
    const byName: Record<string, [number, number, number]> = {
      spleen: [2.49, 2.94, 1.28],
      liver: [6.99, 7.31, 6.84],
      stomach: [1.41, 2.0, 1.43],
      aorta: [0.22, 0.23, 0],
      'inferior vena cava': [0.09, 0.03, 0.05],
      'portal and splenic vein': [0.06, 0.05, 0.11],
      pancreas: [0.03, 0.06, 0.02],
      'right adrenal gland': [0.02, 0, 0.01],
    };
    const values = (i: number) =>
      classes.map((c) =>
        c.index === 0 ? Number.NaN : (byName[c.name]?.[i] ?? (i === 0 ? Number.NaN : 0)) / 100,
      );
    const view: ComparisonView = {
      reference: 'DICOM SEG: TotalSegmentator labels',
      classes,
      rows: [],
      proportions: [
        { source: 'reference', color: [230, 230, 230], values: values(0) },
        { source: 'ct-abdomen-rce', color: [90, 204, 230], values: values(1) },
        { source: 'ct-abdomen-dice', color: [240, 170, 40], values: values(2) },
      ],
    };
    const chart = mount(state(view)).get('seglens-proportions-chart');
    expect(chart.getAttribute('data-layout')).toBe('rows');
    expect(
      Array.from(chart.querySelectorAll('text.seglens-class-label title'), (t) => t.textContent),
    ).toEqual(classes.filter((c) => c.index !== 0).map((c) => c.name));
    const bars = Array.from(chart.querySelectorAll('rect.seglens-bar'));
    expect(bars).toHaveLength(8 + 13 * 2); // the reference's 8 organs, each model's 13
    const unit = bars.find(
      (b) => b.getAttribute('data-source') === 'reference' && b.getAttribute('data-class') === '6',
    )!;
    const labelYs: number[] = [];
    for (const bar of bars) {
      const v = Number(bar.getAttribute('data-value'));
      // Lengths in proportion to the values; the smallest drawn as a hairline of 0.5 units, still visible.
      const length = (v / 6.99) * num(unit, 'width');
      if (length > 0.5) expect(num(bar, 'width') / num(unit, 'width')).toBeCloseTo(v / 6.99, 6);
      else expect(num(bar, 'width')).toBe(0.5);
      const label = chart.querySelector(
        `text.seglens-value[data-source="${bar.getAttribute('data-source')}"][data-class="${bar.getAttribute('data-class')}"]`,
      ) as Element;
      expect(label.textContent).toBe(v.toFixed(2));
      // At the bar's end, on the bar's own line.
      expect(num(label, 'x')).toBeGreaterThan(num(bar, 'x') + num(bar, 'width'));
      expect(num(label, 'y')).toBeGreaterThan(num(bar, 'y'));
      expect(num(label, 'y')).toBeLessThanOrEqual(num(bar, 'y') + num(bar, 'height'));
      labelYs.push(num(label, 'y'));
    }
    // No two values share a line: each at least a bar's height (11 units, the values' font size) from the next.
    labelYs.sort((a, b) => a - b);
    for (let i = 1; i < labelYs.length; i++) expect(labelYs[i] - labelYs[i - 1]).toBeGreaterThanOrEqual(11);
    // Two classes of the hippocampus models still read as columns.
    expect(
      mount(state(comparison(labels, HIPPOCAMPUS_MODELS)))
        .get('seglens-proportions-chart')
        .getAttribute('data-layout'),
    ).toBe('columns');
  });

  it('has a legend in chart order and can include the background', () => {
    const p = mount(state(comparison(labels, HIPPOCAMPUS_MODELS)));
    const legend = Array.from(
      p.get('seglens-proportions-legend').querySelectorAll('li'),
      (li) => li.textContent,
    );
    expect(legend).toEqual(['reference', ...HIPPOCAMPUS_MODELS]);
    const toggle = p.get<HTMLInputElement>('seglens-proportions-background');
    expect(toggle.checked).toBe(false);
    click(toggle);
    const bars = Array.from(p.get('seglens-proportions-chart').querySelectorAll('rect.seglens-bar'));
    expect(bars).toHaveLength(4 * 3);
    const bg = bars.find(
      (b) => b.getAttribute('data-class') === '0' && b.getAttribute('data-source') === 'reference',
    ) as Element;
    expect(Number(bg.getAttribute('data-value'))).toBeCloseTo(labels.proportions[0] * 100, 10);
    expect(p.calls).toEqual([]); // a view choice, not an action
  });
});
