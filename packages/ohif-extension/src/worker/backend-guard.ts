// The worker's TF.js backend: chosen by init(), watched while in use, declared lost when it dies, and replaced
// by a fresh instance on the next init(). After a loss every request that needs TF.js fails with
// BackendLostError until init() runs again.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendSelection, type SelectBackendOptions } from '@seglens/models';
import type { BackendName, BackendView } from '../panel/state';
import { watchBackend, type BackendWatch } from './backend-watch';
import { BackendLostError } from './errors';
import { chooseByTiming, timeTestConvolution } from './backend-trial';
import { planBackend, probeGpu, type GpuFacts } from './gpu-probe';
import { kernelThreadsFor, prepareWasmThreads, type ThreadScope } from './wasm-threads';

/**
 * Forgets TF.js's instance of backend `name` (disposing it if that still works) and registers its factory
 * again, so that the next tf.setBackend(name) builds a new instance. TF.js's removeBackend would also drop
 * the factory for good; re-registering it lets, say, a fresh wasm module replace a dead one.
 */
export function resetBackend(name: string): void {
  const engine = tf.engine();
  const entry = engine.registryFactory[name];
  if (!entry) return;
  const instance = engine.registry[name];
  if (instance) {
    try {
      instance.dispose();
    } catch {
      // A lost backend may fail to free what it no longer has; it is being dropped either way.
    }
    delete engine.registry[name];
  }
  // Removes the factory and, when this backend was active, leaves TF.js with no active backend.
  tf.removeBackend(name);
  tf.registerBackend(name, entry.factory, entry.priority);
}

/**
 * One tiny op and its read-back: a backend that cannot add 1 + 1 is lost. Asynchronous, because WebGPU
 * cannot read a GPU tensor synchronously.
 */
async function probe(): Promise<string | null> {
  try {
    const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const value = (await sum.data())[0];
    sum.dispose();
    return value === 2 ? null : `1 + 1 gave ${value}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An error named AbortError that is not the caller's cancel, renamed so that nobody takes it for one. */
function notACancel(error: unknown, backend: BackendName | null): unknown {
  if (!(error instanceof Error) || error.name !== 'AbortError') return error;
  const renamed = new Error(
    `${error.message} (an operation${backend ? ` of the ${backend} backend` : ''} was aborted; not a cancel)`,
  );
  renamed.stack = error.stack;
  return renamed;
}

/** The plan's reason, saying also when the user chose the WASM thread count. */
export function withThreads(reason: string, threads: number | undefined): string {
  if (threads === undefined) return reason;
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  return reason === 'chosen by you'
    ? `backend and ${count} chosen by you`
    : `${reason}; ${count} chosen by you`;
}

export class BackendGuard {
  private active: { name: BackendName; watch: BackendWatch } | null = null;
  private lost: { name: BackendName; reason: string } | null = null;
  /** Backends lost in this worker, with why (shown as skipped when init() passes them by). */
  private readonly lostBefore = new Map<BackendName, string>();
  /** How many times init() started a backend: tells two instances of one backend apart. */
  private started = 0;

  /**
   * `onLost` runs once per loss, e.g. to drop the models whose weights lived on that backend. `watch`
   * attaches the loss hooks to the chosen backend (replaceable to drive the hooks from a test).
   */
  constructor(
    private readonly onLost: (error: BackendLostError) => void,
    private readonly watch: typeof watchBackend = watchBackend,
    private readonly probe: () => Promise<GpuFacts> = () => probeGpu(),
    private readonly select: typeof selectBackend = selectBackend,
    private readonly time: () => Promise<number> = () => timeTestConvolution(),
  ) {}

  get name(): BackendName | null {
    return this.active?.name ?? null;
  }

  /**
   * The backend instance in use, e.g. 'wasm#1', or null without one. A model warmed up on one instance is cold
   * on the next (a switch, or a fresh module after a loss), even of the same backend.
   */
  get instance(): string | null {
    return this.active ? `${this.active.name}#${this.started}` : null;
  }

  /**
   * Starts a backend: `options.prefer`/`force` when given (the user's choice), else WASM first when the GPU
   * is a software rasteriser or missing, the faster of GPU and WASM by a timed trial when the GPU names
   * nothing (backend-trial.ts), else fastest first. `threads`: WASM threads (default: half the isolated cores, wasmThreadsFor).
   */
  async init(options: SelectBackendOptions, threads?: number): Promise<BackendView> {
    const started = performance.now();
    if (this.lost) {
      resetBackend(this.lost.name);
      this.lost = null;
    }
    this.active?.watch.detach();
    this.active = null;
    const chosen = { prefer: options.prefer, force: options.force };
    const plan = planBackend(chosen, chosen.prefer || chosen.force ? null : await this.probe());
    // Read before prepareWasmThreads stands in for the cores; only Auto (no count asked for) adds kernel threads.
    const kernelThreads = threads === undefined ? kernelThreadsFor(globalThis as ThreadScope) : undefined;
    if (kernelThreads !== undefined) options = { ...options, kernelThreads };
    const wasmThreads = prepareWasmThreads(undefined, threads);
    let selection: BackendSelection;
    let reason = plan.reason;
    try {
      if (plan.trial) {
        ({ selection, reason } = await chooseByTiming(options, plan.reason, {
          select: this.select,
          time: this.time,
        }));
      } else {
        selection = await this.select({ ...options, prefer: plan.prefer, force: plan.force });
      }
    } finally {
      wasmThreads.restore();
    }
    const name = selection.name;
    const watch = this.watch(name, tf.backend(), (reason) => this.markLost(name, reason));
    this.started++;
    this.active = { name, watch };
    return {
      name,
      skipped: selection.skipped.map((s) => {
        const earlier = this.lostBefore.get(s.name);
        return {
          name: s.name,
          reason: earlier ? `${s.reason}; lost earlier in this worker: ${earlier}` : s.reason,
        };
      }),
      threads: selection.threads,
      ...(selection.kernelThreads !== undefined && selection.kernelThreads > selection.threads
        ? { kernelThreads: selection.kernelThreads }
        : {}),
      initMs: performance.now() - started,
      reason: withThreads(reason, threads),
    };
  }

  /** Throws unless a backend is ready: BackendLostError after a loss, a plain Error before init(). */
  ensureReady(what: string): BackendName {
    this.check();
    if (!this.active) throw new Error(`${what}: the worker has no TF.js backend yet; call init() first`);
    return this.active.name;
  }

  /** Throws BackendLostError if the backend's hooks report it lost (call after TF.js work, before trusting it). */
  check(): void {
    const reason = this.active?.watch.lostReason() ?? null;
    if (reason !== null && this.active) this.markLost(this.active.name, reason);
    if (this.lost) throw new BackendLostError(this.lost.name, this.lost.reason);
  }

  /**
   * What a failure of TF.js work means: BackendLostError when the hooks say so or when a probe op fails too
   * (the backend, not the request, is broken); otherwise the error itself. `cancelled` says whether the
   * caller cancelled: only then is an AbortError a cancellation. Browsers also name GPU failures AbortError
   * (e.g. WebGPU's mapAsync on a dead device), and those must not look like a cancel.
   */
  async classify(error: unknown, cancelled: boolean): Promise<unknown> {
    if (cancelled && error instanceof Error && error.name === 'AbortError') return error;
    const failure = notACancel(error, this.active?.name ?? this.lost?.name ?? null);
    if (!this.active) return this.lost ? new BackendLostError(this.lost.name, this.lost.reason) : failure;
    const hooked = this.active.watch.lostReason();
    if (hooked !== null) {
      this.markLost(this.active.name, hooked);
    } else {
      const probeFailure = await probe();
      if (probeFailure === null) return failure;
      if (!this.active) return new BackendLostError(this.lost!.name, this.lost!.reason);
      const message = error instanceof Error ? error.message : String(error);
      this.markLost(this.active.name, `"${message}", and a probe op failed too: ${probeFailure}`);
    }
    return new BackendLostError(this.lost!.name, this.lost!.reason);
  }

  private markLost(name: BackendName, reason: string): void {
    if (this.lost) return;
    this.active?.watch.detach();
    this.active = null;
    this.lost = { name, reason };
    this.lostBefore.set(name, reason);
    this.onLost(new BackendLostError(name, reason));
  }
}
