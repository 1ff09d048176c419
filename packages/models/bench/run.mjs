#!/usr/bin/env node
// Runs bench/main.ts: bundles it with esbuild (TF.js stays external, resolved from node_modules) into a
// temporary file beside this one, runs it with the same arguments, and removes it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, `.bench-${process.pid}.cjs`);
try {
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['@tensorflow/*'],
    logLevel: 'warning',
  });
  await import(pathToFileURL(out).href);
} finally {
  // main.ts finishes asynchronously; remove the bundle when the process ends.
  process.on('exit', () => rmSync(out, { force: true }));
}
