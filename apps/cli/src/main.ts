// `seglens <command> [flags]`: finds the command, prints help, parses the flags, runs it, and maps the outcome
// to an exit code (0 ok, 1 runtime error, 2 usage error, 130 interrupted by Ctrl-C).
import { version } from '../package.json';
import type { Command } from './command';
import { benchCommand } from './commands/bench';
import { compareCommand } from './commands/compare';
import { convertCommand } from './commands/convert';
import { experimentCommand } from './commands/experiment';
import { evaluateCommand } from './commands/evaluate';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import {
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_RUNTIME,
  EXIT_USAGE,
  errorMessage,
  isAbortError,
  UsageError,
} from './errors';
import type { CliIo } from './io';
import { closest, formatHelp, parseFlags } from './options';
import { setDefaultConvolution, setDefaultThreads, type ConvolutionAlgorithm } from '@seglens/models';
import { convolutionFlag, threadsFlag } from './common-flags';

/**
 * Every command runs TF.js, so every one takes `--threads`, which becomes the default of every backend start, and
 * `--convolution`, which becomes the default of every inference pass (segment, training's validation, bench).
 */
function withThreads(command: Command): Command {
  return {
    ...command,
    spec: { ...command.spec, flags: [...command.spec.flags, threadsFlag, convolutionFlag] },
  };
}

export const COMMANDS: readonly Command[] = [
  trainCommand,
  evaluateCommand,
  predictCommand,
  compareCommand,
  experimentCommand,
  convertCommand,
  benchCommand,
].map(withThreads);

export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    `seglens ${version}: segmentation losses and their region-size biases (Liu et al., "Do We Really Need Dice?")`,
    '',
    'Usage: seglens <command> [flags]      seglens <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    '',
    'Tables and JSON go to stdout, progress to stderr. Exit codes: 0 ok, 1 runtime error, 2 usage error,',
    '130 interrupted (Ctrl-C).',
    '',
  ].join('\n');
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (command) return command;
  const hint = closest(
    name,
    COMMANDS.map((c) => c.spec.name),
  );
  throw new UsageError(
    `unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; commands: ${COMMANDS.map((c) => c.spec.name).join(', ')}`,
  );
}

/** Runs one command line with the given streams; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (first === undefined) {
      io.stderr.write(globalHelp());
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(rest[0] && first === 'help' ? formatHelp(findCommand(rest[0]).spec) : globalHelp());
      return EXIT_OK;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    }
    command = findCommand(first);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(formatHelp(command.spec));
      return EXIT_OK;
    }
    const flags = parseFlags(command.spec, rest);
    setDefaultThreads(flags.number('threads'));
    setDefaultConvolution(flags.string('convolution') as ConvolutionAlgorithm | undefined);
    await command.run(flags, io);
    return EXIT_OK;
  } catch (error) {
    const prefix = command ? `seglens ${command.spec.name}` : 'seglens';
    if (error instanceof UsageError) {
      const help = command ? `seglens ${command.spec.name} --help` : 'seglens --help';
      io.stderr.write(`${prefix}: ${error.message}\n(see ${help})\n`);
      return EXIT_USAGE;
    }
    if (isAbortError(error)) {
      io.stderr.write(`${prefix}: interrupted\n`);
      return EXIT_INTERRUPTED;
    }
    const env = io.env ?? process.env;
    const detail =
      env.SEGLENS_DEBUG && error instanceof Error && error.stack ? error.stack : errorMessage(error);
    io.stderr.write(`${prefix}: error: ${detail}\n`);
    return EXIT_RUNTIME;
  }
}

/**
 * The process entry point (bin/seglens.cjs): real streams, and Ctrl-C wired to an AbortSignal so that long
 * jobs stop at their next step and keep what they saved. A second Ctrl-C quits at once.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write('\nseglens: stopping after the current step (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
      cwd: process.cwd(),
      env: process.env,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
