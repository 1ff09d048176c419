/**
 * The registry as the whole description of a loss: the option schema agrees with what each loss accepts and
 * defaults to, a rejected option is a structured LossOptionError, and a loss added with registerLoss (one body
 * plus one entry) is known everywhere the registry is read.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  defineLoss,
  getLoss,
  isLossName,
  LossOptionError,
  lossesTakingOption,
  lossDescription,
  lossLabel,
  lossNames,
  lossOptionSchema,
  lossOptionSpecs,
  lossRegistry,
  recordedLossLabel,
  registerLoss,
  trainableLosses,
  type CommonOptions,
  type LossName,
  type LossOptionKey,
  type TemperatureOptions,
} from '../src';
import { randomCase } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

function optionError(f: () => unknown): LossOptionError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(LossOptionError);
    return error as LossOptionError;
  }
  throw new Error('expected a LossOptionError');
}

test.each([
  ['rce', { temperature: 0 }, 'temperature', 0, 'rce: option temperature must be a finite number > 0, got 0'],
  ['rfl', { gamma: -1 }, 'gamma', -1, 'rfl: option gamma must be a finite number >= 0, got -1'],
  ['rce', { penalty: 'l2' }, 'penalty', 'l2', `rce: option penalty must be 'l1' or 'kl', got "l2"`],
  [
    'dice',
    { includeBackground: 'no' },
    'includeBackground',
    'no',
    'dice: option includeBackground must be a boolean, got "no"',
  ],
  [
    'crossEntropy',
    { classWeights: [1, -2] },
    'classWeights',
    [1, -2],
    'crossEntropy: classWeights[1] must be a finite number >= 0, got -2',
  ],
  [
    'dice',
    { lamda: 1 },
    'lamda',
    1,
    "dice: unknown option 'lamda' (known: smooth, includeBackground, ignoreIndex, validate)",
  ],
  [
    'focal',
    { ignoreIndex: 2.5 },
    'ignoreIndex',
    2.5,
    'focal: option ignoreIndex must be an integer, got 2.5',
  ],
] as const)('%s %j: LossOptionError { loss, option %s, value }', (name, options, option, value, message) => {
  const error = optionError(() => getLoss(name as LossName, options as never));
  expect({ loss: error.loss, option: error.option, value: error.value, message: error.message }).toEqual({
    loss: name,
    option,
    value,
    message,
  });
  expect(error.name).toBe('LossOptionError');
});

test('options that are not an object name no option', () => {
  const error = optionError(() => getLoss('dice', 3 as never));
  expect([error.loss, error.option, error.value]).toEqual(['dice', null, 3]);
});

test('every option a loss accepts has a schema, listed in the schema order', () => {
  expect(lossOptionSpecs('rce').map((s) => s.key)).toEqual([
    'lambda',
    'temperature',
    'penalty',
    'classWeights',
  ]);
  expect(lossOptionSpecs('crossEntropy').map((s) => s.key)).toEqual(['classWeights']);
  expect(lossOptionSpecs('logDiceFocal').map((s) => s.key)).toEqual([
    'lambda',
    'gamma',
    'smooth',
    'includeBackground',
  ]);
  for (const name of lossNames) {
    for (const key of lossRegistry[name].fn.optionKeys) expect(Object.keys(lossOptionSchema)).toContain(key);
  }
  expect(lossesTakingOption('gamma')).toEqual(['focal', 'rfl', 'diceFocal', 'logDiceFocal']);
  expect(lossesTakingOption('validate')).toEqual(lossNames);
});

test("a schema default is every loss's default for that option; λ has none because it depends on the loss", () => {
  for (const name of lossNames) {
    const defaults = lossRegistry[name].defaults as Record<string, unknown>;
    for (const spec of [...lossOptionSpecs(name), lossOptionSchema.ignoreIndex, lossOptionSchema.validate]) {
      if (spec.default !== undefined)
        expect([name, spec.key, defaults[spec.key]]).toEqual([name, spec.key, spec.default]);
    }
  }
  expect(lossOptionSchema.lambda.default).toBeUndefined();
  expect(lossOptionSchema.lambda.defaultText).toMatch(/1 for L1, 0\.1 for KL/);
});

test('the schema ranges are the ones the losses enforce', () => {
  const numeric = (
    Object.values(lossOptionSchema) as {
      key: LossOptionKey;
      type: string;
      min?: number;
      exclusiveMin?: boolean;
    }[]
  ).filter((s) => s.type === 'number');
  for (const spec of numeric) {
    const name = lossNames.find((n) => lossRegistry[n].fn.optionKeys.includes(spec.key)) as LossName;
    const check = lossRegistry[name].fn.checkOptions as (o: object) => void;
    const min = spec.min as number;
    if (spec.exclusiveMin) expect(() => check({ [spec.key]: min })).toThrow(LossOptionError);
    else expect(() => check({ [spec.key]: min })).not.toThrow();
    expect(() => check({ [spec.key]: min - 1e-3 })).toThrow(LossOptionError);
  }
});

test('trainable losses leave out the region-size terms alone and name rce/rfl by their default penalty', () => {
  expect(trainableLosses()).toEqual([
    { value: 'crossEntropy', label: 'CE' },
    { value: 'weightedCrossEntropy', label: 'WCE' },
    { value: 'focal', label: 'FL' },
    { value: 'dice', label: 'Dice' },
    { value: 'logDice', label: 'LogDice' },
    { value: 'rce', label: 'RCE(L1)' },
    { value: 'rfl', label: 'RFL(L1)' },
    { value: 'diceCE', label: 'DiceCE' },
    { value: 'logDiceCE', label: 'LogDiceCE' },
    { value: 'diceFocal', label: 'DiceFL' },
    { value: 'logDiceFocal', label: 'LogDiceFL' },
    { value: 'dbCE', label: 'DBCE' },
  ]);
});

test('lossLabel picks the alternative of the penalty', () => {
  expect(lossLabel('rce')).toBe('RCE(L1)');
  expect(lossLabel('rce', { penalty: 'kl' })).toBe('RCE(DKL)');
  expect(lossLabel('rfl', { penalty: 'kl', lambda: 1 })).toBe('RFL(DKL)');
  expect(lossLabel('dbCE')).toBe('DBCE');
  expect(() => lossLabel('nope' as LossName)).toThrow('lossLabel: unknown loss name "nope"');
});

describe('naming a recorded loss (SEG descriptions, panels)', () => {
  it.each([
    [
      'rce',
      { penalty: 'l1', lambda: 1, temperature: 10 },
      'RCE(L1)',
      'loss rce (penalty=l1, lambda=1, temperature=10)',
    ],
    [
      'rce',
      { penalty: 'kl', lambda: 0.5, ignoreIndex: 255 },
      'RCE(DKL)',
      'loss rce (penalty=kl, lambda=0.5)',
    ],
    ['crossEntropy', {}, 'CE', 'loss crossEntropy'],
    ['diceCE', { lambda: 1, validate: false }, 'DiceCE', 'loss diceCE (lambda=1)'],
    [
      'weightedCrossEntropy',
      { classWeights: [0.5, 2] },
      'WCE',
      'loss weightedCrossEntropy (classWeights=[0.5,2])',
    ],
    // A card's custom function, or a loss another program registered: its own name and options as recorded.
    ['custom', { alpha: 3 }, 'custom', 'loss custom (alpha=3)'],
  ])('%s %j → %s, "%s"', (name, options, label, description) => {
    expect(recordedLossLabel(name, options)).toBe(label);
    expect(lossDescription(name, options)).toBe(description);
  });

  it('keeps a description within a DICOM ST (1024 characters)', () => {
    const text = lossDescription('weightedCrossEntropy', { classWeights: new Array(400).fill(0.25) });
    expect(text).toHaveLength(1024);
    expect(text.endsWith('…')).toBe(true);
  });

  it('names the bad input', () => {
    expect(() => lossDescription('', {})).toThrow(
      'lossDescription: the loss name must be a non-empty string, got ""',
    );
    expect(() => recordedLossLabel('rce', [] as never)).toThrow(
      'recordedLossLabel: the options of loss "rce" must be an object, got []',
    );
  });
});

describe('adding a loss', () => {
  type BrierOptions = CommonOptions & TemperatureOptions;
  /** A toy loss: the Brier score of softmax(τ·z), (1/|Ω|) Σ_i Σ_k (p_ik − t_ik)². */
  const brier = defineLoss(
    'brier',
    ['temperature'],
    (o: BrierOptions | undefined) => {
      const tau = o?.temperature ?? 1;
      if (!(tau > 0))
        throw new LossOptionError('brier', 'temperature', tau, `brier: temperature must be > 0, got ${tau}`);
      return tau;
    },
    (flat, tau) => {
      const p = tf.softmax(tf.mul(flat.logits, tau));
      const perPixel = tf.sum(tf.square(tf.sub(p, flat.target)), 2);
      return tf.div(tf.sum(tf.mul(perPixel, flat.valid)), tf.maximum(tf.sum(flat.valid), 1));
    },
  );

  beforeAll(() =>
    registerLoss({
      name: 'brier',
      label: 'Brier',
      description: 'Brier score of the softmax.',
      equation: 'Brier = (1/|Ω|) Σ_i Σ_k (p_ik − t_ik)²',
      reference: 'not in the paper (a toy for this test)',
      defaults: { temperature: 1, ignoreIndex: 255, validate: true },
      fn: brier,
      trainable: true,
    }),
  );

  test('it is known to the registry, getLoss, the option lists and the trainable list', () => {
    expect(isLossName('brier')).toBe(true);
    expect(lossNames[lossNames.length - 1]).toBe('brier');
    expect(lossesTakingOption('temperature')).toContain('brier');
    expect(lossOptionSpecs('brier' as LossName).map((s) => s.key)).toEqual(['temperature']);
    expect(trainableLosses().pop()).toEqual({ value: 'brier', label: 'Brier' });
    // One pixel of two classes, z = (0, 0), label 0: p = (½, ½), (½ − 1)² + (½)² = ½; the ignored pixel counts 0.
    const c = { shape: [1, 2, 2], logits: [0, 0, 5, -5], labels: [0, 255], ignoreIndex: 255 };
    expect(valueOf(c, getLoss('brier' as LossName))).toBeCloseTo(0.5, 6);
    expect(valueOf(randomCase([2, 4, 4, 3], 5), getLoss('brier' as LossName))).toBeGreaterThan(0);
    expect(() => getLoss('brier' as LossName, { temperature: 0 } as never)).toThrow(LossOptionError);
  });

  test('a name twice, or an option without a schema, is refused', () => {
    const entry = { ...lossRegistry.dice, name: 'brier', trainable: true };
    expect(() => registerLoss(entry)).toThrow("registerLoss: a loss named 'brier' already exists");
    const odd = defineLoss(
      'odd',
      ['alpha'],
      () => 0,
      (flat) => tf.sum(flat.valid),
    );
    expect(() => registerLoss({ ...entry, name: 'odd', fn: odd })).toThrow(
      'registerLoss: odd takes options without a schema (alpha); add them to lossOptionSchema',
    );
  });
});
