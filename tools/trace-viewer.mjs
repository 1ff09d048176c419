#!/usr/bin/env node
// Diagnostic: where one press of Segment spends the machine, from a Chromium trace of it. The built viewer is opened
// on a demo study (WASM, models preloaded, OHIF settled, as `npm run bench:viewer` presses), Segment is pressed once
// and the trace runs on for `--after` seconds past both overlays. Printed:
//  - per model, its in-model window (the worker's `seglens segment <model>` performance measure): wall ms, the
//    worker's own CPU ms in it, and the CPU ms every other busy thread of Chromium used meanwhile (the page's main
//    thread, the renderer's thread pool, where V8 compiles and tiles are rastered, the compositor, the GPU process),
//    and the optimising compilations V8 started on the worker and on the page meanwhile;
//  - every request the worker handled from the click on (segment, compare, lossLens, …): when it started, its wall
//    ms and the worker's CPU ms in it;
//  - Cornerstone's full viewport draws (IMAGE_RENDERED) from the click on Segment to the end, with the segmentation events
//    (Cornerstone Tools' SEGMENTATION_*) that ask for them. On a machine without a GPU each draw is software
//    rendering (SwiftShader) of the whole viewport.
//
//   node tools/trace-viewer.mjs [--study polyp] [--after 6] [--size 1920x1080] [--again] [--dist DIR] [--out trace.json]
//
// --again traces a second press on the same page (the first is made, untraced, and OHIF left to settle).
// Needs the built viewer and /usr/bin/chromium. Tracing costs some speed itself: compare its figures with each
// other, not with bench:viewer's. Not in the trace: SwiftShader's own drawing threads in the GPU process (they run
// no tasks) and other processes; where the worker's CPU falls short of its wall time and the threads listed do not
// account for it, that is where to look (bench-viewer-ab reads the GPU process's CPU from /proc).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repo, segmentAndWait, startViewer, waitForPreloads, waitUntilSettled } from './viewer-bench.mjs';

const flags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const studyId = option('study', 'polyp');
const afterS = Number(option('after', '6'));
const size = option('size', '1920x1080');
const out = option('out', undefined);
const again = argv.includes('--again');
const [width, height] = size.split('x').map(Number);
if (!(afterS >= 0)) throw new Error(`--after must be seconds ≥ 0, got ${option('after')}`);
if (!(width > 0 && height > 0)) throw new Error(`--size must be WIDTHxHEIGHT, got ${size}`);

const CATEGORIES = ['toplevel', 'v8', 'disabled-by-default-v8.compile', 'blink.user_timing', '__metadata'];
const COMPILE_STARTS = new Set(['V8.MaglevConcurrentPrepare', 'V8.OptimizeConcurrentPrepare']);

/** Outermost complete events of one thread, in time order (nested ones dropped). */
function outermost(events) {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const kept = [];
  let end = -Infinity;
  for (const e of sorted) {
    if (e.ts < end) continue;
    kept.push(e);
    end = e.ts + e.dur;
  }
  return kept;
}

/** CPU ms of a thread's tasks inside [from, to] (µs), each task's thread time prorated by its overlap. */
function cpuIn(tasks, from, to) {
  let us = 0;
  for (const t of tasks) {
    const overlap = Math.min(to, t.ts + t.dur) - Math.max(from, t.ts);
    if (overlap > 0 && t.dur > 0) us += (t.tdur ?? t.dur) * (overlap / t.dur);
  }
  return us / 1000;
}

function analyse(events, pageLog, pressTs) {
  const threadName = new Map();
  const processName = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.name === 'process_name') processName.set(e.pid, e.args.name);
  }
  const label = (key) => {
    const [pid] = key.split(':');
    return `${processName.get(Number(pid)) ?? pid} / ${threadName.get(key) ?? key}`;
  };
  const complete = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!complete.has(key)) complete.set(key, []);
    complete.get(key).push(e);
  }
  const tasks = new Map([...complete].map(([key, list]) => [key, outermost(list)]));
  // The worker's in-model windows: its performance measures (begin/end pairs of blink.user_timing).
  // Also each request the worker handled (its `seglens request <type>` measures, worker/host.ts).
  const windows = [];
  const requests = [];
  const open = new Map();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (typeof e.name !== 'string') continue;
    const prefix = ['seglens segment ', 'seglens request '].find((p) => e.name.startsWith(p));
    if (prefix === undefined) continue;
    const key = `${e.pid}:${e.tid}:${e.name}:${e.id ?? e.id2?.local ?? ''}`;
    if (e.ph === 'b') open.set(key, e);
    else if (e.ph === 'e' && open.has(key)) {
      const b = open.get(key);
      open.delete(key);
      const span = { name: e.name.slice(prefix.length), from: b.ts, to: e.ts, thread: `${b.pid}:${b.tid}` };
      (prefix === 'seglens segment ' ? windows : requests).push(span);
    }
  }
  // Each compilation is one complete event on the thread that asks for it (and a flow event to its compiler
  // thread, not counted).
  const compiles = (threadKey, from, to) =>
    events.filter(
      (e) =>
        e.ph === 'X' &&
        COMPILE_STARTS.has(e.name) &&
        `${e.pid}:${e.tid}` === threadKey &&
        e.ts >= from &&
        e.ts <= to,
    ).length;
  const models = windows.map((w) => {
    // The page's main thread: the one of the worker's own renderer process.
    const [workerPid] = w.thread.split(':');
    const main = [...threadName].find(
      ([key, name]) => name === 'CrRendererMain' && key.split(':')[0] === workerPid,
    )?.[0];
    const others = [...tasks]
      .filter(([key]) => key !== w.thread)
      .map(([key, list]) => ({ thread: label(key), cpuMs: cpuIn(list, w.from, w.to) }))
      .filter((x) => x.cpuMs >= 1)
      .sort((a, b) => b.cpuMs - a.cpuMs);
    return {
      model: w.name,
      startMs: (w.from - pressTs) / 1000,
      wallMs: (w.to - w.from) / 1000,
      workerCpuMs: cpuIn(tasks.get(w.thread) ?? [], w.from, w.to),
      others,
      compilesOnWorker: compiles(w.thread, w.from, w.to),
      compilesOnPage: main ? compiles(main, w.from, w.to) : null,
    };
  });
  const worker = requests
    .filter((r) => r.to >= pressTs)
    .map((r) => ({
      request: r.name,
      startMs: (r.from - pressTs) / 1000,
      wallMs: (r.to - r.from) / 1000,
      workerCpuMs: cpuIn(tasks.get(r.thread) ?? [], r.from, r.to),
    }));
  return { models, worker, draws: pageLog.draws, segmentationEvents: pageLog.events };
}

const viewer = await startViewer(option('dist', undefined));
const profile = mkdtempSync(path.join(tmpdir(), 'seglens-trace-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: flags.executablePath,
  headless: true,
  args: flags.args,
  viewport: { width, height },
});
try {
  // Before any of the page's code: note Cornerstone Tools' segmentation events (they are CustomEvents), the
  // viewport draws (IMAGE_RENDERED does not bubble; a capturing listener sees it) and the click on Segment itself
  // (the time 0 of the report: Playwright's click can come a while after it is asked for, when the page is busy),
  // once recording is switched on.
  await context.addInitScript(() => {
    const log = { on: false, pressedAt: null, draws: [], events: [] };
    window.__seglensTrace = log;
    const Base = window.CustomEvent;
    window.CustomEvent = class extends Base {
      constructor(type, init) {
        super(type, init);
        if (log.on && /^CORNERSTONE_TOOLS_SEGMENTATION/.test(type))
          log.events.push({ at: performance.now(), type: type.replace('CORNERSTONE_TOOLS_', '') });
      }
    };
    document.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      () => log.on && log.draws.push(performance.now()),
      true,
    );
    document.addEventListener(
      'click',
      (event) => {
        if (!log.on || log.pressedAt !== null) return;
        if (!event.target?.closest?.('[data-testid="seglens-segment"]')) return;
        log.pressedAt = performance.now();
        performance.mark('seglens-trace-press');
      },
      true,
    );
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const index = await (await fetch(new URL('/demo/index.json', viewer.url))).json();
  const study = index.studies.find((s) => s.id === studyId);
  if (!study)
    throw new Error(
      `--study: no demo study ${studyId}; there are ${index.studies.map((s) => s.id).join(', ')}`,
    );
  const url = new URL(study.viewerUrl, viewer.url);
  url.searchParams.set('seglensBackend', 'wasm');
  await page.goto(url.href);
  await page.waitForFunction(() => window.seglens?.state().backend, undefined, { timeout: 120_000 });
  await waitForPreloads(page);
  await waitUntilSettled(page);
  if (again) {
    // The traced press is the second: the first, untraced, makes the labelmaps the second rewrites in place.
    await segmentAndWait(page, `${studyId}, first press`);
    await waitUntilSettled(page);
  }
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES.join(','), transferMode: 'ReportEvents' });
  await page.evaluate(() => {
    window.__seglensTrace.on = true;
  });
  const { wallMs, state } = await segmentAndWait(page, studyId);
  await page.waitForTimeout(afterS * 1000);
  const pageLog = await page.evaluate(() => {
    const log = window.__seglensTrace;
    log.on = false;
    // Times from the click on Segment.
    return {
      draws: log.draws.map((t) => t - log.pressedAt),
      events: log.events.map((e) => ({ ms: e.at - log.pressedAt, type: e.type })),
    };
  });
  await cdp.send('Tracing.end');
  await complete;
  if (out) writeFileSync(out, JSON.stringify({ traceEvents: events }));
  const press = events.find((e) => e.name === 'seglens-trace-press');
  if (!press)
    throw new Error('the trace has no mark of the click on Segment: was blink.user_timing recorded?');
  const report = analyse(events, pageLog, press.ts);
  console.log(
    `${studyId} at ${size}, ${again ? 'pressed again, ' : ''}WASM ${state.backend.threads ?? 1} thread(s): Segment → both overlays ${wallMs} ms; in-model ms ${state.predictions.map((p) => `${p.modelName} ${p.inferenceMs}`).join(', ')}`,
  );
  console.log(
    '| model | starts, ms after the click on Segment | in-model wall ms | worker CPU ms | other threads, CPU ms | V8 compilations started (worker / page) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const m of report.models)
    console.log(
      `| ${m.model} | ${m.startMs.toFixed(0)} | ${m.wallMs.toFixed(1)} | ${m.workerCpuMs.toFixed(1)} | ${m.others.map((o) => `${o.thread} ${o.cpuMs.toFixed(1)}`).join('; ')} | ${m.compilesOnWorker} / ${m.compilesOnPage ?? '?'} |`,
    );
  console.log(
    `the worker's requests from the click on Segment (start ms, wall ms, its CPU ms): ${report.worker.map((r) => `${r.request} ${r.startMs.toFixed(0)}, ${r.wallMs.toFixed(1)}, ${r.workerCpuMs.toFixed(1)}`).join('; ') || 'none'}`,
  );
  const byType = new Map();
  for (const e of report.segmentationEvents) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  console.log(
    `viewport draws from the click on Segment to ${afterS} s after both overlays: ${report.draws.length} (at ${report.draws.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
  console.log(
    `segmentation events meanwhile: ${[...byType].map(([type, n]) => `${type} ${n}`).join(', ') || 'none'}`,
  );
  console.log(JSON.stringify({ study: studyId, size, again, wallMs, ...report }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  viewer.stop();
}
