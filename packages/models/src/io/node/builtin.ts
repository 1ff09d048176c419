// Node built-ins through process.getBuiltinModule (Node >= 20.16), as @seglens/data does: no `import 'node:…'`
// reaches the bundles, so browser bundlers never try to resolve them, and calling a Node-only function in a
// browser fails with a message that says so.
import type * as Crypto from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as ChildProcess from 'node:child_process';

function builtin<T>(id: string, caller: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod)
    throw new Error(
      `${caller} works in Node.js >= 20.16 only (it needs ${id}); in a browser use a URL or IndexedDB`,
    );
  return mod as T;
}

export const nodeFs = (caller: string): typeof FsPromises =>
  builtin<typeof FsPromises>('node:fs/promises', caller);
export const nodePath = (caller: string): typeof Path => builtin<typeof Path>('node:path', caller);
export const nodeCrypto = (caller: string): typeof Crypto => builtin<typeof Crypto>('node:crypto', caller);
export const nodeOs = (caller: string): typeof Os => builtin<typeof Os>('node:os', caller);

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
export const nodeChildProcess = (caller: string): typeof ChildProcess =>
  builtin<typeof ChildProcess>('node:child_process', caller);
