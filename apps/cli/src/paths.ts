// Checks of input and output paths made before any work starts, so that a bad path fails in a second with a
// message naming the flag and the real reason (not "no such file" for a folder we may not read), and so that
// an output can never overwrite the input it is computed from.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { errorMessage, UsageError } from './errors';

function code(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** What an errno means for a path, in words. */
function reason(error: unknown): string {
  switch (code(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return errorMessage(error);
  }
}

/**
 * Stats `--<flag> <given>`: a path that does not exist is a usage error; one that cannot be looked at (a folder
 * without read or search permission on the way) is a runtime error saying so.
 */
export function statInput(flag: string, given: string, absolute: string, command: string): Stats {
  try {
    return statSync(absolute);
  } catch (error) {
    if (code(error) === 'ENOENT') throw new UsageError(`--${flag} ${given}: no such file or folder`, command);
    if (code(error) === 'ENOTDIR')
      throw new UsageError(`--${flag} ${given}: no such file or folder (${reason(error)})`, command);
    throw new Error(`--${flag} ${given}: cannot read it: ${reason(error)}`);
  }
}

/** The path itself if it exists, else its nearest existing ancestor (what mkdir -p starts from). */
function existingAncestor(absolute: string): { at: string; stats: Stats } | { at: string; error: unknown } {
  let at = absolute;
  for (;;) {
    try {
      return { at, stats: statSync(at) };
    } catch (error) {
      const parent = path.dirname(at);
      if (code(error) !== 'ENOENT' || parent === at) return { at, error };
      at = parent;
    }
  }
}

/** Refuses a folder `absolute` that is a file or could not be created or written in, naming the reason. */
function checkCreatable(flag: string, given: string, absolute: string, command: string): void {
  const found = existingAncestor(absolute);
  if ('error' in found)
    throw new Error(`--${flag} ${given}: cannot look at ${found.at}: ${reason(found.error)}`);
  if (!found.stats.isDirectory())
    throw new UsageError(`--${flag} ${given}: ${found.at} is a file, not a folder`, command);
  try {
    accessSync(found.at, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new Error(`--${flag} ${given}: cannot write in ${found.at}: ${reason(error)}`);
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Checks an output file before the work: not a folder, not one of `inputs` (the same path, a hard link or a
 * symbolic link to it), and in a folder that exists or can be created and is writable.
 */
export function checkOutputFile(
  flag: string,
  given: string,
  absolute: string,
  inputs: readonly string[],
  command: string,
): void {
  let target: Stats | undefined;
  try {
    target = statSync(absolute); // follows a symbolic link to what it points at
  } catch {
    target = undefined;
  }
  if (target?.isDirectory())
    throw new UsageError(`--${flag} ${given} is a folder; name the output file`, command);
  for (const input of inputs) {
    let source: Stats;
    try {
      source = statSync(input);
    } catch {
      continue;
    }
    if (path.resolve(input) === absolute || (target && sameFile(target, source)))
      throw new UsageError(
        `--${flag} ${given} is the input ${input}${path.resolve(input) === absolute ? '' : ' (a link to it)'}; writing there would destroy it, so choose another output`,
        command,
      );
  }
  checkCreatable(flag, given, path.dirname(absolute), command);
}

/** Checks an output folder before the work: a folder (or nothing yet) whose place is writable. */
export function checkOutputDir(flag: string, given: string, absolute: string, command: string): void {
  checkCreatable(flag, given, absolute, command);
}
