/** Region-size terms: hand cases at τ = 1 and 2, binary Bernoulli KL, degenerate images. */
import { diceBias, regionKL, regionL1 } from '../src';
import type { Case } from './helpers/random';
import { refDiceBias, refRegionKL, refRegionL1 } from './helpers/reference';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const { log: ln, abs } = Math;

// One image, two pixels with logits [ln 3, 0] and labels [0, 1]: ŷ = [1/2, 1/2],
// p̂ = softmax(τ·[ln 3, 0]) = [3^τ, 1]/(3^τ + 1): [3/4, 1/4] at τ = 1, [9/10, 1/10] at τ = 2.
const multi: Case = { shape: [1, 2, 2], logits: [ln(3), 0, ln(3), 0], labels: [0, 1], ignoreIndex: 255 };
// Binary: logits ln 3 on both pixels (σ = 3/4), labels [1, 0]: ŷ_fg = 1/2, p̂_fg = 3/4 at τ = 1.
const binary: Case = { shape: [1, 2, 1], logits: [ln(3), ln(3)], labels: [1, 0], ignoreIndex: 255 };
// Binary, all foreground: ŷ = [0 (+EPS), 1], p̂ = [1/4, 3/4].
const allForeground: Case = { shape: [1, 2, 1], logits: [ln(3), ln(3)], labels: [1, 1], ignoreIndex: 255 };

type Term = typeof regionL1;
test.each<[string, Term, Case, number, number]>([
  ['regionL1 is a mean over classes: (1/4 + 1/4)/2', regionL1, multi, 1, 1 / 4],
  ['regionL1 at τ = 2: (0.4 + 0.4)/2', regionL1, multi, 2, 0.4],
  ['regionKL: ½ ln(½ / ¾) + ½ ln(½ / ¼)', regionKL, multi, 1, 0.5 * ln(4 / 3)],
  ['regionKL at τ = 2: ½ ln(½ / 0.9) + ½ ln(½ / 0.1)', regionKL, multi, 2, 0.5 * ln(5 / 9) + 0.5 * ln(5)],
  ['diceBias: mean of ln(¾ + ½) and ln(¼ + ½)', diceBias, multi, 1, (ln(5 / 4) + ln(3 / 4)) / 2],
  ['binary regionL1: |½ − ¾| on the foreground only', regionL1, binary, 1, 1 / 4],
  ['binary regionKL is the Bernoulli KL: ½ ln(½ / ¾) + ½ ln(½ / ¼)', regionKL, binary, 1, 0.5 * ln(4 / 3)],
  ['binary diceBias: ln(¾ + ½) on the foreground only', diceBias, binary, 1, ln(5 / 4)],
  ['binary regionKL of an all-foreground image stays finite: ln(1/¾)', regionKL, allForeground, 1, ln(4 / 3)],
])('%s', (_name, term, c, temperature, expected) => {
  expect(valueOf(c, (z, y) => term(z, y, { temperature }))).toBeCloseTo(expected, 6);
});

test('the terms agree with the reference on the hand cases too (default τ = 10)', () => {
  for (const c of [multi, binary, allForeground]) {
    expect(valueOf(c, (z, y) => regionL1(z, y))).toBeCloseTo(refRegionL1(c), 6);
    expect(valueOf(c, (z, y) => regionKL(z, y))).toBeCloseTo(refRegionKL(c), 5);
    expect(valueOf(c, (z, y) => diceBias(z, y))).toBeCloseTo(refDiceBias(c), 6);
  }
});

test('a prediction with exactly the ground-truth proportions has zero L1 and KL', () => {
  // Pixel logits are swapped copies: p̂ = [½, ½] at any τ, and the labels are balanced.
  const c: Case = {
    shape: [1, 4, 2],
    logits: [2, 0, 0, 2, 1, 0, 0, 1],
    labels: [1, 1, 0, 0],
    ignoreIndex: 255,
  };
  expect(abs(valueOf(c, (z, y) => regionL1(z, y)))).toBeLessThan(1e-7);
  expect(abs(valueOf(c, (z, y) => regionKL(z, y)))).toBeLessThan(1e-7);
});

test('Proposition 2: diceBias is lowest at the simplex vertex of the largest ground-truth region', () => {
  // ŷ = [3/4, 1/4]. Prediction A puts everything in class 0 (the vertex t); B matches ŷ exactly.
  const labels = [0, 0, 0, 1];
  const vertex: Case = { shape: [1, 4, 2], logits: [9, 0, 9, 0, 9, 0, 9, 0], labels, ignoreIndex: 255 };
  const matched: Case = { shape: [1, 4, 2], logits: [9, 0, 9, 0, 9, 0, 0, 9], labels, ignoreIndex: 255 };
  const atVertex = valueOf(vertex, (z, y) => diceBias(z, y));
  const atTruth = valueOf(matched, (z, y) => diceBias(z, y));
  expect(atVertex).toBeCloseTo((ln(1 + 3 / 4) + ln(0 + 1 / 4)) / 2, 4);
  expect(atVertex).toBeLessThan(atTruth);
});
