// The main-thread bundle (dist/seglens-extension.mjs) loads with the OHIF page, before any model runs: it must
// stay small and must not carry TF.js, which only the web worker needs (issue 12). Built here exactly as
// `npx nx run ohif-extension:build` builds it (tools/build-ohif-plugin.mjs), into a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BUDGET_KIB = 300;
const BUNDLE = 'seglens-extension.mjs';
const PACKAGE = path.join(__dirname, '..');

interface Metafile {
  inputs: Record<string, { imports: { path: string }[] }>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Bytes of the bundle per package (node_modules/<name>) or per folder of this repository, largest first. */
function bytesBySource(meta: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(meta.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = m ? m[1] : path.dirname(file);
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  return [...totals].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
}

describe('main-thread bundle', () => {
  let dir: string;
  let bytes: number;
  let sources: [string, number][];
  /** Files of this repository in the bundle that import TF.js: where to cut. */
  let tfImporters: string[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'seglens-extension-bundle-'));
    const script = path.join(PACKAGE, '..', '..', 'tools', 'build-ohif-plugin.mjs');
    execFileSync(process.execPath, [script, '--out', dir, '--only', BUNDLE, '--metafile'], {
      cwd: PACKAGE,
      stdio: 'pipe',
    });
    bytes = statSync(path.join(dir, BUNDLE)).size;
    const meta = JSON.parse(readFileSync(path.join(dir, `${BUNDLE}.meta.json`), 'utf8')) as Metafile;
    sources = bytesBySource(meta);
    // Inputs esbuild read but tree-shook away (bytesInOutput 0) are not in the bundle.
    const kept = new Set(
      Object.values(meta.outputs).flatMap((o) =>
        Object.entries(o.inputs)
          .filter(([, i]) => i.bytesInOutput > 0)
          .map(([file]) => file),
      ),
    );
    tfImporters = Object.entries(meta.inputs)
      .filter(([file]) => kept.has(file))
      .filter(
        ([file, input]) =>
          !file.includes('node_modules') && input.imports.some((i) => /@tensorflow[\\/]/.test(i.path)),
      )
      .map(([file]) => file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What the bundle holds, largest first: the failure message of the budget. */
  const largest = (n: number): string =>
    sources
      .slice(0, n)
      .map(([s, b]) => `${s} ${(b / 1024).toFixed(1)} KiB`)
      .join(', ');

  it('holds no TF.js', () => {
    const tf = sources.filter(([source]) => source.startsWith('@tensorflow/'));
    expect({ tf, importedBy: tfImporters }).toEqual({ tf: [], importedBy: [] });
  });

  it(`is at most ${BUDGET_KIB} KiB`, () => {
    const kib = bytes / 1024;
    const verdict = kib <= BUDGET_KIB ? 'within budget' : `${kib.toFixed(1)} KiB, largest: ${largest(8)}`;
    expect(verdict).toBe('within budget');
    // The React panel and the analysis code are in it: the build really bundled the extension.
    expect(sources.some(([source]) => source === 'react')).toBe(true);
  });
});
