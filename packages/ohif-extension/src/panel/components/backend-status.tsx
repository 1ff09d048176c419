// The backend part of "Models": which backend the worker really runs on and why, its WASM threads, the
// backends skipped with the reason, and the selector (Auto lets the worker detect a software GPU; fewer
// threads can be faster on a machine busy with other work).
import { memo, useLayoutEffect, useRef } from 'react';
import { BACKEND_CHOICES, type BackendChoice, type BackendView, type PanelActions } from '../state';
import { backendLabel, formatMs, plainBackendReason } from '../format';

export const BackendStatus = memo(function BackendStatus({ backend }: { backend: BackendView | null }) {
  if (backend === null)
    return (
      <div className="seglens-text" data-testid="seglens-backend">
        Backend: starting…
      </div>
    );
  const skipped = backend.skipped.map((b) => `${backendLabel(b.name)}: ${b.reason}`);
  return (
    // The tooltip repeats the list so it is readable where the list is clipped by a narrow panel.
    <div
      className="seglens-text"
      data-testid="seglens-backend"
      title={skipped.length ? `Skipped: ${skipped.join('; ')}` : undefined}
    >
      {'Backend: '}
      <strong data-testid="seglens-backend-name">{backendLabel(backend.name)}</strong>
      {backend.name === 'wasm' && backend.threads !== undefined ? ` · ${threadsLabel(backend)}` : null}
      {` · started in ${formatMs(backend.initMs)}`}
      {backend.reason ? (
        <div className="seglens-muted seglens-hint" data-testid="seglens-backend-reason">
          {backend.reason}
        </div>
      ) : null}
      {skipped.length ? (
        <ul className="seglens-skipped" aria-label="Backends skipped">
          {backend.skipped.map((b) => (
            <li key={b.name}>
              {`Skipped ${backendLabel(b.name)}: `}
              <span className="seglens-muted">{plainBackendReason(b.reason)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});

/** "1 thread", or "1 thread, 2 on large layers" when seglens's kernels may use more on those. */
export function threadsLabel(backend: Pick<BackendView, 'threads' | 'kernelThreads'>): string {
  const threads = backend.threads ?? 1;
  const own = `${threads} thread${threads === 1 ? '' : 's'}`;
  return backend.kernelThreads !== undefined && backend.kernelThreads > threads
    ? `${own}, ${backend.kernelThreads} on large layers`
    : own;
}

export interface BackendSelectorProps {
  uid(name: string): string;
  choice: BackendChoice;
  cores: number;
  actions: PanelActions;
}

/**
 * The selects keep what the user picked until the store answers with a new choice (both are sent together,
 * so picking the threads right after the backend sends the backend just picked).
 */
export const BackendSelector = memo(function BackendSelector({
  uid,
  choice,
  cores,
  actions,
}: BackendSelectorProps) {
  const backend = useRef<HTMLSelectElement>(null);
  const threads = useRef<HTMLSelectElement>(null);
  useLayoutEffect(() => {
    if (backend.current) backend.current.value = choice.backend;
    if (threads.current) threads.current.value = String(choice.threads);
  }, [choice, cores]);
  const send = () =>
    actions.setBackendChoice({
      backend: (backend.current?.value ?? 'auto') as BackendChoice['backend'],
      threads:
        threads.current === null || threads.current.value === 'auto' ? 'auto' : Number(threads.current.value),
    });
  const backendId = uid('backend-choice');
  const threadsId = uid('threads-choice');
  return (
    <div className="seglens-field-row">
      <div className="seglens-field">
        <label htmlFor={backendId}>Backend</label>
        <select ref={backend} id={backendId} data-testid="seglens-backend-choice" onChange={send}>
          <option value="auto">Auto</option>
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {backendLabel(b)}
            </option>
          ))}
        </select>
      </div>
      <div className="seglens-field">
        <label htmlFor={threadsId}>WASM threads</label>
        <select
          ref={threads}
          id={threadsId}
          data-testid="seglens-threads-choice"
          disabled={choice.backend !== 'auto' && choice.backend !== 'wasm'}
          onChange={send}
        >
          {/* The count, not "half the cores": the select is half the panel wide and cut the longer text off. */}
          <option value="auto" title="half the cores, at least one">
            Auto ({Math.max(1, Math.floor(cores / 2))})
          </option>
          {Array.from({ length: Math.max(1, cores) }, (_, i) => (
            <option key={i + 1} value={String(i + 1)}>
              {String(i + 1)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
});
