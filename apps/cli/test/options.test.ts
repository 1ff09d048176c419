// Command-line parsing: every kind of bad flag is a usage error (exit 2) whose message names the flag and the
// bad value; --help of every command lists every flag it declares.
import { lossNames } from '@seglens/losses';
import { UsageError } from '../src/errors';
import { COMMANDS } from '../src/main';
import { lossFromFlags, lossOptionFlags } from '../src/loss-flags';
import { formatHelp, parseFlags, type CommandSpec } from '../src/options';
import { parseDatasetSpec } from '../src/datasets';
import { SHIPPED_MODELS } from '../src/model-ref';
import { trainSpec } from '../src/commands/train';
import { compareSpec, compareOptions } from '../src/commands/compare';
import { cli } from './fixtures';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'a demo',
  usage: '[options]',
  flags: [
    { name: 'epochs', type: 'integer', min: 1, default: 3, description: 'epochs' },
    { name: 'lr', type: 'number', min: 0, description: 'rate' },
    { name: 'split', type: 'string', choices: ['train', 'val', 'all'], default: 'val', description: 'split' },
    { name: 'out', type: 'string', required: true, description: 'output' },
    { name: 'json', type: 'boolean', description: 'json' },
    { name: 'models', type: 'string', variadic: true, description: 'models' },
  ],
  examples: [],
};

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseFlags', () => {
  it('converts values and applies defaults', () => {
    const flags = parseFlags(spec, [
      '--out',
      'x',
      '--lr',
      '1e-3',
      '--json',
      '--models',
      'a',
      'b',
      '--models=c',
    ]);
    expect(flags.string('out')).toBe('x');
    expect(flags.number('lr')).toBe(0.001);
    expect(flags.number('epochs')).toBe(3);
    expect(flags.has('epochs')).toBe(false);
    expect(flags.string('split')).toBe('val');
    expect(flags.boolean('json')).toBe(true);
    expect(flags.list('models')).toEqual(['a', 'b', 'c']);
  });

  it('names the flag and the value in every error', () => {
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--epoch', '3']))).toBe(
      'unknown flag --epoch for seglens demo (did you mean --epochs?)',
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--bogus']))).toBe(
      'unknown flag --bogus for seglens demo (see seglens demo --help)',
    );
    expect(usageMessage(() => parseFlags(spec, ['--out']))).toMatch(/^--out needs a value/);
    expect(usageMessage(() => parseFlags(spec, ['--out', '--json']))).toMatch(/^--out needs a value/);
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--epochs', 'ten']))).toBe(
      "--epochs must be a number, got 'ten'",
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--epochs', '2.5']))).toBe(
      "--epochs must be a whole number, got '2.5'",
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--epochs', '0']))).toBe(
      '--epochs must be at least 1, got 0',
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--lr=-1']))).toBe(
      '--lr must be at least 0, got -1',
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--split', 'vall']))).toBe(
      "--split must be one of train, val, all; got 'vall' (did you mean 'val'?)",
    );
    expect(usageMessage(() => parseFlags(spec, ['--json']))).toBe('missing required flag --out (output)');
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', 'stray']))).toMatch(
      /^unexpected argument 'stray'/,
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--out', 'y']))).toBe(
      "--out is given twice ('x' and 'y')",
    );
    expect(usageMessage(() => parseFlags(spec, ['--out', 'x', '--json=yes']))).toBe(
      '--json is a switch and takes no value',
    );
  });

  it('rejects positional words that do not follow a variadic flag', () => {
    expect(usageMessage(() => parseFlags(spec, ['--models', 'a', '--json', 'b', '--out', 'x']))).toMatch(
      /^unexpected argument 'b'/,
    );
  });
});

describe('loss flags', () => {
  const lossFlags = (argv: string[]) =>
    lossFromFlags(parseFlags(trainSpec, ['--dataset', 'hippocampus', '--out', 'o', ...argv]));

  it('lists the valid losses for an unknown name', () => {
    const message = usageMessage(() => lossFlags(['--loss', 'rcee']));
    expect(message).toBe(
      `--loss 'rcee' is not a loss (did you mean 'rce'?); valid losses: ${lossNames.join(', ')}`,
    );
  });

  it('passes option flags to the loss and checks them against the registry', () => {
    expect(lossFlags(['--loss', 'rce', '--lambda', '0.5', '--temperature', '5']).options).toEqual({
      lambda: 0.5,
      temperature: 5,
    });
    expect(lossFlags(['--loss', 'focal', '--gamma', '3']).options).toEqual({ gamma: 3 });
    expect(lossFlags(['--loss', 'dice', '--exclude-background', '--smooth', '1']).options).toEqual({
      includeBackground: false,
      smooth: 1,
    });
    expect(lossFlags(['--loss', 'crossEntropy', '--class-weights', '1,5,5']).options).toEqual({
      classWeights: [1, 5, 5],
    });
    // Only what the user gave is passed on: the loss (and the card, through effectiveLossOptions) picks the
    // KL penalty's own λ of 0.1.
    expect(lossFlags(['--loss', 'rce', '--penalty', 'kl']).options).toEqual({ penalty: 'kl' });
  });

  it('refuses option flags the loss does not take, naming the ones it does', () => {
    expect(lossOptionFlags('rce')).toEqual(['--lambda', '--temperature', '--penalty', '--class-weights']);
    expect(usageMessage(() => lossFlags(['--loss', 'rce', '--gamma', '2']))).toBe(
      '--gamma does not apply to --loss rce (rce takes --lambda, --temperature, --penalty, --class-weights)',
    );
    expect(usageMessage(() => lossFlags(['--loss', 'crossEntropy', '--lambda', '1']))).toBe(
      '--lambda does not apply to --loss crossEntropy (crossEntropy takes --class-weights)',
    );
    expect(usageMessage(() => lossFlags(['--loss', 'crossEntropy', '--class-weights', '1,x']))).toBe(
      "--class-weights must be comma-separated non-negative numbers, e.g. 1,5,5; got '1,x'",
    );
    expect(usageMessage(() => lossFlags(['--loss', 'rce', '--temperature', '0']))).toMatch(
      /^--temperature: rce: option temperature must be a finite number > 0, got 0/,
    );
  });
});

describe('other values', () => {
  it('parses dataset names and rejects unknown ones', () => {
    expect(parseDatasetSpec('hippocampus')).toEqual({ kind: 'hippocampus' });
    expect(parseDatasetSpec('ct-abdomen')).toEqual({ kind: 'ct-abdomen' });
    expect(parseDatasetSpec('cardiac')).toEqual({ kind: 'cardiac' });
    expect(parseDatasetSpec('folder:./x')).toEqual({ kind: 'folder', path: './x' });
    expect(usageMessage(() => parseDatasetSpec('brats'))).toBe(
      "--dataset 'brats' is not a dataset; use hippocampus, polyp, ct-abdomen, cardiac, or folder:<path> (images/ + labels/ NIfTI, or images/ + masks/ PNG/JPEG)",
    );
    expect(usageMessage(() => parseDatasetSpec('folder:'))).toMatch(/^--dataset folder: needs a path/);
  });

  it('needs two models to compare and the right output extensions', () => {
    const parse = (argv: string[]) =>
      compareOptions(parseFlags(compareSpec, ['--dataset', 'hippocampus', ...argv]));
    expect(parse(['--models', 'a', 'b', 'c']).models).toEqual(['a', 'b', 'c']);
    expect(usageMessage(() => parse(['--models', 'a']))).toBe(
      '--models needs at least two models to compare, got 1 (a)',
    );
    expect(usageMessage(() => parse(['--models', 'a', 'b', '--report', 'r.pdf']))).toBe(
      '--report r.pdf: the report is HTML; name it *.html',
    );
    expect(usageMessage(() => parse(['--models', 'a', 'b', '--png', 'r.jpg']))).toBe(
      '--png r.jpg: name the montage *.png',
    );
  });
});

describe('the command line', () => {
  it.each(COMMANDS.map((c) => c.spec.name))('%s --help lists every flag it accepts', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    const command = COMMANDS.find((c) => c.spec.name === name)!;
    expect(r.stdout).toBe(formatHelp(command.spec));
    for (const f of command.spec.flags) expect(r.stdout).toContain(`--${f.name}`);
    expect(r.stdout).toContain(`Usage: seglens ${name} `);
  });

  it('maps usage errors to exit code 2 with a pointer to --help', async () => {
    const r = await cli(['evaluate', '--model', 'x', '--dataset', 'hippocampus', '--split', 'test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "seglens evaluate: --split must be one of train, val, all; got 'test'\n(see seglens evaluate --help)\n",
    );
    expect(r.stdout).toBe('');
    const unknown = await cli(['evalute']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^seglens: unknown command 'evalute' \(did you mean 'evaluate'\?\)/);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('reports an unknown model name as a usage error listing the shipped names', async () => {
    const r = await cli(['evaluate', '--model', 'no-such-model', '--dataset', 'hippocampus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--model no-such-model: no such directory, and not a shipped model name (shipped: ${SHIPPED_MODELS.join(', ')};`,
    );
  });
});
