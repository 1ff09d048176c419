// The shape of one subcommand: its declared flags (for parsing and --help) and what it does with them.
import type { CliIo } from './io';
import type { CommandSpec, ParsedFlags } from './options';

export interface Command {
  spec: CommandSpec;
  /** Runs the command, printing its result on io.stdout; throws UsageError or Error on failure. */
  run(flags: ParsedFlags, io: CliIo): Promise<void>;
}
