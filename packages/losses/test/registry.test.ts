/** The registry lists every loss with truthful defaults, and getLoss binds options. */
import {
  effectiveLossOptions,
  crossEntropy,
  getLoss,
  isLossName,
  lossNames,
  lossRegistry,
  regionKL,
  type LossName,
  type LossOptionsByName,
} from '../src';
import { randomCase } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const c = randomCase([2, 5, 5, 3], 81, 0.1);

test('every exported loss is registered, under its own function name', () => {
  expect([...lossNames]).toEqual([
    'crossEntropy',
    'weightedCrossEntropy',
    'focal',
    'regionL1',
    'regionKL',
    'diceBias',
    'dice',
    'logDice',
    'rce',
    'rfl',
    'diceCE',
    'logDiceCE',
    'diceFocal',
    'logDiceFocal',
    'dbCE',
  ]);
  for (const name of lossNames) {
    const entry = lossRegistry[name];
    expect(entry.name).toBe(name);
    expect(entry.label.length).toBeGreaterThan(0);
    expect(entry.description).toMatch(/\.$/);
    expect(entry.equation).toContain('=');
    expect(entry.reference).toMatch(/eq\. \(|Table 1|Sec\. /);
    expect(entry.defaults).toMatchObject({ ignoreIndex: 255, validate: true });
    expect(isLossName(name)).toBe(true);
  }
  expect(isLossName('toString')).toBe(false);
});

test.each(lossNames.map((n) => [n]))('%s: the listed defaults are the ones the loss uses', (name) => {
  const defaults = { ...lossRegistry[name].defaults } as LossOptionsByName[typeof name];
  const implicit = valueOf(c, getLoss(name));
  const explicit = valueOf(c, getLoss(name, defaults));
  expect(explicit).toBeCloseTo(implicit, 6);
  expect(implicit).toBeCloseTo(
    valueOf(c, (z, y) => lossRegistry[name].fn(z, y)),
    6,
  );
});

test('the paper defaults: λ = 1 for L1, 0.1 for KL and every Dice compound, τ = 10, γ = 2', () => {
  const lambdas = Object.fromEntries(
    lossNames.map((n) => [n, (lossRegistry[n].defaults as { lambda?: number }).lambda]),
  );
  expect(lambdas).toMatchObject({
    rce: 1,
    rfl: 1,
    diceCE: 0.1,
    logDiceCE: 0.1,
    diceFocal: 0.1,
    logDiceFocal: 0.1,
    dbCE: 0.1,
  });
  for (const name of ['regionL1', 'regionKL', 'diceBias', 'rce', 'rfl', 'dbCE'] as LossName[]) {
    expect(lossRegistry[name].defaults).toMatchObject({ temperature: 10 });
  }
  for (const name of ['focal', 'rfl', 'diceFocal', 'logDiceFocal'] as LossName[]) {
    expect(lossRegistry[name].defaults).toMatchObject({ gamma: 2 });
  }
});

test('getLoss binds its options', () => {
  const bound = valueOf(c, getLoss('rce', { penalty: 'kl', temperature: 5 }));
  const direct =
    valueOf(c, (z, y) => crossEntropy(z, y)) + 0.1 * valueOf(c, (z, y) => regionKL(z, y, { temperature: 5 }));
  expect(bound).toBeCloseTo(direct, 6);
});

describe('effectiveLossOptions', () => {
  // λ's default follows the penalty (paper §4.1), which the flat defaults table alone cannot say.
  test.each([
    ['rce', {}, 'l1', 1],
    ['rce', { penalty: 'kl' }, 'kl', 0.1],
    ['rce', { penalty: 'kl', lambda: 0.5 }, 'kl', 0.5],
    ['rfl', { penalty: 'kl' }, 'kl', 0.1],
    ['rfl', { penalty: 'l1' }, 'l1', 1],
  ] as const)('%s %j runs with penalty %s and lambda %d', (name, options, penalty, lambda) => {
    const effective = effectiveLossOptions(name, options);
    expect(effective.penalty).toBe(penalty);
    expect(effective.lambda).toBe(lambda);
    expect(effective.temperature).toBe(10);
  });

  test('other losses get their registry defaults overlaid with the given options', () => {
    expect(effectiveLossOptions('diceCE', { smooth: 1 })).toMatchObject({
      lambda: 0.1,
      smooth: 1,
      includeBackground: true,
    });
    expect(effectiveLossOptions('focal')).toMatchObject({ gamma: 2 });
  });

  test('unknown names are refused by name', () => {
    expect(() => effectiveLossOptions('nope' as 'rce')).toThrow(/unknown loss name "nope"/);
  });
});
