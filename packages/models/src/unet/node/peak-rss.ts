// The peak resident set of this process, for the benchmarks' memory column.
import type * as Fs from 'node:fs';
import type * as Process from 'node:process';
import { nodeBuiltin } from '@seglens/data';

/**
 * This process's peak resident set so far, in MB (10^6 bytes).
 *
 * On Linux this is VmHWM from /proc/self/status, the high-water mark of this process's own address space.
 * getrusage's maxrss is not used there: Linux carries it across fork + exec, so a `seglens bench` started by a
 * large parent reported the parent's resident set. Elsewhere maxrss is all there is.
 */
export function peakResidentSetMb(statusFile = '/proc/self/status'): number {
  let status: string | null = null;
  try {
    status = nodeBuiltin<typeof Fs>('node:fs', 'peakResidentSetMb').readFileSync(statusFile, 'utf8');
  } catch {
    status = null;
  }
  const hwm = status === null ? null : /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (hwm) return (Number(hwm[1]) * 1024) / 1e6;
  return (
    (nodeBuiltin<typeof Process>('node:process', 'peakResidentSetMb').resourceUsage().maxRSS * 1024) / 1e6
  );
}

/**
 * Starts the high-water mark afresh at the current resident set (Linux: "5" to /proc/self/clear_refs), so that
 * peakResidentSetMb() then reports the peak of what follows. A benchmark run inside a larger process (the CLI
 * in a jest worker: 1541 MB of earlier test files for a 32x32 network in CI) otherwise reports that process's
 * past. Returns false where the mark cannot be reset (no /proc): the peak then covers the whole process.
 */
export function resetPeakResidentSet(clearRefsFile = '/proc/self/clear_refs'): boolean {
  try {
    nodeBuiltin<typeof Fs>('node:fs', 'resetPeakResidentSet').writeFileSync(clearRefsFile, '5');
    return true;
  } catch {
    return false;
  }
}
