// What bench-viewer.mjs and bench-viewer-ab.mjs share: serving a built viewer, pressing Segment and waiting for
// both overlays, the median, and the PyTorch peer of the U-Net a model card describes.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts `viewer.cjs serve` on a free port (on `dist` when given, else the viewer's own build) and resolves with
 * its URL once it prints it.
 */
export function startViewer(dist) {
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
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /seglens viewer: (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) =>
      reject(new Error(`viewer${dist ? ` --dist ${dist}` : ''} exited with ${code} before serving:\n${out}`)),
    );
  });
}

/**
 * Starts counting Cornerstone's viewport redraws in the page (its IMAGE_RENDERED events: they do not bubble, a
 * capturing listener on the document still sees them) and noting when the last one was. Idempotent.
 */
export async function watchRedraws(page) {
  await page.evaluate(() => {
    if (window.__seglensRedraws) return;
    const watch = { count: 0, last: performance.now() };
    window.__seglensRedraws = watch;
    document.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      () => {
        watch.count++;
        watch.last = performance.now();
      },
      true,
    );
  });
}

/** Viewport redraws since watchRedraws(page). */
export const redrawCount = (page) => page.evaluate(() => window.__seglensRedraws.count);

/**
 * Waits until the viewer has redrawn no viewport for `quietMs` and returns how long that took. Why: a study
 * with a SEG has OHIF load and draw it as the page opens, and Cornerstone redraws the viewport once per
 * segmentation event, one per frame; on a software GPU each redraw is 0.2-0.8 s of both cores, so pressing
 * Segment the moment the models are ready times the models against OHIF still drawing (the polyp frame:
 * four redraws after the models were ready). A user looks at the image first. It also waits until the panel has
 * loaded the study's SEG as the reference (`referenceLoading` null): OHIF decodes the demo CT's 140-odd SEG frames
 * one by one, each answer handled on the page's main thread, for up to seconds after the last redraw; without
 * this wait a press on the CT could land in it.
 */
export async function waitUntilSettled(page, quietMs = 1000, timeoutMs = 120_000) {
  await watchRedraws(page);
  const started = Date.now();
  await page.waitForFunction(() => !window.seglens?.state().referenceLoading, undefined, {
    timeout: timeoutMs,
    polling: 50,
  });
  await page.waitForFunction((quiet) => performance.now() - window.__seglensRedraws.last >= quiet, quietMs, {
    timeout: timeoutMs,
    polling: 50,
  });
  return Date.now() - started;
}

/**
 * Waits until the preload of every model Segment would run (selected and fitting the series: the panel preloads
 * only those) has ended, ready or failed, as the panel's state says (not a timer).
 */
export async function waitForPreloads(page, timeoutMs = 300_000) {
  await page.waitForFunction(
    () =>
      window.seglens
        ?.state()
        .models.filter((m) => m.selected && m.fits)
        .every((m) => m.preload?.status === 'ready' || m.preload?.status === 'failed'),
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
}

/**
 * Presses Segment in the seglens panel and waits for both overlays (or an error message); returns the wall
 * time and the panel's state then. `what` names the run in the error.
 */
export async function segmentAndWait(page, what) {
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
  const wallMs = Date.now() - started;
  const state = await page.evaluate(() => window.seglens.state());
  if (state.message?.kind === 'error') throw new Error(`${what}: ${state.message.text}`);
  return { wallMs, state };
}

/** The model cards of a served viewer's model index, by model name. */
export async function modelCards(viewerUrl) {
  const index = await (await fetch(new URL('/_seglens/models/index.json', viewerUrl))).json();
  return new Map(index.models.map((m) => [m.name, m.card]));
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/**
 * PyTorch inference ms per slice of the U-Net a model card describes (peer, same machine and run): its depth,
 * base filters, normalisation, input channels, classes and input size; batches of `batch` (8) on `threads` ('2';
 * '1,2' times each). `network`: the network alone at the input size; `pipeline` (with `sliceShape` [rows,
 * columns]): segment()'s whole work per slice, else null; both of the first thread count, `results` of each.
 * Each is the median batch of `inferBatches` (per image): the worker keeps its fold as this does after the first
 * batch, and one batch slowed by another process (a single one had moved a study's ratio by half between runs,
 * session 40) does not move a median.
 */
export function torchPerSlice(card, sliceShape, { batch = 8, threads = '2', inferBatches = 20 } = {}) {
  const a = card.architecture;
  const [height, width] = card.input.size;
  if (height !== width)
    throw new Error(`${card.name}: the PyTorch peer takes square inputs, got ${height}x${width}`);
  // With the study's slice shape, the peer also runs what segment() does around the network (fit, softmax,
  // scores back to the slice, argmax, scores kept at the model's size): the like-for-like peer of the in-model
  // time.
  const pipeline = sliceShape ? ['--source-size', sliceShape.join('x'), '--fit', card.input.fit] : [];
  const out = execFileSync(
    '/usr/bin/python3',
    [
      path.join(repo, 'tools/bench-unet-torch.py'),
      ...['--size', String(height), '--batch', String(batch), '--steps', '1'],
      ...['--infer-batches', String(inferBatches)],
      ...['--depth', String(a.depth), '--base', String(a.baseFilters), '--norm', a.normalization ?? 'none'],
      ...['--in-channels', String(a.inputChannels), '--classes', String(a.classes)],
      ...[
        '--upsampling',
        a.upsampling ?? 'transpose',
        '--threads',
        String(threads),
        '--stat',
        'median',
        ...pipeline,
      ],
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(out.trim().split('\n').pop());
  // The viewer's worker keeps the labels and the scores at the model's size (segment()'s modelScores).
  const results = (json.results ?? json.runs ?? [json]).map((r) => ({
    threads: r.threads,
    network: r.inferMsPerImage,
    pipeline: r.pipelineLabelsMsPerSlice ?? null,
  }));
  return { ...results[0], results };
}

/**
 * segment()'s batches for `slices` slices: as many of `batch` as fit, then the rest. The default is the worker's
 * SEGMENT_BATCH_SIZE (TypeScript, which tools cannot import): the extension's preload test checks they agree.
 */
export function segmentBatches(slices, batch = 8) {
  const sizes = [];
  for (let start = 0; start < slices; start += batch) sizes.push(Math.min(batch, slices - start));
  return sizes;
}

/**
 * PyTorch doing the same work as the worker on a study of `slices` slices, in the same batches (segment() makes
 * batches of 8 and a last one of the rest: one frame is a batch of 1, ten slices 8 + 2), each batch size on 1
 * and on 2 threads, the faster kept (PyTorch's second thread can cost more than it gives on one image: 12.8-13.7 ms
 * per polyp frame on one against 20-35 on two, tools/bench-unet-torch.py --batch 1 run by hand in session 38; each run
 * of this bench measures both again). `pipeline`: ms per slice over the whole study;
 * `perBatch`: each batch size's times by thread count.
 */
export function torchSameBatches(card, sliceShape, slices) {
  const sizes = segmentBatches(slices);
  const perBatch = new Map();
  for (const batch of new Set(sizes)) {
    // about 160 slices per timing whatever the batch, and never fewer than 20 batches
    const inferBatches = Math.max(20, Math.ceil(160 / batch));
    const { results } = torchPerSlice(card, sliceShape, { batch, threads: '1,2', inferBatches });
    const best = Math.min(...results.map((r) => r.pipeline));
    perBatch.set(batch, { best, byThreads: Object.fromEntries(results.map((r) => [r.threads, r.pipeline])) });
  }
  const total = sizes.reduce((sum, batch) => sum + batch * perBatch.get(batch).best, 0);
  return { pipeline: total / slices, batches: sizes, perBatch: Object.fromEntries(perBatch) };
}
