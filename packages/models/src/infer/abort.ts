// Cancellation in the shape the web platform uses: a rejected promise whose error is named 'AbortError'.

/** The error to reject with when `signal` fires: its reason if that is an Error, else an AbortError. */
export function abortError(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(`${what} was cancelled${reason === undefined ? '' : `: ${String(reason)}`}`);
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(signal, what);
}

/**
 * Resolves on a later turn of the event loop (a macrotask, not a microtask), so that signal handlers, timers
 * and I/O callbacks queued meanwhile run. Compute loops await it between batches: without it a loop whose
 * awaits all resolve at once (TF.js's CPU and WASM `data()`) never lets Ctrl-C's handler abort its signal.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else if (typeof MessageChannel === 'function') {
      // Browsers and workers: a message is a macrotask without setTimeout's 4 ms clamp for nested timers,
      // which would add up over the hundreds of batches of a large volume.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else setTimeout(resolve, 0);
  });
}

/** Yields to the event loop, then rejects with an AbortError if `signal` fired meanwhile. */
export async function yieldAndCheck(signal: AbortSignal | undefined, what: string): Promise<void> {
  await yieldToEventLoop();
  throwIfAborted(signal, what);
}
