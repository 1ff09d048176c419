// Writes a set of files as one directory that appears all at once: the files go into a temporary sibling
// directory, which then takes the target's place (the old one is moved aside first and deleted after). A
// crash leaves either the old directory or the new one, never a mixture or a half-written file; the only
// trace it can leave is a hidden `.name.tmp-…` / `.name.old-…` sibling. Node only.
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import { errorMessage, nodeBuiltin } from '@seglens/data';

/** What a browser caller of the directory functions should do instead (browsers have no file system). */
export const BROWSER_MODEL_HINT = 'load the model from a URL or IndexedDB';

const nodeFs = (caller: string): typeof FsPromises =>
  nodeBuiltin<typeof FsPromises>('node:fs/promises', caller, BROWSER_MODEL_HINT);
export const nodePath = (caller: string): typeof Path =>
  nodeBuiltin<typeof Path>('node:path', caller, BROWSER_MODEL_HINT);

function suffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Replaces directory `dir` by one holding exactly `files` (relative names, no sub-folders). */
export async function writeDirectoryAtomic(
  dir: string,
  files: Map<string, Uint8Array>,
  caller = 'writeDirectoryAtomic',
): Promise<void> {
  const fs = nodeFs(caller);
  const path = nodePath(caller);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const name = path.basename(target);
  const tmp = path.join(parent, `.${name}.tmp-${suffix()}`);
  const old = path.join(parent, `.${name}.old-${suffix()}`);
  try {
    await fs.mkdir(parent, { recursive: true });
    await fs.mkdir(tmp);
    for (const [file, bytes] of files) {
      if (file.includes('/') || file.includes('\\') || file.startsWith('.'))
        throw new Error(`file name ${file} is not a plain name`);
      await fs.writeFile(path.join(tmp, file), bytes);
    }
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`${caller}: could not write ${target}: ${errorMessage(error)}`);
  }
  let movedAside = false;
  try {
    await fs.rename(target, old);
    movedAside = true;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      throw new Error(`${caller}: could not replace ${target}: ${errorMessage(error)}`);
    }
  }
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    if (movedAside) await fs.rename(old, target).catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`${caller}: could not move the new files into ${target}: ${errorMessage(error)}`);
  }
  if (movedAside) await fs.rm(old, { recursive: true, force: true });
}

/** Reads `dir/name`, with an error naming the file. */
export async function readFileIn(dir: string, name: string, caller: string): Promise<Uint8Array> {
  const file = nodePath(caller).join(dir, name);
  try {
    return new Uint8Array(await nodeFs(caller).readFile(file));
  } catch (error) {
    throw new Error(`${caller}: cannot read ${file}: ${errorMessage(error)}`);
  }
}

export async function exists(path: string, caller: string): Promise<boolean> {
  try {
    await nodeFs(caller).stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The pid and time (ms) encoded in a `.name.tmp-…` / `.name.old-…` sibling's suffix (see suffix()). */
function parseSuffix(rest: string): { pid: number; time: number } | null {
  const m = /^(\d+)-([0-9a-z]+)-[0-9a-z]+$/.exec(rest);
  return m ? { pid: Number(m[1]), time: parseInt(m[2], 36) } : null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Undoes what a crash in writeDirectoryAtomic can leave behind. Killed between its two renames, a writer leaves
 * no `dir` at all, only the previous version moved aside as `.name.old-…`: this moves the newest such sibling
 * back into place. Temporary siblings of writers that are no longer running are deleted. Returns the sibling
 * it restored, or null when `dir` was there (or there was nothing to restore).
 */
export async function recoverDirectoryAtomic(
  dir: string,
  caller = 'recoverDirectoryAtomic',
): Promise<string | null> {
  const fs = nodeFs(caller);
  const path = nodePath(caller);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const name = path.basename(target);
  let entries: string[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return null;
  }
  const siblings = (kind: 'tmp' | 'old') =>
    entries
      .filter((e) => e.startsWith(`.${name}.${kind}-`))
      .map((e) => ({ entry: e, ...parseSuffix(e.slice(`.${name}.${kind}-`.length)) }))
      .filter((s): s is { entry: string; pid: number; time: number } => s.pid !== undefined);
  // A live writer's siblings are its own business: it is about to rename or delete them.
  const dead = (s: { pid: number }) => s.pid !== process.pid && !processAlive(s.pid);
  const remove = (entry: string) => fs.rm(path.join(parent, entry), { recursive: true, force: true });
  for (const t of siblings('tmp').filter(dead)) await remove(t.entry);
  const olds = siblings('old')
    .filter(dead)
    .sort((a, b) => b.time - a.time);
  if (entries.includes(name)) {
    // Killed after the second rename: the old copy is superseded.
    for (const o of olds) await remove(o.entry);
    return null;
  }
  const old = olds[0];
  if (!old) return null;
  const from = path.join(parent, old.entry);
  try {
    await fs.rename(from, target);
  } catch (error) {
    throw new Error(`${caller}: could not restore ${target} from ${from}: ${errorMessage(error)}`);
  }
  for (const o of olds.slice(1)) await remove(o.entry);
  return from;
}
