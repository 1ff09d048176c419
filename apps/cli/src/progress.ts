// Progress of long jobs on stderr. In a terminal: one line redrawn in place (bar, count, elapsed time, time
// left), at most ten times a second. Anywhere else (a log file, CI, a pipe): plain lines, one each time
// another tenth of the work is done (or another share set by plainLines), so logs stay short and never hold
// carriage returns.
import type { OutputStream } from './io';
import { duration } from './table';

export interface Progress {
  /** `done` of `total` units finished; `note` is shown after the counts (e.g. the current loss). */
  update(done: number, note?: string): void;
  /** Ends the bar (the TTY line is kept); `note` replaces the last one. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** Plural noun of the units, e.g. 'cases' or 'steps'. */
  unit?: string;
  /** Without a terminal: at most this many evenly spaced lines (plus the last). Default 10 (every tenth). */
  plainLines?: number;
  /** Clock in milliseconds (tests replace it). */
  now?: () => number;
}

const BAR_WIDTH = 24;

export function createProgress(
  stream: OutputStream,
  label: string,
  total: number,
  options: ProgressOptions = {},
): Progress {
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ? ` ${options.unit}` : '';
  const parts = Math.max(1, options.plainLines ?? 10);
  const start = now();
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let state = { done: 0, note: '' };
  let finished = false;

  const line = (tty: boolean): string => {
    const { done, note } = state;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (now() - start) / 1000;
    const left = done > 0 && done < total ? ` < ${duration((elapsed / done) * (total - done))}` : '';
    const counts = `${done}/${total}${unit}`;
    const tail = `${duration(elapsed)}${left}${note ? `  ${note}` : ''}`;
    if (!tty) return `${label}: ${counts} (${Math.round(fraction * 100)}%) ${tail}`;
    const filled = Math.round(fraction * BAR_WIDTH);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${counts} ${tail}`;
  };

  const draw = (force: boolean) => {
    if (stream.isTTY) {
      const t = now();
      if (!force && t - lastDraw < 100) return;
      lastDraw = t;
      const text = line(true);
      // Kept within the terminal's width so it never wraps (a wrapped line cannot be redrawn in place); a
      // terminal that reports no sensible width (0 under `script`, say) gets the whole line.
      const columns = stream.columns !== undefined && stream.columns >= 20 ? stream.columns : Infinity;
      stream.write(`\r\x1b[2K${text.length >= columns ? text.slice(0, columns - 1) : text}`);
    } else {
      const decile = total > 0 ? Math.floor((parts * Math.min(state.done, total)) / total) : parts;
      if (!force && decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${line(false)}\n`);
    }
  };

  return {
    update(done, note) {
      if (finished) return;
      state = { done, note: note ?? state.note };
      draw(false);
    },
    finish(note) {
      if (finished) return;
      finished = true;
      if (note !== undefined) state = { ...state, note };
      const alreadyComplete = !stream.isTTY && lastDecile === parts && note === undefined;
      if (!alreadyComplete) draw(true);
      if (stream.isTTY) stream.write('\n');
    },
  };
}
