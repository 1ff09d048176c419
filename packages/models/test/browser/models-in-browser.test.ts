// @seglens/models in a real browser: Debian's headless Chromium loads each model over HTTP (hashes checked
// with WebCrypto), segments a real image on wasm, webgl and webgpu, and must agree with Node's segment() on
// the same image. The GPU backends run on SwiftShader (no GPU here), which proves the code runs there, not
// how fast it would be on a real GPU.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Volume } from '@seglens/data';
import { selectBackend, type BackendName } from '../../src/backend';
import { loadModel } from '../../src/io';
import { segment } from '../../src/infer';
import { bundlePage } from './harness/bundle';
import {
  inputFor,
  middleSlices,
  saveTestModel,
  shippedModels,
  toMessage,
  type ModelCase,
} from './harness/cases';
import { launchChromium, type Chromium } from './harness/chromium';
import { startServer, type ServedModel, type TestServer } from './harness/server';
import { PAGE_API, type PageApi, type RunRequest, type RunResult, type RunSuccess } from './protocol';

const BACKENDS: BackendName[] = ['wasm', 'webgl', 'webgpu'];
/** Slices the SwiftShader backends segment: about a second each on webgpu here, so whole crops of every
 * model would take minutes. */
const GPU_SLICES = 4;
const TEST_MODEL = 'browser-test';
const CORRUPT_MODEL = 'corrupt';
const CORRUPT_SHARD = 'group1-shard1of1.bin';

// Read while jest collects tests, so that every shipped model is a test of its own (and an empty pretrained/
// folder fails the suite instead of skipping it).
const shipped = shippedModels();
const MODEL_NAMES = [TEST_MODEL, ...shipped.map((m) => m.name)];

interface Reference {
  volume: Volume;
  labels: Uint8Array;
  counts: number[];
}

let workDir: string;
let server: TestServer;
let plainBrowser: Chromium;
let webgpuBrowser: Chromium;
const models = new Map<string, ModelCase>();
const references = new Map<string, Promise<Reference>>();
const pages = new Map<BackendName, { page: Page; errors: string[] }>();
const summary: string[] = [];

function countLabels(labels: Uint8Array, classes: number): number[] {
  const counts = Array.from({ length: classes }, () => 0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** Node's segment() on wasm: what the browser must reproduce. Cached per model and volume. */
function reference(model: ModelCase, gpuSubset: boolean): Promise<Reference> {
  const key = `${model.name}/${gpuSubset ? 'gpu' : 'full'}`;
  let pending = references.get(key);
  if (!pending) {
    pending = (async () => {
      const input = await inputFor(model.card);
      const volume = gpuSubset ? middleSlices(input, GPU_SLICES) : input;
      const loaded = await loadModel(model.dir);
      try {
        const labels = (await segment(loaded, volume)).labels.voxels as Uint8Array;
        return { volume, labels, counts: countLabels(labels, loaded.card.classes.length) };
      } finally {
        loaded.net.dispose();
      }
    })();
    references.set(key, pending);
  }
  return pending;
}

/** One page per backend, kept for all models so TF.js compiles each GPU shader once. */
async function pageFor(backend: BackendName): Promise<{ page: Page; errors: string[] }> {
  let entry = pages.get(backend);
  if (!entry) {
    const page = await (backend === 'webgpu' ? webgpuBrowser : plainBrowser).context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.origin}/`);
    await page.waitForFunction((api) => api in globalThis, PAGE_API);
    entry = { page, errors };
    pages.set(backend, entry);
  }
  return entry;
}

async function runInPage(backend: BackendName, model: string, volume: Volume): Promise<RunResult> {
  const request: RunRequest = {
    backend,
    wasmPaths: `${server.origin}/wasm/`,
    modelUrl: `${server.origin}/models/${model}/`,
    volume: toMessage(volume),
  };
  const { page } = await pageFor(backend);
  return page.evaluate(([api, req]) => (globalThis as unknown as Record<string, PageApi>)[api].run(req), [
    PAGE_API,
    request,
  ] as const);
}

function expectSuccess(result: RunResult): RunSuccess {
  if (!result.ok) throw new Error(`the page failed: ${result.name}: ${result.message}`);
  return result;
}

beforeAll(async () => {
  expect((await selectBackend({ force: 'wasm' })).name).toBe('wasm');
  workDir = await mkdtemp(join(tmpdir(), 'seglens-browser-test-'));
  const testModel = await saveTestModel(join(workDir, TEST_MODEL));
  for (const model of [testModel, ...shipped]) models.set(model.name, model);
  const served = new Map<string, ServedModel>([...models].map(([name, m]) => [name, { dir: m.dir }]));
  served.set(CORRUPT_MODEL, {
    dir: testModel.dir,
    tamper: (file, bytes) => (file === CORRUPT_SHARD ? flipMiddleByte(bytes) : bytes),
  });
  server = await startServer(await bundlePage(), served);
  plainBrowser = await launchChromium({ webgpu: false });
  webgpuBrowser = await launchChromium({ webgpu: true });
});

afterAll(async () => {
  await plainBrowser?.close();
  await webgpuBrowser?.close();
  await server?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  if (summary.length > 0) console.log(`models in headless Chromium:\n${summary.join('\n')}`);
});

function flipMiddleByte(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[copy.length >> 1] ^= 0xff;
  return copy;
}

describe.each(BACKENDS)('on %s in headless Chromium', (backend) => {
  it.each(MODEL_NAMES)('%s segments as in Node', async (name) => {
    const model = models.get(name)!;
    const gpu = backend !== 'wasm';
    const expected = await reference(model, gpu);
    const result = expectSuccess(await runInPage(backend, name, expected.volume));
    const { errors } = pages.get(backend)!;

    expect(result.backend).toBe(backend);
    expect(result.tensorsAfter).toBe(result.tensorsBefore);
    const labels = new Uint8Array(Buffer.from(result.labels, 'base64'));
    expect(labels.length).toBe(expected.labels.length);
    expect(result.counts).toEqual(countLabels(labels, model.card.classes.length));
    let differing = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] !== expected.labels[i]) differing++;
    const agreement = 1 - differing / labels.length;
    summary.push(
      `  ${backend.padEnd(6)} ${name.padEnd(18)} ${String(labels.length).padStart(6)} voxels, ` +
        `agreement ${(100 * agreement).toFixed(3)}% (${differing} differ), counts ${result.counts.join('/')} ` +
        `(Node ${expected.counts.join('/')}), load ${result.loadMs.toFixed(0)} ms, segment ${result.segmentMs.toFixed(0)} ms`,
    );
    if (backend === 'wasm') {
      // The same XNNPACK kernels in the same .wasm binary, single-threaded in both (the page is not
      // cross-origin isolated), on the same normalised input: the label maps are identical.
      expect(result.counts).toEqual(expected.counts);
      expect(differing).toBe(0);
    } else {
      // WebGL and WebGPU compute in float32 shaders with their own summation order, so a voxel whose two
      // best classes are within rounding of each other may flip; anything beyond 1% would be a real bug.
      expect(agreement).toBeGreaterThanOrEqual(0.99);
    }
    expect(errors).toEqual([]);
  });
});

describe('integrity in headless Chromium', () => {
  it('rejects a model whose weight shard has one flipped byte, naming the file', async () => {
    const testModel = models.get(TEST_MODEL)!;
    const shard = new Uint8Array(await readFile(join(testModel.dir, CORRUPT_SHARD)));
    const record = testModel.card.files.find((f) => f.path === CORRUPT_SHARD)!;
    const actual = createHash('sha256').update(flipMiddleByte(shard)).digest('hex');
    expect(actual).not.toBe(record.sha256);
    const { volume } = await reference(testModel, false);
    const result = await runInPage('wasm', CORRUPT_MODEL, volume);
    expect(result).toEqual({
      ok: false,
      name: 'ModelIntegrityError',
      message:
        `Model file ${CORRUPT_SHARD} in ${server.origin}/models/${CORRUPT_MODEL} is corrupt or modified: ` +
        `sha256 expected ${record.sha256}, actual ${actual}`,
    });
  });
});
