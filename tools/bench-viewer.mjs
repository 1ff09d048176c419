#!/usr/bin/env node
// Benchmark: time from pressing "Segment" in the seglens panel to both overlays being in OHIF, per TF.js
// backend, in Debian's headless Chromium (software WebGL/WebGPU on SwiftShader: these numbers show that the
// code runs there, not how fast a real GPU is). Each run is a fresh page: worker start, model download and
// hash check, reading the series through Cornerstone, inference of the RCE and the Dice model, writing both
// labelmaps. Default studies: an MR hippocampus crop (32 slices), four RGB colonoscopy frames, a cardiac
// short-axis MR and the 20-slice 512x512 CT (TotalSegmentator, JPEG 2000; the CT models resize each slice to
// 128x128). The peer, measured in the same run: PyTorch (Debian's python3-torch) inferring the same U-Net as
// each study's models (architecture, input size and classes read from their cards) per slice, against the
// panel's in-model time per slice: the network alone, and the same work (fit, network, softmax, scores back,
// argmax) in batches of 8 (2 threads) and in the worker's own batches (best of 1 and 2 threads).
//
// Preloading (--preload): the panel loads and warms up the models Segment would run as soon as it knows the
// series. 'on' (default) waits until the panel's state says they are ready (or that preloading failed), then
// presses Segment, and reports the preload + warm-up time as its own column: from the panel asking the
// worker to both models ready (the page's and worker's start before it are not in it). 'off' opens the page
// with ?seglensPreload=off and presses Segment at once: the models load and run cold inside Segment, as
// before preloading. '--preload on,off' measures both, one row each.
//
// Settling (--settle): 'on' (default) also waits, before each press, until OHIF has redrawn no viewport for a
// second (a study with a SEG has OHIF load and draw it as the page opens, one full redraw per segmentation
// event; on a software GPU each is 0.2-0.8 s of both cores), and reports the wait and the redraws during
// Segment. 'off' presses as soon as the models are ready, with OHIF possibly still drawing (as before).
//
//   npm run bench:viewer [-- --runs 3 --backends wasm,webgl,webgpu,cpu --studies hippocampus-1,polyp,cardiac-labelled,ct-abdomen
//                            --preload on,off --settle on|off --threads N --dist <built viewer> --again]
//
// The load average (1, 5, 15 min) before and after the runs is printed with the numbers: on a shared machine
// the absolute times move with it, the ratio against the peer less.
// Needs the built viewer (npx nx run viewer:build) and /usr/bin/chromium. Prints a table and one JSON line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  median,
  modelCards,
  redrawCount,
  repo,
  segmentAndWait,
  startViewer,
  torchPerSlice,
  torchSameBatches,
  waitForPreloads,
  waitUntilSettled,
  watchRedraws,
} from './viewer-bench.mjs';

const chromiumFlags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const FLAGS = chromiumFlags.args;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '3'));
const backends = option('backends', 'wasm,webgl,webgpu,cpu').split(',');
const studies = option('studies', 'hippocampus-1,polyp,cardiac-labelled,ct-abdomen').split(',');
const preloads = option('preload', 'on').split(',');
// --again: Segment is pressed a second time on the same page once the first has finished; its in-model time per
// slice gets a column of its own (what is left cold in the first press is the difference).
const again = process.argv.includes('--again');
const settle = option('settle', 'on');
if (settle !== 'on' && settle !== 'off') throw new Error(`--settle must be on or off, got ${settle}`);
if (!preloads.every((p) => p === 'on' || p === 'off'))
  throw new Error(`--preload must be on, off or on,off; got ${option('preload')}`);
// WASM threads (the panel's ?seglensThreads=); unset: the panel's default, half the cores of the isolated page.
const threads = option('threads', undefined);
// Another built viewer (viewer.cjs serve --dist), e.g. one built with SEGLENS_PRETRAINED_DIR=<models to try>.
const dist = option('dist', undefined);
if (threads !== undefined && !(Number.isInteger(Number(threads)) && Number(threads) >= 1))
  throw new Error(`--threads must be a positive integer, got ${threads}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${option('runs')}`);

/**
 * With preloading on, waits until every model Segment would run is ready or failed (the panel's state, not a
 * timer) and returns how: 'yes' with the preload wall time (the slowest model's, from the panel asking the
 * worker: the two queue in the worker, so that is both) and the worker's warm-up time summed; else 'failed'.
 */
async function waitForPreload(page, what) {
  await waitForPreloads(page, 900_000);
  const chosen = await page.evaluate(() => window.seglens.state().models.filter((m) => m.selected && m.fits));
  const failed = chosen.filter((m) => m.preload.status !== 'ready').map((m) => m.name);
  if (failed.length > 0) {
    console.error(`${what}: preloading failed for ${failed.join(', ')} (the browser console says why)`);
    return { preloaded: 'failed', preloadMs: null, warmupMs: null, warmupPasses: null };
  }
  return {
    preloaded: 'yes',
    preloadMs: Math.max(...chosen.map((m) => m.preload.ms)),
    warmupMs: chosen.reduce((sum, m) => sum + m.preload.warmupMs, 0),
    // each model's warm-up passes, in the panel's order
    warmupPasses: chosen.map((m) => m.preload.warmupPasses).join('+'),
  };
}

async function oneRun(viewerUrl, study, backend, preload) {
  const profile = mkdtempSync(path.join(tmpdir(), 'seglens-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumFlags.executablePath,
    headless: true,
    args: backend === 'webgpu' ? [...FLAGS, chromiumFlags.webgpu] : FLAGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const url = new URL(study.viewerUrl, viewerUrl);
    url.searchParams.set('seglensBackend', backend);
    if (threads !== undefined) url.searchParams.set('seglensThreads', threads);
    if (preload === 'off') url.searchParams.set('seglensPreload', 'off');
    await page.goto(url.href);
    await page.waitForFunction(
      () =>
        window.seglens?.state().backend &&
        window.seglens.state().series &&
        window.seglens.state().models.length,
      undefined,
      { timeout: 120_000 },
    );
    const judged = await page.evaluate(() => window.seglens.state().models);
    if (!judged.some((m) => m.selected))
      throw new Error(
        `${study.id}: no shipped model fits it (${judged.map((m) => `${m.name}: ${m.fitReason}`).join('; ')})`,
      );
    const what = `${study.id} on ${backend}, preload ${preload}`;
    const ahead =
      preload === 'on'
        ? await waitForPreload(page, what)
        : { preloaded: 'no', preloadMs: null, warmupMs: null, warmupPasses: null };
    await watchRedraws(page);
    const settledMs = settle === 'on' ? await waitUntilSettled(page) : null;
    const before = await redrawCount(page);
    const { wallMs, state: s } = await segmentAndWait(page, what);
    const redraws = (await redrawCount(page)) - before;
    let againMs = null;
    if (again) {
      if (settle === 'on') await waitUntilSettled(page);
      const second = await segmentAndWait(page, `${what}, pressed again`);
      againMs = second.state.predictions.map((p) => p.inferenceMs);
    }
    return {
      againMs,
      ...ahead,
      settledMs,
      redraws,
      wallMs,
      backend: s.backend.name,
      threads: s.backend.threads ?? null,
      // Auto: seglens's kernels may use more threads on large layers (the panel's "1 thread, 2 on large layers").
      kernelThreads: s.backend.kernelThreads ?? null,
      slices: s.series.dims[2],
      sliceShape: [s.series.dims[1], s.series.dims[0]],
      inferenceMs: s.predictions.map((p) => p.inferenceMs),
      models: s.predictions.map((p) => p.modelName),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const loadBefore = loadavg();
const viewer = await startViewer(dist);
try {
  const index = await (await fetch(new URL('/demo/index.json', viewer.url))).json();
  const rows = [];
  for (const id of studies) {
    const study = index.studies.find((s) => s.id === id);
    if (!study)
      throw new Error(
        `--studies: no demo study ${id}; there are ${index.studies.map((s) => s.id).join(', ')}`,
      );
    for (const [backend, preload] of backends.flatMap((b) => preloads.map((p) => [b, p]))) {
      const results = [];
      for (let r = 0; r < runs; r++) results.push(await oneRun(viewer.url, study, backend, preload));
      const perSlice = results.map((x) => median(x.inferenceMs) / x.slices);
      const preloadMs = results.map((x) => x.preloadMs).filter((x) => x !== null);
      const warmupMs = results.map((x) => x.warmupMs).filter((x) => x !== null);
      rows.push({
        study: id,
        requested: backend,
        // 'yes' only when every run found the models ready; otherwise what the runs found.
        preloaded: [...new Set(results.map((x) => x.preloaded))].join('/'),
        preloadMs: preloadMs.length ? median(preloadMs) : null,
        warmupMs: warmupMs.length ? median(warmupMs) : null,
        warmupPasses: [...new Set(results.map((x) => x.warmupPasses).filter((x) => x !== null))].join(', '),
        settledMs: settle === 'on' ? median(results.map((x) => x.settledMs)) : null,
        redraws: median(results.map((x) => x.redraws)),
        backend: results[0].backend,
        threads: results[0].threads,
        kernelThreads: results[0].kernelThreads,
        slices: results[0].slices,
        sliceShape: results[0].sliceShape,
        wallMs: {
          min: Math.min(...results.map((x) => x.wallMs)),
          median: median(results.map((x) => x.wallMs)),
          max: Math.max(...results.map((x) => x.wallMs)),
        },
        inferenceMsPerSlice: median(perSlice),
        againMsPerSlice: again ? median(results.map((x) => median(x.againMs) / x.slices)) : null,
        models: [...results[0].models].sort(),
        // In the order Segment runs them: the first runs alone, the next while the page draws the one before.
        byModelMsPerSlice: results[0].models.map((name, i) => ({
          model: name,
          msPerSlice: median(results.map((x) => x.inferenceMs[i] / x.slices)),
          againMsPerSlice: again ? median(results.map((x) => x.againMs[i] / x.slices)) : null,
        })),
      });
      const row = rows[rows.length - 1];
      const byModel = row.byModelMsPerSlice
        .map(
          (m) =>
            `${m.model} ${m.msPerSlice.toFixed(1)}${again ? ` (again ${m.againMsPerSlice.toFixed(1)})` : ''}`,
        )
        .join(', then ');
      console.error(
        `${id} ${backend} (ran on ${row.backend}), preload ${preload}: Segment → overlays median ${row.wallMs.median} ms over ${runs} runs` +
          (row.preloadMs === null ? '' : `, preload + warm-up ${row.preloadMs} ms before it`) +
          `; in-model ms per slice, in the order run: ${byModel}`,
      );
    }
  }
  // One peer per task the rows ran (the RCE and Dice models of a task share their architecture).
  const cards = await modelCards(viewer.url);
  const peer = {};
  for (const r of rows) {
    const card = cards.get(r.models[0]);
    if (!card) throw new Error(`${r.study}: the model ${r.models[0]} is not in the viewer's model index`);
    const a = card.architecture;
    const key = `${card.task}: depth ${a.depth}, ${a.baseFilters} filters, ${card.input.size.join('x')}, ${a.classes} classes, slices ${r.sliceShape.join('x')}`;
    peer[key] ??= torchPerSlice(card, r.sliceShape);
    r.peer = key;
    r.torchMsPerSlice = peer[key].network;
    r.torchPipelineMsPerSlice = peer[key].pipeline;
    const batchesKey = `${key}, ${r.slices} slices`;
    peer[batchesKey] ??= torchSameBatches(card, r.sliceShape, r.slices);
    r.torchSameBatchesMsPerSlice = peer[batchesKey].pipeline;
  }
  // Two peers: the network alone at the model's input (what it costs PyTorch to infer), and the same work as the
  // in-model time (fit, network, softmax, scores back to the slice, argmax, scores kept at the model's size): the
  // like-for-like one; and that work in the worker's own batches (segment()'s: 8 at a time, the rest last; one
  // frame is a batch of 1), PyTorch's faster of 1 and 2 threads per batch size.
  // "preloaded": whether the models were loaded and warmed up before Segment was pressed; that cost is the
  // "preload + warm-up" column (median wall time, worker's warm-up part in brackets), never in Segment's.
  console.log(
    '| study | models | backend (used) | threads | slices | preloaded | preload + warm-up ms before Segment (warm-up; passes) | viewer settled, ms | Segment → both overlays, ms (min / median / max) | redraws | in-model ms per slice |' +
      (again ? ' pressed again |' : '') +
      ' PyTorch network ms per slice | ratio | PyTorch same work ms per slice | ratio | PyTorch same work, same batches | ratio |',
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|${again ? '---|' : ''}---|---|---|---|---|---|`);
  for (const r of rows) {
    const p = r.torchMsPerSlice;
    const q = r.torchPipelineMsPerSlice;
    const ahead = r.preloadMs === null ? '–' : `${r.preloadMs} (${r.warmupMs}; ${r.warmupPasses})`;
    console.log(
      `| ${r.study} | ${r.models.join(', ')} | ${r.requested} (${r.backend}) | ${r.threads ?? '?'}${r.kernelThreads ? ` (${r.kernelThreads} on large layers)` : ''} | ${r.slices} | ${r.preloaded} | ${ahead} | ${r.settledMs ?? 'not waited'} | ${r.wallMs.min} / ${r.wallMs.median} / ${r.wallMs.max} | ${r.redraws} | ` +
        `${r.inferenceMsPerSlice.toFixed(1)} | ${again ? `${r.againMsPerSlice.toFixed(1)} | ` : ''}${p.toFixed(2)} | ${(r.inferenceMsPerSlice / p).toFixed(1)}× | ${q.toFixed(2)} | ${(r.inferenceMsPerSlice / q).toFixed(1)}× | ` +
        `${r.torchSameBatchesMsPerSlice.toFixed(2)} | ${(r.inferenceMsPerSlice / r.torchSameBatchesMsPerSlice).toFixed(1)}× |`,
    );
  }
  const load = { before: loadBefore, after: loadavg() };
  const fmt = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(`load average (1 / 5 / 15 min): before ${fmt(load.before)}, after ${fmt(load.after)}`);
  console.log(JSON.stringify({ runs, preloads, settle, rows, peer, load }));
} finally {
  viewer.stop();
}
