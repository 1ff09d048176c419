// The paired statistics against scipy, run in python3 on the very same numbers: every branch of the
// Wilcoxon signed-rank test (exact, full permutation with ties/zeros, normal approximation with ties and zeros)
// and the percentile bootstrap.
import { bootstrapMeanCi, pairedComparison, Rng, sizeBins, wilcoxonSignedRank } from '../../src';
import { normalSurvival } from '../../src/stats';
import { scipyWilcoxon, type ScipyRequest } from '../helpers/scipy';

/** n differences from a seeded generator, shifted by `shift`, optionally rounded to `step` (ties, zeros). */
function differences(n: number, seed: number, shift: number, step?: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const v = (rng.next() - 0.5) * 0.2 + shift;
    return step ? Math.round(v / step) * step : v;
  });
}

const cases: Array<{ name: string; d: number[]; method: ScipyRequest['method'] }> = [
  { name: 'exact, n = 20, no ties', d: differences(20, 1, 0.02), method: 'exact' },
  { name: 'exact, n = 50 (largest exact n)', d: differences(50, 2, 0.005), method: 'exact' },
  { name: 'exact, n = 7, strong effect', d: differences(7, 3, 0.2), method: 'exact' },
  { name: 'permutation, n = 10 with ties and a zero', d: differences(10, 4, 0, 0.04), method: 'permutation' },
  { name: 'permutation, n = 13 with ties', d: differences(13, 5, 0.03, 0.01), method: 'permutation' },
  { name: 'asymptotic, n = 14 with ties', d: differences(14, 6, 0.02, 0.02), method: 'asymptotic' },
  { name: 'asymptotic, n = 51, no ties', d: differences(51, 7, 0.01), method: 'asymptotic' },
  { name: 'asymptotic, n = 200, ties and zeros', d: differences(200, 8, 0.004, 0.01), method: 'asymptotic' },
];

/** The rounding step of each case's differences (undefined: not rounded). */
const steps = [undefined, undefined, undefined, 0.04, 0.01, 0.02, undefined, 0.01];

describe('wilcoxonSignedRank against scipy.stats.wilcoxon', () => {
  const scipy = scipyWilcoxon(cases.map((c) => ({ d: c.d, method: c.method, bootstrap: true })));
  const [major, minor] = scipy.version.split('.').map(Number);
  const followsDefault = major > 1 || minor >= 13;

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = cases[i];
    const ours = wilcoxonSignedRank(c.d);
    expect(ours.method).toBe(c.method);
    if (c.method === 'permutation') expect(ours.nonZero).toBeLessThanOrEqual(13);
    expect(ours.pValue).toBeGreaterThan(0);
    expect(ours.pValue).toBeCloseTo(scipy.results[i].p, 10);
    if (followsDefault) {
      // scipy ≥ 1.13's default picks the same method from the same data: same p and statistic.
      expect(ours.pValue).toBeCloseTo(scipy.results[i].defaultP!, 10);
      expect(ours.statistic).toBe(scipy.results[i].defaultStatistic);
    }
  });

  it('the cases cover ties and zeros where meant to', () => {
    expect(cases[3].d.filter((x) => x === 0).length).toBeGreaterThan(0);
    expect(new Set(cases[5].d.map(Math.abs)).size).toBeLessThan(14);
    expect(cases[7].d.filter((x) => x === 0).length).toBeGreaterThan(0);
  });

  it('the percentile bootstrap CI agrees with scipy.stats.bootstrap to Monte Carlo error', () => {
    cases.forEach((c, i) => {
      const ours = bootstrapMeanCi(c.d, { seed: 3 });
      const theirs = scipy.results[i].ci!;
      const width = theirs[1] - theirs[0];
      // Rounded differences put every resample mean on a lattice of step / n, so two generators' percentiles
      // can land one lattice point apart (case 3: 0.04 / 10) however many resamples are drawn.
      const lattice = (steps[i] ?? 0) / c.d.length;
      const tolerance = Math.max(0.05 * width, lattice * 1.0001);
      expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(tolerance);
      expect(Math.abs(ours[1] - theirs[1])).toBeLessThan(tolerance);
    });
  });
});

describe('pairedComparison', () => {
  it('differences a − b, skips NaN pairs, and is reproducible for a seed', () => {
    const a = [0.8, 0.7, Number.NaN, 0.9, 0.6, 0.75];
    const b = [0.7, 0.72, 0.5, 0.85, 0.5, Number.NaN];
    const r = pairedComparison('hd95', a, b, { seed: 9 });
    expect(r.cases).toBe(4);
    expect(r.meanDifference).toBeCloseTo((0.1 - 0.02 + 0.05 + 0.1) / 4, 12);
    expect(r.wilcoxonP).toBe(wilcoxonSignedRank([0.1, 0.7 - 0.72, 0.9 - 0.85, 0.6 - 0.5]).pValue);
    expect(pairedComparison('hd95', a, b, { seed: 9 }).ci95).toEqual(r.ci95);
    expect(r.ci95[0]).toBeLessThanOrEqual(r.meanDifference);
    expect(r.ci95[1]).toBeGreaterThanOrEqual(r.meanDifference);
  });

  it('reports no pairs as NaN, and rejects unequal lengths and infinities naming the metric', () => {
    const none = pairedComparison('hd95', [Number.NaN], [1]);
    expect(none).toMatchObject({ cases: 0, wilcoxonMethod: null });
    expect(none.wilcoxonP).toBeNaN();
    expect(() => pairedComparison('dsc', [1, 2], [1])).toThrow(/dsc.*2 and 1 values/);
    expect(() => pairedComparison('dsc', [Infinity], [1])).toThrow(/dsc.*case 0/);
    expect(() => wilcoxonSignedRank([])).toThrow(/empty/);
    expect(() => wilcoxonSignedRank([1, Number.NaN])).toThrow(/differences\[1\] is NaN/);
  });

  it('all-zero differences: p = 1 by permutation, NaN by the normal approximation (as scipy)', () => {
    expect(wilcoxonSignedRank(new Array(5).fill(0)).pValue).toBe(1);
    expect(wilcoxonSignedRank(new Array(20).fill(0)).pValue).toBeNaN();
  });
});

describe('normalSurvival and sizeBins', () => {
  it('the normal tail matches known values', () => {
    expect(normalSurvival(0)).toBe(0.5);
    expect(normalSurvival(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalSurvival(-1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalSurvival(6) / 9.865876450376946e-10).toBeCloseTo(1, 10);
  });

  it('splits cases into equal-count bins by size, NaN sizes left out', () => {
    const bins = sizeBins([0.3, 0.1, Number.NaN, 0.2, 0.05, 0.4, 0.25], 3);
    expect(bins.map((b) => b.cases)).toEqual([
      [4, 1],
      [3, 6],
      [0, 5],
    ]);
    expect(bins[0]).toMatchObject({ low: 0.05, high: 0.1 });
    expect(sizeBins([0.2], 3)).toEqual([{ low: 0.2, high: 0.2, cases: [0] }]);
    expect(() => sizeBins([1], 0)).toThrow(/bins must be a positive integer/);
  });
});
