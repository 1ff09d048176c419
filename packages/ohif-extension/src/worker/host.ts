/**
 * The segmentation worker's logic, independent of where it runs: a browser module worker (worker.ts wires
 * `self` to it) or, in tests, one end of a MessageChannel in Node. Requests run one at a time in arrival
 * order (they share one TF.js engine, and a backend switch must never interleave with a run); `cancel` is
 * handled at once and aborts the running or queued request of that id.
 */
import { BackendGuard } from './backend-guard';
import { abortError, serializeError } from './errors';
import { HANDLERS, USES_TF, type Handler, type HandlerContext } from './handlers';
import { ModelStore } from './model-store';
import { REQUEST_TYPES, type RequestType, type WorkerRequest, type WorkerResponse } from './protocol';

export type PostMessage = (message: WorkerResponse, transfer?: Transferable[]) => void;

export interface WorkerHost {
  /** Feed every incoming message's data here. */
  handle(message: unknown): void;
}

function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && (REQUEST_TYPES as readonly string[]).includes(type);
}

export interface WorkerHostOptions {
  /** Most probability values kept per model for the loss lens (tests lower it); default PROBABILITY_BUDGET. */
  probabilityBudget?: number;
}

export function createWorkerHost(post: PostMessage, options: WorkerHostOptions = {}): WorkerHost {
  const store = new ModelStore();
  const guard = new BackendGuard((error) => {
    // The networks' weights lived on the lost backend; they are reloaded on their next use after init().
    store.dropNetworks();
    post({ type: 'backendLost', error: serializeError(error) });
  });
  const ctx: HandlerContext = { guard, store, probabilityBudget: options.probabilityBudget };
  const running = new Map<number, { type: RequestType; controller: AbortController }>();
  let queue: Promise<void> = Promise.resolve();

  const fail = (id: number, error: unknown): void =>
    post({ type: 'error', id, error: serializeError(error) });

  async function run(
    request: Exclude<WorkerRequest, { type: 'cancel' }>,
    controller: AbortController,
  ): Promise<void> {
    const { id, type } = request;
    try {
      if (controller.signal.aborted) throw controller.signal.reason;
      const handler = HANDLERS[type] as Handler<typeof type>;
      const progress = (p: unknown): void => {
        if (!controller.signal.aborted) post({ type: 'progress', id, progress: p });
      };
      let reply;
      const started = performance.now();
      try {
        reply = await handler(request as never, controller.signal, progress as never, ctx);
      } catch (error) {
        throw USES_TF[type] ? await guard.classify(error, controller.signal.aborted) : error;
      } finally {
        // Each request on the browser's performance timeline (a trace: tools/trace-viewer.mjs lists them), the
        // latest of each type only, so a long session does not pile them up.
        const timing = `seglens request ${type}`;
        performance.clearMeasures(timing);
        performance.measure(timing, { start: started, end: performance.now() });
      }
      post({ type: 'result', id, value: reply.value }, reply.transfer);
    } catch (error) {
      fail(id, error);
    } finally {
      running.delete(id);
    }
  }

  post({ type: 'ready' });
  return {
    handle(message: unknown): void {
      const m = message as { type?: unknown; id?: unknown } | null;
      const id = typeof m?.id === 'number' && Number.isInteger(m.id) ? m.id : -1;
      if (m?.type === 'cancel') {
        const target = running.get(id);
        // The reason is what a cancelled call rejects with (@seglens/models throws the signal's reason).
        target?.controller.abort(abortError(`${target.type} (request ${id})`));
        return;
      }
      if (id < 0 || !isRequestType(m?.type)) {
        fail(id, new Error(`segmentation worker: not a request: ${JSON.stringify(m)?.slice(0, 200)}`));
        return;
      }
      if (running.has(id)) {
        fail(id, new Error(`segmentation worker: request id ${id} is already in use`));
        return;
      }
      const controller = new AbortController();
      const request = m as Exclude<WorkerRequest, { type: 'cancel' }>;
      running.set(id, { type: request.type, controller });
      queue = queue.then(() => run(request, controller));
    },
  };
}
