// The page script of the browser test, bundled by the test with esbuild. It uses @seglens/models as a web
// app would (its public barrel, the URL loader with WebCrypto hashing, the TF.js backends it registers)
// and exposes one function the test calls with page.evaluate.
import * as tf from '@tensorflow/tfjs-core';
import { createVolume, type Volume, type VoxelArray } from '@seglens/data';
// The package's barrel (what `@seglens/models` resolves to); lint wants in-project imports to be relative.
import { loadModel, segment, selectBackend } from '../../../src';
import { PAGE_API, type PageApi, type RunRequest, type RunResult, type VolumeMessage } from '../protocol';

const ARRAY_TYPES = {
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  float32: Float32Array,
} as const;

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  // String.fromCharCode takes its bytes as arguments, so go in chunks that stay under the argument limit.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function toVolume(message: VolumeMessage): Volume {
  const bytes = fromBase64(message.voxels);
  const ArrayType = ARRAY_TYPES[message.type];
  const voxels: VoxelArray = new ArrayType(bytes.buffer, 0, bytes.length / ArrayType.BYTES_PER_ELEMENT);
  return createVolume({ ...message, voxels });
}

async function run(request: RunRequest): Promise<RunResult> {
  try {
    await selectBackend({ force: request.backend, wasmPaths: request.wasmPaths });
    const volume = toVolume(request.volume);
    const tensorsBefore = tf.memory().numTensors;
    const started = performance.now();
    const model = await loadModel(request.modelUrl);
    const loaded = performance.now();
    let labels: Uint8Array;
    try {
      labels = (await segment(model, volume)).labels.voxels as Uint8Array;
    } finally {
      model.net.dispose();
    }
    const segmented = performance.now();
    const counts = Array.from({ length: model.card.classes.length }, () => 0);
    for (const label of labels) counts[label]++;
    return {
      ok: true,
      backend: tf.getBackend(),
      labels: toBase64(labels),
      counts,
      loadMs: loaded - started,
      segmentMs: segmented - loaded,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name, message };
  }
}

const api: PageApi = { run };
(globalThis as unknown as Record<string, PageApi>)[PAGE_API] = api;
