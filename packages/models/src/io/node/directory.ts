// Writes a set of files as one directory that appears all at once: the files go into a temporary sibling
// directory, which then takes the target's place (the old one is moved aside first and deleted after). A
// crash leaves either the old directory or the new one, never a mixture or a half-written file; the only
// trace it can leave is a hidden `.name.tmp-…` / `.name.old-…` sibling. Node only.
import { errorMessage, nodeFs, nodePath } from './builtin';

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
