// The build's file steps: fingerprints that decide whether a part must be regenerated, and writes that never
// leave a half-written file or folder behind (temporary name in the same folder, then a rename).
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A hash of what a part is built from: every file under `inputs` (path, size, modification time; folders
 * recursively, hidden files skipped) plus `extra` (settings and a generator version). Missing inputs are an
 * Error naming the path, so a part never silently builds from less than it needs.
 */
export async function fingerprint(inputs: string[], extra: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(extra));
  const visit = async (p: string): Promise<void> => {
    const s = await stat(p).catch(() => {
      throw new Error(`${p} is missing`);
    });
    if (s.isDirectory()) {
      for (const name of (await readdir(p)).sort())
        if (!name.startsWith('.')) await visit(path.join(p, name));
    } else {
      hash.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
    }
  };
  for (const input of inputs) await visit(input);
  return hash.digest('hex');
}

function tempName(target: string): string {
  return path.join(
    path.dirname(target),
    `.tmp-${process.pid}-${randomBytes(4).toString('hex')}-${path.basename(target)}`,
  );
}

/** Writes `bytes` to `target` through a temporary file beside it; unchanged contents are left alone. */
export async function writeIfChanged(target: string, bytes: string | Uint8Array): Promise<boolean> {
  const wanted =
    typeof bytes === 'string'
      ? Buffer.from(bytes)
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const current = await readFile(target).catch(() => undefined);
  if (current && current.equals(wanted)) return false;
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await writeFile(tmp, wanted);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return true;
}

/** Copies a file to `target` through a temporary file beside it. */
export async function copyAtomic(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await copyFile(source, tmp);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new Error(`cannot copy ${source} to ${target}: ${(error as Error).message}`);
  }
}

/**
 * Builds a folder under a temporary name beside `target` with `fill(tmpDir)`, then swaps it in: the old
 * folder is renamed away, the new one renamed into place, the old one deleted. A failing `fill` leaves the
 * old folder untouched.
 */
export async function replaceDir(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  const old = `${tmp}.old`;
  const hadOld = await rename(target, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(tmp, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes leftovers of interrupted builds (temporary names of processes that are gone) from a folder. */
export async function removeTempLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((n) => {
    const pid = /^\.tmp-(\d+)-/.exec(n)?.[1];
    return pid !== undefined && (Number(pid) === process.pid || !isRunning(Number(pid)));
  });
  await Promise.all(stale.map((n) => rm(path.join(dir, n), { recursive: true, force: true })));
}
