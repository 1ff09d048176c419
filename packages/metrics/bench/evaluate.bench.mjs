#!/usr/bin/env node
// Benchmark of @seglens/metrics (built dist/): evaluateSegmentation on a 512x512x20 volume with 10 foreground
// classes and on a 256x256 2D image, plus the EDT alone; then the same metrics through numpy + scipy
// (bench/peer_scipy.py, /usr/bin/python3) on the same label maps, timed in the same run, with the largest
// disagreement per metric. Run: `npx nx run metrics:bench` (builds first) or `node bench/evaluate.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateSegmentation, euclideanDistanceTransform } from '../dist/index.mjs';
import { syntheticPair } from './synthetic.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

const cases = [
  { name: '3D 512x512x20, 10 classes', dims: [512, 512, 20], spacing: [0.8, 0.8, 5], runs: 3 },
  { name: '2D 256x256, 10 classes', dims: [256, 256, 1], spacing: [0.5, 0.5, 1], runs: 10 },
];
const numForeground = 10;
const nsdTolerance = 2;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeIt(runs, fn) {
  fn(); // warm-up: JIT compilation is not what we measure
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

/** Writes `data` to `file` through a temporary name, so a reader never sees half a file. */
function writeAtomic(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function runPeer(pair, c) {
  const dir = mkdtempSync(path.join(tmpdir(), 'seglens-metrics-bench-'));
  try {
    writeAtomic(path.join(dir, 'pred.u8'), pair.pred);
    writeAtomic(path.join(dir, 'truth.u8'), pair.truth);
    const spec = {
      dims: c.dims,
      spacing: c.spacing,
      numClasses: numForeground + 1,
      nsdTolerance,
      runs: c.runs,
    };
    writeAtomic(path.join(dir, 'case.json'), JSON.stringify(spec));
    const run = spawnSync(PYTHON, [path.join(here, 'peer_scipy.py'), dir], { encoding: 'utf8' });
    if (run.error || run.status !== 0) {
      return { error: (run.stderr || String(run.error)).trim().split('\n').pop() };
    }
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest |ours - peer| per metric over the classes; NaN (ours) must match null (peer). */
function disagreement(ours, peer) {
  const out = {};
  for (const metric of ['dsc', 'hd95', 'assd', 'nsd']) {
    let worst = 0;
    ours.perClass.forEach((c, i) => {
      const theirs = peer.perClass[i][metric];
      if (theirs === null) worst = Number.isNaN(c[metric]) ? worst : Infinity;
      else worst = Math.max(worst, Math.abs(c[metric] - theirs));
    });
    out[metric] = worst;
  }
  return out;
}

console.log(
  `@seglens/metrics benchmark - node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? '?'}`,
);
for (const c of cases) {
  const pair = syntheticPair(c.dims, numForeground, 7);
  const options = { dims: c.dims, spacing: c.spacing, numClasses: numForeground + 1, nsdTolerance };
  const ours = timeIt(c.runs, () => evaluateSegmentation(pair.pred, pair.truth, options));
  const r = ours.result;
  console.log(`\n${c.name}, spacing ${c.spacing.join('x')} mm (median of ${c.runs} runs after a warm-up)`);
  console.log(`  evaluateSegmentation: ${ours.ms.toFixed(0)} ms`);
  console.log(
    `  mean foreground DSC ${r.meanForeground.dsc.mean.toFixed(4)}, HD95 ${r.meanForeground.hd95.mean.toFixed(3)} mm, ` +
      `ASSD ${r.meanForeground.assd.mean.toFixed(3)} mm, NSD@${nsdTolerance}mm ${r.meanForeground.nsd.mean.toFixed(4)}`,
  );
  const mask = pair.truth.map((v) => (v === 1 ? 1 : 0));
  const edt = timeIt(c.runs, () => euclideanDistanceTransform(mask, c.dims, c.spacing));
  console.log(`  euclideanDistanceTransform alone (full grid, one class): ${edt.ms.toFixed(0)} ms`);
  const peer = runPeer(pair, c);
  if (peer.error) {
    console.log(`  peer numpy+scipy: not run (${peer.error})`);
    continue;
  }
  const diff = disagreement(r, peer);
  console.log(
    `  peer numpy+scipy (same maps, same definitions): ${peer.medianMs.toFixed(0)} ms -> ` +
      `time ratio peer/ours ${(peer.medianMs / ours.ms).toFixed(2)}`,
  );
  console.log(
    `  max |ours - peer| over classes: DSC ${diff.dsc.toExponential(1)}, HD95 ${diff.hd95.toExponential(1)} mm, ` +
      `ASSD ${diff.assd.toExponential(1)} mm, NSD ${diff.nsd.toExponential(1)}`,
  );
}
