/** Compound losses are their parts combined with the paper's λ, and pass their options to the right part. */
import {
  crossEntropy,
  dbCE,
  dice,
  diceBias,
  diceCE,
  diceFocal,
  focal,
  logDice,
  logDiceCE,
  logDiceFocal,
  rce,
  regionKL,
  regionL1,
  rfl,
} from '../src';
import { randomCase } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const cases = [
  ['multi-class', randomCase([2, 5, 5, 3], 71, 0.1)],
  ['binary', randomCase([2, 5, 5, 1], 72, 0.1)],
] as const;

describe.each(cases)('%s', (_name, c) => {
  const v = (f: Parameters<typeof valueOf>[1]) => valueOf(c, f);
  const ce = v((z, y) => crossEntropy(z, y));
  const fl = v((z, y) => focal(z, y));
  const l1 = v((z, y) => regionL1(z, y));
  const kl = v((z, y) => regionKL(z, y));

  test.each([
    ['rce defaults to L1 with λ = 1', () => v((z, y) => rce(z, y)), ce + l1],
    ['rce with KL defaults to λ = 0.1', () => v((z, y) => rce(z, y, { penalty: 'kl' })), ce + 0.1 * kl],
    ['rce with an explicit λ', () => v((z, y) => rce(z, y, { penalty: 'kl', lambda: 2 })), ce + 2 * kl],
    [
      'rce passes τ to the penalty',
      () => v((z, y) => rce(z, y, { temperature: 1 })),
      ce + v((z, y) => regionL1(z, y, { temperature: 1 })),
    ],
    ['rfl defaults to L1 with λ = 1', () => v((z, y) => rfl(z, y)), fl + l1],
    [
      'rfl with KL and γ = 1',
      () => v((z, y) => rfl(z, y, { penalty: 'kl', gamma: 1 })),
      v((z, y) => focal(z, y, { gamma: 1 })) + 0.1 * kl,
    ],
    ['diceCE with λ = 0.1', () => v((z, y) => diceCE(z, y)), ce + 0.1 * v((z, y) => dice(z, y))],
    ['logDiceCE with λ = 0.1', () => v((z, y) => logDiceCE(z, y)), ce + 0.1 * v((z, y) => logDice(z, y))],
    ['diceFocal with λ = 0.1', () => v((z, y) => diceFocal(z, y)), fl + 0.1 * v((z, y) => dice(z, y))],
    [
      'logDiceFocal with λ = 0.1',
      () => v((z, y) => logDiceFocal(z, y)),
      fl + 0.1 * v((z, y) => logDice(z, y)),
    ],
    ['dbCE with λ = 0.1', () => v((z, y) => dbCE(z, y)), ce + 0.1 * v((z, y) => diceBias(z, y))],
    ['λ = 0 leaves the matching loss alone', () => v((z, y) => logDiceCE(z, y, { lambda: 0 })), ce],
    [
      'Dice options reach the Dice term',
      () => v((z, y) => diceCE(z, y, { smooth: 1, lambda: 1 })),
      ce + v((z, y) => dice(z, y, { smooth: 1 })),
    ],
  ])('%s', (_label, actual, expected) => {
    expect(actual()).toBeCloseTo(expected, 5);
  });

  test('classWeights reach the CE term', () => {
    const weights = c.shape[c.shape.length - 1] === 1 ? [1, 4] : [1, 4, 2];
    expect(v((z, y) => rce(z, y, { classWeights: weights, lambda: 0 }))).toBeCloseTo(
      v((z, y) => crossEntropy(z, y, { classWeights: weights })),
      6,
    );
  });
});
