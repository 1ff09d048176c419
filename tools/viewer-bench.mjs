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
 * base filters, normalisation, input channels, classes and input size; 2 threads. `network`: the network alone
 * at the input size; `pipeline` (with `sliceShape` [rows, columns]): segment()'s whole work per slice, else null.
 */
export function torchPerSlice(card, sliceShape) {
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
      ...['--size', String(height), '--batch', '8', '--steps', '1', '--infer-batches', '20'],
      ...['--depth', String(a.depth), '--base', String(a.baseFilters), '--norm', a.normalization ?? 'none'],
      ...['--in-channels', String(a.inputChannels), '--classes', String(a.classes)],
      ...['--upsampling', a.upsampling ?? 'transpose', '--threads', '2', ...pipeline],
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(out.trim().split('\n').pop());
  const r = (json.results ?? json.runs ?? [json])[0];
  // The viewer's worker keeps the labels and the scores at the model's size (segment()'s modelScores).
  return { network: r.inferMsPerImage, pipeline: r.pipelineLabelsMsPerSlice ?? null };
}
