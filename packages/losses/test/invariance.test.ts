/**
 * Symmetries every loss must respect: relabelling classes, reordering the batch or the pixels, changing what
 * ignored pixels hold, renaming ignoreIndex, and reading a 3D volume as a stack of 2D slices.
 */
import { lossNames, lossRegistry, type LossName } from '../src';
import { randomCase, type Case } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const value = (name: LossName, c: Case): number =>
  valueOf(c, (z, y) => lossRegistry[name].fn(z, y, { ignoreIndex: c.ignoreIndex }));
const channels = (c: Case): number => c.shape[c.shape.length - 1];
const pixels = (c: Case): number => c.labels.length;

/** Moves pixel i to position order[i] (within the whole flattened batch when `images` is 1). */
function reorderPixels(c: Case, order: number[]): Case {
  const C = channels(c);
  const logits = new Array<number>(c.logits.length);
  const labels = new Array<number>(c.labels.length);
  order.forEach((to, from) => {
    labels[to] = c.labels[from];
    for (let k = 0; k < C; k++) logits[to * C + k] = c.logits[from * C + k];
  });
  return { ...c, logits, labels };
}

const multi = randomCase([3, 4, 5, 4], 51, 0.15);
const binary = randomCase([3, 4, 5, 1], 52, 0.15);

describe.each(lossNames.map((n) => [n]))('%s', (name) => {
  test('relabelling the classes (logit channels and labels together) changes nothing', () => {
    const perm = [2, 0, 3, 1];
    const C = channels(multi);
    const logits = multi.logits.map((_, j) => multi.logits[Math.floor(j / C) * C + perm.indexOf(j % C)]);
    const labels = multi.labels.map((y) => (y === 255 ? y : perm[y]));
    expect(value(name, { ...multi, logits, labels })).toBeCloseTo(value(name, multi), 5);
  });

  test.each([
    ['multi-class', multi],
    ['binary', binary],
  ])('reversing the batch order changes nothing (%s)', (_kind, c) => {
    const B = c.shape[0];
    const n = pixels(c) / B;
    const order = Array.from({ length: pixels(c) }, (_, i) => (B - 1 - Math.floor(i / n)) * n + (i % n));
    expect(value(name, reorderPixels(c, order))).toBeCloseTo(value(name, c), 5);
  });

  test.each([
    ['multi-class', multi],
    ['binary', binary],
  ])('shuffling pixels within each image changes nothing (%s)', (_kind, c) => {
    const n = pixels(c) / c.shape[0];
    // A fixed permutation of positions inside each image: i -> (7i + 3) mod n (n = 20 and 7 are coprime).
    const order = Array.from(
      { length: pixels(c) },
      (_, i) => Math.floor(i / n) * n + ((7 * (i % n) + 3) % n),
    );
    expect(value(name, reorderPixels(c, order))).toBeCloseTo(value(name, c), 5);
  });

  test('what an ignored pixel holds does not matter, and ignoreIndex may be any integer', () => {
    const wild = multi.logits.map((v, j) =>
      multi.labels[Math.floor(j / channels(multi))] === 255 ? 1e4 * (j % 3) - 5e3 : v,
    );
    expect(value(name, { ...multi, logits: wild })).toBeCloseTo(value(name, multi), 5);
    const renamed: Case = {
      ...multi,
      labels: multi.labels.map((y) => (y === 255 ? -1 : y)),
      ignoreIndex: -1,
    };
    expect(value(name, renamed)).toBeCloseTo(value(name, multi), 6);
  });

  test('with one image, ignored pixels are the same as absent pixels', () => {
    const c = randomCase([1, 6, 6, 3], 53, 0.3);
    const kept = c.labels.map((y, i) => (y === 255 ? -1 : i)).filter((i) => i >= 0);
    const C = channels(c);
    const dropped: Case = {
      shape: [1, kept.length, C],
      logits: kept.flatMap((i) => c.logits.slice(i * C, (i + 1) * C)),
      labels: kept.map((i) => c.labels[i]),
      ignoreIndex: 255,
    };
    expect(value(name, dropped)).toBeCloseTo(value(name, c), 5);
  });

  test('a 3D volume [B, D, H, W, C] gives the value of the same voxels as 2D slices [B, D·H, W, C]', () => {
    const c = randomCase([2, 3, 4, 5, 3], 54, 0.1);
    expect(value(name, { ...c, shape: [2, 12, 5, 3] })).toBeCloseTo(value(name, c), 6);
  });
});
