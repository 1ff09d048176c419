// `seglens` as its users run it, for the end-to-end tests: the CLI's bin in a separate Node process, awaited
// asynchronously so that this process's viewer server keeps answering it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SEGLENS = join(__dirname, '..', '..', '..', 'cli', 'bin', 'seglens.cjs');
const run = promisify(execFile);

/** Runs `seglens <args>` and returns its stdout; rejects (with stderr in the error) on a non-zero exit. */
export async function seglens(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { stdout } = await run(process.execPath, [SEGLENS, ...args], { maxBuffer: 1 << 24, env });
  return stdout;
}
