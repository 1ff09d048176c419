#!/usr/bin/env node
// Launcher of `npm run bench:losses`: bundles bench.ts (TypeScript, importing the package's sources) with esbuild
// into node_modules/.cache at the repository root, so that TF.js resolves from the workspace's node_modules,
// then runs it with the arguments given here (e.g. `-- --quick`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const outDir = path.join(root, 'node_modules/.cache/seglens-losses-bench');
mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, 'bench.cjs');
const tmp = `${out}.${process.pid}.tmp`;
await build({
  entryPoints: [path.join(here, 'bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['@tensorflow/*'],
  outfile: tmp,
  logLevel: 'warning',
});
renameSync(tmp, out);
const result = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
