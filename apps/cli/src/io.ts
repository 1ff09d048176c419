// What a command talks to: its output streams, an abort signal, the environment. Commands take a CliIo rather
// than touching process.*, so tests run them in-process and read what they printed.

/** A writable text stream; `isTTY` and `columns` decide how progress is drawn. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  /** Tables and JSON: the command's result. */
  stdout: OutputStream;
  /** Progress, warnings and error messages. */
  stderr: OutputStream;
  /** Fires on Ctrl-C (SIGINT); long jobs stop at their next step. */
  signal?: AbortSignal;
  /** Working directory relative paths are resolved from. Default process.cwd(). */
  cwd?: string;
  /** Environment (SEGLENS_DATA_DIR ...). Default process.env. */
  env?: Record<string, string | undefined>;
}

/** An OutputStream that keeps everything written, for tests and for `--json` runs that must print nothing else. */
export class MemoryStream implements OutputStream {
  private chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  text(): string {
    return this.chunks.join('');
  }
}

/** Writes nothing (progress of a `--quiet` run). */
export const NULL_STREAM: OutputStream = { write: () => true, isTTY: false };
