// The user's backend choice: which TF.js backend the worker starts with and how many WASM threads. Remembered
// per browser (localStorage) so a choice made once in the panel holds for every study; a URL parameter
// (?seglensBackend=wasm, ?seglensThreads=1) wins for that page, e.g. for a bookmark or a test. "auto" lets
// the worker decide (software GPU detection, see worker/gpu-probe.ts).
import { BACKEND_CHOICES, type BackendChoice, type BackendName } from '../panel/state';

export const BACKEND_CHOICE_KEY = 'seglens.backendChoice.v1';

export const AUTO_CHOICE: BackendChoice = { backend: 'auto', threads: 'auto' };

/** Most threads offered: XNNPACK gains nothing beyond the cores, and a typo must not start 1000 workers. */
export const MAX_THREADS = 64;

function parseBackend(value: unknown): BackendChoice['backend'] | undefined {
  return value === 'auto' || BACKEND_CHOICES.includes(value as BackendName)
    ? (value as BackendChoice['backend'])
    : undefined;
}

function parseThreads(value: unknown): BackendChoice['threads'] | undefined {
  if (value === 'auto') return 'auto';
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_THREADS ? n : undefined;
}

/** Checks a choice from the panel; throws naming the field and the value when it is not one. */
export function checkChoice(choice: BackendChoice): BackendChoice {
  const backend = parseBackend(choice?.backend);
  if (backend === undefined)
    throw new Error(
      `backend must be auto or one of ${BACKEND_CHOICES.join(', ')}, got ${JSON.stringify(choice?.backend)}`,
    );
  const threads = parseThreads(choice.threads);
  if (threads === undefined)
    throw new Error(
      `threads must be auto or a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(choice.threads)}`,
    );
  return { backend, threads };
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The choice in force: URL parameters first, then what this browser remembered, then auto. Unreadable or
 * invalid stored values count as auto (a stale entry must not stop the panel).
 */
export function readChoice(search: string, storage: StorageLike | null): BackendChoice {
  let stored: Partial<BackendChoice> = {};
  try {
    const raw = storage?.getItem(BACKEND_CHOICE_KEY);
    if (raw) stored = JSON.parse(raw) as Partial<BackendChoice>;
  } catch {
    stored = {};
  }
  const params = new URLSearchParams(search);
  return {
    backend:
      parseBackend(params.get('seglensBackend')) ?? parseBackend(stored.backend) ?? AUTO_CHOICE.backend,
    threads:
      parseThreads(params.get('seglensThreads')) ?? parseThreads(stored.threads) ?? AUTO_CHOICE.threads,
  };
}

export function saveChoice(choice: BackendChoice, storage: StorageLike | null): void {
  try {
    storage?.setItem(BACKEND_CHOICE_KEY, JSON.stringify(choice));
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
}

/** The worker's init() options for a choice. */
export function initOptions(choice: BackendChoice): { prefer?: BackendName; threads?: number } {
  return {
    prefer: choice.backend === 'auto' ? undefined : choice.backend,
    threads: choice.threads === 'auto' ? undefined : choice.threads,
  };
}

/** localStorage when this page may use it, else null. */
export function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
