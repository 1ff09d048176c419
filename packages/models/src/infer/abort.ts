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
