// Errors that cross the worker boundary keep their name, message and plain-data fields, so the panel can tell
// a ModelIntegrityError, an AbortError and a BackendLostError apart (structured clone keeps only the
// message and the standard names).
import type { BackendName } from '../panel/state';
import type { SerializedError } from './protocol';

/** The TF.js backend died under the worker (WebGPU device lost, WebGL context lost, or every op fails). */
export class BackendLostError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(
      `The ${backend} backend was lost (${reason}). Call init() again, e.g. init({ prefer: 'wasm' }); ` +
        'loaded models are reloaded from their sources on their next use.',
    );
    this.name = 'BackendLostError';
  }
}

/** The error a cancelled call rejects with, as the web platform names it. */
export function abortError(what: string): Error {
  const error = new Error(`${what} was cancelled`);
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (depth > 4 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as Record<string, unknown>).every((v) => isPlainData(v, depth + 1));
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return {
      name: 'Error',
      message: typeof error === 'string' ? error : `non-Error thrown: ${String(error)}`,
    };
  }
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && isPlainData(value)) details[key] = value;
  }
  return {
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/** An Error with the worker's name, message and fields; the worker's stack follows the caller's. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.details) Object.assign(error, serialized.details);
  if (serialized.stack)
    error.stack = `${error.stack ?? ''}\n--- in the segmentation worker ---\n${serialized.stack}`;
  return error;
}
