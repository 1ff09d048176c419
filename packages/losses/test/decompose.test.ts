/**
 * The decompositions of eq. (6) (CE) and eq. (2) (log-Dice): the identity total = matching + regionSize +
 * constant, each term against the per-pixel reference, and the links to the losses themselves.
 */
import { crossEntropy, decompose, decomposeAsync, logDice, type Decomposition } from '../src';
import { imageOf } from './helpers/monai';
import { randomCase, type Case } from './helpers/random';
import { refDecompose, view } from './helpers/reference';
import { tensors, tf, useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

function run(kind: 'ce' | 'logDice', c: Case): Decomposition {
  const { logits, labels } = tensors(c);
  try {
    return decompose(kind, logits, labels);
  } finally {
    tf.dispose([logits, labels]);
  }
}

const cases: Array<[string, Case]> = [
  ['2D multi-class', randomCase([3, 6, 5, 4], 31, 0, 2.5)],
  ['2D multi-class with ignored pixels', randomCase([2, 6, 6, 3], 32, 0.3, 2.5)],
  ['3D multi-class', randomCase([2, 3, 4, 4, 3], 33, 0.1, 2.5)],
  ['binary', randomCase([3, 5, 5, 1], 34, 0.1, 2.5)],
];

describe.each(cases)('%s', (_name, c) => {
  test.each([['ce' as const], ['logDice' as const]])(
    '%s: total = matching + regionSize + constant',
    (kind) => {
      const d = run(kind, c);
      for (const t of [d, ...d.perImage]) {
        expect(Math.abs(t.total - (t.matching + t.regionSize + t.constant))).toBeLessThan(
          1e-6 * (1 + Math.abs(t.total)),
        );
      }
    },
  );

  test.each([['ce' as const], ['logDice' as const]])(
    '%s: every term matches the per-pixel reference',
    (kind) => {
      const d = run(kind, c);
      const ref = refDecompose(c, kind);
      expect(d.perImage).toHaveLength(c.shape[0]);
      d.perImage.forEach((img, b) => {
        expect(img.validPixels).toBe(ref[b].validPixels);
        for (const key of ['total', 'matching', 'regionSize', 'constant'] as const) {
          expect(img[key]).toBeCloseTo(ref[b][key], 4);
        }
      });
      const mean = (key: 'total' | 'matching') => ref.reduce((a, t) => a + t[key], 0) / ref.length;
      expect(d.total).toBeCloseTo(mean('total'), 4);
      expect(d.matching).toBeCloseTo(mean('matching'), 4);
    },
  );

  test("CE total of each image is that image's crossEntropy", () => {
    const d = run('ce', c);
    d.perImage.forEach((img, b) => {
      const [B, ...rest] = c.shape;
      const flat: Case = {
        ...c,
        shape: [B, rest.slice(0, -1).reduce((x, y) => x * y, 1), rest[rest.length - 1]],
      };
      expect(img.total).toBeCloseTo(
        valueOf(imageOf(flat, b), (z, y) => crossEntropy(z, y)),
        5,
      );
    });
  });

  test('CE region-size term is a KL divergence (≥ 0) and the constant an entropy (≥ 0)', () => {
    for (const img of run('ce', c).perImage) {
      expect(img.regionSize).toBeGreaterThanOrEqual(-1e-9);
      expect(img.constant).toBeGreaterThanOrEqual(-1e-9);
    }
  });
});

test('log-Dice total of an image with every class present is C × logDice of that image alone', () => {
  const c = randomCase([1, 8, 8, 3], 41, 0, 2);
  expect(new Set(c.labels).size).toBe(3);
  const total = run('logDice', c).total;
  expect(total).toBeCloseTo(3 * valueOf(c, (z, y) => logDice(z, y)), 5);
});

test('Proposition 1: the log-Dice matching term D_F is at most the per-class mean CE of Table 1', () => {
  const c = randomCase([2, 6, 6, 3], 42, 0.1, 3);
  const v = view(c);
  const d = run('logDice', c);
  d.perImage.forEach((img, b) => {
    let tableOneCE = 0;
    for (let k = 0; k < v.C; k++) {
      const inK = Array.from({ length: v.N }, (_, i) => i).filter(
        (i) => v.valid(b, i) && v.label(b, i) === k,
      );
      if (inK.length > 0) tableOneCE -= inK.reduce((a, i) => a + Math.log(v.probs(b, i)[k]), 0) / inK.length;
    }
    expect(img.matching).toBeLessThanOrEqual(tableOneCE + 1e-6);
  });
});

test('a hand case: one image, logits [ln 3, 0] on two pixels labelled 0 and 1', () => {
  // p = [¾, ¼] on both pixels, so p̂ = [¾, ¼] and ŷ = [½, ½].
  const c: Case = {
    shape: [1, 2, 2],
    logits: [Math.log(3), 0, Math.log(3), 0],
    labels: [0, 1],
    ignoreIndex: 255,
  };
  const ce = run('ce', c);
  expect(ce.total).toBeCloseTo((Math.log(4 / 3) + Math.log(4)) / 2, 6);
  expect(ce.matching).toBeCloseTo(0, 6); // p_{i,y_i} = p̂_{y_i} at every pixel
  expect(ce.regionSize).toBeCloseTo(0.5 * Math.log(2 / 3) + 0.5 * Math.log(2), 6);
  expect(ce.constant).toBeCloseTo(Math.log(2), 6);
  const ld = run('logDice', c);
  // Dice_0 = 2·¾/(3/2 + 1) = 3/5, Dice_1 = 2·¼/(½ + 1) = 1/3
  expect(ld.total).toBeCloseTo(-Math.log(3 / 5) - Math.log(1 / 3), 6);
  expect(ld.matching).toBeCloseTo(-Math.log(3 / 4) - Math.log(1 / 4), 6);
  expect(ld.regionSize).toBeCloseTo(Math.log(5 / 4) + Math.log(3 / 4), 6);
  expect(ld.constant).toBeCloseTo(0, 6); // log(1/(2·½)) twice
});

test('an image whose pixels are all ignored has zero terms and is left out of the batch mean', () => {
  const c = randomCase([2, 4, 4, 3], 43, 0);
  c.labels.fill(255, 16, 32);
  const d = run('ce', c);
  expect(d.perImage[1]).toEqual({ total: 0, matching: 0, regionSize: 0, constant: 0, validPixels: 0 });
  expect(d.total).toBeCloseTo(d.perImage[0].total, 10);
});

test('binary log-Dice keeps the foreground term only; an image without foreground contributes zeros', () => {
  const c: Case = { shape: [2, 2, 1], logits: [0, 0, 1, -1], labels: [1, 0, 0, 0], ignoreIndex: 255 };
  const d = run('logDice', c);
  // image 0: σ(0) = ½ on both pixels, Dice_1 = 2·½/(1 + 1) = ½
  expect(d.perImage[0].total).toBeCloseTo(Math.log(2), 6);
  expect(d.perImage[1]).toEqual({ total: 0, matching: 0, regionSize: 0, constant: 0, validPixels: 2 });
});

test('decomposeAsync gives the same numbers', async () => {
  const c = randomCase([2, 5, 5, 3], 44, 0.1);
  const { logits, labels } = tensors(c);
  const sync = decompose('logDice', logits, labels);
  const async = await decomposeAsync('logDice', logits, labels);
  tf.dispose([logits, labels]);
  expect(async).toEqual(sync);
});
