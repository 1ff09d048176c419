#!/usr/bin/env node
// The first calls of the metrics in a fresh process, one by one: what the viewer's worker pays after each Segment
// (regionProportions of every model's labels, confusionCounts and evaluateSegmentation of the comparison), where V8
// is still compiling. Each function runs in a process of its own, `--calls` times on synthetic maps (the
// benchmark's ellipsoids, a new seed per call), and each call's ms is printed. Needs the built dist/.
//
//   node bench/first-calls.mjs [--dims 256,256,1] [--classes 3] [--calls 6] [--processes 2]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const FUNCTIONS = ['regionProportions', 'confusionCounts', 'evaluateSegmentation'];

if (argv[0] === '--child') {
  // One process: `--calls` calls of one function, each on a new pair; prints the ms of each as JSON.
  const { regionProportions, confusionCounts, evaluateSegmentation } = await import('../dist/index.mjs');
  const { syntheticPair } = await import('./synthetic.mjs');
  const [, fn, dimsText, classesText, callsText] = argv;
  const dims = dimsText.split(',').map(Number);
  const numClasses = Number(classesText);
  const ms = [];
  for (let c = 0; c < Number(callsText); c++) {
    const { pred, truth } = syntheticPair(dims, numClasses - 1, 100 + c);
    const started = performance.now();
    if (fn === 'regionProportions') regionProportions(pred, { numClasses });
    else if (fn === 'confusionCounts') confusionCounts(pred, truth, { numClasses });
    else evaluateSegmentation(pred, truth, { numClasses, dims, spacing: [1, 1, 1], nsdTolerance: 2 });
    ms.push(performance.now() - started);
  }
  console.log(JSON.stringify(ms));
} else {
  const dims = option('dims', '256,256,1');
  const classes = option('classes', '3');
  const calls = option('calls', '6');
  const processes = Number(option('processes', '2'));
  if (!/^\d+,\d+,\d+$/.test(dims)) throw new Error(`--dims must be NX,NY,NZ, got ${dims}`);
  if (!(Number(classes) >= 2)) throw new Error(`--classes must be 2 or more, got ${classes}`);
  if (!(Number(calls) >= 1)) throw new Error(`--calls must be 1 or more, got ${calls}`);
  if (!(processes >= 1)) throw new Error(`--processes must be 1 or more, got ${option('processes')}`);
  console.log(
    `${dims.replaceAll(',', '×')}, ${classes} classes: ms per call, in order, one fresh process per row`,
  );
  console.log(
    `| function | process | ${Array.from({ length: Number(calls) }, (_, i) => `call ${i + 1}`).join(' | ')} |`,
  );
  console.log(`|---|---|${'---|'.repeat(Number(calls))}`);
  for (let p = 0; p < processes; p++) {
    for (const fn of FUNCTIONS) {
      const run = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', fn, dims, classes, calls],
        {
          encoding: 'utf8',
          cwd: here,
        },
      );
      if (run.status !== 0) throw new Error(`${fn}: ${run.stderr.trim().split('\n').pop()}`);
      const ms = JSON.parse(run.stdout);
      console.log(`| ${fn} | ${p + 1} | ${ms.map((m) => m.toFixed(2)).join(' | ')} |`);
    }
  }
}
