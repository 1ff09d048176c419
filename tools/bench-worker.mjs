#!/usr/bin/env node
// Benchmark: the seglens worker alone, in a bare cross-origin isolated page of headless Chromium (no OHIF, no
// Cornerstone, nothing drawn), so that its in-model time is what WASM in a browser gives when nothing else wants the
// cores. `npm run bench:viewer` times the same worker inside the viewer, where the page's drawing (in software here:
// SwiftShader in Chromium's GPU process) shares the machine's cores with it. The worker is the built viewer's own
// (`_seglens/seglens-worker.mjs`), driven by its message protocol as the panel drives it: init on WASM with N
// threads, preload (load + warm-up passes on slices of the series' size), then segment() `--calls` times on a synthetic
// series of `--dims` (values do not change the arithmetic). Per thread count: the first call's in-model ms per
// slice, the median of the others, against PyTorch (in the same run) doing the same work per slice: in batches of 8
// on 2 threads, and in the worker's own batches (one frame: a batch of 1) on the faster of 1 and 2 threads.
//
//   node tools/bench-worker.mjs [--model cardiac-rce] [--dims 256,256,10] [--threads 1,2] [--calls 8] [--pause 200]
//     [--dist DIR]
//
// --threads: a comma-separated list of counts, each a row; `auto` asks for none, as the panel's Auto does (XNNPACK on
// half the cores, seglens's kernels on every core for large layers: the row says "1 (2 on large layers)").
//
// --pause: ms between two calls (as between two presses of Segment; a viewer waits seconds between them).
//
// Needs the built viewer (npx nx run viewer:build) and /usr/bin/chromium. Prints a table and one JSON line.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { median, modelCards, repo, startViewer, torchPerSlice, torchSameBatches } from './viewer-bench.mjs';

const flags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const modelName = option('model', 'cardiac-rce');
const dims = option('dims', '256,256,10').split(',').map(Number);
// undefined: Auto (the worker's default).
const threadCounts = option('threads', '1,2')
  .split(',')
  .map((t) => (t === 'auto' ? undefined : Number(t)));
const calls = Number(option('calls', '8'));
const pauseMs = Number(option('pause', '200'));
const dist = option('dist', undefined);
if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1))
  throw new Error(`--dims must be three whole numbers (columns,rows,slices), got ${option('dims')}`);
if (!threadCounts.every((t) => t === undefined || (Number.isInteger(t) && t >= 1)))
  throw new Error(`--threads must be positive integers or auto, got ${option('threads')}`);
if (!Number.isInteger(calls) || calls < 2)
  throw new Error(`--calls must be an integer ≥ 2, got ${option('calls')}`);
if (!(Number.isFinite(pauseMs) && pauseMs >= 0))
  throw new Error(`--pause must be milliseconds ≥ 0, got ${option('pause')}`);

/** In the page: a worker on `threads` WASM threads, the model preloaded, then `calls` segmentations. */
async function inPage({ source, dims, channels, calls, threads, pauseMs }) {
  const worker = new Worker('/_seglens/seglens-worker.mjs', { type: 'module', name: 'seglens' });
  let nextId = 1;
  const pending = new Map();
  worker.addEventListener('message', (event) => {
    const m = event.data;
    if (m?.type !== 'result' && m?.type !== 'error') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else p.reject(new Error(`${m.error?.name}: ${m.error?.message}`));
  });
  const call = (type, body, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type, id, ...body }, transfer);
    });
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const backend = await call('init', {
    prefer: 'wasm',
    force: 'wasm',
    wasmPaths: new URL('/_seglens/tfjs/', location.href).href,
    threads,
  });
  const model = await call('preload', {
    source: new URL(source, location.href).href,
    series: { dims, direction },
  });
  const inModelMs = [];
  for (let r = 0; r < calls; r++) {
    const n = dims[0] * dims[1] * dims[2] * channels;
    // As the panel's reader gives them: colour frames as uint8, grey series as float32.
    const voxels = channels === 3 ? new Uint8Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) voxels[i] = (i * 13 + r) % 200;
    const volume = { voxels, dims, channels, spacing: [1, 1, 1], origin: [0, 0, 0], direction };
    const out = await call('segment', { modelKey: model.modelKey, volume }, [voxels.buffer]);
    inModelMs.push(out.inferenceMs);
    // A pause between calls, as between two presses of Segment.
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  worker.terminate();
  return {
    isolated: self.crossOriginIsolated,
    threads: backend.threads ?? 1,
    kernelThreads: backend.kernelThreads,
    warmupMs: model.warmupMs,
    warmupPasses: model.warmupPasses,
    inModelMs,
  };
}

const loadBefore = loadavg();
const viewer = await startViewer(dist);
const browser = await chromium.launch({ executablePath: flags.executablePath, args: flags.args });
try {
  const cards = await modelCards(viewer.url);
  const card = cards.get(modelName);
  if (!card)
    throw new Error(`--model: the viewer has no model ${modelName}; it has ${[...cards.keys()].join(', ')}`);
  const channels = card.input.channels;
  const rows = [];
  for (const threads of threadCounts) {
    const page = await browser.newPage();
    // Any page of the viewer's origin: the server sends COOP/COEP with every file, so the page is isolated.
    await page.goto(new URL('/app-config.js', viewer.url).href);
    const source = `/_seglens/models/${modelName}/model.json`;
    const r = await page.evaluate(inPage, { source, dims, channels, calls, threads, pauseMs });
    await page.close();
    const perSlice = r.inModelMs.map((ms) => ms / dims[2]);
    const label = r.kernelThreads ? `${r.threads} (${r.kernelThreads} on large layers)` : String(r.threads);
    rows.push({
      threads: r.threads,
      kernelThreads: r.kernelThreads,
      label,
      isolated: r.isolated,
      warmupMs: r.warmupMs,
      warmupPasses: r.warmupPasses,
      firstMsPerSlice: perSlice[0],
      msPerSlice: median(perSlice.slice(1)),
      allMsPerSlice: perSlice,
    });
    console.error(
      `${modelName}, ${label} thread(s): ${perSlice.map((x) => x.toFixed(1)).join(' ')} ms per slice`,
    );
  }
  const peer = torchPerSlice(card, [dims[1], dims[0]]);
  const sameBatches = torchSameBatches(card, [dims[1], dims[0]], dims[2]);
  console.log(
    `${modelName} on ${dims.join('×')} (${channels} channel(s)), the worker alone in a bare page; ${calls} calls per row, ${pauseMs} ms apart`,
  );
  console.log(
    '| threads | isolated | warm-up ms (passes) | first call, ms per slice | later calls, median | PyTorch same work (2 threads, batches of 8) | ratio |' +
      ` PyTorch same work, same batches (${sameBatches.batches.join(' + ')}; best of 1, 2 threads) | ratio |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.isolated} | ${r.warmupMs.toFixed(0)} (${r.warmupPasses}) | ${r.firstMsPerSlice.toFixed(1)} | ${r.msPerSlice.toFixed(1)} | ${peer.pipeline.toFixed(2)} | ${(r.msPerSlice / peer.pipeline).toFixed(1)}× | ` +
        `${sameBatches.pipeline.toFixed(2)} | ${(r.msPerSlice / sameBatches.pipeline).toFixed(1)}× |`,
    );
  const load = { before: loadBefore, after: loadavg() };
  console.log(`load average (1 min): before ${load.before[0].toFixed(2)}, after ${load.after[0].toFixed(2)}`);
  console.log(JSON.stringify({ model: modelName, dims, calls, pauseMs, rows, peer, sameBatches, load }));
} finally {
  await browser.close();
  viewer.stop();
}
