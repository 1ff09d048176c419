#!/usr/bin/env node
// Benchmark: two or more builds of the viewer, run alternately (A, B, C, then B, C, A, ...) in one run, so that a
// machine whose load changes (background training, other jobs) weighs on every build alike. Each run is a
// fresh headless Chromium page on WASM, as in bench-viewer.mjs: Segment pressed, both overlays awaited. Per
// build: the worker's in-model time per slice (median of the two models, then over runs), the time to both
// overlays, the CPU time all of that Chromium's processes spent meanwhile, and its GPU process alone (user + system, from /proc:
// less sensitive to the load than wall time), and how many times Cornerstone redrew a viewport meanwhile
// (its IMAGE_RENDERED events: each a full draw, in software on a machine without a GPU). The peer, measured once per round in the same run: PyTorch
// (Debian's python3-torch, 2 threads) inferring the U-Net of the study's models (read from their card) per slice,
// the median batch of each timing (torchPerSlice).
//
//   node tools/bench-viewer-ab.mjs --runs 6 --study hippocampus-1 \
//     before=/tmp/old-dist:noiso after=apps/viewer/dist [threads2=apps/viewer/dist:t2]
//
// A build is NAME=DIR[:noiso][:tN][:preload][:settle]: DIR a built viewer (`viewer.cjs build --out DIR`); noiso strips the
// cross-origin isolation headers (the page as served before COOP/COEP); tN asks for N WASM threads; preload
// lets the panel load and warm up the models first and presses Segment once they are ready (as
// `npm run bench:viewer` does), instead of timing a cold Segment; settle waits until OHIF has redrawn nothing
// for a second before pressing (as `npm run bench:viewer` does by default; see waitUntilSettled).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
  waitForPreloads,
  waitUntilSettled,
  watchRedraws,
} from './viewer-bench.mjs';

const flags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const runs = Number(option('runs', '5'));
const studyId = option('study', 'hippocampus-1');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${runs}`);
const builds = argv.map((arg) => {
  const m = /^([\w-]+)=([^:]+)((?::(?:noiso|preload|settle|t\d+))*)$/.exec(arg);
  if (!m) throw new Error(`a build must be NAME=DIR[:noiso][:tN][:preload][:settle], got "${arg}"`);
  const mods = m[3].split(':').filter(Boolean);
  return {
    name: m[1],
    dist: path.resolve(m[2]),
    isolated: !mods.includes('noiso'),
    preload: mods.includes('preload'),
    settle: mods.includes('settle'),
    threads: mods.find((x) => x.startsWith('t'))?.slice(1),
  };
});
if (builds.length < 2)
  throw new Error('give at least two builds to compare (NAME=DIR[:noiso][:tN][:preload][:settle] ...)');

/**
 * CPU ms (user + system) used so far by every process started with this Chromium profile, and by its GPU process
 * alone (which draws the page: in software, SwiftShader, on a machine without a GPU).
 */
function profileCpuMs(profile) {
  let ticks = 0;
  let gpuTicks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(profile)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const t = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      ticks += t;
      if (cmdline.includes('--type=gpu-process')) gpuTicks += t;
    } catch {
      // The process ended meanwhile.
    }
  }
  return { all: ticks * 10, gpu: gpuTicks * 10 }; // USER_HZ is 100 on Linux
}

const ISOLATION = [
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
];

async function oneRun(build, study) {
  const profile = mkdtempSync(path.join(tmpdir(), 'seglens-bench-ab-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: flags.executablePath,
    headless: true,
    args: flags.args,
  });
  try {
    if (!build.isolated) {
      await context.route('**/*', async (route) => {
        try {
          const response = await route.fetch();
          const headers = { ...response.headers() };
          for (const h of ISOLATION) delete headers[h];
          await route.fulfill({ response, headers });
        } catch {
          // The page is closing.
        }
      });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    const url = new URL(study.viewerUrl, build.url);
    url.searchParams.set('seglensBackend', 'wasm');
    if (build.threads) url.searchParams.set('seglensThreads', build.threads);
    // Without :preload, every build is timed from a cold Segment: a background preload would race the click and
    // hide the load in one build only.
    if (!build.preload) url.searchParams.set('seglensPreload', 'off');
    await page.goto(url.href);
    await page.waitForFunction(
      () => window.seglens?.state().backend && window.seglens.state().models.some((m) => m.selected),
      undefined,
      {
        timeout: 120_000,
      },
    );
    if (build.preload) await waitForPreloads(page);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    await watchRedraws(page);
    if (build.settle) await waitUntilSettled(page);
    const redraws0 = await redrawCount(page);
    const cpu0 = profileCpuMs(profile);
    const { wallMs, state: s } = await segmentAndWait(page, build.name);
    const cpu1 = profileCpuMs(profile);
    const redraws = (await redrawCount(page)) - redraws0;
    const cpuMs = cpu1.all - cpu0.all;
    const gpuCpuMs = cpu1.gpu - cpu0.gpu;
    const proportions = s.predictions
      .map((p) => (p.proportions ?? []).map((x) => x.toFixed(4)).join('/'))
      .join(' ; ');
    return {
      wallMs,
      cpuMs,
      gpuCpuMs,
      redraws,
      isolated,
      threads: s.backend.threads ?? 1,
      kernelThreads: s.backend.kernelThreads ?? null,
      slices: s.series.dims[2],
      inferenceMs: s.predictions.map((p) => p.inferenceMs),
      models: s.predictions.map((p) => p.modelName),
      proportions,
    };
  } finally {
    await context.unrouteAll({ behavior: 'ignoreErrors' }).catch(() => undefined);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const servers = new Map();
process.on('exit', () => servers.forEach((s) => s.stop()));
for (const b of builds) {
  if (!servers.has(b.dist)) servers.set(b.dist, await startViewer(b.dist));
  b.url = servers.get(b.dist).url;
}
try {
  const index = await (await fetch(new URL('/demo/index.json', builds[0].url))).json();
  const study = index.studies.find((s) => s.id === studyId);
  if (!study)
    throw new Error(
      `--study: no demo study ${studyId}; there are ${index.studies.map((s) => s.id).join(', ')}`,
    );
  const results = new Map(builds.map((b) => [b.name, []]));
  const cards = await modelCards(builds[0].url);
  const peers = [];
  const loads = [];
  for (let r = 0; r < runs; r++) {
    // The builds take turns at going first: the run right after the peer's was measured slower (cardiac, 4
    // rounds: 0.2-0.3 s more to the overlays whichever build it was), and must not always be the same build's.
    let models;
    for (const b of [...builds.slice(r % builds.length), ...builds.slice(0, r % builds.length)]) {
      loads.push(loadavg()[0]);
      const x = await oneRun(b, study);
      results.get(b.name).push(x);
      models = x.models;
      console.error(
        `run ${r + 1}/${runs} ${b.name}: in-model ${x.inferenceMs.map((m) => m.toFixed(0)).join('/')} ms, ${x.wallMs} ms to overlays, ${x.redraws} redraws, ${x.cpuMs} ms CPU (GPU process ${x.gpuCpuMs}), load ${loadavg()[0].toFixed(1)}`,
      );
    }
    // The peer runs the U-Net of the study's models (RCE and Dice share it), once per round, after it.
    peers.push(torchPerSlice(cards.get(models[0])).network);
  }
  const peer = median(peers);
  console.log(
    `${studyId}, ${runs} alternating runs per build; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; PyTorch ${median(peers).toFixed(2)} ms per slice (median of ${peers.map((p) => p.toFixed(1)).join(', ')})`,
  );
  console.log(
    '| build | isolated | threads | preload | in-model ms per slice, median (min–max) | Segment → overlays, ms, median | viewport redraws, median | Chromium CPU ms, median (GPU process) | ratio to PyTorch | region proportions |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const b of builds) {
    const xs = results.get(b.name);
    const perSlice = xs.map((x) => median(x.inferenceMs) / x.slices);
    console.log(
      `| ${b.name} | ${xs[0].isolated} | ${xs[0].threads}${xs[0].kernelThreads ? ` (${xs[0].kernelThreads} on large layers)` : ''} | ${b.preload ? 'yes' : 'no'} | ${median(perSlice).toFixed(1)} (${Math.min(...perSlice).toFixed(1)}–${Math.max(...perSlice).toFixed(1)}) | ` +
        `${median(xs.map((x) => x.wallMs))} | ${median(xs.map((x) => x.redraws))} | ${median(xs.map((x) => x.cpuMs))} (${median(xs.map((x) => x.gpuCpuMs))}) | ${(median(perSlice) / peer).toFixed(1)}× | ${xs[0].proportions} |`,
    );
  }
} finally {
  servers.forEach((s) => s.stop());
}
