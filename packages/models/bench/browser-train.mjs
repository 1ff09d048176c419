#!/usr/bin/env node
// `node bench/browser-train.mjs [--threads 1,2] [--steps 5] [--rounds 2] [--norm none] [--kernels all]`: ms per
// training step of the reference U-Net (128x128, batch 8, Adam; --norm batch as every shipped model, whose batch norm
// fine-tuning trains) on TF.js wasm in a worker of a cross-origin isolated page in Debian's headless
// Chromium, as the viewer's fine-tuning runs. Bundles browser-train-worker.ts with esbuild, serves it with
// COOP/COEP headers on a free local port, and prints one line per run (thread counts and kernel sets alternate within
// a round). `--kernels all,conv` adds the same run with only seglens's convolution gradients (TF.js 4.22's wasm has
// no filter gradient of its own), as `profile --kernels conv` does in Node: the browser's before and after.
// `--threads auto` starts the worker as the viewer's Auto does (XNNPACK on half the cores, seglens's kernels on every
// core for large layers: selectBackend's kernelThreads).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
// 'auto': the viewer's Auto (see above); numbers: that many threads for XNNPACK and seglens's kernels alike.
const threadCounts = arg('threads', '1,2')
  .split(',')
  .map((t) => (t === 'auto' ? t : Number(t)));
const steps = Number(arg('steps', '5'));
const rounds = Number(arg('rounds', '2'));
const norm = arg('norm', 'none');
const kernelSets = arg('kernels', 'all').split(',');
if (kernelSets.some((k) => k !== 'all' && k !== 'conv')) {
  throw new Error(`--kernels must be all, conv or both (all,conv), got ${arg('kernels', '')}`);
}
if (!['none', 'batch', 'instance'].includes(norm)) {
  throw new Error(`--norm must be none, batch or instance, got ${norm}`);
}
if (threadCounts.some((t) => t !== 'auto' && !(Number.isInteger(t) && t >= 1)))
  throw new Error(`--threads must be positive integers or auto, got ${arg('threads', '')}`);
for (const [name, v] of [
  ['steps', [steps]],
  ['rounds', [rounds]],
]) {
  if (v.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--${name} must be positive integers, got ${arg(name, '')}`);
}

const bundle = await build({
  entryPoints: [path.join(here, 'browser-train-worker.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  // Cornerstone's codecs (pulled in through @seglens/data) name fs and path in a Node-only branch.
  external: ['fs', 'path'],
  logLevel: 'warning',
});
const worker = bundle.outputFiles[0].text;
const wasmDir = path.join(repo, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const page = `<!doctype html><pre id="out"></pre><script>
const w = new Worker('worker.js' + location.search);
w.onmessage = (e) => { document.getElementById('out').textContent = JSON.stringify(e.data); };
w.onerror = (e) => { document.getElementById('out').textContent = JSON.stringify({ error: e.message }); };
</script>`;
const server = createServer((req, res) => {
  const url = (req.url ?? '/').split('?')[0];
  const isolated = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  if (url === '/') return res.writeHead(200, { ...isolated, 'Content-Type': 'text/html' }).end(page);
  if (url === '/worker.js')
    return res.writeHead(200, { ...isolated, 'Content-Type': 'text/javascript' }).end(worker);
  const name = url.startsWith('/wasm/') ? path.basename(url) : '';
  try {
    const body = readFileSync(path.join(wasmDir, name));
    res
      .writeHead(200, {
        ...isolated,
        'Content-Type': name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
      })
      .end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const flags = JSON.parse(readFileSync(path.join(repo, 'tools/chromium-flags.json'), 'utf8'));
const browser = await chromium.launch({ executablePath: flags.executablePath, args: flags.args });
try {
  console.log(
    `reference U-Net, normalisation ${norm}, 128x128, batch 8, Adam; ms per step, mean of ${steps} after 2 warm-up steps`,
  );
  for (let r = 0; r < rounds; r++) {
    for (const threads of threadCounts) {
      for (const kernels of kernelSets) {
        const tab = await browser.newPage();
        const query = `threads=${threads}&steps=${steps}&norm=${norm}&kernels=${kernels}`;
        await tab.goto(`http://127.0.0.1:${server.address().port}/?${query}`);
        await tab.waitForFunction(() => document.getElementById('out')?.textContent !== '', null, {
          timeout: 600_000,
        });
        const result = JSON.parse((await tab.textContent('#out')) ?? '{}');
        await tab.close();
        if (result.error) throw new Error(`browser-train: the worker failed: ${result.error}`);
        console.log(
          `round ${r + 1}: wasm ${result.threads} thread(s)${threads === 'auto' ? ` (auto: ${result.kernelThreads} on large layers)` : ''} (SIMD pool helpers up: ${result.helpers}), isolated ${result.crossOriginIsolated}, kernels ${kernels}: ${result.msPerStep.toFixed(0)} ms/step`,
        );
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
