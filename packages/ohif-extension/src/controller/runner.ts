// One long-running task at a time (segmenting, comparing, fine-tuning), with progress in the panel and a
// cancel that aborts exactly that task. A failure or a cancel leaves the previous results in place.
import type { PanelStore } from '../panel/store';
import type { ProgressView } from '../panel/state';

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export class TaskRunner {
  private controller: AbortController | null = null;

  constructor(private readonly store: PanelStore) {}

  get running(): boolean {
    return this.controller !== null;
  }

  cancel(): void {
    this.controller?.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  progress(progress: Partial<ProgressView>): void {
    const busy = this.store.get().busy;
    if (busy) this.store.set({ busy: { ...busy, ...progress } });
  }

  /** Runs `task`; errors become a panel message (a cancel becomes an info message), the viewer keeps working. */
  async run(
    label: string,
    task: (signal: AbortSignal) => Promise<void>,
    cancellable = true,
  ): Promise<boolean> {
    if (this.controller) {
      this.store.set({ message: { kind: 'warning', text: 'Another task is running: cancel it first.' } });
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
        this.store.set({
          message: { kind: 'info', text: `${label}: cancelled. Previous results are kept.` },
        });
      } else {
        console.error('seglens:', error);
        this.store.set({ message: { kind: 'error', text: `${label} failed: ${describeError(error)}` } });
      }
      return false;
    } finally {
      this.controller = null;
      this.store.set({ busy: null });
    }
  }
}
