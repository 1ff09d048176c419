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

export class TaskRunner {
  private controller: AbortController | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: PanelStore,
    /** Shows a message (ControllerCore.say: in the panel, and errors in OHIF's notifications too). */
    private readonly say: (message: MessageView) => void,
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

  progress(progress: Partial<ProgressView>): void {
    const busy = this.store.get().busy;
    if (busy) this.store.set({ busy: { ...busy, ...progress } });
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
      this.store.set({ busy: null });
      for (const fn of this.idleWaiters.splice(0)) fn();
    }
  }
}
