// Node built-ins are reached through process.getBuiltinModule (Node >= 20.16) rather than import statements, so
// no `import 'node:fs'` appears in the bundles: browser bundlers (webpack, Vite) never try to resolve a Node
// module for the browser build, and the file-reading helpers fail with a clear message only when called there.
import type * as FsPromises from 'node:fs/promises';
import type * as FsSync from 'node:fs';
import type * as PathModule from 'node:path';

type BuiltinLoader = (id: string) => unknown;

function builtin<T>(id: string, caller: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: BuiltinLoader } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod) {
    throw new Error(
      `${caller} needs Node.js >= 20.16 (it reads ${id}); in a browser, pass the file's bytes to the byte-level reader instead`,
    );
  }
  return mod as T;
}

/** node:fs/promises, or an Error naming `caller` outside Node. */
export function nodeFs(caller: string): typeof FsPromises {
  return builtin<typeof FsPromises>('node:fs/promises', caller);
}

/** node:fs (synchronous calls, for start-up checks such as locating the data directory). */
export function nodeFsSync(caller: string): typeof FsSync {
  return builtin<typeof FsSync>('node:fs', caller);
}

/** node:path. */
export function nodePath(caller: string): typeof PathModule {
  return builtin<typeof PathModule>('node:path', caller);
}

/** Message of an unknown thrown value, for wrapping errors with the file name. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
