/**
 * Losses from per-class sums (what the viewer's loss lens keeps while it walks a volume slice by slice) equal
 * the tensor losses: real hippocampus label slices (MSD Task04), logits of an imperfect prediction of them, a
 * batch of two slices with an ignored row, for every loss that is a function of those sums and several options.
 */
import path from 'node:path';
import {
  addPixel,
  addProbabilities,
  createClassSums,
  decompose,
  decomposeClassSums,
  effectiveLossOptions,
  getLoss,
  hasClassSumEvaluation,
  lossFromClassSums,
  lossNames,
  type ClassSums,
  type LossName,
  type LossOptionsByName,
} from '../src';
import { readLabelNifti } from './helpers/nifti';
import { rng, type Case } from './helpers/random';
import { tensors, useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const DATA = process.env.SEGLENS_DATA_DIR ?? path.resolve(__dirname, '../../../../shared/data');
const C = 3;

/** Slices z of a real label volume as a batch [B, ny, nx], with logits 2.5·one-hot of the labels moved one
 * pixel right plus uniform noise in ±1.5: a prediction that is wrong on the boundaries and here and there. */
function realCase(file: string, zs: number[], ignoreRow: boolean): Case {
  const { dims, labels } = readLabelNifti(path.join(DATA, 'msd-hippocampus/labels', file));
  const [nx, ny] = dims;
  const next = rng(17);
  const outLabels: number[] = [];
  const logits: number[] = [];
  for (const z of zs) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const label = labels[x + nx * (y + ny * z)];
        const shifted = labels[Math.max(0, x - 1) + nx * (y + ny * z)];
        outLabels.push(ignoreRow && y === 0 ? 255 : label);
        for (let k = 0; k < C; k++) logits.push((k === shifted ? 2.5 : 0) + (next() * 2 - 1) * 1.5);
      }
    }
  }
  return { shape: [zs.length, ny, nx, C], logits, labels: outLabels, ignoreIndex: 255 };
}

/** The per-image class sums of a Case, accumulated pixel by pixel in float64. */
function sumsOf(c: Case, temperatures: number[], gammas: number[]): ClassSums[] {
  const pixels = c.shape.slice(1, -1).reduce((a, b) => a * b, 1);
  return Array.from({ length: c.shape[0] }, (_, b) => {
    const sums = createClassSums(C, temperatures, gammas);
    for (let i = b * pixels; i < (b + 1) * pixels; i++) {
      if (c.labels[i] !== c.ignoreIndex) addPixel(sums, c.logits.slice(i * C, (i + 1) * C), c.labels[i]);
    }
    return sums;
  });
}

const hippocampus = realCase('hippocampus_004.nii.gz', [14, 20], true);
const batch = sumsOf(hippocampus, [1, 10], [0, 0.5, 2]);

function close(actual: number, expected: number): void {
  const tolerance = 1e-5 + 1e-4 * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected}`);
  }
}

test('the real slices hold all three classes, background first and several times larger', () => {
  const count = [0, 1, 2].map((k) => batch[0].count[k] + batch[1].count[k]);
  expect(count[0]).toBeGreaterThan(5 * (count[1] + count[2]));
  expect(count[1]).toBeGreaterThan(0);
  expect(count[2]).toBeGreaterThan(0);
  expect(batch[0].n + batch[1].n).toBe(hippocampus.labels.filter((y) => y !== 255).length);
});

const weights = [0.2, 1, 3];
const cases: [LossName, object][] = [
  ['crossEntropy', {}],
  ['crossEntropy', { classWeights: weights }],
  ['weightedCrossEntropy', {}],
  ['weightedCrossEntropy', { classWeights: weights }],
  ['regionL1', {}],
  ['regionL1', { temperature: 1 }],
  ['regionKL', {}],
  ['regionKL', { temperature: 1 }],
  ['diceBias', {}],
  ['dice', {}],
  ['dice', { smooth: 1, includeBackground: false }],
  ['logDice', {}],
  ['logDice', { smooth: 0.5, includeBackground: false }],
  ['rce', {}],
  ['rce', { penalty: 'kl' }],
  ['rce', { penalty: 'kl', lambda: 0.3, temperature: 1, classWeights: weights }],
  ['diceCE', {}],
  ['logDiceCE', { lambda: 0.5, includeBackground: false }],
  ['dbCE', {}],
  ['dbCE', { lambda: 1, temperature: 1, classWeights: weights }],
  ['focal', {}],
  ['focal', { gamma: 0 }],
  ['focal', { gamma: 0.5 }],
  ['rfl', {}],
  ['rfl', { penalty: 'kl', gamma: 0.5, temperature: 1 }],
  ['diceFocal', {}],
  ['logDiceFocal', { lambda: 1, smooth: 1 }],
];

test.each(cases)('%s %j from per-class sums equals the tensor loss', (name, options) => {
  const o = options as LossOptionsByName[typeof name];
  const tensor = valueOf(hippocampus, getLoss(name, o));
  close(lossFromClassSums(name, batch, o), tensor);
});

test('every loss has a per-class-sum evaluation; focal with γ = 0 is CE', () => {
  expect(lossNames.filter((n) => !hasClassSumEvaluation(n))).toEqual([]);
  expect(lossFromClassSums('focal', batch, { gamma: 0 })).toBeCloseTo(
    lossFromClassSums('crossEntropy', batch),
    12,
  );
  expect(lossFromClassSums('focal', batch)).toBeLessThan(lossFromClassSums('crossEntropy', batch));
});

test('one image: the sums give the loss of that image alone', () => {
  const one: Case = {
    ...hippocampus,
    shape: [1, ...hippocampus.shape.slice(1)],
    logits: hippocampus.logits.slice(0, hippocampus.logits.length / 2),
    labels: hippocampus.labels.slice(0, hippocampus.labels.length / 2),
  };
  close(lossFromClassSums('rce', batch[0]), valueOf(one, getLoss('rce')));
  close(lossFromClassSums('logDice', batch[0]), valueOf(one, getLoss('logDice')));
});

test('options are checked as getLoss checks them, and the temperature must have been summed', () => {
  expect(() => lossFromClassSums('rce', batch, { temperature: 0 })).toThrow(
    'rce: option temperature must be a finite number > 0, got 0',
  );
  expect(() => lossFromClassSums('regionL1', batch, { temperature: 5 })).toThrow(
    'classSums: no tempered sums for temperature 5 (have 1, 10)',
  );
  expect(() => lossFromClassSums('focal', batch, { gamma: 3 })).toThrow(
    'classSums: no focal sums for gamma 3 (have 0, 0.5, 2)',
  );
  expect(() => lossFromClassSums('crossEntropy', batch, { classWeights: [1, 1] })).toThrow(
    'classSums: classWeights has 2 values but the sums have 3 classes',
  );
  // The evaluation uses the same effective options a model card records.
  expect(effectiveLossOptions('rce', { penalty: 'kl' })).toMatchObject({ lambda: 0.1, temperature: 10 });
});

test.each([0, 1])('image %d: decomposeClassSums equals decompose on the tensors', (b) => {
  const { logits, labels } = tensors(hippocampus);
  try {
    for (const kind of ['ce', 'logDice'] as const) {
      const image = decompose(kind, logits, labels).perImage[b];
      const fromSums = decomposeClassSums(kind, batch[b]);
      close(fromSums.total, image.total);
      close(fromSums.matching, image.matching);
      close(fromSums.regionSize, image.regionSize);
      close(fromSums.constant, image.constant);
      close(fromSums.total, fromSums.matching + fromSums.regionSize + fromSums.constant);
    }
  } finally {
    logits.dispose();
    labels.dispose();
  }
});

test('createClassSums and addPixel refuse what they cannot sum', () => {
  expect(() => createClassSums(1, [])).toThrow(
    'createClassSums: classes must be an integer >= 2 (softmax models), got 1',
  );
  expect(() => addPixel(createClassSums(3, []), [0, 0, 0], 3)).toThrow(
    'addPixel: label must be an integer in [0, 3), got 3',
  );
});

/** The largest relative difference between two sums' fields (absolute below 1e-300). */
function largestDifference(a: ClassSums, b: ClassSums): number {
  let worst = Math.abs(a.n - b.n);
  const compare = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    for (let k = 0; k < x.length; k++) {
      const scale = Math.max(Math.abs(x[k]), Math.abs(y[k]), 1e-300);
      worst = Math.max(worst, Math.abs(x[k] - y[k]) / scale);
    }
  };
  compare(a.count, b.count);
  compare(a.sumP, b.sumP);
  compare(a.sumPIn, b.sumPIn);
  compare(a.sumLogPIn, b.sumLogPIn);
  for (const [t, v] of a.sumTempered) compare(v, b.sumTempered.get(t)!);
  for (const [g, v] of a.sumFocalLogPIn ?? new Map()) compare(v, b.sumFocalLogPIn!.get(g)!);
  return worst;
}

test.each([
  { what: 'softmax outputs of the hippocampus case', floor: 0 },
  // A confident model: float32 rounds most probabilities to 0, which the lens raises to 1e-30.
  { what: 'the same, sharpened 40x and floored at 1e-30 as the loss lens does', floor: 1e-30 },
])('addProbabilities(p) gives the sums of addPixel(log p): $what', ({ floor }) => {
  const temperatures = [1, 10, 2.5];
  const gammas = [0, 0.5, 2];
  const viaLogits = createClassSums(C, temperatures, gammas);
  const viaProbabilities = createClassSums(C, temperatures, gammas);
  const sharpen = floor > 0 ? 40 : 1;
  const pixels = hippocampus.labels.length;
  const p = new Float64Array(C);
  const z = new Float64Array(C);
  let floored = 0;
  for (let i = 0; i < pixels; i++) {
    const y = hippocampus.labels[i];
    if (y === hippocampus.ignoreIndex) continue;
    const logits = hippocampus.logits.slice(i * C, (i + 1) * C).map((v) => v * sharpen);
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    for (let k = 0; k < C; k++) {
      // As the lens: float32 probabilities, raised to the floor.
      const raw = Math.fround(e[k] / s);
      if (raw < floor) floored++;
      p[k] = Math.max(raw, floor);
      z[k] = Math.log(p[k]);
    }
    addPixel(viaLogits, z, y);
    addProbabilities(viaProbabilities, p, y);
  }
  if (floor > 0) expect(floored).toBeGreaterThan(1000);
  expect(viaProbabilities.n).toBe(viaLogits.n);
  // Two slices of the crop without their ignored first row.
  expect(viaProbabilities.n).toBe(3672);
  expect(largestDifference(viaProbabilities, viaLogits)).toBeLessThan(1e-12);
});

test('addProbabilities refuses a label out of range and a probability that is not > 0', () => {
  expect(() => addProbabilities(createClassSums(3, []), [0.2, 0.3, 0.5], 3)).toThrow(
    'addProbabilities: label must be an integer in [0, 3), got 3',
  );
  expect(() => addProbabilities(createClassSums(3, []), [0.5, 0, 0.5], 0)).toThrow(
    'addProbabilities: probabilities must be > 0, got 0 for class 1',
  );
  expect(() => addProbabilities(createClassSums(3, []), [0.5, Number.NaN, 0.5], 0)).toThrow(
    'addProbabilities: probabilities must be > 0, got NaN for class 1',
  );
});
