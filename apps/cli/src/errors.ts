// The two kinds of failure the CLI tells apart by exit code: a bad command line (2) and anything that went
// wrong while running (1). Ctrl-C is a third outcome (130, like every shell tool interrupted by SIGINT).

/** A bad command line: unknown flag, missing or malformed value. Exit code 2; the message names the flag. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help would help, when known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
