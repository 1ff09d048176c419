#!/usr/bin/env node
// Benchmark: time from pressing "Segment" in the seglens panel to both overlays being in OHIF, per TF.js
// backend, in Debian's headless Chromium (software WebGL/WebGPU on SwiftShader: these numbers show that the
// code runs there, not how fast a real GPU is). Each run is a fresh page: worker start, model download and
// hash check, reading the series through Cornerstone, inference of the RCE and the Dice model, writing both
// labelmaps. Studies: an MR hippocampus crop (32 slices), four RGB colonoscopy frames, and the 20-slice
// 512x512 abdominal CT in JPEG 2000 (the CT models resize each slice to their 160x160 input and back). The
// peer, measured in the same run: PyTorch (Debian's python3-torch) inferring the same U-Net as each study's
// models (architecture, input size and classes read from their cards) per slice, against the panel's
// in-model time per slice (which includes the resizing; PyTorch's does not).
//
//   npm run bench:viewer [-- --runs 3 --backends wasm,webgl,webgpu,cpu --studies hippocampus-1,polyp,cardiac-labelled
//                            --threads N --dist <built viewer>]
//
// The load average (1, 5, 15 min) before and after the runs is printed with the numbers: on a shared machine
// the absolute times move with it, the ratio against the peer less.
// Needs the built viewer (npx nx run viewer:build) and /usr/bin/chromium. Prints a table and one JSON line.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumFlags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const FLAGS = chromiumFlags.args;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '3'));
const backends = option('backends', 'wasm,webgl,webgpu,cpu').split(',');
// ct-abdomen joins the defaults once the CT models ship; until then `--studies ct-abdomen` with a viewer built
// with SEGLENS_PRETRAINED_DIR pointing at CT models (--dist) times it.
const studies = option('studies', 'hippocampus-1,polyp,cardiac-labelled').split(',');
// WASM threads (the panel's ?seglensThreads=); unset: the panel's default, half the cores of the isolated page.
const threads = option('threads', undefined);
// Another built viewer (viewer.cjs serve --dist), e.g. one built with SEGLENS_PRETRAINED_DIR=<models to try>.
const dist = option('dist', undefined);
if (threads !== undefined && !(Number.isInteger(Number(threads)) && Number(threads) >= 1))
  throw new Error(`--threads must be a positive integer, got ${threads}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${option('runs')}`);

/** Starts `viewer.cjs serve` on a free port and resolves with its URL once it prints it. */
function startViewer() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repo, 'apps/viewer/bin/viewer.cjs'),
        'serve',
        '--port',
        '0',
        ...(dist ? ['--dist', dist] : []),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /seglens viewer: (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`viewer exited with ${code} before serving:\n${out}`)));
  });
}

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
    const started = Date.now();
    await page.getByTestId('seglens-segment').click();
    await page.waitForFunction(
      () => {
        const s = window.seglens.state();
        return (s.predictions.length >= 2 && !s.busy) || s.message?.kind === 'error';
      },
      undefined,
      { timeout: 900_000, polling: 50 },
    );
    const wall = Date.now() - started;
    const s = await page.evaluate(() => window.seglens.state());
    if (s.message?.kind === 'error') throw new Error(`${study.id} on ${backend}: ${s.message.text}`);
    return {
      wallMs: wall,
      backend: s.backend.name,
      threads: s.backend.threads ?? null,
      slices: s.series.dims[2],
      inferenceMs: s.predictions.map((p) => p.inferenceMs),
      models: s.predictions.map((p) => p.modelName),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/**
 * PyTorch inference ms per slice of the U-Net a model card describes (peer, same machine and run): its depth,
 * base filters, normalisation, input channels, classes and input size.
 */
function torchPerSlice(card) {
  const a = card.architecture;
  const [height, width] = card.input.size;
  if (height !== width)
    throw new Error(`${card.name}: the PyTorch peer takes square inputs, got ${height}x${width}`);
  const out = execFileSync(
    '/usr/bin/python3',
    [
      path.join(repo, 'tools/bench-unet-torch.py'),
      ...['--size', String(height), '--batch', '8', '--steps', '1', '--infer-batches', '20'],
      ...['--depth', String(a.depth), '--base', String(a.baseFilters), '--norm', a.normalization ?? 'none'],
      ...['--in-channels', String(a.inputChannels), '--classes', String(a.classes)],
      ...['--upsampling', a.upsampling ?? 'transpose', '--threads', '2'],
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(out.trim().split('\n').pop());
  const r = (json.results ?? json.runs ?? [json])[0];
  return r.inferMsPerImage ?? r.infer_ms_per_image ?? r.inference_ms_per_image;
}

const loadBefore = loadavg();
const viewer = await startViewer();
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
  const cards = new Map(
    (await (await fetch(new URL('/_seglens/models/index.json', viewer.url))).json()).models.map((m) => [
      m.name,
      m.card,
    ]),
  );
  const peer = {};
  for (const r of rows) {
    const card = cards.get(r.models[0]);
    if (!card) throw new Error(`${r.study}: the model ${r.models[0]} is not in the viewer's model index`);
    const a = card.architecture;
    const key = `${card.task}: depth ${a.depth}, ${a.baseFilters} filters, ${card.input.size.join('x')}, ${a.classes} classes`;
    peer[key] ??= torchPerSlice(card);
    r.peer = key;
    r.torchMsPerSlice = peer[key];
  }
  console.log(
    '| study | models | backend (used) | threads | slices | Segment → both overlays, ms (min / median / max) | in-model ms per slice | PyTorch ms per slice | ratio |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = r.torchMsPerSlice;
    console.log(
      `| ${r.study} | ${r.models.join(', ')} | ${r.requested} (${r.backend}) | ${r.threads ?? '?'} | ${r.slices} | ${r.wallMs.min} / ${r.wallMs.median} / ${r.wallMs.max} | ` +
        `${r.inferenceMsPerSlice.toFixed(1)} | ${p.toFixed(2)} | ${(r.inferenceMsPerSlice / p).toFixed(1)}× |`,
    );
  }
  const load = { before: loadBefore, after: loadavg() };
  const fmt = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(`load average (1 / 5 / 15 min): before ${fmt(load.before)}, after ${fmt(load.after)}`);
  console.log(JSON.stringify({ runs, rows, peer, load }));
} finally {
  viewer.stop();
}
