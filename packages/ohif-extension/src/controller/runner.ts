// One long-running task at a time (segmenting, comparing, fine-tuning), with progress in the panel and a
// cancel that aborts exactly that task. A failure or a cancel leaves the previous results in place. Each task
// names the panel section whose control started it: its failure, cancel or refusal is shown there.
import type { PanelStore } from '../panel/store';
import type { MessageAnchor, MessageView, ProgressView } from '../panel/state';

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Least time between two progress updates of the panel within one stage of a task, ms. Each update re-renders the
 * panel, and on a machine with few cores the page's work shares them with the worker's. On the 32-slice hippocampus
 * crop (four batches per model, an update after each) a build that dropped the per-batch updates had in-model
 * medians of 2.3, 2.3 and 2.2 ms per slice against 2.9, 2.8 and 2.4 with them, and this throttle 2.6 and 2.0
 * against 2.6 and 2.4 (`bench-viewer-ab --runs 6 --study hippocampus-1`, session 41; one build's median moves by
 * about 0.3 from one such run to the next): a small gain, within the noise of each run alone. A new stage (another
 * label: the next model) is shown at once; updates within a stage at most every PROGRESS_INTERVAL_MS, the last one
 * always (held until the interval has passed; dropped if the stage or the task ends first).
 */
export const PROGRESS_INTERVAL_MS = 250;

export class TaskRunner {
  private controller: AbortController | null = null;
  private idleWaiters: Array<() => void> = [];
  /** The progress held back by PROGRESS_INTERVAL_MS, its timer, and when the panel last changed (now()). */
  private held: Partial<ProgressView> | null = null;
  private heldTimer: ReturnType<typeof setTimeout> | null = null;
  private shownAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: PanelStore,
    /** Shows a message (ControllerCore.say: in the panel, and errors in OHIF's notifications too). */
    private readonly say: (message: MessageView) => void,
    /** The clock of PROGRESS_INTERVAL_MS (a test's own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.controller !== null;
  }

  /** Calls `fn` once no task runs: now, or when the running one has ended (done, failed or cancelled). */
  whenIdle(fn: () => void): void {
    if (this.controller === null) fn();
    else this.idleWaiters.push(fn);
  }

  cancel(): void {
    this.controller?.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  /** Updates the running task's progress: at once for a new stage (label), else at most every PROGRESS_INTERVAL_MS. */
  progress(progress: Partial<ProgressView>): void {
    const busy = this.store.get().busy;
    if (!busy) return;
    const update = { ...this.held, ...progress };
    const newStage = progress.label !== undefined && progress.label !== busy.label;
    const since = this.now() - this.shownAt;
    if (newStage || since >= PROGRESS_INTERVAL_MS) {
      this.dropHeld();
      this.show(update);
      return;
    }
    this.held = update;
    this.heldTimer ??= setTimeout(() => {
      this.heldTimer = null;
      const held = this.held;
      this.held = null;
      if (held) this.show(held);
    }, PROGRESS_INTERVAL_MS - since);
  }

  private show(progress: Partial<ProgressView>): void {
    const busy = this.store.get().busy;
    if (!busy) return;
    this.store.set({ busy: { ...busy, ...progress } });
    this.shownAt = this.now();
  }

  private dropHeld(): void {
    if (this.heldTimer !== null) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    this.held = null;
  }

  /**
   * Runs `task`; errors become a panel message in the `anchor` section (a cancel becomes an info message),
   * the viewer keeps working.
   */
  async run(
    label: string,
    anchor: MessageAnchor,
    task: (signal: AbortSignal) => Promise<void>,
    cancellable = true,
  ): Promise<boolean> {
    if (this.controller) {
      this.say({ kind: 'warning', text: 'Another task is running: cancel it first.', anchor });
      return false;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.store.set({ busy: { label, fraction: null, cancellable }, message: null });
    this.shownAt = this.now();
    try {
      await task(controller.signal);
      return true;
    } catch (error) {
      if (isAbort(error)) {
        this.say({ kind: 'info', text: `${label}: cancelled. Previous results are kept.`, anchor });
      } else {
        console.error('seglens:', error);
        this.say({ kind: 'error', text: `${label} failed: ${describeError(error)}`, anchor });
      }
      return false;
    } finally {
      this.controller = null;
      this.dropHeld();
      this.store.set({ busy: null });
      for (const fn of this.idleWaiters.splice(0)) fn();
    }
  }
}
