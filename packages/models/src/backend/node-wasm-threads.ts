// Multithreaded wasm in Node. TF.js 4.22 turns wasm threads off in Node (tfjs issue 3830): its pthread worker
// and main script are Blob URLs, which Node's worker_threads cannot load (ERR_WORKER_PATH). The Emscripten
// runtime inside does support Node, so during initialisation we (1) let Blob record its text and
// URL.createObjectURL write it to a real file, (2) point the worker at the main script's file instead of a
// Blob, (3) give the main script the bundler helpers it referenced from its enclosing file, and (4) report
// twice the cores to os.cpus(), because TF.js halves the count, assuming two hyper-threads per core. Every
// patch is undone once the backend is up. Pinned to TF.js 4.22.0; a mismatch throws rather than misbehaves.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

interface Fs {
  mkdtempSync(prefix: string): string;
  writeFileSync(file: string, text: string): void;
  renameSync(from: string, to: string): void;
}
interface Os {
  tmpdir(): string;
  cpus(): unknown[];
}
interface PathApi {
  join(...parts: string[]): string;
}
interface NodeWorker {
  unref(): void;
}

const MAIN_SCRIPT_START = 'var WasmBackendModuleThreadedSimd';
const WORKER_IMPORT = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';
// Identifiers the threaded factory's source uses from the rollup bundle around it (tf-backend-wasm.node.js).
const BUNDLE_SHIMS =
  'var require$$0=require("fs"),require$$1=require("path"),require$$3=require("perf_hooks"),require$$4=require("os"),commonjsGlobal=globalThis;\n';

function builtin<T>(id: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function')
    throw new Error('wasm threads in Node need process.getBuiltinModule (Node >= 20.16)');
  return proc.getBuiltinModule(id) as T;
}

/**
 * Arms the next wasm backend initialisation to use `threads` XNNPACK threads. Returns a function that undoes
 * the patches; call it once tf.setBackend('wasm') has settled.
 */
export function prepareNodeWasmThreads(threads: number): () => void {
  if (!Number.isInteger(threads) || threads < 2)
    throw new Error(`prepareNodeWasmThreads: threads must be an integer >= 2, got ${threads}`);
  const fs = builtin<Fs>('node:fs');
  const os = builtin<Os>('node:os');
  const path = builtin<PathApi>('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglens-wasm-threads-'));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
    return file;
  };
  const g = globalThis as unknown as { Blob: typeof Blob; URL: typeof URL };
  const RealBlob = g.Blob;
  const realCreateObjectURL = g.URL.createObjectURL;
  const realCpus = os.cpus;
  let mainScript: string | undefined;
  const texts = new WeakMap<Blob, string>();

  g.Blob = class RecordingBlob extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
      texts.set(this, text);
      if (text.startsWith(MAIN_SCRIPT_START))
        mainScript = write('tfjs-backend-wasm-threaded-simd.js', BUNDLE_SHIMS + text);
    }
  };
  g.URL.createObjectURL = (obj: Blob | MediaSource): string => {
    const text = obj instanceof RealBlob ? texts.get(obj) : undefined;
    if (text === undefined || mainScript === undefined || !text.includes(WORKER_IMPORT)) {
      throw new Error(
        'prepareNodeWasmThreads: unexpected wasm worker script (is @tensorflow/tfjs-backend-wasm 4.22.0 installed?)',
      );
    }
    return write(
      'tfjs-backend-wasm-threaded-simd.worker.js',
      text.replace(WORKER_IMPORT, `if(true){importScripts(${JSON.stringify(mainScript)})}`),
    );
  };
  os.cpus = () => {
    const cpus = realCpus.call(os);
    return Array.from({ length: Math.max(2 * threads, cpus.length) }, (_, i) => cpus[i % cpus.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  return () => {
    g.Blob = RealBlob;
    g.URL.createObjectURL = realCreateObjectURL;
    os.cpus = realCpus;
  };
}

/** Lets Node exit while the wasm thread pool's workers idle (they would otherwise keep the process alive). */
export function unrefWasmWorkers(): void {
  const backend = tf.findBackend('wasm') as unknown as {
    wasm?: { PThread?: { unusedWorkers: NodeWorker[]; runningWorkers: NodeWorker[] } };
  } | null;
  const pthread = backend?.wasm?.PThread;
  if (pthread) [...pthread.unusedWorkers, ...pthread.runningWorkers].forEach((w) => w.unref());
}
