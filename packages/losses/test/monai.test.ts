/** Published expected values of MONAI's loss tests, reproduced with the matching options (see helpers/monai.ts). */
import { crossEntropy, dice, focal } from '../src';
import { channelsLast, imageOf, monaiCases } from './helpers/monai';
import type { Case } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

/** MONAI's DiceLoss (batch=False) averages per-image losses; ours is batch-wide, so run it on each image. */
function perImageDice(c: Case, smooth: number): number {
  let sum = 0;
  for (let b = 0; b < c.shape[0]; b++) sum += valueOf(imageOf(c, b), (z, y) => dice(z, y, { smooth }));
  return sum / c.shape[0];
}

test.each([
  ['sigmoid Dice, one image (binary mode)', monaiCases.sigmoidDice],
  ['softmax Dice, two images', monaiCases.softmaxDice],
  ['sigmoid Dice, two images', monaiCases.sigmoidDiceTwoImages],
])('MONAI %s: %#', (_name, { c, smooth, expected }) => {
  const value = perImageDice(c, smooth);
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-5 * expected + 1e-6);
});

test('MONAI softmax focal 0.16276 (γ = 2), times C = 3 for our per-pixel mean', () => {
  const { c, expected } = monaiCases.softmaxFocal;
  expect(Math.abs(valueOf(c, (z, y) => focal(z, y)) - expected)).toBeLessThanOrEqual(3e-4);
});

test('MONAI DiceCE 0.3133: its CE part', () => {
  const { c, expected } = monaiCases.diceCeCePart;
  expect(valueOf(c, (z, y) => crossEntropy(z, y))).toBeCloseTo(expected, 4);
  expect(valueOf(c, (z, y) => crossEntropy(z, y))).toBeCloseTo(-1 + Math.log(1 + Math.E), 6);
});

test('MONAI Dice 0.0 case (include_background False, smooth 0, prediction = labels), with logits 20·one-hot', () => {
  const probs = [
    [
      [1, 1, 0],
      [0, 0, 1],
    ],
    [
      [1, 0, 1],
      [0, 1, 0],
    ],
  ];
  const c = channelsLast(
    probs.map((image) => image.map((row) => row.map((v) => 20 * v))),
    [
      [0, 0, 1],
      [0, 1, 0],
    ],
  );
  expect(valueOf(c, (z, y) => dice(z, y, { includeBackground: false }))).toBeLessThan(1e-7);
});
