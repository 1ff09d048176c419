#!/usr/bin/env node
// Benchmark: time from pressing "Segment" in the seglens panel to both overlays being in OHIF, per TF.js
// backend, in Debian's headless Chromium (software WebGL/WebGPU on SwiftShader: these numbers show that the
// code runs there, not how fast a real GPU is). Each run is a fresh page: worker start, model download and
// hash check, reading the series through Cornerstone, inference of the RCE and the Dice model, writing both
// labelmaps. Default studies: an MR hippocampus crop (32 slices), four RGB colonoscopy frames, a cardiac
// short-axis MR and the 20-slice 512x512 CT (TotalSegmentator, JPEG 2000; the CT models resize each slice to
// 128x128). The peer, measured in the same run: PyTorch (Debian's python3-torch) inferring the same U-Net as
// each study's models (architecture, input size and classes read from their cards) per slice, against the
// panel's in-model time per slice (which includes the resizing; PyTorch's does not).
//
//   npm run bench:viewer [-- --runs 3 --backends wasm,webgl,webgpu,cpu --studies hippocampus-1,polyp,cardiac-labelled,ct-abdomen
//                            --threads N --dist <built viewer>]
//
// The load average (1, 5, 15 min) before and after the runs is printed with the numbers: on a shared machine
// the absolute times move with it, the ratio against the peer less.
// Needs the built viewer (npx nx run viewer:build) and /usr/bin/chromium. Prints a table and one JSON line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { median, modelCards, repo, segmentAndWait, startViewer, torchPerSlice } from './viewer-bench.mjs';

const chromiumFlags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const FLAGS = chromiumFlags.args;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '3'));
const backends = option('backends', 'wasm,webgl,webgpu,cpu').split(',');
const studies = option('studies', 'hippocampus-1,polyp,cardiac-labelled,ct-abdomen').split(',');
// WASM threads (the panel's ?seglensThreads=); unset: the panel's default, half the cores of the isolated page.
const threads = option('threads', undefined);
// Another built viewer (viewer.cjs serve --dist), e.g. one built with SEGLENS_PRETRAINED_DIR=<models to try>.
const dist = option('dist', undefined);
if (threads !== undefined && !(Number.isInteger(Number(threads)) && Number(threads) >= 1))
  throw new Error(`--threads must be a positive integer, got ${threads}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${option('runs')}`);

async function oneRun(viewerUrl, study, backend) {
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
    const { wallMs, state: s } = await segmentAndWait(page, `${study.id} on ${backend}`);
    return {
      wallMs,
      backend: s.backend.name,
      threads: s.backend.threads ?? null,
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
    for (const backend of backends) {
      const results = [];
      for (let r = 0; r < runs; r++) results.push(await oneRun(viewer.url, study, backend));
      const perSlice = results.map((x) => median(x.inferenceMs) / x.slices);
      rows.push({
        study: id,
        requested: backend,
        backend: results[0].backend,
        threads: results[0].threads,
        slices: results[0].slices,
        sliceShape: results[0].sliceShape,
        wallMs: {
          min: Math.min(...results.map((x) => x.wallMs)),
          median: median(results.map((x) => x.wallMs)),
          max: Math.max(...results.map((x) => x.wallMs)),
        },
        inferenceMsPerSlice: median(perSlice),
        models: [...results[0].models].sort(),
      });
      const row = rows[rows.length - 1];
      console.error(
        `${id} ${backend} (ran on ${row.backend}): Segment → overlays median ${row.wallMs.median} ms over ${runs} runs`,
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
  }
  // Two peers: the network alone at the model's input (what it costs PyTorch to infer), and the same work as the
  // in-model time (fit, network, softmax, scores back to the slice, argmax, scores kept at the model's size): the
  // like-for-like one.
  console.log(
    '| study | models | backend (used) | threads | slices | Segment → both overlays, ms (min / median / max) | in-model ms per slice | PyTorch network ms per slice | ratio | PyTorch same work ms per slice | ratio |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = r.torchMsPerSlice;
    const q = r.torchPipelineMsPerSlice;
    console.log(
      `| ${r.study} | ${r.models.join(', ')} | ${r.requested} (${r.backend}) | ${r.threads ?? '?'} | ${r.slices} | ${r.wallMs.min} / ${r.wallMs.median} / ${r.wallMs.max} | ` +
        `${r.inferenceMsPerSlice.toFixed(1)} | ${p.toFixed(2)} | ${(r.inferenceMsPerSlice / p).toFixed(1)}× | ${q.toFixed(2)} | ${(r.inferenceMsPerSlice / q).toFixed(1)}× |`,
    );
  }
  const load = { before: loadBefore, after: loadavg() };
  const fmt = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(`load average (1 / 5 / 15 min): before ${fmt(load.before)}, after ${fmt(load.after)}`);
  console.log(JSON.stringify({ runs, rows, peer, load }));
} finally {
  viewer.stop();
}
