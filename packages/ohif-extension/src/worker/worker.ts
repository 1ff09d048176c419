// The module-worker entry (bundled to dist/seglens-worker.mjs): wires the worker's own message port to the
// host. All logic lives in host.ts so that it runs in Node tests too.
import { createWorkerHost } from './host';

/** The two members of a DedicatedWorkerGlobalScope this needs (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;
const host = createWorkerHost((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event) => host.handle(event.data);
