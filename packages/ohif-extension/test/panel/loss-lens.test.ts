/** @jest-environment jsdom */
import './helpers/node-globals';
import { busiestSlice, HIPPOCAMPUS_MODELS, hippocampusCase, lensRows } from './helpers/fixtures';
import { mount, num } from './helpers/mount';
import { formatSigned } from '../../src/panel/format';
import { initialPanelState, type LossLensRow, type PanelState } from '../../src/panel/state';

let rows: LossLensRow[];
let slice: number;
beforeAll(async () => {
  const labels = await hippocampusCase();
  slice = busiestSlice(labels);
  rows = await lensRows(labels, slice, HIPPOCAMPUS_MODELS.slice(0, 2));
});

const state = (scope: 'slice' | 'volume' = 'slice'): PanelState => ({
  ...initialPanelState(),
  lossLens: { scope, slice, rows },
});

function rowGroup(root: HTMLElement, model: string, loss: string): SVGGElement {
  const g = root.querySelector(`svg[data-model="${model}"] g[data-loss="${loss}"]`);
  if (!g) throw new Error(`no lens row for ${model} ${loss}`);
  return g as SVGGElement;
}

describe('formatSigned', () => {
  it('writes the sign always, three decimals, and tiny terms in exponent form', () => {
    expect(formatSigned(0.5123)).toBe('+0.512');
    expect(formatSigned(-0.031)).toBe('−0.031');
    expect(formatSigned(4.46e-6)).toBe('+4.46e−6');
    expect(formatSigned(-4.46e-6)).toBe('−4.46e−6');
    expect(formatSigned(0)).toBe('+0.000');
    expect(formatSigned(Number.NaN)).toBe('–');
  });
});

describe('Loss lens', () => {
  it('toggles the scope through the action and shows the slice number', () => {
    const p = mount(state('slice'));
    expect(p.get('seglens-lens-scope-slice').getAttribute('aria-pressed')).toBe('true');
    expect(p.get('seglens-lens-scope-volume').getAttribute('aria-pressed')).toBe('false');
    expect(p.get('seglens-lens-where').textContent).toBe(`slice ${slice + 1}`); // 1-based on screen
    p.get('seglens-lens-scope-slice').click(); // already there: nothing to do
    p.get('seglens-lens-scope-volume').click();
    expect(p.calls).toEqual([['setLossLensScope', 'volume']]);
    p.view.update(state('volume'));
    expect(p.get('seglens-lens-where').textContent).toBe('whole volume');
    p.get('seglens-lens-scope-slice').click();
    expect(p.calls[1]).toEqual(['setLossLensScope', 'slice']);
  });

  it('draws a chart per model with a row per loss, value and both terms in numbers', () => {
    const p = mount(state());
    const chart = p.get('seglens-lens-chart');
    expect(Array.from(chart.querySelectorAll('figure'), (f) => f.getAttribute('data-model'))).toEqual(
      HIPPOCAMPUS_MODELS.slice(0, 2),
    );
    for (const r of rows) {
      const g = rowGroup(chart, r.model, r.loss);
      expect(g.querySelector('.seglens-lens-label')?.textContent).toBe(r.label);
      const value = Number(g.querySelector('text[data-term="value"]')?.textContent);
      expect(value).toBeCloseTo(r.value, r.value < 0.01 ? 4 : 3);
      if (r.matching !== undefined && r.regionSize !== undefined) {
        // Each term with its sign ("+0.512", "−0.031"), and the constant: the three add up to the value.
        const term = (kind: string): number =>
          Number(
            (g.querySelector(`tspan[data-term="${kind}"]`)?.textContent ?? '')
              .split(' ')
              .pop()
              ?.replaceAll('−', '-'),
          );
        expect(term('matching')).toBeCloseTo(r.matching, 3);
        expect(term('regionSize')).toBeCloseTo(r.regionSize, 3);
        expect(term('constant')).toBeCloseTo(r.constant!, 3);
        expect(g.querySelector('tspan[data-term="regionSize"]')?.textContent).toMatch(/^region-size [+−]\d/);
        expect(term('matching') + term('regionSize') + term('constant')).toBeCloseTo(r.value, 2);
        // Matching and region-size share a line (the second has no x of its own); the constant starts the next.
        expect(g.querySelector('tspan[data-term="regionSize"]')?.hasAttribute('x')).toBe(false);
        expect(g.querySelector('tspan[data-term="constant"]')?.getAttribute('dy')).toBe('15');
        expect(g.querySelectorAll('rect[data-term="matching"], rect[data-term="regionSize"]')).toHaveLength(
          2,
        );
        expect(g.querySelector('line.seglens-value-marker')).not.toBeNull();
      } else {
        // Dice and RCE come without a decomposition here: one value bar.
        expect(g.querySelectorAll('rect')).toHaveLength(1);
        expect(g.querySelector('rect')?.getAttribute('data-term')).toBe('value');
      }
    }
    const legend = Array.from(p.get('seglens-lens-legend').querySelectorAll('li'), (li) => li.textContent);
    expect(legend).toEqual([
      'ground-truth matching term',
      'region-size term',
      'loss value = terms + a constant fixed by the labels',
      'loss value (no decomposition)',
    ]);
  });

  it("draws log-Dice's negative region-size term left of the zero line, positive terms right of it", () => {
    const p = mount(state());
    const logDice = rows.filter((r) => r.loss === 'logDice');
    expect(logDice.length).toBe(2);
    for (const r of logDice) {
      // Real decomposition: Σ log(p̂ + ŷ) < 0 whenever p̂ + ŷ < 1 for some class.
      expect(r.regionSize).toBeLessThan(0);
      const g = rowGroup(p.root, r.model, 'logDice');
      const zero = Number(g.getAttribute('data-zero-x'));
      const region = g.querySelector('rect[data-term="regionSize"]') as Element;
      const matching = g.querySelector('rect[data-term="matching"]') as Element;
      expect(num(region, 'x') + num(region, 'width')).toBeCloseTo(zero, 6);
      expect(num(region, 'x')).toBeLessThan(zero);
      expect(num(matching, 'x')).toBeCloseTo(zero, 6);
      // Lengths in one scale: width / value is the same for both terms.
      expect(num(region, 'width') / Math.abs(r.regionSize as number)).toBeCloseTo(
        num(matching, 'width') / (r.matching as number),
        6,
      );
      const line = g.querySelector('line.seglens-zero') as Element;
      expect(num(line, 'x1')).toBeCloseTo(zero, 6);
    }
  });

  it("puts every term on its sign's side of zero, stacking outwards, and marks the value on the same scale", () => {
    const p = mount(state());
    const decomposed = rows.filter((r) => r.matching !== undefined && r.regionSize !== undefined);
    // CE's Monte-Carlo matching term is negative on this slice and its region-size term (a KL) positive.
    expect(
      decomposed.some(
        (r) => r.loss === 'crossEntropy' && (r.matching as number) < 0 && (r.regionSize as number) > 0,
      ),
    ).toBe(true);
    for (const r of decomposed) {
      const g = rowGroup(p.root, r.model, r.loss);
      const zero = Number(g.getAttribute('data-zero-x'));
      const rect = (term: string): Element => g.querySelector(`rect[data-term="${term}"]`) as Element;
      const m = rect('matching');
      const rs = rect('regionSize');
      const perUnit = num(m, 'width') / Math.abs(r.matching as number);
      expect(num(rs, 'width') / Math.abs(r.regionSize as number)).toBeCloseTo(perUnit, 6);
      const [mv, rv] = [r.matching as number, r.regionSize as number];
      // Matching starts at zero; region-size starts at zero when its sign differs, else where matching ends.
      if (mv >= 0) expect(num(m, 'x')).toBeCloseTo(zero, 6);
      else expect(num(m, 'x') + num(m, 'width')).toBeCloseTo(zero, 6);
      if (Math.sign(rv) !== Math.sign(mv)) {
        if (rv >= 0) expect(num(rs, 'x')).toBeCloseTo(zero, 6);
        else expect(num(rs, 'x') + num(rs, 'width')).toBeCloseTo(zero, 6);
      } else if (rv >= 0) expect(num(rs, 'x')).toBeCloseTo(num(m, 'x') + num(m, 'width'), 6);
      else expect(num(rs, 'x') + num(rs, 'width')).toBeCloseTo(num(m, 'x'), 6);
      const marker = g.querySelector('line.seglens-value-marker') as Element;
      expect((num(marker, 'x1') - zero) / perUnit).toBeCloseTo(r.value, 6);
    }
  });

  it('uses one scale per loss across models, so the same loss compares across charts', () => {
    const p = mount(state());
    const [a, b] = HIPPOCAMPUS_MODELS;
    const ga = rowGroup(p.root, a, 'dice');
    const gb = rowGroup(p.root, b, 'dice');
    const ra = rows.find((r) => r.model === a && r.loss === 'dice') as LossLensRow;
    const rb = rows.find((r) => r.model === b && r.loss === 'dice') as LossLensRow;
    expect(ga.getAttribute('data-zero-x')).toBe(gb.getAttribute('data-zero-x'));
    expect(
      num(ga.querySelector('rect') as Element, 'width') / num(gb.querySelector('rect') as Element, 'width'),
    ).toBeCloseTo(ra.value / rb.value, 6);
  });

  it('says what it needs when there is nothing to show', () => {
    const p = mount(initialPanelState());
    expect(p.root.textContent).toContain('The loss lens needs a reference and a prediction.');
    expect(p.get('seglens-lens-chart').children).toHaveLength(0);
  });
});
