// Node built-ins are reached through process.getBuiltinModule (Node >= 20.16) rather than import statements, so
// no `import 'node:fs'` appears in the bundles: browser bundlers (webpack, Vite) never try to resolve a Node
// module for the browser build, and the file-reading helpers fail with a clear message only when called there.
import type * as FsPromises from 'node:fs/promises';
import type * as FsSync from 'node:fs';
import type * as PathModule from 'node:path';

type BuiltinLoader = (id: string) => unknown;

// What a browser caller of data's file helpers should do instead: the readers have byte-level twins (decodeNifti
// for readNiftiFile, readImage for readImageFile, …).
const BYTES_HINT = "pass the file's bytes to the byte-level reader instead";

/**
 * The Node built-in `id` (e.g. 'node:crypto'), or outside Node an Error that names `caller` and `id` and, when
 * given, says what to do in a browser instead (`browserHint`). Exported so that packages above this one
 * (@seglens/models) reach Node the same way rather than keeping a copy.
 */
export function nodeBuiltin<T>(id: string, caller: string, browserHint?: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: BuiltinLoader } }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (!mod) {
    throw new Error(
      `${caller} needs Node.js >= 20.16 (it uses ${id})${browserHint ? `; in a browser, ${browserHint}` : ''}`,
    );
  }
  return mod as T;
}

/** node:fs/promises, or an Error naming `caller` outside Node. */
export function nodeFs(caller: string): typeof FsPromises {
  return nodeBuiltin<typeof FsPromises>('node:fs/promises', caller, BYTES_HINT);
}

/** node:fs (synchronous calls, for start-up checks such as locating the data directory). */
export function nodeFsSync(caller: string): typeof FsSync {
  return nodeBuiltin<typeof FsSync>('node:fs', caller, BYTES_HINT);
}

/** node:path. */
export function nodePath(caller: string): typeof PathModule {
  return nodeBuiltin<typeof PathModule>('node:path', caller, BYTES_HINT);
}

/** Message of an unknown thrown value, for wrapping errors with the file name. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
