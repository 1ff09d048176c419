// Where we run decides which TF.js backends can exist: Node has only cpu and wasm (the GPU backends need a
// browser's WebGL/WebGPU), and in Node the wasm backend loads its .wasm files from node_modules.

interface NodeProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcessLike | undefined {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  return p?.versions?.node ? p : undefined;
}

export function isNode(): boolean {
  return nodeProcess() !== undefined;
}

/**
 * The folder holding tfjs-backend-wasm's .wasm files, resolved from node_modules (with a trailing slash, as
 * setWasmPaths wants it), or undefined outside Node. Uses process.getBuiltinModule (Node >= 20.16) so that no
 * `require`/`import` of Node modules appears in this file for browser bundlers to trip on.
 */
export function nodeWasmDir(): string | undefined {
  const proc = nodeProcess();
  const getBuiltin = proc?.getBuiltinModule;
  if (!proc || typeof getBuiltin !== 'function') return undefined;
  const moduleApi = getBuiltin.call(proc, 'node:module') as {
    createRequire(from: string): { resolve(id: string): string };
  };
  const pathApi = getBuiltin.call(proc, 'node:path') as {
    dirname(p: string): string;
    join(...p: string[]): string;
    sep: string;
  };
  // Resolve from this file when we know it (CommonJS, jest), else from the working directory.
  const from =
    typeof __filename === 'string'
      ? __filename
      : pathApi.join((globalThis as { process?: { cwd(): string } }).process!.cwd(), 'noop.js');
  const pkg = moduleApi.createRequire(from).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return pathApi.join(pathApi.dirname(pkg), 'dist') + pathApi.sep;
}

/**
 * How many threads to use by default: in Node the machine's cores (os.availableParallelism(), which respects
 * CPU affinity), in a browser navigator.hardwareConcurrency; 1 when neither is known.
 */
export function defaultThreadCount(): number {
  const proc = nodeProcess();
  const getBuiltin = proc?.getBuiltinModule;
  if (proc && typeof getBuiltin === 'function') {
    const os = getBuiltin.call(proc, 'node:os') as { availableParallelism?: () => number; cpus(): unknown[] };
    const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, n);
  }
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof hc === 'number' && hc >= 1 ? Math.floor(hc) : 1;
}
