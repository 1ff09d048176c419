// dist/.seglens-build.json: the fingerprint each part of the last build was made from. A part whose inputs
// give the same fingerprint (and whose output is still there) is not rebuilt. Saved after every part, so an
// interrupted build keeps what it finished. Dot-files are never served.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from './fs-steps';

export const RECORD_FILE = '.seglens-build.json';

interface RecordFile {
  format: 'seglens-viewer-build';
  parts: Record<string, string>;
}

export class BuildRecord {
  private constructor(
    private readonly file: string,
    private readonly parts: Record<string, string>,
  ) {}

  static async load(outDir: string): Promise<BuildRecord> {
    const file = path.join(outDir, RECORD_FILE);
    let parts: Record<string, string> = {};
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<RecordFile>;
      if (parsed.format === 'seglens-viewer-build' && parsed.parts && typeof parsed.parts === 'object')
        parts = parsed.parts;
    } catch {
      // No record (first build) or an unreadable one: every part is rebuilt.
    }
    return new BuildRecord(file, parts);
  }

  get(part: string): string | undefined {
    return this.parts[part];
  }

  async set(part: string, stamp: string): Promise<void> {
    this.parts[part] = stamp;
    const data: RecordFile = { format: 'seglens-viewer-build', parts: this.parts };
    await writeIfChanged(this.file, JSON.stringify(data, null, 2) + '\n');
  }
}
