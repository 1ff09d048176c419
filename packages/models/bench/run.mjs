#!/usr/bin/env node
// Runs bench/main.ts (or bench/profile.ts): bundles it with esbuild (TF.js and Cornerstone's codecs, whose .wasm
// files sit beside their modules, stay external, resolved from node_modules) into a
// temporary file beside this one, runs it with the same arguments, and removes it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// `node bench/run.mjs profile ...` runs profile.ts (per-kernel time of a training step) instead of main.ts;
// `data-parallel`, `filter-grad`, `segment-split`, `fold-cost`, `loss-kernels`, `resolution-ceiling`, `winograd` and
// `small-ops` run the files of those names.
const ENTRIES = {
  profile: 'profile.ts',
  'data-parallel': 'data-parallel.ts',
  'filter-grad': 'filter-grad.ts',
  'segment-split': 'segment-split.ts',
  'fold-cost': 'fold-cost.ts',
  'loss-kernels': 'loss-kernels.ts',
  'resolution-ceiling': 'resolution-ceiling.ts',
  winograd: 'winograd.ts',
  'small-ops': 'small-ops.ts',
};
const entry = ENTRIES[process.argv[2]] ?? 'main.ts';
if (entry !== 'main.ts') process.argv.splice(2, 1);
const out = path.join(here, `.bench-${process.pid}.cjs`);
const worker = path.join(here, `.bench-worker-${process.pid}.cjs`);
try {
  if (entry === 'data-parallel.ts') {
    await build({
      entryPoints: [path.join(here, 'data-parallel-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: worker,
      external: ['@tensorflow/*', '@cornerstonejs/*'],
      logLevel: 'warning',
    });
    process.env.SEGLENS_DP_WORKER = worker;
  }
  await build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['@tensorflow/*', '@cornerstonejs/*'],
    logLevel: 'warning',
  });
  await import(pathToFileURL(out).href);
} finally {
  // main.ts finishes asynchronously; remove the bundle when the process ends.
  process.on('exit', () => {
    rmSync(out, { force: true });
    rmSync(worker, { force: true });
  });
}
