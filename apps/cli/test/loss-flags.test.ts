// The loss flags are generated from the @seglens/losses registry: every schema option is a flag whose help
// names the losses that take it, a refused value names its flag through LossOptionError (not the message
// text), and a toy loss added with registerLoss appears in `seglens train --help` and trains-ready under --loss.
import type * as Tf from '@tensorflow/tfjs-core';
import type * as Losses from '@seglens/losses';
import type * as Main from '../src/main';
import type * as LossFlags from '../src/loss-flags';
import type * as Options from '../src/options';
import type * as Train from '../src/commands/train';
import type * as Errors from '../src/errors';
import type * as Io from '../src/io';

/** A fresh copy of the losses package and the CLI, with the toy loss registered before the CLI loads. */
function cliWithToyLoss(): {
  losses: typeof Losses;
  main: typeof Main;
  flags: typeof LossFlags;
  options: typeof Options;
  train: typeof Train;
  errors: typeof Errors;
  io: typeof Io;
} {
  let loaded: ReturnType<typeof cliWithToyLoss> | undefined;
  // require() inside isolateModules: the registration must happen before the CLI's modules load, in a
  // registry of their own (other test files keep the 15 built-in losses).
  /* eslint-disable @typescript-eslint/no-require-imports */
  jest.isolateModules(() => {
    const losses = require('@seglens/losses') as typeof Losses;
    // The toy's body uses the same TF.js instance as this fresh copy of the package.
    const tf = require('@tensorflow/tfjs-core') as typeof Tf;
    const brier = losses.defineLoss(
      'brier',
      ['temperature'],
      (o: (Losses.CommonOptions & Losses.TemperatureOptions) | undefined) => {
        const tau = o?.temperature ?? 1;
        if (!(tau > 0)) {
          throw new losses.LossOptionError(
            'brier',
            'temperature',
            tau,
            `brier: option temperature must be > 0, got ${tau}`,
          );
        }
        return tau;
      },
      (flat, tau) => {
        const p = tf.softmax(tf.mul(flat.logits, tau));
        const perPixel = tf.sum(tf.square(tf.sub(p, flat.target)), 2);
        return tf.div(tf.sum(tf.mul(perPixel, flat.valid)), tf.maximum(tf.sum(flat.valid), 1));
      },
    );
    losses.registerLoss({
      name: 'brier',
      label: 'Brier',
      description: 'Brier score of the softmax.',
      equation: 'Brier = (1/|Ω|) Σ_i Σ_k (p_ik − t_ik)²',
      reference: 'not in the paper (a toy for this test)',
      defaults: { temperature: 1, ignoreIndex: 255, validate: true },
      fn: brier,
      trainable: true,
    });
    loaded = {
      losses,
      main: require('../src/main') as typeof Main,
      flags: require('../src/loss-flags') as typeof LossFlags,
      options: require('../src/options') as typeof Options,
      train: require('../src/commands/train') as typeof Train,
      errors: require('../src/errors') as typeof Errors,
      io: require('../src/io') as typeof Io,
    };
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded as ReturnType<typeof cliWithToyLoss>;
}

const toy = cliWithToyLoss();

/** The help of one flag in `seglens train --help`: its line and the wrapped lines under it, joined. */
async function flagHelp(flag: string): Promise<string> {
  const stdout = new toy.io.MemoryStream();
  const stderr = new toy.io.MemoryStream();
  expect(await toy.main.runCli(['train', '--help'], { stdout, stderr })).toBe(0);
  const lines = stdout.text().split('\n');
  const first = lines.findIndex((l) => l.trimStart().startsWith(`--${flag} `));
  if (first < 0) throw new Error(`no --${flag} in the help`);
  const block = [lines[first]];
  for (const l of lines.slice(first + 1)) {
    if (l.trim() === '' || l.trimStart().startsWith('--') || !l.startsWith('  ')) break;
    block.push(l.trim());
  }
  return block.join(' ');
}

const parse = (argv: string[]) =>
  toy.flags.lossFromFlags(
    toy.options.parseFlags(toy.train.trainSpec, ['--dataset', 'hippocampus', '--out', 'o', ...argv]),
  );

describe('a toy loss added with registerLoss', () => {
  it('appears in the --loss list and in the help of the flags it takes', async () => {
    expect(await flagHelp('loss')).toMatch(/training loss: crossEntropy, .*, dbCE, brier \(required\)$/);
    expect(await flagHelp('temperature')).toMatch(/\(regionL1, regionKL, diceBias, rce, rfl, dbCE, brier\)/);
    expect(await flagHelp('gamma')).not.toMatch(/brier/);
  });

  it('is accepted by --loss with its options, and refuses the flags it does not take', () => {
    expect(parse(['--loss', 'brier', '--temperature', '2'])).toMatchObject({
      name: 'brier',
      options: { temperature: 2 },
    });
    expect(toy.flags.lossOptionFlags('brier' as Losses.LossName)).toEqual(['--temperature']);
    expect(() => parse(['--loss', 'brier', '--gamma', '2'])).toThrow(
      '--gamma does not apply to --loss brier (brier takes --temperature)',
    );
    expect(() => parse(['--loss', 'brier', '--temperature', '0'])).toThrow(
      '--temperature: brier: option temperature must be > 0, got 0',
    );
  });

  it('is in the list of trainable losses the viewer offers', () => {
    expect(toy.losses.trainableLosses().map((l) => l.value)).toContain('brier');
  });
});

describe('flags from the option schema', () => {
  it('has one flag per non-common schema option, with the schema help and the losses that take it', () => {
    const specs = toy.flags.lossFlagSpecs(true);
    expect(specs.map((s) => s.name)).toEqual([
      'loss',
      'lambda',
      'temperature',
      'gamma',
      'penalty',
      'smooth',
      'exclude-background',
      'class-weights',
    ]);
    const byName = Object.fromEntries(specs.map((s) => [s.name, s]));
    expect(byName.penalty).toMatchObject({ type: 'string', choices: ['l1', 'kl'], defaultText: 'l1' });
    expect(byName.temperature).toMatchObject({ type: 'number', min: 0, defaultText: '10' });
    expect(byName['exclude-background']).toMatchObject({
      type: 'boolean',
      description:
        'leave class 0 out of the Dice mean over classes (dice, logDice, diceCE, logDiceCE, diceFocal, logDiceFocal)',
    });
    expect(byName.lambda.description).toBe(
      'weight λ of the second term of a compound loss (rce, rfl, diceCE, logDiceCE, diceFocal, logDiceFocal, dbCE)',
    );
  });

  it('names the flag of a refused option from LossOptionError.option', () => {
    const refused = (argv: string[]): string => {
      try {
        parse(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(toy.errors.UsageError);
        return (error as Error).message;
      }
      throw new Error('expected a UsageError');
    };
    expect(refused(['--loss', 'rce', '--class-weights', '0,0,0'])).toBe(
      '--class-weights: rce: classWeights are all 0, so every pixel would count 0',
    );
    expect(refused(['--loss', 'rce', '--penalty', 'l2'])).toMatch(/^--penalty /);
    expect(refused(['--loss', 'dbCE', '--temperature', '0'])).toBe(
      '--temperature: dbCE: option temperature must be a finite number > 0, got 0',
    );
  });
});

describe('lossDisplayName', () => {
  it("names a card's loss as the paper does, with λ only when it is not the default", () => {
    const name = (n: string, options: Record<string, unknown>) =>
      toy.flags.lossDisplayName({ name: n, options });
    expect(name('rce', { penalty: 'l1', lambda: 1, temperature: 10 })).toBe('RCE(L1)');
    expect(name('rce', { penalty: 'kl', lambda: 0.1 })).toBe('RCE(DKL)');
    expect(name('rce', { penalty: 'kl', lambda: 1 })).toBe('RCE(DKL) λ=1');
    expect(name('rfl', { penalty: 'kl' })).toBe('RFL(DKL)');
    expect(name('diceCE', { lambda: 0.5 })).toBe('DiceCE λ=0.5');
    expect(name('dice', { smooth: 0 })).toBe('Dice');
    expect(name('brier', { temperature: 2 })).toBe('Brier');
    expect(name('myOwnLoss', {})).toBe('myOwnLoss');
    expect(toy.flags.lossDisplayName(null)).toBe('unknown loss');
  });
});
