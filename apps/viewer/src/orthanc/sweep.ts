// Work folders of Orthanc runs whose viewer is gone. The supervisor (bin/orthanc-supervisor.cjs) deletes its
// folder when the viewer dies, but if the supervisor itself is killed with SIGKILL nothing does: the next
// Orthanc start sweeps such folders (and an Orthanc still running from one, identified by its command line
// naming that folder, so a reused pid is never killed).
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export const WORK_DIR_PREFIX = 'seglens-orthanc-';
export const LOCK_FILE = 'seglens-lock.json';
/** A folder without a lock file is left alone this long: its viewer may be writing the lock right now. */
const UNLOCKED_GRACE_MS = 60_000;

export interface WorkDirLock {
  viewer: number;
  supervisor?: number;
  orthanc?: number | null;
}

/** Whether a process with this pid exists (EPERM: it exists, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
}

async function readLock(dir: string): Promise<WorkDirLock | undefined> {
  try {
    const lock = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')) as WorkDirLock;
    return typeof lock.viewer === 'number' ? lock : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes the work folders under `root` that belong to this user and to no living viewer or supervisor, first
 * killing an Orthanc still running from one. Returns the folders deleted. Never throws: a folder it cannot
 * judge or delete stays.
 */
export async function sweepStaleWorkDirs(root: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const swept: string[] = [];
  for (const name of names.filter((n) => n.startsWith(WORK_DIR_PREFIX))) {
    const dir = path.join(root, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory() || info.uid !== process.getuid?.()) continue;
    const lock = await readLock(dir);
    if (!lock) {
      if (now - info.mtimeMs < UNLOCKED_GRACE_MS) continue;
    } else {
      if (isAlive(lock.viewer) || (lock.supervisor !== undefined && isAlive(lock.supervisor))) continue;
      if (lock.orthanc && isAlive(lock.orthanc) && (await commandLine(lock.orthanc)).includes(dir)) {
        process.kill(lock.orthanc, 'SIGKILL');
      }
    }
    await rm(dir, { recursive: true, force: true }).then(
      () => swept.push(dir),
      () => undefined,
    );
  }
  return swept;
}
